package schedules

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/handlers"
	"github.com/chungsuc/chungsuc/storage"
)

// waitLimit bounds every wait: a deadlock fails the test instead of
// hanging it. It is not a speed assertion.
const waitLimit = 20 * time.Second

// fakeEscalator records its calls and answers n, err; when block is set,
// each call signals started and waits for release (or its context).
type fakeEscalator struct {
	mu     sync.Mutex
	calls  []time.Time
	slots  []time.Time
	pruned int
	n      int
	err    error
	panic  bool

	block     bool
	started   chan struct{}
	release   chan struct{}
	cancelled chan struct{}
}

// RunAppeals has no appeals to send.
func (f *fakeEscalator) RunAppeals(ctx context.Context) (int, error) { return 0, nil }

// RunExports has no files to make.
func (f *fakeEscalator) RunExports(ctx context.Context) (int, error) { return 0, nil }

func (f *fakeEscalator) RunDoseReminders(ctx context.Context, now time.Time) (int, error) {
	return 0, nil
}

// RunSchedule counts the slots it is asked to run.
func (f *fakeEscalator) RunSchedule(ctx context.Context, s storage.Schedule, slot time.Time) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.slots = append(f.slots, slot)
	return 1, nil
}

// Prune counts its runs.
func (f *fakeEscalator) Prune(ctx context.Context, now time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pruned++
	return nil
}

func (f *fakeEscalator) Escalate(ctx context.Context, now time.Time) (int, error) {
	f.mu.Lock()
	f.calls = append(f.calls, now)
	f.mu.Unlock()
	if f.panic {
		panic("escalation exploded")
	}
	if f.block {
		f.started <- struct{}{}
		select {
		case <-f.release:
		case <-ctx.Done():
			close(f.cancelled)
			return 0, ctx.Err()
		}
	}
	return f.n, f.err
}

func newFake() *fakeEscalator {
	return &fakeEscalator{started: make(chan struct{}, 1), release: make(chan struct{}), cancelled: make(chan struct{})}
}

// onceSchedule fires once, right away, then never again.
type onceSchedule struct{ fired bool }

func (o *onceSchedule) Next(t time.Time) time.Time {
	if o.fired {
		return time.Time{} // cron never runs an entry whose next time is zero
	}
	o.fired = true
	return t.Add(time.Millisecond)
}

func testScheduler(f Jobs, notify func(), logs *bytes.Buffer) *Scheduler {
	clock := time.Date(2021, 8, 2, 3, 0, 0, 0, time.UTC)
	return New(Config{App: f, Notify: notify, Location: time.UTC, Now: func() time.Time { return clock },
		Log: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
}

func TestEscalationJob(t *testing.T) {
	tests := []struct {
		label      string
		n          int
		err        error
		wantNotify int
		wantLog    string
	}{
		{label: "nothing escalated: the dispatcher is not woken", n: 0},
		{label: "requests escalated: the dispatcher is woken once", n: 3, wantNotify: 1, wantLog: "count=3"},
		{label: "a failure is logged and wakes nobody", err: errors.New("disk full"), wantLog: "disk full"},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			f := &fakeEscalator{n: tt.n, err: tt.err}
			var logs bytes.Buffer
			notified := 0
			s := testScheduler(f, func() { notified++ }, &logs)
			s.cron.Entry(s.escalation).WrappedJob.Run() // one tick of the cron, as it runs it
			if got, want := len(f.calls), 1; got != want {
				t.Fatalf("Escalate called %d times, want %d", got, want)
			}
			if got, want := f.calls[0], s.cfg.Now(); !got.Equal(want) {
				t.Errorf("Escalate got now %v, want the injected clock's %v", got, want)
			}
			if got, want := notified, tt.wantNotify; got != want {
				t.Errorf("Notify called %d times, want %d", got, want)
			}
			if !strings.Contains(logs.String(), tt.wantLog) {
				t.Errorf("logs lack %q:\n%s", tt.wantLog, logs.String())
			}
		})
	}
}

func TestEscalationRunsEveryMinute(t *testing.T) {
	s := testScheduler(&fakeEscalator{}, nil, &bytes.Buffer{})
	at := time.Date(2021, 8, 2, 3, 0, 30, 0, time.UTC)
	if got, want := s.cron.Entry(s.escalation).Schedule.Next(at), at.Add(time.Minute); !got.Equal(want) {
		t.Errorf("next run after %v = %v, want %v", at, got, want)
	}
}

func TestPanickingJobIsRecovered(t *testing.T) {
	var logs bytes.Buffer
	s := testScheduler(&fakeEscalator{panic: true}, nil, &logs)
	s.cron.Entry(s.escalation).WrappedJob.Run()
	if !strings.Contains(logs.String(), "escalation exploded") {
		t.Errorf("the panic was not logged:\n%s", logs.String())
	}
}

// runOnce starts s with the escalation job also on a schedule that fires
// at once, and waits until that run has started.
func runOnce(t *testing.T, s *Scheduler, f *fakeEscalator) {
	t.Helper()
	s.cron.Schedule(&onceSchedule{}, s.cron.Entry(s.escalation).Job)
	s.Start()
	select {
	case <-f.started:
	case <-time.After(waitLimit):
		t.Fatal("the job never started")
	}
}

func TestStop(t *testing.T) {
	t.Run("waits for the running job", func(t *testing.T) {
		f := newFake()
		f.block = true
		s := testScheduler(f, nil, &bytes.Buffer{})
		runOnce(t, s, f)
		stopped := make(chan error, 1)
		go func() { stopped <- s.Stop(context.Background()) }()
		select {
		case err := <-stopped:
			t.Fatalf("Stop returned %v while the job was still running", err)
		default:
		}
		close(f.release)
		select {
		case err := <-stopped:
			if err != nil {
				t.Fatalf("Stop: %v", err)
			}
		case <-time.After(waitLimit):
			t.Fatal("Stop did not return after the job finished")
		}
	})

	t.Run("gives up when its context ends and cancels the job", func(t *testing.T) {
		f := newFake()
		f.block = true
		s := testScheduler(f, nil, &bytes.Buffer{})
		runOnce(t, s, f)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := s.Stop(ctx); !errors.Is(err, context.Canceled) {
			t.Fatalf("Stop = %v, want context.Canceled", err)
		}
		select {
		case <-f.cancelled:
		case <-time.After(waitLimit):
			t.Fatal("the running job's context was not cancelled")
		}
	})
}

// TestEscalationWithTheApplication runs the job against the real
// application: a request left unclaimed two hours reaches the district's
// coordinator through the outbox, and the dispatcher is woken.
func TestEscalationWithTheApplication(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "schedules.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ImportSample(ctx); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2021, 8, 2, 1, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	err = db.Update(ctx, func(tx *storage.Tx) error {
		group, _ := tx.UnitByCode("HN-TM-T02")
		ward, _ := tx.UnitByCode("HN-TM")
		district, err := tx.UnitByCode("HN")
		if err != nil {
			return err
		}
		coord, err := tx.TouchResident("telegram", "4201", "4201", "Cán bộ quận", "", "vi")
		if err != nil {
			return err
		}
		if _, err := tx.GrantRole(coord.ID, storage.RoleCoordinator, district.ID, 0); err != nil {
			return err
		}
		res, err := tx.TouchResident("telegram", "4202", "4202", "Lan", "", "vi")
		if err != nil {
			return err
		}
		h, err := tx.CreateHelpRequest(storage.HelpRequest{ResidentID: res.ID, UnitID: group.ID,
			Kind: storage.NeedFood, Description: "Cần gạo cho ba ngày", Source: storage.HelpFromSupport})
		if err != nil {
			return err
		}
		return tx.SetHelpNotified(h.ID, ward.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	now = now.Add(handlers.EscalateAfter)
	app := handlers.New(handlers.Config{DB: db, Signer: bot.NewSigner([]byte("k")), Now: db.Now})
	notified := 0
	s := New(Config{App: app, Notify: func() { notified++ }, Now: db.Now, Log: slog.New(slog.DiscardHandler)})
	s.cron.Entry(s.escalation).WrappedJob.Run()
	if notified != 1 {
		t.Fatalf("Notify called %d times, want 1", notified)
	}
	msgs, err := db.ClaimOutbox(ctx, "telegram", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 1 || msgs[0].ChatID != "4201" {
		t.Fatalf("outbox %+v, want one ticket to the district coordinator 4201", msgs)
	}
	m, err := bot.DecodeOutgoing(msgs[0].Payload)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Text, storage.HelpRef(1)) || m.Keyboard.Buttons() != 2 {
		t.Errorf("escalated ticket %q with %d buttons", m.Text, m.Keyboard.Buttons())
	}
}

var _ cron.Schedule = (*onceSchedule)(nil)

// TestPruneRunsAtStartAndHourly: what no longer needs keeping is pruned
// as soon as the scheduler starts, then every PruneEvery.
func TestPruneRunsAtStartAndHourly(t *testing.T) {
	f := newFake()
	s := testScheduler(f, nil, &bytes.Buffer{})
	if e := s.cron.Entry(s.prune); e.Schedule.Next(time.Unix(0, 0)).Sub(time.Unix(0, 0)) != PruneEvery {
		t.Errorf("prune scheduled every %v, want %v", e.Schedule.Next(time.Unix(0, 0)).Sub(time.Unix(0, 0)), PruneEvery)
	}
	s.Start()
	deadline := time.Now().Add(waitLimit)
	for {
		f.mu.Lock()
		n := f.pruned
		f.mu.Unlock()
		if n >= 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no pruning at start")
		}
		time.Sleep(5 * time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	if err := s.Stop(ctx); err != nil {
		t.Fatal(err)
	}
}
