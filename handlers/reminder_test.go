package handlers_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/handlers"
	"github.com/chungsuc/chungsuc/storage"
)

// TestCheckinReminderReachesOnlyThoseWhoHaveNotCheckedIn: a ward's 08:00
// reminder goes to its residents (groups below included) who have not
// checked in that local day and have not stopped; not to those who did,
// nor to those who stopped, nor to another ward; on their messenger.
func TestCheckinReminderReachesOnlyThoseWhoHaveNotCheckedIn(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ImportSample(ctx); err != nil {
		t.Fatal(err)
	}
	slot := time.Date(2026, 12, 2, 1, 0, 0, 0, time.UTC) // 08:00 in Hà Nội
	db.Now = func() time.Time { return slot }
	var ward storage.Unit
	err = db.Update(ctx, func(tx *storage.Tx) error {
		ward, _ = tx.UnitByCode("HN-TM")
		t01, _ := tx.UnitByCode("HN-TM-T01")
		other, _ := tx.UnitByCode("HN-HL-T01")
		join := func(platform, id string, unit storage.Unit) storage.Resident {
			r, err := tx.TouchResident(platform, id, id, "Cư dân "+id, "", "vi")
			if err != nil {
				t.Fatal(err)
			}
			if err := tx.SetResidentUnit(r.ID, unit.ID); err != nil {
				t.Fatal(err)
			}
			return r
		}
		done := join("telegram", "1", t01)
		join("telegram", "2", t01) // has not checked in
		stopped := join("telegram", "3", t01)
		join("telegram", "4", other)
		join("zalo", "z5", t01) // has not checked in, on Zalo
		yesterday := join("telegram", "6", t01)
		if _, _, err := tx.SaveCheckin(storage.Checkin{ResidentID: done.ID, UnitID: t01.ID, Day: "2026-12-02",
			Health: storage.HealthWell, Need: storage.NeedNone}); err != nil {
			return err
		}
		if _, _, err := tx.SaveCheckin(storage.Checkin{ResidentID: yesterday.ID, UnitID: t01.ID, Day: "2026-12-01",
			Health: storage.HealthWell, Need: storage.NeedNone}); err != nil {
			return err
		}
		return tx.SetResidentStopped(stopped.ID, true)
	})
	if err != nil {
		t.Fatal(err)
	}
	app := handlers.New(handlers.Config{DB: db, Lang: "vi", Platforms: testPlatforms, Now: func() time.Time { return slot }})
	n, err := app.RunSchedule(ctx, storage.Schedule{ID: 1, Kind: storage.ScheduleReminder, UnitID: ward.ID,
		Spec: "0 8 * * *", TZ: "Asia/Ho_Chi_Minh"}, slot)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, platform := range []string{"telegram", "zalo"} {
		msgs, err := db.ClaimOutbox(ctx, platform, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			out, _ := bot.DecodeOutgoing(m.Payload)
			got[platform+":"+m.ChatID] = out.Text
			if m.Priority != bot.PriorityBulk {
				t.Errorf("a reminder ahead of replies: priority %d", m.Priority)
			}
		}
	}
	if n != 3 || len(got) != 3 || got["telegram:2"] == "" || got["zalo:z5"] == "" || got["telegram:6"] == "" {
		t.Errorf("%d reminders to %v, want residents 2, 6 (checked in yesterday) and z5 only", n, got)
	}
	if text := got["telegram:2"]; !strings.Contains(text, "02/12/2026") || !strings.Contains(text, "/khaibao") {
		t.Errorf("the reminder reads %q", text)
	}
	// A second schedule the same day (on a group of the ward): nobody is
	// reminded twice.
	var group storage.Unit
	_ = db.View(ctx, func(tx *storage.Tx) error { group, _ = tx.UnitByCode("HN-TM-T01"); return nil })
	again, err := app.RunSchedule(ctx, storage.Schedule{ID: 2, Kind: storage.ScheduleReminder, UnitID: group.ID,
		Spec: "0 9 * * *", TZ: "Asia/Ho_Chi_Minh"}, slot.Add(time.Hour))
	if err != nil || again != 0 {
		t.Errorf("a second reminder the same day reached %d people (%v), want none", again, err)
	}
}

// TestReminderResumesAfterItsCursor: a run interrupted after reminding
// the first resident goes on with the next ones only.
func TestReminderResumesAfterItsCursor(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ImportSample(ctx); err != nil {
		t.Fatal(err)
	}
	slot := time.Date(2026, 12, 2, 1, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return slot }
	var sched storage.Schedule
	var ids []int64
	err = db.Update(ctx, func(tx *storage.Tx) error {
		t01, _ := tx.UnitByCode("HN-TM-T01")
		for _, id := range []string{"1", "2", "3"} {
			r, err := tx.TouchResident("telegram", id, id, "Cư dân", "", "vi")
			if err != nil {
				return err
			}
			if err := tx.SetResidentUnit(r.ID, t01.ID); err != nil {
				return err
			}
			ids = append(ids, r.ID)
		}
		sched, err = tx.CreateSchedule(storage.Schedule{Kind: storage.ScheduleReminder, UnitID: t01.ID,
			Spec: "0 8 * * *", TZ: "Asia/Ho_Chi_Minh"})
		if err != nil {
			return err
		}
		if _, err := tx.ClaimRun(sched.ID, slot, storage.RunRunning, ""); err != nil {
			return err
		}
		return tx.SetRunCursor(sched.ID, slot, ids[0]) // the first was reminded before the stop
	})
	if err != nil {
		t.Fatal(err)
	}
	app := handlers.New(handlers.Config{DB: db, Lang: "vi", Now: func() time.Time { return slot }})
	n, err := app.RunSchedule(ctx, sched, slot)
	if err != nil || n != 2 {
		t.Fatalf("resumed: %d reminders (%v), want 2", n, err)
	}
	msgs, _ := db.ClaimOutbox(ctx, "telegram", 10)
	for _, m := range msgs {
		if m.ChatID == "1" {
			t.Errorf("the resident reminded before the stop was reminded again")
		}
	}
	_ = db.View(ctx, func(tx *storage.Tx) error {
		if c, _ := tx.RunCursor(sched.ID, slot); c != ids[2] {
			t.Errorf("cursor %d, want %d", c, ids[2])
		}
		return nil
	})
}
