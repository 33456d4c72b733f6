package bot_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot"
)

// maxInWindow returns the most of times (sorted) that fall in any window
// (t-w, t]: the count a platform that limits by sliding window sees.
func maxInWindow(times []time.Time, w time.Duration) int {
	most, i := 0, 0
	for j := range times {
		for !times[i].After(times[j].Add(-w)) {
			i++
		}
		most = max(most, j-i+1)
	}
	return most
}

func callTimes(calls []sendCall, keep func(sendCall) bool) []time.Time {
	var out []time.Time
	for _, c := range calls {
		if keep == nil || keep(c) {
			out = append(out, c.at)
		}
	}
	slices.SortFunc(out, time.Time.Compare)
	return out
}

// TestDispatcherPacing runs on a fake clock that the dispatcher's waits
// move on, with one worker, so that every send's time is exact.
func TestDispatcherPacing(t *testing.T) {
	isGroup := func(chat string) bool { return strings.HasPrefix(chat, "-") }
	tests := []struct {
		label string
		rate  float64
		add   func(r *dispatcherRig)
		check func(t *testing.T, calls []sendCall)
	}{
		{"never more than Rate sends in any second, and no fewer", 10, func(r *dispatcherRig) {
			for i := range 60 {
				if i%3 == 0 {
					r.add(fmt.Sprint("r", i), fmt.Sprint("reply ", i))
				} else {
					r.addBulk(fmt.Sprint("b", i), fmt.Sprint("bulk ", i))
				}
			}
		}, func(t *testing.T, calls []sendCall) {
			times := callTimes(calls, nil)
			if got, want := maxInWindow(times, time.Second), 10; got != want {
				t.Errorf("at most %d sends in one second, want %d", got, want)
			}
			if span := times[len(times)-1].Sub(times[0]); span > 6*time.Second {
				t.Errorf("60 sends at 10/s took %v, want at most 6 s", span)
			}
		}},
		{"a message ready late does not bring the next ones closer", 10, func(r *dispatcherRig) {
			var late []int64
			for i := range 30 {
				id := r.add(fmt.Sprint("c", i), fmt.Sprint("m", i))
				if i == 10 || i == 20 {
					late = append(late, id)
				}
			}
			r.outbox.beforeStart = func(id int64) {
				if slices.Contains(late, id) {
					// Its mark takes longer than a turn (a busy
					// database): the rig's Sleep moves the fake clock on.
					_ = r.d.Sleep(context.Background(), 150*time.Millisecond)
				}
			}
		}, func(t *testing.T, calls []sendCall) {
			times := callTimes(calls, nil)
			if got, want := maxInWindow(times, time.Second), 10; got > want {
				t.Errorf("%d sends in one second, want at most %d", got, want)
			}
			for i := 1; i < len(times); i++ {
				if gap := times[i].Sub(times[i-1]); gap < 95*time.Millisecond {
					t.Errorf("send %d came %v after the one before, want about 1/Rate (100 ms)", i, gap)
				}
			}
		}},
		{"at least ChatEvery between two messages to one private chat", 100, func(r *dispatcherRig) {
			for i := range 5 {
				r.add("A", fmt.Sprint("A", i))
				r.add(fmt.Sprint("other", i), fmt.Sprint("other ", i))
			}
		}, func(t *testing.T, calls []sendCall) {
			times := callTimes(calls, func(c sendCall) bool { return c.chat == "A" })
			if len(times) != 5 {
				t.Fatalf("%d sends to A, want 5", len(times))
			}
			for i := 1; i < len(times); i++ {
				if gap := times[i].Sub(times[i-1]); gap < time.Second {
					t.Errorf("send %d to A came %v after the one before, want at least 1 s", i, gap)
				}
			}
			others := callTimes(calls, func(c sendCall) bool { return c.chat != "A" })
			if span := others[len(others)-1].Sub(others[0]); span >= time.Second {
				t.Errorf("the other chats took %v, want them not held back by A's limit", span)
			}
		}},
		{"ChatBurst messages to one private chat at once, then one every ChatEvery", 100, func(r *dispatcherRig) {
			r.d.ChatBurst = 3
			for i := range 6 {
				r.add("A", fmt.Sprint("A", i))
			}
		}, func(t *testing.T, calls []sendCall) {
			times := callTimes(calls, nil)
			if len(times) != 6 {
				t.Fatalf("%d sends, want 6", len(times))
			}
			if burst := times[2].Sub(times[0]); burst >= time.Second {
				t.Errorf("the first three took %v, want them at once", burst)
			}
			for i := 3; i < len(times); i++ { // a bucket of 3 that refills one a second
				if since := times[i].Sub(times[0]); since < time.Duration(i-2)*time.Second {
					t.Errorf("send %d came %v after the first, want at least %d s once the burst is spent", i, since, i-2)
				}
			}
		}},
		{"at most GroupPerMinute messages to a group in any minute", 100, func(r *dispatcherRig) {
			for i := range 45 {
				r.add("-100", fmt.Sprint("G", i))
			}
			r.add("A", "A1")
		}, func(t *testing.T, calls []sendCall) {
			times := callTimes(calls, func(c sendCall) bool { return c.chat == "-100" })
			if len(times) != 45 {
				t.Fatalf("%d sends to the group, want 45", len(times))
			}
			if got, want := maxInWindow(times, time.Minute), 20; got != want {
				t.Errorf("at most %d sends to the group in one minute, want %d", got, want)
			}
			if span := times[len(times)-1].Sub(times[0]); span > 3*time.Minute {
				t.Errorf("45 group messages took %v, want about two minutes", span)
			}
		}},
		{"answers to button presses, edits and menus count against no chat's limit", 100, func(r *dispatcherRig) {
			r.add("A", "A1")
			for i := range 2 {
				r.outbox.Add(bot.Outgoing{Kind: bot.OutAnswer, Platform: "test", ChatID: "A", Text: fmt.Sprint("answer ", i)})
				r.outbox.Add(bot.Outgoing{Kind: bot.OutEdit, Platform: "test", ChatID: "A", Text: fmt.Sprint("edit ", i)})
				r.outbox.Add(bot.Outgoing{Kind: bot.OutMenu, Platform: "test", ChatID: "A", Text: fmt.Sprint("menu ", i)})
			}
		}, func(t *testing.T, calls []sendCall) {
			times := callTimes(calls, nil)
			if len(times) != 7 {
				t.Fatalf("%d sends, want 7", len(times))
			}
			if span := times[6].Sub(times[0]); span >= time.Second {
				t.Errorf("a message, two answers, two edits and two menus to one chat took %v, want none to wait", span)
			}
		}},
		{"a menu does not use up a chat's burst", 100, func(r *dispatcherRig) {
			r.d.ChatBurst = 2
			r.outbox.Add(bot.Outgoing{Kind: bot.OutMenu, Platform: "test", ChatID: "A", Text: "menu"})
			r.add("A", "A1")
			r.add("A", "A2")
		}, func(t *testing.T, calls []sendCall) {
			times := callTimes(calls, nil)
			if len(times) != 3 {
				t.Fatalf("%d sends, want 3", len(times))
			}
			if span := times[2].Sub(times[0]); span >= time.Second {
				t.Errorf("a menu then a burst of two messages took %v, want them at once", span)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			clock := newFakeClock()
			rig := newDispatcherRig(clock)
			rig.d.Rate, rig.d.Workers, rig.d.IsGroup = tt.rate, 1, isGroup
			tt.add(rig)
			rig.start(t)
			for round := 0; rig.outbox.Unfinished() > 0; round++ {
				if round == 50 {
					t.Fatalf("%d messages unsent after %d rounds", rig.outbox.Unfinished(), round)
				}
				rig.kick(t)
				clock.Advance(5 * time.Second) // what a group's limit sent back to the outbox becomes due
			}
			tt.check(t, rig.sender.Calls())
		})
	}
}

func TestDispatcherReplyOvertakesBulk(t *testing.T) {
	const bulk, rate = 2000, 30
	clock := newFakeClock()
	rig := newDispatcherRig(clock)
	// One worker: the order of the sends is the order the dispatcher
	// chose, not the order the Go scheduler ran their goroutines in.
	rig.d.Rate, rig.d.Workers = rate, 1
	for i := range bulk {
		rig.addBulk(fmt.Sprint("b", i), fmt.Sprint("bulk ", i))
	}
	// A resident writes while the appeal goes out: during the 100th send
	// the reply is queued and the dispatcher kicked, as after the engine's
	// commit; that send ends once the reply is claimed, so that the test
	// measures the dispatcher, not how soon its goroutines run.
	const atEnqueue = 100
	var mu sync.Mutex
	sends, claimed := 0, make(chan struct{})
	rig.sender.before = func(_ context.Context, m bot.Outgoing) {
		mu.Lock()
		sends++
		n := sends
		mu.Unlock()
		if n < atEnqueue {
			return
		}
		if n > atEnqueue {
			<-claimed
			return
		}
		reply := rig.add("resident", "the reply")
		rig.d.Kick()
		for rig.outbox.States()[reply] == statePending {
			time.Sleep(time.Millisecond)
		}
		close(claimed)
	}
	rig.start(t)
	for rig.outbox.Unfinished() > 0 {
		rig.kick(t)
	}
	texts := rig.sender.Texts(false) // in the order the sends began
	at := slices.Index(texts, "the reply")
	if at < 0 {
		t.Fatal("the reply was never sent")
	}
	if got, limit := at+1-atEnqueue, 2*rate; got > limit {
		t.Errorf("the reply went out %d sends after it was queued, want at most %d (2 s of the rate)", got, limit)
	}
	t.Run("claims are sized to the rate and never wait for their batch", func(t *testing.T) {
		claims := rig.outbox.Claims()
		for _, c := range claims {
			if c.limit > 2*rate {
				t.Errorf("a claim asked for %d, want at most 2 s of the rate (%d)", c.limit, 2*rate)
			}
		}
		if len(claims) < bulk/(2*rate) {
			t.Errorf("%d claims for %d messages, want them taken a little at a time", len(claims), bulk)
		}
	})
}

func TestDispatcherPaidBroadcast(t *testing.T) {
	for _, paid := range []bool{false, true} {
		t.Run(fmt.Sprint("paid broadcast ", paid), func(t *testing.T) {
			clock := newFakeClock()
			rig := newDispatcherRig(clock)
			rig.d.PaidBroadcast = paid
			rig.add("A", "reply")
			rig.addBulk("B", "appeal")
			rig.start(t)
			rig.kick(t)
			for _, c := range rig.sender.Calls() {
				if got, want := c.paid, paid && c.bulk; got != want {
					t.Errorf("%s sent as a paid broadcast: %v, want %v", c.text, got, want)
				}
			}
		})
	}
}

func TestDispatcherRateLimitedNothingSentDuringThePause(t *testing.T) {
	clock := newFakeClock()
	rig := newDispatcherRig(clock)
	rig.d.Workers = 1
	for i := range 20 {
		rig.add(fmt.Sprint("c", i), fmt.Sprint("m", i))
	}
	rig.sender.script["m5"] = []error{&bot.PlatformError{Kind: bot.RateLimited, RetryAfter: 3 * time.Second, Reason: "Too Many Requests"}}
	rig.start(t)
	for rig.outbox.Unfinished() > 0 {
		rig.kick(t)
	}
	calls := rig.sender.Calls()
	i := slices.IndexFunc(calls, func(c sendCall) bool { return c.failed })
	if i < 0 {
		t.Fatal("no send was refused")
	}
	refused := calls[i].at
	for _, c := range calls[i+1:] {
		if c.at.Before(refused.Add(3 * time.Second)) {
			t.Errorf("%s sent %v after the 429, during the 3 s pause", c.text, c.at.Sub(refused))
		}
	}
	if got, want := len(rig.sender.Texts(true)), 20; got != want {
		t.Errorf("%d sent, want %d", got, want)
	}
}

func TestDispatcherStopsOnRefusedToken(t *testing.T) {
	clock := newFakeClock()
	rig := newDispatcherRig(clock)
	rig.d.Workers = 1
	a1 := rig.add("A", "A1")
	rig.sender.script["A1"] = []error{&bot.PlatformError{Kind: bot.Unauthorized, Reason: "Unauthorized"}}
	for i := range 5 {
		rig.add(fmt.Sprint("other", i), fmt.Sprint("other ", i))
	}
	done := make(chan error, 1)
	go func() { done <- rig.d.Run(context.Background()) }()
	rig.d.Kick()
	var err error
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop when the token was refused")
	}
	if !errors.Is(err, bot.ErrTokenRejected) {
		t.Errorf("Run = %v, want an error wrapping bot.ErrTokenRejected", err)
	}
	states := rig.outbox.States()
	if got, want := states[a1], statePending; got != want {
		t.Errorf("A1 is %s, want %s: sent when a good token comes", got, want)
	}
	for id, s := range states {
		if s != statePending {
			t.Errorf("message %d is %s, want pending", id, s)
		}
	}
	for _, m := range rig.outbox.Marks() {
		if m.op == "failed" {
			t.Errorf("message %d failed; want every message kept", m.id)
		}
	}
	if got, want := len(rig.sender.Calls()), 1; got != want {
		t.Errorf("%d sends tried, want %d: nothing after the refusal", got, want)
	}
	for _, v := range rig.outbox.Violations() {
		t.Errorf("outbox misuse: %s", v)
	}
}

// TestDispatcherMarksSendingOnlyInFlight checks the promise behind the
// resent count: a claim takes many messages, but only those whose
// request is starting are marked sending, so that a crash can have sent
// without a record no more than the sends in flight.
func TestDispatcherMarksSendingOnlyInFlight(t *testing.T) {
	const workers, messages = 4, 60
	rig := newDispatcherRig(nil)
	rig.d.Rate, rig.d.Workers = 1000, workers
	for i := range messages {
		rig.addBulk(fmt.Sprint("c", i), fmt.Sprint("m", i))
	}
	entered, release := make(chan struct{}, messages), make(chan struct{})
	rig.sender.before = func(context.Context, bot.Outgoing) {
		entered <- struct{}{}
		<-release
	}
	rig.start(t)
	rig.d.Kick()
	for range workers {
		<-entered
	}
	claimed, started := rig.outbox.Crash()
	if started != workers {
		t.Errorf("a crash now would count %d messages as resent, want the %d in flight", started, workers)
	}
	if claimed <= workers {
		t.Errorf("%d messages claimed: the test proves nothing unless more are claimed than in flight", claimed)
	}
	close(release)
	rig.kick(t)
	if got, want := len(rig.sender.Texts(true)), messages; got != want {
		t.Errorf("%d sent, want %d", got, want)
	}
}

func TestDispatcherSendingNotRecorded(t *testing.T) {
	clock := newFakeClock()
	rig := newDispatcherRig(clock)
	var logs syncBuffer
	rig.d.Log = slog.New(slog.NewTextHandler(&logs, nil))
	a1 := rig.add("A", "A1")
	rig.add("A", "A2")
	rig.outbox.startFails = 1
	rig.start(t)
	rig.kick(t)
	if got := rig.sender.Texts(false); len(got) != 0 {
		t.Fatalf("sent %q although the start of A1 was not recorded, want nothing yet", got)
	}
	if got, want := rig.outbox.States()[a1], statePending; got != want {
		t.Errorf("A1 is %s, want %s: back in the outbox", got, want)
	}
	if got, want := logs.String(), "not marked as being sent"; !strings.Contains(got, want) {
		t.Errorf("log = %q, want it to contain %q", got, want)
	}
	for _, m := range rig.outbox.Marks() {
		if m.id == a1 && (m.op != "deferred" || m.attempts != 0) {
			t.Errorf("mark %+v, want A1 deferred without counting an attempt", m)
		}
	}
	clock.Advance(time.Second)
	rig.kick(t)
	if got, want := rig.sender.Texts(false), []string{"A1", "A2"}; !slices.Equal(got, want) {
		t.Errorf("then sent %q, want %q", got, want)
	}
}

func TestDispatcherDropsAMessageCancelledInHand(t *testing.T) {
	clock := newFakeClock()
	rig := newDispatcherRig(clock)
	var logs syncBuffer
	rig.d.Log = slog.New(slog.NewTextHandler(&logs, nil))
	rig.d.Workers = 1 // B1 waits in hand while A1 is sent
	rig.addBulk("A", "A1")
	b1 := rig.addBulk("B", "B1")
	rig.sender.before = func(_ context.Context, m bot.Outgoing) {
		if m.Text == "A1" {
			rig.outbox.Drop(b1) // the appeal is cancelled meanwhile
		}
	}
	rig.start(t)
	rig.kick(t)
	if got, want := rig.sender.Texts(false), []string{"A1"}; !slices.Equal(got, want) {
		t.Errorf("sent %q, want %q: B1 was cancelled before its turn", got, want)
	}
	if got, want := rig.outbox.States()[b1], stateCancelled; got != want {
		t.Errorf("B1 is %s, want %s", got, want)
	}
	if claims := rig.outbox.Claims(); len(claims) == 0 || claims[0].got != 2 {
		t.Errorf("claims %+v, want A1 and B1 claimed together: the test proves nothing otherwise", claims)
	}
	if got := logs.String(); strings.Contains(got, "level=WARN") || strings.Contains(got, "level=ERROR") {
		t.Errorf("log = %q, want nothing to warn about", got)
	}
}
