package handlers

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// Alerts about the bot itself, to its administrators.
const (
	AlertDiskFull    = "ops.disk_full"    // the database cannot store updates: the disk is full
	AlertCannotWrite = "ops.cannot_write" // nor can it when its file or disk is read-only, or failing
	AlertWriteBack   = "ops.write_back"   // it can again
)

// AdminAlerts returns the message of alert (AlertDiskFull, …) to each
// administrator on a messenger this bot serves, in their language. It only
// reads: it works while the disk is full, when the program sends these
// messages itself, the outbox being out of reach.
func (a *App) AdminAlerts(ctx context.Context, alert string) ([]bot.Outgoing, error) {
	var out []bot.Outgoing
	err := a.DB.View(ctx, func(tx *storage.Tx) error {
		var err error
		out, err = a.adminAlerts(tx, alert)
		return err
	})
	return out, err
}

// QueueAdminAlerts writes the message of alert to each administrator to
// the outbox, and returns how many.
func (a *App) QueueAdminAlerts(ctx context.Context, alert string) (int, error) {
	n := 0
	err := a.DB.Update(ctx, func(tx *storage.Tx) error {
		out, err := a.adminAlerts(tx, alert)
		if err != nil {
			return err
		}
		n = len(out)
		return enqueueAll(tx, out)
	})
	return n, err
}

// adminAlerts builds the messages of alert, by platform and chat.
func (a *App) adminAlerts(tx *storage.Tx, alert string) ([]bot.Outgoing, error) {
	var out []bot.Outgoing
	s := &session{core: a.core, tx: tx}
	for platform := range a.Platforms {
		admins, err := a.admins(s, platform)
		if err != nil {
			return nil, fmt.Errorf("alert %s: %w", alert, err)
		}
		for _, r := range admins {
			out = append(out, bot.Outgoing{Kind: bot.OutSend, Platform: r.Platform, ChatID: r.ChatID, Lang: r.Lang,
				ResidentID: r.ResidentID, Text: a.Catalog.Text(r.Lang, alert)})
		}
	}
	slices.SortFunc(out, func(x, y bot.Outgoing) int {
		return cmp.Or(cmp.Compare(x.Platform, y.Platform), cmp.Compare(x.ChatID, y.ChatID))
	})
	return out, nil
}
