package handlers

import (
	"context"
	"fmt"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// ReminderChunk is how many reminders one transaction writes to the
// outbox: the writer is held for a few milliseconds at a time, and
// replies keep flowing while a whole city is reminded.
const ReminderChunk = 250

// RunSchedule runs the slot of a schedule and returns how many messages
// it queued. A check-in reminder goes to the residents of the unit and
// the units below it who have not checked in on the slot's local day and
// have not stopped the bot, as bulk traffic behind replies. A scheduled
// appeal queues one appeal for the slot, as a confirmed /appeal is
// queued (quiet hours respected unless urgent), once however often the
// slot is run, and tells its owner.
func (a *App) RunSchedule(ctx context.Context, s storage.Schedule, slot time.Time) (int, error) {
	switch s.Kind {
	case storage.ScheduleReminder:
		return a.remindCheckin(ctx, s, slot)
	case storage.ScheduleDigest:
		return a.runDigest(ctx, s, slot)
	case storage.ScheduleAppeal:
		return a.runScheduledAppeal(ctx, s, slot)
	}
	return 0, fmt.Errorf("schedule %d: this version cannot run a %q schedule", s.ID, s.Kind)
}

// remindCheckin queues the check-in reminders of a slot, a chunk per
// transaction behind a cursor of resident ids kept with the run, so that
// a run interrupted (a stop, a crash, its time limit) goes on from there
// when resumed.
func (a *App) remindCheckin(ctx context.Context, s storage.Schedule, slot time.Time) (int, error) {
	var unit storage.Unit
	if err := a.DB.View(ctx, func(tx *storage.Tx) error {
		var err error
		unit, err = tx.UnitByID(s.UnitID)
		return err
	}); err != nil {
		return 0, fmt.Errorf("reminder of schedule %d: %w", s.ID, err)
	}
	day := a.localDay(unit, slot)
	shown := slot.In(a.location(unit)).Format("02/01/2006")
	total, after := 0, int64(0)
	if err := a.DB.View(ctx, func(tx *storage.Tx) error { // a run resumed goes on where it stopped
		var err error
		after, err = tx.RunCursor(s.ID, slot)
		return err
	}); err != nil {
		return 0, fmt.Errorf("reminder of schedule %d: %w", s.ID, err)
	}
	for {
		var n int
		err := a.DB.Update(ctx, func(tx *storage.Tx) error {
			list, err := tx.ReminderChunk(unit.ID, day, after, ReminderChunk)
			if err != nil {
				return err
			}
			n = len(list)
			for _, r := range list {
				lang := a.langFor(r.Language, r.PlatformLanguage)
				m := bot.Outgoing{Kind: bot.OutSend, Platform: r.Platform, ChatID: r.ChatID, Lang: lang,
					Text: a.Catalog.Text(lang, "reminder.checkin", shown), Priority: bot.PriorityBulk,
					ResidentID: r.ResidentID}
				if err := enqueue(tx, m); err != nil {
					return err
				}
				if err := tx.MarkReminded(r.ResidentID, day); err != nil {
					return err
				}
				after = r.ResidentID
			}
			return tx.SetRunCursor(s.ID, slot, after)
		})
		if err != nil {
			return total, fmt.Errorf("reminder of schedule %d: %w", s.ID, err)
		}
		total += n
		if n < ReminderChunk {
			return total, nil
		}
	}
}
