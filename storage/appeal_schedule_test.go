package storage

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestScheduledAppeals(t *testing.T) {
	db, clock := openSample(t)
	ctx := context.Background()
	ward := unitID(t, db, "HN-TM")
	hash, err := db.PutMedia(ctx, "image/jpeg", []byte("a photo of the clean-up"))
	if err != nil {
		t.Fatal(err)
	}
	var sender Resident
	var tmpl AppealTemplate
	var sched Schedule
	once := time.Date(2021, 8, 2, 0, 30, 0, 0, time.UTC)
	update(t, db, func(tx *Tx) error {
		var err error
		if sender, err = tx.TouchResident("telegram", "1", "1", "Lan", "", "vi"); err != nil {
			return err
		}
		good := AppealTemplate{SenderID: sender.ID, UnitID: ward, Audience: AudienceResidents,
			Text: "Bà con chú ý.", Photo: "AgAC1", PhotoPlatform: "telegram", PhotoMedia: hash, Lang: LangVietnamese}
		for label, bad := range map[string]struct {
			t AppealTemplate
			s Schedule
		}{
			"an unknown audience":      {AppealTemplate{UnitID: ward, Audience: "everyone", Text: "x"}, Schedule{Spec: "0 8 * * *", TZ: "UTC"}},
			"no text":                  {AppealTemplate{UnitID: ward, Audience: AudienceAll}, Schedule{Spec: "0 8 * * *", TZ: "UTC"}},
			"an unknown unit":          {AppealTemplate{UnitID: 99999, Audience: AudienceAll, Text: "x"}, Schedule{Spec: "0 8 * * *", TZ: "UTC"}},
			"both a spec and a time":   {good, Schedule{Spec: "0 8 * * *", OnceAt: once, TZ: "UTC"}},
			"neither spec nor time":    {good, Schedule{TZ: "UTC"}},
			"an unknown time zone":     {good, Schedule{OnceAt: once, TZ: "Mars/Olympus"}},
			"a photo with no platform": {AppealTemplate{UnitID: ward, Audience: AudienceAll, Text: "x", Photo: "p"}, Schedule{OnceAt: once, TZ: "UTC"}},
		} {
			if _, _, err := tx.CreateScheduledAppeal(bad.t, bad.s); !errors.Is(err, ErrInvalid) {
				t.Errorf("%s: %v, want ErrInvalid", label, err)
			}
		}
		tmpl, sched, err = tx.CreateScheduledAppeal(good, Schedule{Kind: ScheduleReminder, OnceAt: once,
			TZ: "Asia/Ho_Chi_Minh", OwnerID: sender.ID})
		return err
	})
	if sched.Kind != ScheduleAppeal || sched.UnitID != ward || sched.Target != "1" || !sched.OnceAt.Equal(once) ||
		sched.Spec != "" || tmpl.ID != 1 || tmpl.SenderID != sender.ID || tmpl.PhotoMedia != hash {
		t.Fatalf("saved %+v and %+v", tmpl, sched)
	}
	// The template's photo is kept as long as the template.
	clock.Advance(30 * 24 * time.Hour)
	if n, err := db.PruneMedia(ctx, clock.Now()); err != nil || n != 0 {
		t.Errorf("PruneMedia removed %d (%v), want the template's photo kept", n, err)
	}
	update(t, db, func(tx *Tx) error {
		got, err := tx.AppealTemplateOf(sched)
		if err != nil || got != tmpl {
			t.Errorf("AppealTemplateOf = %+v, %v; want %+v", got, err, tmpl)
		}
		if _, err := tx.AppealTemplateOf(Schedule{Kind: ScheduleReminder, Target: "1"}); !errors.Is(err, ErrInvalid) {
			t.Errorf("the template of a reminder: %v", err)
		}
		if _, err := tx.AppealTemplateOf(Schedule{Kind: ScheduleAppeal, Target: "7"}); !errors.Is(err, ErrNotFound) {
			t.Errorf("an unknown template: %v", err)
		}
		if _, err := tx.ScheduledAppealRun(sched.ID, once); !errors.Is(err, ErrNotFound) {
			t.Errorf("a slot not run: %v", err)
		}
		a, err := tx.CreateAppeal(tmpl.Appeal())
		if err != nil {
			return err
		}
		if err := tx.RecordScheduledAppealRun(sched.ID, once, a.ID); err != nil {
			return err
		}
		if err := tx.RecordScheduledAppealRun(sched.ID, once, a.ID); !errors.Is(err, ErrConflict) {
			t.Errorf("a slot recorded twice: %v", err)
		}
		if id, err := tx.ScheduledAppealRun(sched.ID, once); err != nil || id != a.ID {
			t.Errorf("the slot's appeal: %d, %v; want %d", id, err, a.ID)
		}
		return nil
	})

	// A sender forgotten: the template stays, without them.
	update(t, db, func(tx *Tx) error {
		if _, err := tx.ForgetResident(sender.ID); err != nil {
			return err
		}
		got, err := tx.AppealTemplateByID(tmpl.ID)
		if err != nil || got.SenderID != 0 || got.Text != tmpl.Text {
			t.Errorf("after forgetting the sender: %+v, %v", got, err)
		}
		return nil
	})
}
