package storage

import (
	"errors"
	"testing"
	"time"
)

func TestSchedulesAndTheirRuns(t *testing.T) {
	db, _ := openSample(t)
	var s Schedule
	update(t, db, func(tx *Tx) error {
		u, err := tx.UnitByCode("HN-TM")
		if err != nil {
			return err
		}
		for _, bad := range []Schedule{
			{Kind: "party", UnitID: u.ID, Spec: "0 8 * * *", TZ: "Asia/Ho_Chi_Minh"},
			{Kind: ScheduleReminder, UnitID: u.ID, TZ: "Asia/Ho_Chi_Minh"},
			{Kind: ScheduleReminder, UnitID: u.ID, Spec: "0 8 * * *", OnceAt: tx.Now, TZ: "Asia/Ho_Chi_Minh"},
			{Kind: ScheduleReminder, UnitID: u.ID, Spec: "0 8 * * *", TZ: "Mars/Olympus"},
		} {
			if _, err := tx.CreateSchedule(bad); !errors.Is(err, ErrInvalid) {
				t.Errorf("CreateSchedule(%+v) = %v, want ErrInvalid", bad, err)
			}
		}
		if _, err := tx.CreateSchedule(Schedule{Kind: ScheduleReminder, UnitID: 99999, Spec: "0 8 * * *", TZ: "UTC"}); !errors.Is(err, ErrNotFound) {
			t.Errorf("an unknown unit: %v", err)
		}
		s, err = tx.CreateSchedule(Schedule{Kind: ScheduleReminder, UnitID: u.ID, Spec: " 0 8 * * * ", TZ: "Asia/Ho_Chi_Minh"})
		return err
	})
	if s.ID == 0 || s.Spec != "0 8 * * *" || s.CreatedAt.IsZero() {
		t.Fatalf("saved %+v", s)
	}
	slot := time.Date(2026, 12, 2, 1, 0, 0, 0, time.UTC)
	update(t, db, func(tx *Tx) error {
		if _, ok, _ := tx.LastSlot(s.ID); ok {
			t.Errorf("a last slot before any run")
		}
		if ok, err := tx.ClaimRun(s.ID, slot, RunRunning, ""); err != nil || !ok {
			t.Errorf("first claim: %v %v", ok, err)
		}
		if ok, err := tx.ClaimRun(s.ID, slot, RunRunning, ""); err != nil || ok {
			t.Errorf("the same slot claimed twice: %v %v", ok, err)
		}
		if err := tx.FinishRun(s.ID, slot, RunOK, "12 reminders"); err != nil {
			t.Error(err)
		}
		if last, ok, _ := tx.LastSlot(s.ID); !ok || !last.Equal(slot) {
			t.Errorf("last slot %v %v", last, ok)
		}
		if err := tx.SetSchedulePaused(s.ID, true); err != nil {
			t.Error(err)
		}
		list, _ := tx.Schedules()
		if len(list) != 1 || !list[0].Paused {
			t.Errorf("schedules: %+v", list)
		}
		if err := tx.DeleteSchedule(s.ID); err != nil {
			t.Error(err)
		}
		if err := tx.DeleteSchedule(s.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("deleted twice: %v", err)
		}
		if list, _ := tx.Schedules(); len(list) != 0 {
			t.Errorf("a deleted schedule is listed: %+v", list)
		}
		return nil
	})
}
