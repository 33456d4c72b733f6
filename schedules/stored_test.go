package schedules

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/storage"
)

// storedEnv is a scheduler over a real database with a daily 08:00 (Hà
// Nội) reminder, driven by hand with a fake clock.
func storedEnv(t *testing.T) (*storage.DB, *fakeEscalator, *bytes.Buffer, storage.Schedule) {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.ImportSample(ctx); err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) }
	var s storage.Schedule
	if err := db.Update(ctx, func(tx *storage.Tx) error {
		u, err := tx.UnitByCode("HN-TM")
		if err != nil {
			return err
		}
		s, err = tx.CreateSchedule(storage.Schedule{Kind: storage.ScheduleReminder, UnitID: u.ID,
			Spec: "0 8 * * *", TZ: "Asia/Ho_Chi_Minh"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return db, newFake(), &bytes.Buffer{}, s
}

func newStored(db *storage.DB, f *fakeEscalator, logs *bytes.Buffer) *Scheduler {
	return New(Config{App: f, DB: db, Location: time.UTC, Log: slog.New(slog.NewTextHandler(logs, nil))})
}

func TestStoredScheduleRunsEachSlotOnce(t *testing.T) {
	db, f, logs, s := storedEnv(t)
	ctx := context.Background()
	slot := time.Date(2026, 12, 1, 1, 0, 0, 0, time.UTC) // 08:00 in Hà Nội
	sch := newStored(db, f, logs)
	for _, now := range []time.Time{slot.Add(-time.Second), slot.Add(2 * time.Second), slot.Add(7 * time.Second)} {
		if err := sch.runStored(ctx, now); err != nil {
			t.Fatal(err)
		}
	}
	// A restart: a new scheduler on the same database, within the hour.
	if err := newStored(db, f, logs).runStored(ctx, slot.Add(10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if len(f.slots) != 1 || !f.slots[0].Equal(slot) {
		t.Fatalf("slots run: %v, want %v once", f.slots, slot)
	}
	// Down from before the next day's slot until 3 hours after: skipped, logged.
	next := slot.AddDate(0, 0, 1)
	if err := newStored(db, f, logs).runStored(ctx, next.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if len(f.slots) != 1 {
		t.Errorf("a slot 3 hours late ran: %v", f.slots)
	}
	if !strings.Contains(logs.String(), "missed while the bot was down") {
		t.Errorf("the skipped slot is not logged:\n%s", logs.String())
	}
	// Down 40 minutes across the third slot: it runs once at start.
	third := slot.AddDate(0, 0, 2)
	if err := newStored(db, f, logs).runStored(ctx, third.Add(40*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if len(f.slots) != 2 || !f.slots[1].Equal(third) {
		t.Errorf("slots run: %v, want the third day's late", f.slots)
	}
	_ = db.View(ctx, func(tx *storage.Tx) error {
		last, _, _ := tx.LastSlot(s.ID)
		if !last.Equal(third) {
			t.Errorf("last slot %v, want %v", last, third)
		}
		return nil
	})
	// Paused: nothing runs.
	_ = db.Update(ctx, func(tx *storage.Tx) error { return tx.SetSchedulePaused(s.ID, true) })
	if err := newStored(db, f, logs).runStored(ctx, third.AddDate(0, 0, 1)); err != nil {
		t.Fatal(err)
	}
	if len(f.slots) != 2 {
		t.Errorf("a paused schedule ran: %v", f.slots)
	}
}

// interrupted is Jobs whose first RunSchedule runs out of time.
type interrupted struct {
	*fakeEscalator
	first bool
}

func (f *interrupted) RunSchedule(ctx context.Context, s storage.Schedule, slot time.Time) (int, error) {
	if !f.first {
		f.first = true
		return 0, context.DeadlineExceeded
	}
	return f.fakeEscalator.RunSchedule(ctx, s, slot)
}

// TestInterruptedRunGoesOn: a run that ran out of time (or was stopped)
// goes on at the next look, within the catch-up, once; a restart too.
func TestInterruptedRunGoesOn(t *testing.T) {
	db, f, logs, _ := storedEnv(t)
	ctx := context.Background()
	slot := time.Date(2026, 12, 1, 1, 0, 0, 0, time.UTC)
	jobs := &interrupted{fakeEscalator: f}
	sch := New(Config{App: jobs, DB: db, Location: time.UTC, Log: slog.New(slog.NewTextHandler(logs, nil))})
	if err := sch.runStored(ctx, slot.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if len(f.slots) != 0 {
		t.Fatalf("ran %v, want the interrupted run only", f.slots)
	}
	// A restart: the new scheduler goes on with the run.
	if err := newStored(db, f, logs).runStored(ctx, slot.Add(6*time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := newStored(db, f, logs).runStored(ctx, slot.Add(11*time.Second)); err != nil {
		t.Fatal(err)
	}
	if len(f.slots) != 1 || !f.slots[0].Equal(slot) {
		t.Errorf("slots run: %v, want the interrupted one once more", f.slots)
	}
}
