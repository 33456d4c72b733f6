package bot_test

import (
	"bytes"
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

func TestDispatcherOrderPerChat(t *testing.T) {
	clock := newFakeClock()
	rig := newDispatcherRig(clock)
	rig.d.Workers = 4
	const chats, perChat = 40, 6
	want := map[string][]string{}
	for i := range perChat {
		for c := range chats {
			chat := fmt.Sprintf("chat-%02d", c)
			text := fmt.Sprintf("%s #%d", chat, i)
			rig.add(chat, text)
			want[chat] = append(want[chat], text)
			if (c+i)%7 == 0 { // some messages fail once and are retried later
				rig.sender.script[text] = []error{&bot.PlatformError{Kind: bot.Temporary, Reason: "502"}}
			}
		}
	}
	rig.start(t)
	for round := 0; rig.outbox.Unfinished() > 0; round++ {
		if round == 20 {
			t.Fatalf("%d messages unsent after %d rounds", rig.outbox.Unfinished(), round)
		}
		rig.kick(t)
		clock.Advance(time.Minute)
	}

	got := map[string][]string{}
	for _, c := range rig.sender.Calls() {
		if !c.failed {
			got[c.chat] = append(got[c.chat], c.text)
		}
	}
	t.Run("every message is sent once, in order per chat", func(t *testing.T) {
		for chat, texts := range want {
			if !slices.Equal(got[chat], texts) {
				t.Errorf("%s sent %q, want %q", chat, got[chat], texts)
			}
		}
	})
	t.Run("no attempt overtakes a failed earlier message", func(t *testing.T) {
		last := map[string]string{}
		for _, c := range rig.sender.Calls() {
			if c.text < last[c.chat] {
				t.Errorf("%s: %q attempted after %q", c.chat, c.text, last[c.chat])
			}
			last[c.chat] = c.text
		}
	})
	t.Run("all messages marked sent", func(t *testing.T) {
		for id, s := range rig.outbox.States() {
			if s != stateSent {
				t.Errorf("message %d is %s, want sent", id, s)
			}
		}
	})
}

func TestDispatcherOutcomes(t *testing.T) {
	tests := []struct {
		label     string
		err       error
		wantOp    string
		wantState string
		// wantLater is the state of a later message to the same chat.
		wantLater string
	}{
		{"blocked recipient", &bot.PlatformError{Kind: bot.Blocked, Reason: "Forbidden: bot was blocked by the user"},
			"blocked", stateBlocked, stateBlocked},
		{"rejected request", &bot.PlatformError{Kind: bot.Rejected, Reason: "Bad Request: message is too long"},
			"failed", stateFailed, stateSent},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			clock := newFakeClock()
			rig := newDispatcherRig(clock)
			first := rig.add("A", "A1")
			later := rig.add("A", "A2")
			other := rig.add("B", "B1")
			rig.sender.script["A1"] = []error{tt.err}
			rig.start(t)
			rig.kick(t)

			var marks []string
			for _, m := range rig.outbox.Marks() {
				if m.id == first {
					marks = append(marks, m.op)
				}
			}
			if got, want := marks, []string{tt.wantOp}; !slices.Equal(got, want) {
				t.Errorf("marks of A1 = %q, want %q", got, want)
			}
			states := rig.outbox.States()
			if got, want := states[first], tt.wantState; got != want {
				t.Errorf("A1 is %s, want %s", got, want)
			}
			if got, want := states[later], tt.wantLater; got != want {
				t.Errorf("A2 is %s, want %s", got, want)
			}
			if got, want := states[other], stateSent; got != want {
				t.Errorf("B1 (another chat) is %s, want %s", got, want)
			}
			if got, want := slices.Contains(rig.sender.Texts(false), "A2"), tt.wantLater == stateSent; got != want {
				t.Errorf("A2 attempted = %v, want %v", got, want)
			}
		})
	}
}

func TestDispatcherBlockedRecipientGetsNothingMore(t *testing.T) {
	clock := newFakeClock()
	rig := newDispatcherRig(clock)
	rig.add("A", "A1")
	rig.sender.script["A1"] = []error{&bot.PlatformError{Kind: bot.Blocked, Reason: "Forbidden: user is deactivated"}}
	rig.start(t)
	rig.kick(t)
	rig.add("A", "A2")
	rig.kick(t)
	if got, want := rig.sender.Texts(false), []string{"A1"}; !slices.Equal(got, want) {
		t.Errorf("sent %q, want %q", got, want)
	}
}

func TestDispatcherTemporaryFailures(t *testing.T) {
	s := time.Second
	tests := []struct {
		label   string
		backoff bot.Backoff
		// bases are the waits before jitter, between the retries.
		bases []time.Duration
	}{
		{"default: from 1 s doubling to 5 min, 20% jitter", bot.Backoff{},
			[]time.Duration{1 * s, 2 * s, 4 * s, 8 * s, 16 * s, 32 * s, 64 * s, 128 * s, 256 * s, 300 * s, 300 * s}},
		{"set by the operator, no jitter", bot.Backoff{Min: 2 * s, Max: 5 * s},
			[]time.Duration{2 * s, 4 * s, 5 * s, 5 * s}},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			clock := newFakeClock()
			rig := newDispatcherRig(clock)
			rig.d.Backoff = tt.backoff
			jitter := tt.backoff.Jitter
			if tt.backoff == (bot.Backoff{}) {
				jitter = 0.2
			}
			id := rig.add("A", "A1")
			later := rig.add("A", "A2")
			for range len(tt.bases) {
				rig.sender.script["A1"] = append(rig.sender.script["A1"], &bot.PlatformError{Kind: bot.Temporary, Reason: "502 Bad Gateway"})
			}
			rig.start(t)
			for attempt, base := range tt.bases {
				rig.kick(t)
				marks := rig.outbox.Marks()
				m := marks[len(marks)-1]
				if m.id != id || m.op != "retry" || m.attempts != attempt+1 {
					t.Fatalf("attempt %d: last mark %+v, want A1 to retry", attempt+1, m)
				}
				if got, want := m.reason, "temporary: 502 Bad Gateway"; got != want {
					t.Errorf("attempt %d: reason %q, want %q", attempt+1, got, want)
				}
				lo := base - time.Duration(jitter*float64(base))
				if wait := m.at.Sub(m.when); wait < lo || wait > base {
					t.Errorf("attempt %d: retry after %v, want within [%v, %v]", attempt+1, wait, lo, base)
				}
				if slices.Contains(rig.sender.Texts(false), "A2") {
					t.Fatalf("A2 was attempted while A1 waits to be retried")
				}
				clock.Advance(m.at.Sub(clock.Now()))
			}
			rig.kick(t)
			states := rig.outbox.States()
			if states[id] != stateSent || states[later] != stateSent {
				t.Errorf("states %v, want A1 sent at last, then A2", states)
			}
		})
	}
}

func TestDispatcherGivesUpByAge(t *testing.T) {
	temporary := &bot.PlatformError{Kind: bot.Temporary, Reason: "503 Service Unavailable"}
	tests := []struct {
		label string
		// age is how old the message is at its first try.
		age       time.Duration
		failures  int
		wantState string
		wantTries int
	}{
		{"a young message is retried", 0, 3, stateSent, 4},
		{"one that keeps failing is given up once it is older than GiveUpAfter", 0, 1000, stateFailed, 0},
		{"an old message is still tried, and given up at its first failure", 7 * time.Hour, 1, stateFailed, 1},
		{"an old message that goes through is sent", 7 * time.Hour, 0, stateSent, 1},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			clock := newFakeClock()
			rig := newDispatcherRig(clock)
			var logs syncBuffer
			rig.d.Log = slog.New(slog.NewTextHandler(&logs, nil))
			created := clock.Now()
			id := rig.add("A", "A1")
			clock.Advance(tt.age)
			for range tt.failures {
				rig.sender.script["A1"] = append(rig.sender.script["A1"], temporary)
			}
			rig.start(t)
			for rig.outbox.Unfinished() > 0 {
				rig.kick(t)
				clock.Advance(5 * time.Minute)
			}
			if got := rig.outbox.States()[id]; got != tt.wantState {
				t.Fatalf("A1 is %s, want %s", got, tt.wantState)
			}
			tries := len(rig.sender.Calls())
			if tt.wantTries > 0 && tries != tt.wantTries {
				t.Errorf("tried %d times, want %d", tries, tt.wantTries)
			}
			if tt.wantState != stateFailed {
				return
			}
			last := rig.sender.Calls()[tries-1]
			if age := last.at.Sub(created); tt.age == 0 && (age < 6*time.Hour || age > 6*time.Hour+10*time.Minute) {
				t.Errorf("given up %v after it was queued, want just past the default 6 h", age)
			}
			marks := rig.outbox.Marks()
			if m := marks[len(marks)-1]; !strings.HasPrefix(m.reason, "given up after 6h0m0s: ") {
				t.Errorf("reason %q, want it to say it was given up", m.reason)
			}
			if got := logs.String(); !strings.Contains(got, "level=WARN") || !strings.Contains(got, "given up") ||
				!strings.Contains(got, "count=1") {
				t.Errorf("log = %q, want a warning with the count of messages given up", got)
			}
		})
	}
}

func TestDispatcherSurvivesStorageErrors(t *testing.T) {
	t.Run("a failed claim is tried again", func(t *testing.T) {
		// Run waits a real second after a failed claim; WaitIdle tells when it is done.
		clock := newFakeClock()
		rig := newDispatcherRig(clock)
		rig.outbox.claimErrs = 1
		rig.add("A", "A1")
		rig.start(t)
		rig.kick(t)
		if got, want := rig.sender.Texts(true), []string{"A1"}; !slices.Equal(got, want) {
			t.Errorf("sent %q, want %q", got, want)
		}
	})
	t.Run("a status that cannot be saved is logged and saved later", func(t *testing.T) {
		clock := newFakeClock()
		rig := newDispatcherRig(clock)
		var buf syncBuffer
		rig.d.Log = slog.New(slog.NewTextHandler(&buf, nil))
		rig.outbox.markFails = 3
		a1 := rig.add("A", "A1")
		a2 := rig.add("A", "A2")
		rig.start(t)
		rig.kick(t)
		if got, want := buf.String(), "outbox status not saved"; !strings.Contains(got, want) {
			t.Errorf("log = %q, want it to contain %q", got, want)
		}
		if got, want := buf.String(), "disk full"; !strings.Contains(got, want) {
			t.Errorf("log = %q, want it to contain %q", got, want)
		}
		states := rig.outbox.States()
		if states[a1] != stateSent || states[a2] != stateSent {
			t.Errorf("states = %v, want both sent without a restart", states)
		}
		if got, want := rig.sender.Texts(false), []string{"A1", "A2"}; !slices.Equal(got, want) {
			t.Errorf("sent %q, want %q: each once, in order", got, want)
		}
		for _, v := range rig.outbox.Violations() {
			t.Errorf("outbox misuse: %s", v)
		}
	})
	t.Run("a claim whose status was lost is sent again after a sweep, and its chat goes on", func(t *testing.T) {
		clock := newFakeClock()
		rig := newDispatcherRig(clock)
		var buf syncBuffer
		rig.d.Log = slog.New(slog.NewTextHandler(&buf, nil))
		rig.d.SweepEvery = time.Nanosecond
		a1 := rig.add("A", "A1")
		rig.add("A", "A2")
		rig.outbox.Strand(a1, clock.Now().Add(-10*time.Minute))
		rig.start(t)
		rig.kick(t)
		if got, want := rig.sender.Texts(false), []string{"A1", "A2"}; !slices.Equal(got, want) {
			t.Errorf("sent %q, want %q", got, want)
		}
		if got, want := buf.String(), "queued again"; !strings.Contains(got, want) {
			t.Errorf("log = %q, want it to say the stranded message was queued again", got)
		}
	})
}

// syncBuffer is a bytes.Buffer safe for the dispatcher's workers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestDispatcherTemporaryThenSuccess(t *testing.T) {
	clock := newFakeClock()
	rig := newDispatcherRig(clock)
	rig.add("A", "A1")
	rig.add("A", "A2")
	rig.sender.script["A1"] = []error{errors.New("connection reset by peer")}
	rig.start(t)
	rig.kick(t)
	if got, want := rig.sender.Texts(false), []string{"A1"}; !slices.Equal(got, want) {
		t.Fatalf("before the retry is due: attempted %q, want %q", got, want)
	}
	clock.Advance(time.Second)
	rig.kick(t)
	if got, want := rig.sender.Texts(false), []string{"A1", "A1", "A2"}; !slices.Equal(got, want) {
		t.Errorf("attempted %q, want %q", got, want)
	}
	if got, want := rig.outbox.Unfinished(), 0; got != want {
		t.Errorf("unfinished = %d, want %d", got, want)
	}
}

func TestDispatcherRateLimitedRetryTime(t *testing.T) {
	clock := newFakeClock()
	rig := newDispatcherRig(clock)
	id := rig.add("A", "A1")
	rig.sender.script["A1"] = []error{fmt.Errorf("sendMessage: %w",
		&bot.PlatformError{Kind: bot.RateLimited, RetryAfter: 5 * time.Second, Reason: "Too Many Requests"})}
	rig.start(t)
	start := clock.Now()
	rig.kick(t)

	marks := rig.outbox.Marks()
	if got, want := len(marks), 1; got != want {
		t.Fatalf("marks = %+v, want one", marks)
	}
	m := marks[0]
	if m.op != "deferred" || m.id != id || m.attempts != 0 {
		t.Fatalf("mark = %+v, want A1 deferred without counting the attempt", m)
	}
	if earliest, latest := start.Add(5*time.Second), start.Add(6*time.Second); m.at.Before(earliest) || m.at.After(latest) {
		t.Errorf("retry at %v after the 429, want within [5s, 6s]", m.at.Sub(start))
	}
	if got, want := len(rig.sender.Calls()), 1; got != want {
		t.Errorf("sends before the pause ended = %d, want %d", got, want)
	}
	clock.Advance(6 * time.Second)
	rig.kick(t)
	if got, want := rig.outbox.States()[id], stateSent; got != want {
		t.Errorf("A1 after the pause is %s, want %s", got, want)
	}
}

// TestDispatcherRateLimitedPausesAllSends runs on the real clock because
// the pause is a real wait; it measures, it does not guess.
func TestDispatcherRateLimitedPausesAllSends(t *testing.T) {
	rig := newDispatcherRig(nil)
	rig.d.Workers = 1 // one worker: every send after the 429 starts after it
	rig.add("A", "A1")
	rig.add("B", "B1")
	rig.add("C", "C1")
	rig.sender.script["A1"] = []error{&bot.PlatformError{Kind: bot.RateLimited, RetryAfter: 150 * time.Millisecond}}
	rig.start(t)
	for rig.outbox.Unfinished() > 0 {
		rig.kick(t)
	}
	var until time.Time
	for _, m := range rig.outbox.Marks() {
		if m.op == "deferred" {
			until = m.at
		}
	}
	calls := rig.sender.Calls()
	if len(calls) != 4 || calls[0].text != "A1" || !calls[0].failed {
		t.Fatalf("calls = %+v, want A1 refused then three sends", calls)
	}
	if got := until.Sub(calls[0].at); got < 150*time.Millisecond {
		t.Errorf("pause of %v after the 429, want at least retry_after 150ms", got)
	}
	for _, c := range calls[1:] {
		if c.at.Before(until) {
			t.Errorf("%s sent %v before the pause ended", c.text, until.Sub(c.at))
		}
	}
	if got, want := rig.sender.Texts(true), []string{"B1", "C1", "A1"}; !slices.Equal(got, want) {
		t.Errorf("sent %q, want %q", got, want)
	}
}

func TestDispatcherWaitIdle(t *testing.T) {
	t.Run("returns at once when nothing was kicked", func(t *testing.T) {
		d := &bot.Dispatcher{Platform: "test", Log: quietLog}
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // would make a waiting WaitIdle fail
		if err := d.WaitIdle(ctx); err != nil {
			t.Errorf("WaitIdle = %v, want nil", err)
		}
	})
	t.Run("gives up with ctx when the dispatcher does not run", func(t *testing.T) {
		d := &bot.Dispatcher{Platform: "test", Log: quietLog}
		d.Kick()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := d.WaitIdle(ctx); !errors.Is(err, context.Canceled) {
			t.Errorf("WaitIdle = %v, want context.Canceled", err)
		}
	})
	t.Run("waits for a send in flight, returns once drained", func(t *testing.T) {
		clock := newFakeClock()
		rig := newDispatcherRig(clock)
		rig.add("A", "A1")
		rig.add("A", "A2")
		rig.add("B", "B1")
		entered, release := make(chan struct{}), make(chan struct{})
		rig.sender.before = func(_ context.Context, m bot.Outgoing) {
			if m.Text == "A1" {
				close(entered)
				<-release
			}
		}
		rig.start(t)
		rig.d.Kick()
		idle := make(chan error, 1)
		go func() { idle <- rig.d.WaitIdle(context.Background()) }()
		<-entered
		select {
		case err := <-idle:
			t.Fatalf("WaitIdle returned %v while A1 was being sent", err)
		default:
		}
		close(release)
		select {
		case err := <-idle:
			if err != nil {
				t.Fatalf("WaitIdle = %v, want nil", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("WaitIdle did not return after the outbox drained")
		}
		if got, want := rig.outbox.Unfinished(), 0; got != want {
			t.Errorf("unfinished after WaitIdle = %d, want %d", got, want)
		}
	})
	t.Run("a second kick waits for the new messages", func(t *testing.T) {
		clock := newFakeClock()
		rig := newDispatcherRig(clock)
		rig.start(t)
		rig.kick(t)
		rig.add("A", "A1")
		rig.kick(t)
		if got, want := rig.sender.Texts(true), []string{"A1"}; !slices.Equal(got, want) {
			t.Errorf("sent %q, want %q", got, want)
		}
	})
}

func TestDispatcherRunStops(t *testing.T) {
	t.Run("Run returns when ctx is cancelled", func(t *testing.T) {
		clock := newFakeClock()
		rig := newDispatcherRig(clock)
		rig.add("A", "A1")
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- rig.d.Run(ctx) }()
		rig.kick(t)
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run = %v, want nil", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Run did not return after cancel")
		}
	})
	t.Run("a send in flight finishes, the rest of the batch goes back", func(t *testing.T) {
		clock := newFakeClock()
		rig := newDispatcherRig(clock)
		rig.d.Workers = 1
		a1 := rig.add("A", "A1")
		b1 := rig.add("B", "B1")
		ctx, cancel := context.WithCancel(context.Background())
		entered, release := make(chan struct{}), make(chan struct{})
		var sendCtxErr error
		rig.sender.before = func(sctx context.Context, m bot.Outgoing) {
			if m.Text == "A1" {
				close(entered)
				<-release
				sendCtxErr = sctx.Err()
			}
		}
		done := make(chan error, 1)
		go func() { done <- rig.d.Run(ctx) }()
		rig.d.Kick()
		<-entered
		cancel()
		close(release)
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run = %v, want nil", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Run did not return after cancel")
		}
		if sendCtxErr != nil {
			t.Errorf("the send in flight saw %v, want its ctx to outlive the cancel", sendCtxErr)
		}
		states := rig.outbox.States()
		if got, want := states[a1], stateSent; got != want {
			t.Errorf("A1 is %s, want %s", got, want)
		}
		if got, want := states[b1], statePending; got != want {
			t.Errorf("B1 is %s, want %s (back in the outbox)", got, want)
		}
		if got, want := rig.sender.Texts(false), []string{"A1"}; !slices.Equal(got, want) {
			t.Errorf("attempted %q, want %q", got, want)
		}
		for _, v := range rig.outbox.Violations() {
			t.Errorf("outbox misuse: %s", v)
		}
	})
}
