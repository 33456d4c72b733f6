package telegram_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptrace"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/bot/telegram"
	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
)

func TestNewIdentifiesTheBot(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	t.Run("name carries the bot id", func(t *testing.T) {
		if got, want := a.Name(), "telegram:123456"; got != want {
			t.Errorf("Name() = %q, want %q", got, want)
		}
	})
	t.Run("username comes from getMe", func(t *testing.T) {
		if got, want := a.Username(), telegramtest.DefaultBotUsername; got != want {
			t.Errorf("Username() = %q, want %q", got, want)
		}
	})
}

func TestNewErrors(t *testing.T) {
	const wrongToken = "654321:AAFwrongwrongwrongwrongwrongwrong00"
	tests := []struct {
		label string
		token string
		// setup breaks the fake; it returns the endpoint to use.
		setup     func(f *telegramtest.Server) string
		wantIs    error
		wantKind  bot.ErrorKind
		wantRetry time.Duration
	}{
		{"a wrong token is ErrTokenRejected", wrongToken,
			func(f *telegramtest.Server) string { return f.Endpoint() }, bot.ErrTokenRejected, 0, 0},
		{"a server that is down is temporary", testToken,
			func(f *telegramtest.Server) string { f.Down(true); return f.Endpoint() }, nil, bot.Temporary, 0},
		{"a refused connection is temporary", testToken,
			func(f *telegramtest.Server) string { f.Close(); return f.Endpoint() }, nil, bot.Temporary, 0},
		{"a 502 on getMe is temporary", testToken,
			func(f *telegramtest.Server) string {
				f.FailNext("getMe", 1, telegramtest.ServerError(http.StatusBadGateway))
				return f.Endpoint()
			}, nil, bot.Temporary, 0},
		{"a 429 on getMe is rate limited", testToken,
			func(f *telegramtest.Server) string {
				f.FailNext("getMe", 1, telegramtest.TooManyRequests(3))
				return f.Endpoint()
			}, nil, bot.RateLimited, 3 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			f := startFake(t)
			endpoint := tt.setup(f)
			a, err := telegram.New(waitCtx(t), telegram.Config{Token: tt.token, Endpoint: endpoint})
			if err == nil {
				t.Fatalf("New = %v, nil; want an error", a)
			}
			if a != nil {
				t.Errorf("New returned an adapter with error %v", err)
			}
			wantNoToken(t, err, tt.token)
			if tt.wantIs != nil {
				if !errors.Is(err, tt.wantIs) {
					t.Errorf("error = %v, want %v", err, tt.wantIs)
				}
				return
			}
			pe := wantPlatformError(t, err, tt.wantKind)
			if got, want := pe.RetryAfter, tt.wantRetry; got != want {
				t.Errorf("RetryAfter = %s, want %s", got, want)
			}
		})
	}
}

func TestPollOffsetConfirms(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, time.Second)
	first := f.PushMessage(lan, "một")
	got := poll(t, a, 0)
	if want := []int64{first}; !slices.Equal(seqs(got), want) {
		t.Fatalf("first poll returned %v, want %v", seqs(got), want)
	}
	second := f.PushMessage(lan, "hai")
	got = poll(t, a, got[0].Seq+1)
	t.Run("the next offset skips confirmed updates", func(t *testing.T) {
		if want := []int64{second}; !slices.Equal(seqs(got), want) {
			t.Errorf("second poll returned %v, want %v", seqs(got), want)
		}
	})
	t.Run("the fake forgets confirmed updates", func(t *testing.T) {
		if got, want := f.Pending(), 1; got != want {
			t.Errorf("Pending() = %d, want %d", got, want)
		}
	})
	t.Run("an empty long poll returns nothing and no error", func(t *testing.T) {
		got := poll(t, a, second+1)
		if len(got) != 0 {
			t.Errorf("poll returned %v, want nothing", seqs(got))
		}
		if got, want := f.Pending(), 0; got != want {
			t.Errorf("Pending() = %d, want %d", got, want)
		}
	})
}

func TestPollReturnsLowerUpdateIDAfterReset(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, time.Second)
	high := f.PushMessage(lan, "trước")
	poll(t, a, 0)
	f.SetNextUpdateID(7)
	low := f.PushMessage(lan, "sau")
	got := poll(t, a, high+1)
	if want := []int64{low}; !slices.Equal(seqs(got), want) {
		t.Fatalf("poll after the reset returned %v, want %v", seqs(got), want)
	}
	if got, want := got[0].ID, "7"; got != want {
		t.Errorf("ID = %q, want %q", got, want)
	}
}

func TestLongPollReturnsOnPush(t *testing.T) {
	const pollTimeout = 30 * time.Second
	f := startFake(t)
	a := newAdapter(t, f, pollTimeout)
	ctx := waitCtx(t)
	ch := startPoll(ctx, a, 0)
	if err := f.WaitPolling(ctx, 1); err != nil {
		t.Fatalf("WaitPolling(1): %v", err)
	}
	id := f.PushMessage(lan, "chào")
	r := await(t, ctx, ch)
	if r.err != nil {
		t.Fatalf("Poll: %v", r.err)
	}
	if got, want := seqs(r.updates), []int64{id}; !slices.Equal(got, want) {
		t.Errorf("poll returned %v, want %v", got, want)
	}
	if r.elapsed >= pollTimeout {
		t.Errorf("poll took %s, the whole poll timeout", r.elapsed)
	}
}

func TestPollCancelEndsLongPoll(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 30*time.Second)
	ctx := waitCtx(t)
	pctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := startPoll(pctx, a, 0)
	if err := f.WaitPolling(ctx, 1); err != nil {
		t.Fatalf("WaitPolling(1): %v", err)
	}
	cancel()
	r := await(t, ctx, ch)
	t.Run("poll returns the context's error or a platform error", func(t *testing.T) {
		var pe *bot.PlatformError
		if !errors.Is(r.err, context.Canceled) && !errors.As(r.err, &pe) {
			t.Errorf("Poll error = %v (%T), want context.Canceled or a *bot.PlatformError", r.err, r.err)
		}
		if len(r.updates) != 0 {
			t.Errorf("Poll returned %d updates", len(r.updates))
		}
		wantNoToken(t, r.err)
	})
	t.Run("the fake sees the poll dropped", func(t *testing.T) {
		if err := f.WaitPolling(ctx, 0); err != nil {
			t.Errorf("WaitPolling(0): %v", err)
		}
	})
}

func TestPollConflictWithSecondPoller(t *testing.T) {
	f := startFake(t)
	first := newAdapter(t, f, 30*time.Second)
	second := newAdapter(t, f, 30*time.Second)
	ctx := waitCtx(t)
	ch1 := startPoll(ctx, first, 0)
	if err := f.WaitPolling(ctx, 1); err != nil {
		t.Fatalf("WaitPolling(1): %v", err)
	}
	ctx2, cancel2 := context.WithCancel(ctx)
	defer cancel2()
	ch2 := startPoll(ctx2, second, 0)
	r := await(t, ctx, ch1)
	wantPlatformError(t, r.err, bot.Conflict)
	wantNoToken(t, r.err)
	cancel2()
	await(t, ctx, ch2)
}

func TestPollErrors(t *testing.T) {
	tests := []struct {
		label     string
		fail      func(f *telegramtest.Server)
		wantKind  bot.ErrorKind
		wantRetry time.Duration
	}{
		{"429 is rate limited with retry after",
			func(f *telegramtest.Server) { f.FailNext("getUpdates", 1, telegramtest.TooManyRequests(5)) },
			bot.RateLimited, 5 * time.Second},
		{"401 is unauthorized",
			func(f *telegramtest.Server) {
				f.FailNext("getUpdates", 1, telegramtest.Fault{Code: http.StatusUnauthorized, Description: "Unauthorized"})
			},
			bot.Unauthorized, 0},
		{"409 is a conflict",
			func(f *telegramtest.Server) {
				f.FailNext("getUpdates", 1, telegramtest.Fault{Code: http.StatusConflict,
					Description: "Conflict: terminated by other getUpdates request"})
			},
			bot.Conflict, 0},
		{"502 is temporary",
			func(f *telegramtest.Server) {
				f.FailNext("getUpdates", 1, telegramtest.ServerError(http.StatusBadGateway))
			},
			bot.Temporary, 0},
		{"a dropped connection is temporary",
			func(f *telegramtest.Server) { f.FailNext("getUpdates", 1, telegramtest.ConnectionDrop()) },
			bot.Temporary, 0},
		{"a server that is down is temporary",
			func(f *telegramtest.Server) { f.Down(true) },
			bot.Temporary, 0},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			f := startFake(t)
			a := newAdapter(t, f, time.Second)
			f.PushMessage(lan, "không tới")
			tt.fail(f)
			us, err := a.Poll(waitCtx(t), 0)
			if len(us) != 0 {
				t.Errorf("Poll returned %d updates with error %v", len(us), err)
			}
			pe := wantPlatformError(t, err, tt.wantKind)
			if got, want := pe.RetryAfter, tt.wantRetry; got != want {
				t.Errorf("RetryAfter = %s, want %s", got, want)
			}
			if got, want := bot.KindOf(err), tt.wantKind; got != want {
				t.Errorf("KindOf = %s, want %s", got, want)
			}
			wantNoToken(t, err)
		})
	}
}

// TestSendsReuseConnections sends rounds of concurrent messages, as a
// dispatcher with many sends in flight does: after the first round, the
// adapter's own client finds an open connection for every request
// instead of dialling again.
func TestSendsReuseConnections(t *testing.T) {
	const inFlight, rounds = 40, 4
	f := startFake(t)
	a := newAdapter(t, f, 0)
	var mu sync.Mutex
	dialled, reused := 0, 0
	ctx := httptrace.WithClientTrace(waitCtx(t), &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
		mu.Lock()
		defer mu.Unlock()
		if info.Reused {
			reused++
		} else {
			dialled++
		}
	}})
	for round := range rounds {
		var wg sync.WaitGroup
		for i := range inFlight {
			wg.Go(func() {
				chat := strconv.Itoa(1000 + i)
				if _, err := a.Send(ctx, bot.Outgoing{Kind: bot.OutSend, ChatID: chat, Text: fmt.Sprint("round ", round)}); err != nil {
					t.Errorf("send to %s: %v", chat, err)
				}
			})
		}
		wg.Wait()
	}
	t.Logf("%d requests: %d on new connections, %d on reused ones", inFlight*rounds, dialled, reused)
	if dialled > inFlight {
		t.Errorf("%d connections dialled for %d rounds of %d sends at once, want at most %d: the rest reused",
			dialled, rounds, inFlight, inFlight)
	}
}
