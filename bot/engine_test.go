package bot_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot"
)

// pollStep is one scripted answer of a fakeSource.
type pollStep struct {
	seqs []int64 // the updates of the batch, by Seq (ID "u<seq>")
	err  error
	// block makes the poll wait for ctx's end and return its error.
	block bool
}

// fakeSource answers polls from a script and then reports ErrSourceClosed.
type fakeSource struct {
	mu      sync.Mutex
	steps   []pollStep
	offsets []int64
	polling chan struct{} // if set, receives once per blocking poll
}

func (s *fakeSource) Name() string { return "test:1" }

func (s *fakeSource) Poll(ctx context.Context, offset int64) ([]bot.Update, error) {
	s.mu.Lock()
	s.offsets = append(s.offsets, offset)
	if len(s.steps) == 0 {
		s.mu.Unlock()
		return nil, fmt.Errorf("poll: %w", bot.ErrSourceClosed)
	}
	step := s.steps[0]
	s.steps = s.steps[1:]
	s.mu.Unlock()
	if step.block {
		if s.polling != nil {
			s.polling <- struct{}{}
		}
		<-ctx.Done()
		return nil, ctx.Err()
	}
	var batch []bot.Update
	for _, seq := range step.seqs {
		batch = append(batch, bot.Update{Source: s.Name(), Platform: "test", ID: fmt.Sprintf("u%d", seq), Seq: seq, Kind: bot.KindMessage})
	}
	return batch, step.err
}

func (s *fakeSource) Offsets() []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.offsets)
}

// fakeProcessor records the updates it is given; fail[id] is how many
// times in a row it fails the update with that ID first.
type fakeProcessor struct {
	fail    map[string]int
	tried   []string
	applied []string
	// during, if set, runs inside Process.
	during func(ctx context.Context, u bot.Update)
}

func (p *fakeProcessor) Process(ctx context.Context, u bot.Update) error {
	p.tried = append(p.tried, u.ID)
	if p.during != nil {
		p.during(ctx, u)
	}
	if p.fail[u.ID] > 0 {
		p.fail[u.ID]--
		return errors.New("database is locked")
	}
	p.applied = append(p.applied, u.ID)
	return nil
}

type fixedOffset struct {
	offset int64
	err    error
}

func (o fixedOffset) Offset(context.Context, string) (int64, error) { return o.offset, o.err }

// engineRig is an Engine with fakes around it and a recording Sleep.
type engineRig struct {
	engine    *bot.Engine
	source    *fakeSource
	processor *fakeProcessor
	sleeps    []time.Duration
	notified  int
}

func newEngineRig(offset int64, steps ...pollStep) *engineRig {
	rig := &engineRig{
		source:    &fakeSource{steps: steps},
		processor: &fakeProcessor{fail: map[string]int{}},
	}
	rig.engine = &bot.Engine{
		Source:    rig.source,
		Processor: rig.processor,
		Offsets:   fixedOffset{offset: offset},
		Notify:    func() { rig.notified++ },
		Log:       slog.New(slog.NewTextHandler(io.Discard, nil)),
		Sleep: func(ctx context.Context, d time.Duration) error {
			rig.sleeps = append(rig.sleeps, d)
			return ctx.Err()
		},
	}
	return rig
}

func TestEngineOffsets(t *testing.T) {
	rig := newEngineRig(100,
		pollStep{seqs: []int64{100, 101}},
		pollStep{seqs: []int64{102}},
		pollStep{},                    // an empty long poll
		pollStep{seqs: []int64{50}},   // a lower Seq (the platform's counter was reset)
		pollStep{seqs: []int64{0}},    // no sequence number: the offset stays
		pollStep{seqs: []int64{7, 9}}, // gaps are fine
	)
	if err := rig.engine.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	t.Run("offset is the stored one first, then the last Seq+1", func(t *testing.T) {
		if got, want := rig.source.Offsets(), []int64{100, 102, 103, 103, 51, 51, 10}; !slices.Equal(got, want) {
			t.Errorf("offsets = %v, want %v", got, want)
		}
	})
	t.Run("every update is processed, including a lower Seq", func(t *testing.T) {
		if got, want := rig.processor.applied, []string{"u100", "u101", "u102", "u50", "u0", "u7", "u9"}; !slices.Equal(got, want) {
			t.Errorf("applied = %q, want %q", got, want)
		}
	})
	t.Run("Notify is called once per applied update", func(t *testing.T) {
		if got, want := rig.notified, 7; got != want {
			t.Errorf("Notify calls = %d, want %d", got, want)
		}
	})
	t.Run("nothing waited", func(t *testing.T) {
		if got := rig.sleeps; len(got) != 0 {
			t.Errorf("sleeps = %v, want none", got)
		}
	})
}

func TestEngineFatalAndFinalPollErrors(t *testing.T) {
	tests := []struct {
		label string
		err   error
		want  error // nil: Run ends cleanly
	}{
		{"token rejected", &bot.PlatformError{Kind: bot.Unauthorized, Reason: "Unauthorized"}, bot.ErrTokenRejected},
		{"token rejected, wrapped", fmt.Errorf("getUpdates: %w", &bot.PlatformError{Kind: bot.Unauthorized}), bot.ErrTokenRejected},
		{"another poller", &bot.PlatformError{Kind: bot.Conflict, Reason: "terminated by other getUpdates request"}, bot.ErrConflict},
		{"source closed", bot.ErrSourceClosed, nil},
		{"source closed, wrapped", fmt.Errorf("console: %w", bot.ErrSourceClosed), nil},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			rig := newEngineRig(1, pollStep{seqs: []int64{1}}, pollStep{err: tt.err}, pollStep{seqs: []int64{2}})
			err := rig.engine.Run(context.Background())
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Run error = %v, want %v", err, tt.want)
			}
			if got, want := rig.processor.applied, []string{"u1"}; !slices.Equal(got, want) {
				t.Errorf("applied = %q, want %q (nothing polled after the error)", got, want)
			}
			if got := rig.sleeps; len(got) != 0 {
				t.Errorf("sleeps = %v, want none", got)
			}
		})
	}
}

func TestEngineOffsetStoreError(t *testing.T) {
	storeErr := errors.New("no database")
	rig := newEngineRig(0)
	rig.engine.Offsets = fixedOffset{err: storeErr}
	if err := rig.engine.Run(context.Background()); !errors.Is(err, storeErr) {
		t.Errorf("Run error = %v, want one wrapping %v", err, storeErr)
	}
	if got := rig.source.Offsets(); len(got) != 0 {
		t.Errorf("polled with offsets %v, want no poll", got)
	}
}

func TestEngineRateLimited(t *testing.T) {
	limited := &bot.PlatformError{Kind: bot.RateLimited, RetryAfter: 7 * time.Second, Reason: "Too Many Requests"}
	rig := newEngineRig(5, pollStep{err: limited}, pollStep{seqs: []int64{5}}, pollStep{err: fmt.Errorf("poll: %w", limited)})
	if err := rig.engine.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got, want := rig.sleeps, []time.Duration{7 * time.Second, 7 * time.Second}; !slices.Equal(got, want) {
		t.Errorf("sleeps = %v, want %v", got, want)
	}
	if got, want := rig.source.Offsets(), []int64{5, 5, 6, 6}; !slices.Equal(got, want) {
		t.Errorf("offsets = %v, want %v", got, want)
	}
}

func TestEngineBackoff(t *testing.T) {
	temp := func(reason string) pollStep {
		return pollStep{err: &bot.PlatformError{Kind: bot.Temporary, Reason: reason}}
	}
	var steps []pollStep
	for i := range 7 {
		steps = append(steps, temp(fmt.Sprint("502 Bad Gateway ", i)))
	}
	steps = append(steps,
		pollStep{seqs: []int64{1}},
		pollStep{err: errors.New("connection reset by peer")}, // a network error counts as temporary
		temp("500"),
		pollStep{}, // success, even if empty, resets the back-off
		temp("500"),
	)
	rig := newEngineRig(1, steps...)
	if err := rig.engine.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	s := time.Second
	want := []time.Duration{1 * s, 2 * s, 4 * s, 8 * s, 16 * s, 30 * s, 30 * s, 1 * s, 2 * s, 1 * s}
	if got := rig.sleeps; !slices.Equal(got, want) {
		t.Errorf("sleeps = %v\nwant     %v", got, want)
	}
	if got, want := rig.processor.applied, []string{"u1"}; !slices.Equal(got, want) {
		t.Errorf("applied = %q, want %q", got, want)
	}
}

func TestEngineProcessorErrorRetriesSameUpdate(t *testing.T) {
	rig := newEngineRig(10, pollStep{seqs: []int64{10, 11}}, pollStep{seqs: []int64{12}})
	rig.processor.fail["u11"] = 6
	if err := rig.engine.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	t.Run("the failed update is tried again, not skipped", func(t *testing.T) {
		want := []string{"u10", "u11", "u11", "u11", "u11", "u11", "u11", "u11", "u12"}
		if got := rig.processor.tried; !slices.Equal(got, want) {
			t.Errorf("tried = %q\nwant    %q", got, want)
		}
		if got, want := rig.processor.applied, []string{"u10", "u11", "u12"}; !slices.Equal(got, want) {
			t.Errorf("applied = %q, want %q", got, want)
		}
	})
	t.Run("retries back off up to 30 s", func(t *testing.T) {
		s := time.Second
		if got, want := rig.sleeps, []time.Duration{1 * s, 2 * s, 4 * s, 8 * s, 16 * s, 30 * s}; !slices.Equal(got, want) {
			t.Errorf("sleeps = %v, want %v", got, want)
		}
	})
	t.Run("Notify is called once per applied update", func(t *testing.T) {
		if got, want := rig.notified, 3; got != want {
			t.Errorf("Notify calls = %d, want %d", got, want)
		}
	})
	t.Run("the offset moves only past applied updates", func(t *testing.T) {
		if got, want := rig.source.Offsets(), []int64{10, 12, 13}; !slices.Equal(got, want) {
			t.Errorf("offsets = %v, want %v", got, want)
		}
	})
}

func TestEngineCancel(t *testing.T) {
	t.Run("cancelling ctx during a poll ends Run with nil", func(t *testing.T) {
		rig := newEngineRig(1, pollStep{seqs: []int64{1}}, pollStep{block: true})
		rig.source.polling = make(chan struct{})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		done := make(chan error, 1)
		go func() { done <- rig.engine.Run(ctx) }()
		<-rig.source.polling
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run error = %v, want nil", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Run did not return after cancel")
		}
		if got, want := rig.processor.applied, []string{"u1"}; !slices.Equal(got, want) {
			t.Errorf("applied = %q, want %q", got, want)
		}
	})
	t.Run("cancelling ctx while retrying an update ends Run with nil", func(t *testing.T) {
		rig := newEngineRig(1, pollStep{seqs: []int64{1, 2}})
		rig.processor.fail["u1"] = 100
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		rig.engine.Sleep = func(ctx context.Context, d time.Duration) error {
			rig.sleeps = append(rig.sleeps, d)
			if len(rig.sleeps) == 3 {
				cancel()
			}
			return ctx.Err()
		}
		if err := rig.engine.Run(ctx); err != nil {
			t.Errorf("Run error = %v, want nil", err)
		}
		if got, want := len(rig.processor.tried), 3; got != want {
			t.Errorf("tries = %d, want %d", got, want)
		}
		if got := rig.processor.applied; len(got) != 0 {
			t.Errorf("applied = %q, want none", got)
		}
		if got := rig.notified; got != 0 {
			t.Errorf("Notify calls = %d, want 0", got)
		}
	})
	t.Run("the update in hand finishes, the rest of the batch waits", func(t *testing.T) {
		rig := newEngineRig(1, pollStep{seqs: []int64{1, 2, 3}})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var processCtxErr error
		rig.processor.during = func(pctx context.Context, u bot.Update) {
			if u.ID == "u1" {
				cancel()
				processCtxErr = pctx.Err()
			}
		}
		if err := rig.engine.Run(ctx); err != nil {
			t.Errorf("Run error = %v, want nil", err)
		}
		if processCtxErr != nil {
			t.Errorf("Process saw ctx error %v, want its ctx to outlive the cancel", processCtxErr)
		}
		if got, want := rig.processor.applied, []string{"u1"}; !slices.Equal(got, want) {
			t.Errorf("applied = %q, want %q", got, want)
		}
		if got, want := rig.notified, 1; got != want {
			t.Errorf("Notify calls = %d, want %d", got, want)
		}
	})
	t.Run("a context already cancelled does not poll", func(t *testing.T) {
		rig := newEngineRig(1, pollStep{seqs: []int64{1}})
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := rig.engine.Run(ctx); err != nil {
			t.Errorf("Run error = %v, want nil", err)
		}
		if got := rig.source.Offsets(); len(got) != 0 {
			t.Errorf("polled with offsets %v, want none", got)
		}
	})
}

func TestSleep(t *testing.T) {
	t.Run("zero returns at once", func(t *testing.T) {
		if err := bot.Sleep(context.Background(), 0); err != nil {
			t.Errorf("Sleep(0) = %v, want nil", err)
		}
	})
	t.Run("a cancelled ctx ends the wait", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := bot.Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
			t.Errorf("Sleep = %v, want context.Canceled", err)
		}
	})
}
