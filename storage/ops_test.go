package storage

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestOps checks the operator's figures against what the test put in:
// messages by platform and lane, residents, a failed scheduled run, and
// the files' sizes.
func TestOps(t *testing.T) {
	db, clock := openSample(t)
	ctx := context.Background()
	enqueue(t, db,
		OutboxMessage{ChatID: "1", Payload: []byte("{}")},
		OutboxMessage{ChatID: "2", Payload: []byte("{}")},
		OutboxMessage{ChatID: "3", Priority: 5, Payload: []byte("{}")},
		OutboxMessage{Platform: "zalo", ChatID: "z", Payload: []byte("{}")})
	sent := enqueue(t, db, OutboxMessage{ChatID: "4", Payload: []byte("{}")})
	claim(t, db, 10)
	if err := db.MarkSent(ctx, sent[0], "m1"); err != nil {
		t.Fatal(err)
	}
	update(t, db, func(tx *Tx) error {
		for _, id := range []string{"10", "11"} {
			if _, err := tx.TouchResident("telegram", id, id, "Cư dân", "", "vi"); err != nil {
				return err
			}
		}
		return nil
	})
	unit := unitID(t, db, "HN-TM-T01")
	update(t, db, func(tx *Tx) error {
		s, err := tx.CreateSchedule(Schedule{UnitID: unit, Kind: ScheduleDigest, Spec: "0 8 * * *", TZ: "Asia/Ho_Chi_Minh"})
		if err != nil {
			return err
		}
		slot := clock.Now().Add(-time.Hour)
		if _, err := tx.ClaimRun(s.ID, slot, RunRunning, ""); err != nil {
			return err
		}
		return tx.FinishRun(s.ID, slot, RunFailed, "the test failed it")
	})

	o, err := db.Ops(ctx, clock.Now().Add(-24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	want := []Backlog{{"telegram", false, 2}, {"telegram", true, 1}, {"zalo", false, 1}}
	if len(o.Backlog) != len(want) {
		t.Fatalf("Backlog = %+v, want %+v", o.Backlog, want)
	}
	for i := range want {
		if o.Backlog[i] != want[i] {
			t.Errorf("Backlog[%d] = %+v, want %+v", i, o.Backlog[i], want[i])
		}
	}
	if o.Residents != 2 {
		t.Errorf("Residents = %d, want 2", o.Residents)
	}
	if o.Runs[RunFailed] != 1 || o.Runs[RunOK] != 0 {
		t.Errorf("Runs = %v, want one failed", o.Runs)
	}
	if o.DBBytes <= 0 || o.WALBytes <= 0 {
		t.Errorf("file sizes = %d, %d; want both above 0", o.DBBytes, o.WALBytes)
	}
	if later, _ := db.Ops(ctx, clock.Now().Add(time.Minute)); later.Runs[RunFailed] != 0 {
		t.Errorf("runs since a minute from now = %v, want none", later.Runs)
	}
	if err := db.Ping(ctx); err != nil {
		t.Errorf("Ping = %v", err)
	}
	db.Close()
	if err := db.Ping(ctx); err == nil || errors.Is(err, context.Canceled) {
		t.Errorf("Ping of a closed database = %v, want an error", err)
	}
}
