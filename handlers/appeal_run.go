package handlers

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// Sending appeals, a job the scheduler runs every second: expand the
// appeals due into outbox deliveries a chunk at a time, edit each
// sender's progress message at most every ProgressEvery, and close the
// appeals whose deliveries have all ended.
const (
	// AppealChunk is how many deliveries one transaction writes: small
	// enough that replies to residents keep flowing during the expansion.
	AppealChunk = 500
	// appealChunksPerRun bounds one run's expansion, so that progress is
	// shown while a large appeal is still being written.
	appealChunksPerRun = 40
	// ProgressEvery is how often a progress message may change.
	ProgressEvery = 5 * time.Second
	// DefaultRate is the messages per second assumed for estimates when
	// the configuration gives none.
	DefaultRate = 25.0
)

// RunAppeals expands and follows the appeals; it returns how many
// messages it queued (deliveries and progress edits), for the caller to
// wake the dispatcher.
func (a *App) RunAppeals(ctx context.Context) (int, error) {
	return a.appeals.run(ctx)
}

func (ap *Appeals) run(ctx context.Context) (int, error) {
	queued := 0
	for range appealChunksPerRun {
		n, more, err := ap.expand(ctx)
		queued += n
		if err != nil || !more {
			if err != nil {
				return queued, err
			}
			break
		}
	}
	n, err := ap.follow(ctx)
	return queued + n, err
}

// expand writes the next chunk of the appeal being expanded, in one
// transaction; more is false when no appeal waits.
func (ap *Appeals) expand(ctx context.Context) (queued int, more bool, err error) {
	err = ap.DB.Update(ctx, func(tx *storage.Tx) error {
		a, recips, err := tx.NextAppealChunk(AppealChunk)
		if errors.Is(err, storage.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		more = true
		unit, err := tx.UnitByID(a.UnitID)
		if err != nil {
			return fmt.Errorf("appeal unit: %w", err)
		}
		cursor := a.Cursor
		for _, r := range recips {
			m := ap.message(r.Platform, r.ChatID, ap.langFor(r.Language, r.PlatformLanguage), a, unit)
			payload, err := m.Encode()
			if err != nil {
				return err
			}
			if _, err := tx.Enqueue(storage.OutboxMessage{Platform: r.Platform, ChatID: r.ChatID,
				ResidentID: r.ResidentID, Priority: storage.AppealPriority, Kind: string(m.Kind),
				Payload: payload, BatchID: a.ID, NotBefore: a.StartAt}); err != nil {
				return err
			}
			cursor = r.ResidentID
		}
		queued = len(recips)
		return tx.AdvanceAppeal(a.ID, cursor, len(recips), len(recips) < AppealChunk)
	})
	if err != nil {
		return 0, false, fmt.Errorf("expand appeal: %w", err)
	}
	return queued, more, nil
}

// follow edits the progress messages that are due and closes the
// appeals whose deliveries have all ended.
func (ap *Appeals) follow(ctx context.Context) (int, error) {
	queued := 0
	err := ap.DB.Update(ctx, func(tx *storage.Tx) error {
		list, err := tx.ActiveAppeals()
		if err != nil {
			return err
		}
		for _, a := range list {
			n, err := ap.followOne(tx, a)
			if err != nil {
				return err
			}
			queued += n
		}
		return nil
	})
	if err != nil {
		return queued, fmt.Errorf("follow appeals: %w", err)
	}
	return queued, nil
}

// followOne closes a when all its deliveries have ended, and edits its
// progress message if due; it returns how many messages it queued.
func (ap *Appeals) followOne(tx *storage.Tx, a storage.Appeal) (int, error) {
	final := false
	if a.Status == storage.AppealSending {
		f, err := tx.AppealFigures(a.ID)
		if err != nil {
			return 0, err
		}
		if f.Pending+f.Sending == 0 {
			if err := tx.FinishAppeal(a.ID, f); err != nil {
				return 0, err
			}
			if a, err = tx.AppealByID(a.ID); err != nil {
				return 0, err
			}
			final = true
		}
	}
	if a.ProgressChat == "" || a.ProgressMessageID == "" {
		return 0, nil
	}
	if !final && tx.Now.Sub(a.ProgressAt) < ProgressEvery {
		return 0, nil
	}
	lang := ap.langFor(a.Lang, "")
	text, kb, err := ap.progress(tx, a, lang)
	if err != nil || text == a.ProgressText {
		return 0, err
	}
	if err := enqueue(tx, bot.Outgoing{Kind: bot.OutEdit, Platform: a.ProgressPlatform, ChatID: a.ProgressChat,
		MessageID: a.ProgressMessageID, Lang: lang, Text: text, Keyboard: kb, ResidentID: a.SenderID,
		EditOnly: !final}); err != nil { // a messenger without edits gets the end, not every figure
		return 0, err
	}
	if err := tx.SetAppealProgress(a.ID, a.ProgressPlatform, a.ProgressChat, a.ProgressMessageID, tx.Now, text); err != nil {
		return 0, err
	}
	return 1, nil
}

// progress renders an appeal's progress message in lang, with the
// button that cancels it while it runs or waits.
func (ap *Appeals) progress(tx *storage.Tx, a storage.Appeal, lang string) (string, *bot.Keyboard, error) {
	text, err := ap.summary(tx, a, lang)
	if err != nil || !a.Active() {
		return text, nil, err
	}
	text += "\n" + ap.Catalog.Text(lang, "appeal.updated", tx.Now.In(ap.TZ).Format("15:04:05"))
	label := "appeal.cancel_button"
	if a.Kind == storage.AppealKindExample {
		label = "appeal.cancel_button_example"
	}
	kb := bot.Inline(bot.Row(ap.Messages.ButtonFor(ap.senderUserID(tx, a), ap.Catalog.Text(lang, label),
		actAppealCancel, fmt.Sprint(a.ID))))
	return text, kb, nil
}

// senderUserID is the platform user id the sender's buttons are signed
// for.
func (ap *Appeals) senderUserID(tx *storage.Tx, a storage.Appeal) string {
	if r, err := tx.ResidentByID(a.SenderID); err == nil {
		return r.UserID
	}
	return ""
}

// summary describes an appeal and where it stands, in lang.
func (ap *Appeals) summary(tx *storage.Tx, a storage.Appeal, lang string) (string, error) {
	unit, err := tx.UnitByID(a.UnitID)
	if err != nil {
		return "", fmt.Errorf("appeal unit: %w", err)
	}
	t := func(key string, args ...any) string { return ap.Catalog.Text(lang, key, args...) }
	head := t("appeal.summary", idText(a.ID), unit.Name, HTML(t("appeal.audience_name."+a.Audience)),
		ap.localTime(unit, a.CreatedAt), excerpt(bot.PlainText(a.Text), 60))
	if a.Urgent {
		head += " " + t("appeal.urgent_mark")
	}
	switch a.Status {
	case storage.AppealDone:
		return head + "\n" + t("appeal.done", a.Sent, a.Failed, a.Blocked), nil
	case storage.AppealCancelled:
		sent := a.Sent // as counted at the cancellation; requests then in flight arrive after
		if f, err := tx.AppealFigures(a.ID); err == nil {
			sent = max(sent, f.Sent+f.Sending)
		}
		return head + "\n" + t("appeal.cancelled_line", sent, a.Dropped+max(a.Total-a.Expanded, 0)), nil
	}
	if a.StartAt.After(tx.Now) && a.Status == storage.AppealQueued {
		return head + "\n" + t("appeal.waiting", a.Total, ap.localTime(unit, a.StartAt)), nil
	}
	f, err := tx.AppealFigures(a.ID)
	if err != nil {
		return "", err
	}
	left := max(a.Total-f.Sent-f.Failed-f.Blocked-f.Cancelled, 0)
	return head + "\n" + t("appeal.running", f.Sent, a.Total, f.Failed, f.Blocked, left,
		HTML(ap.about(lang, ap.sendTime(left)))), nil
}
