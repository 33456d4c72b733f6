package handlers

import (
	"context"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// doseReminderHour is the local hour from which the reminders of next
// doses go out; doseReminderBatch bounds the reminders of one run.
const (
	doseReminderHour  = 8
	doseReminderBatch = 500
)

// RunDoseReminders reminds each person whose next vaccine dose is due
// today, or was due while the bot was down, once, from 08:00 in the
// deployment's time zone; it returns how many messages it queued.
func (a *App) RunDoseReminders(ctx context.Context, now time.Time) (int, error) {
	local := now.In(a.TZ)
	if local.Hour() < doseReminderHour {
		return 0, nil
	}
	today := local.Format(time.DateOnly)
	n := 0
	err := a.DB.Update(ctx, func(tx *storage.Tx) error {
		due, err := tx.DueForReminder(today, doseReminderBatch)
		if err != nil {
			return err
		}
		b := &bot.Batch{}
		for _, d := range due {
			r, err := tx.ResidentByID(d.ResidentID)
			if err != nil {
				return err
			}
			who := a.Catalog.Text(a.recipientOf(r).Lang, "vaccine.you_in_text")
			if d.DependantID != 0 {
				family, err := tx.DependantsOf(r.ID)
				if err != nil {
					return err
				}
				for _, f := range family {
					if f.ID == d.DependantID {
						who = f.Name
					}
				}
			}
			a.tellResident(b, r, "vaccine.due_reminder", showDay(d.DueOn), who)
			if err := tx.MarkDoseReminded(d.ResidentID, d.DependantID); err != nil {
				return err
			}
		}
		n = len(b.Outgoing())
		return enqueueAll(tx, b.Outgoing())
	})
	return n, err
}
