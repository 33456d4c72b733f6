package bot_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot"
)

func TestRecover(t *testing.T) {
	t.Run("a panic becomes an error wrapping ErrPanic and the stack is logged", func(t *testing.T) {
		var buf bytes.Buffer
		log := slog.New(slog.NewTextHandler(&buf, nil))
		r := bot.NewRouter[state](nil, catalogue{})
		r.Use(bot.Recover[state](log))
		r.Command(func(context.Context, *bot.Context, state) error { panic("nil map") }, "boom")

		_, err := serve(r, message("A", "/boom"))
		if !errors.Is(err, bot.ErrPanic) {
			t.Fatalf("Serve error = %v, want one wrapping ErrPanic", err)
		}
		if got, want := err.Error(), "nil map"; !strings.Contains(got, want) {
			t.Errorf("error %q does not name the panic value %q", got, want)
		}
		logged := buf.String()
		for _, want := range []string{"level=ERROR", "handler panicked", "panic=\"nil map\"", "update=m-A-/boom", "stack=", "runtime/debug.Stack", "TestRecover"} {
			if !strings.Contains(logged, want) {
				t.Errorf("log lacks %q:\n%s", want, logged)
			}
		}
	})
	t.Run("a handler's error passes through untouched", func(t *testing.T) {
		var buf bytes.Buffer
		want := errors.New("plain")
		h := bot.Recover[state](slog.New(slog.NewTextHandler(&buf, nil)))(func(context.Context, *bot.Context, state) error { return want })
		if got := h(context.Background(), bot.NewContext(message("A", "x"), "vi"), state{}); got != want {
			t.Errorf("error = %v, want %v", got, want)
		}
		if buf.Len() != 0 {
			t.Errorf("log = %q, want nothing", buf.String())
		}
	})
	t.Run("a panic with an error value", func(t *testing.T) {
		h := bot.Recover[state](slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil)))(func(context.Context, *bot.Context, state) error {
			panic(fmt.Errorf("index out of range"))
		})
		err := h(context.Background(), bot.NewContext(message("A", "x"), "vi"), state{})
		if !errors.Is(err, bot.ErrPanic) {
			t.Errorf("error = %v, want one wrapping ErrPanic", err)
		}
	})
}

// floodRouter returns a router limited to 20 updates per 10 s per person on
// clock, whose handlers count the updates they see per user.
func floodRouter(clock *fakeClock) (*bot.Router[state], map[string]int) {
	handled := map[string]int{}
	limit := bot.NewFloodLimit(20, 10*time.Second)
	limit.Now = clock.Now
	signer := bot.NewSigner([]byte("k"))
	r := bot.NewRouter[state](signer, catalogue{})
	r.Use(bot.Flood[state](limit))
	r.Default(func(_ context.Context, c *bot.Context, _ state) error {
		handled[c.Update.From.ID]++
		c.Send("ok", nil)
		return nil
	})
	r.Callback("x", func(_ context.Context, c *bot.Context, _ state) error {
		handled[c.Update.From.ID]++
		c.Answer("ok", false)
		return nil
	})
	return r, handled
}

func TestFloodLimitMessages(t *testing.T) {
	clock := newFakeClock()
	r, handled := floodRouter(clock)
	send := func(user string) string {
		t.Helper()
		c, err := serve(r, message(user, "hi"))
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
		return describe(c.Outgoing())
	}

	for i := 1; i <= 20; i++ {
		if got, want := send("A"), `send A "ok"`; got != want {
			t.Fatalf("update %d: outgoing = %s, want %s", i, got, want)
		}
		clock.Advance(100 * time.Millisecond)
	}
	t.Run("the 21st update gets one notice", func(t *testing.T) {
		if got, want := send("A"), `send A "vi/bot.slow_down"`; got != want {
			t.Errorf("outgoing = %s, want %s", got, want)
		}
	})
	t.Run("later updates in the window are dropped in silence", func(t *testing.T) {
		for i := 22; i <= 40; i++ {
			if got := send("A"); got != "" {
				t.Fatalf("update %d: outgoing = %s, want none", i, got)
			}
		}
	})
	t.Run("another person is not limited", func(t *testing.T) {
		if got, want := send("B"), `send B "ok"`; got != want {
			t.Errorf("outgoing = %s, want %s", got, want)
		}
	})
	t.Run("the same user id on another platform is not limited", func(t *testing.T) {
		u := message("A", "hi")
		u.Platform = "zalo"
		c, err := serve(r, u)
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
		if got, want := describe(c.Outgoing()), `send A "ok"`; got != want {
			t.Errorf("outgoing = %s, want %s", got, want)
		}
	})
	if got, want := handled["A"], 21; got != want { // 20 here, 1 on the other platform
		t.Errorf("handled for A = %d, want %d", got, want)
	}
	t.Run("updates pass again once the window has passed", func(t *testing.T) {
		clock.Advance(10 * time.Second)
		for i := 1; i <= 20; i++ {
			if got, want := send("A"), `send A "ok"`; got != want {
				t.Fatalf("update %d after the window: outgoing = %s, want %s", i, got, want)
			}
		}
		if got, want := send("A"), `send A "vi/bot.slow_down"`; got != want {
			t.Errorf("21st update after the window: outgoing = %s, want a new notice %s", got, want)
		}
	})
}

func TestFloodLimitSlidingWindow(t *testing.T) {
	clock := newFakeClock()
	r, handled := floodRouter(clock)
	// 20 updates within the first 2 s.
	for range 20 {
		if _, err := serve(r, message("A", "hi")); err != nil {
			t.Fatalf("Serve: %v", err)
		}
		clock.Advance(100 * time.Millisecond)
	}
	// Now 2 s after the first; the oldest leaves the window 10 s after it came.
	clock.Advance(7900 * time.Millisecond) // 9.9 s after the first
	c, _ := serve(r, message("A", "hi"))
	if got, want := describe(c.Outgoing()), `send A "vi/bot.slow_down"`; got != want {
		t.Errorf("9.9 s after the first: outgoing = %s, want %s", got, want)
	}
	clock.Advance(100 * time.Millisecond) // exactly 10 s after the first
	c, _ = serve(r, message("A", "hi"))
	if got, want := describe(c.Outgoing()), `send A "ok"`; got != want {
		t.Errorf("10 s after the first: outgoing = %s, want %s", got, want)
	}
	c, _ = serve(r, message("A", "hi")) // the second one is still in the window
	if got, want := describe(c.Outgoing()), `send A "vi/bot.slow_down"`; got != want {
		t.Errorf("next at the same instant: outgoing = %s, want %s", got, want)
	}
	if got, want := handled["A"], 21; got != want {
		t.Errorf("handled = %d, want %d", got, want)
	}
}

func TestFloodLimitCallbacks(t *testing.T) {
	clock := newFakeClock()
	r, handled := floodRouter(clock)
	data, err := bot.NewSigner([]byte("k")).Sign("A", "x")
	if err != nil {
		t.Fatalf("Sign: %v", err)
	}
	pressOnce := func() string {
		t.Helper()
		c, err := serve(r, press("A", data))
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
		return describe(c.Outgoing())
	}
	for i := 1; i <= 20; i++ {
		if got, want := pressOnce(), `answer A cb=cb-A "ok"`; got != want {
			t.Fatalf("press %d: outgoing = %s, want %s", i, got, want)
		}
	}
	t.Run("the 21st press gets the notice as an answer", func(t *testing.T) {
		if got, want := pressOnce(), `answer A cb=cb-A "vi/bot.slow_down"`; got != want {
			t.Errorf("outgoing = %s, want %s", got, want)
		}
	})
	t.Run("later presses are answered silently", func(t *testing.T) {
		for i := 22; i <= 25; i++ {
			if got, want := pressOnce(), `answer A cb=cb-A ""`; got != want {
				t.Errorf("press %d: outgoing = %s, want %s", i, got, want)
			}
		}
	})
	if got, want := handled["A"], 20; got != want {
		t.Errorf("handled = %d, want %d", got, want)
	}
}

func TestFloodLimitIgnoresIgnoredUpdates(t *testing.T) {
	clock := newFakeClock()
	r, _ := floodRouter(clock)
	for i := 1; i <= 25; i++ {
		c, err := serve(r, &bot.Update{Platform: "test", ID: fmt.Sprint(i), Kind: bot.KindIgnored})
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
		if got := describe(c.Outgoing()); got != "" {
			t.Fatalf("ignored update %d: outgoing = %s, want none", i, got)
		}
	}
}

func TestFloodLimitConcurrentUse(t *testing.T) {
	clock := newFakeClock()
	limit := bot.NewFloodLimit(20, 10*time.Second)
	limit.Now = clock.Now
	passed := make(chan string, 200)
	h := bot.Flood[state](limit)(func(_ context.Context, c *bot.Context, _ state) error {
		passed <- c.Update.From.ID
		return nil
	})
	done := make(chan struct{})
	for _, user := range []string{"A", "B", "C", "D"} {
		go func() {
			defer func() { done <- struct{}{} }()
			for range 50 {
				_ = h(context.Background(), bot.NewContext(message(user, "hi"), "vi"), state{})
			}
		}()
	}
	for range 4 {
		<-done
	}
	close(passed)
	counts := map[string]int{}
	for u := range passed {
		counts[u]++
	}
	for _, user := range []string{"A", "B", "C", "D"} {
		if got, want := counts[user], 20; got != want {
			t.Errorf("%s passed %d times, want %d", user, got, want)
		}
	}
}

func TestFloodLimitLiteralWorks(t *testing.T) {
	clock := newFakeClock()
	limit := &bot.FloodLimit{Max: 1, Window: time.Second, Now: clock.Now}
	h := bot.Flood[state](limit)(func(context.Context, *bot.Context, state) error { return nil })
	defer func() {
		if p := recover(); p != nil {
			t.Errorf("first update panicked: %v", p)
		}
	}()
	if err := h(context.Background(), bot.NewContext(message("A", "hi"), "vi"), state{}); err != nil {
		t.Errorf("first update: %v", err)
	}
}
