package handlers

// /appeals and cancelling an appeal: the list of recent appeals with their
// figures, and the cancellation (asked, confirmed, its progress closed).

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// mayCancel reports whether the sender may cancel appeal a: its sender,
// a coordinator of its unit or above, or an administrator.
func (ap *Appeals) mayCancel(s *session, a storage.Appeal) (bool, error) {
	if s.isAdmin() || a.SenderID != 0 && a.SenderID == s.res.ID {
		return true, nil
	}
	scope, err := s.tx.ScopeOf(s.res.ID, storage.RoleCoordinator)
	if err != nil {
		return false, fmt.Errorf("coordinator scope: %w", err)
	}
	return covers(s.tx, scope, a.UnitID)
}

// appealByParam loads the appeal a button names, checking that the
// sender may act on it.
func (ap *Appeals) appealByParam(c *bot.Context, s *session) (storage.Appeal, bool, error) {
	id, ok := paramID(c)
	if !ok {
		return storage.Appeal{}, false, nil
	}
	a, err := s.tx.AppealByID(id)
	if isNotFound(err) {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return a, false, nil
	}
	if err != nil {
		return a, false, fmt.Errorf("load appeal: %w", err)
	}
	if may, err := ap.mayCancel(s, a); err != nil || !may {
		if err == nil {
			err = ap.refuse(c, s, "appeal_cancel", a.UnitID, storage.AppealRef(a.ID))
		}
		return a, false, err
	}
	if !a.Active() {
		c.Answer(c.T("appeal.over"), true)
		return a, false, nil
	}
	return a, true, nil
}

// onCancel asks to confirm cancelling an appeal.
func (ap *Appeals) onCancel(ctx context.Context, c *bot.Context, s *session) error {
	a, ok, err := ap.appealByParam(c, s)
	if err != nil || !ok {
		return err
	}
	id := strconv.FormatInt(a.ID, 10)
	c.Send(c.T("appeal.cancel_ask", idText(a.ID)), bot.Inline(bot.Row(
		c.Button(c.T("appeal.cancel_yes"), actAppealCancelOK, id), c.Button(c.T("appeal.cancel_no"), actAppealKeep, id))))
	return nil
}

// onCancelOK cancels the appeal: what is not sent yet is dropped, and the
// sender is told how much.
func (ap *Appeals) onCancelOK(ctx context.Context, c *bot.Context, s *session) error {
	a, ok, err := ap.appealByParam(c, s)
	if err != nil || !ok {
		return err
	}
	_, err = s.tx.CancelAppeal(a.ID, s.res.ID)
	if errors.Is(err, storage.ErrConflict) {
		c.Edit(c.T("appeal.over"), nil)
		return nil
	}
	if err != nil {
		return fmt.Errorf("cancel appeal: %w", err)
	}
	f, err := s.tx.AppealFigures(a.ID)
	if err != nil {
		return err
	}
	// Sent: delivered, or in flight (a request already started finishes).
	// Not to get it: deliveries dropped, and recipients the appeal had not
	// been written out to yet.
	left := f.Cancelled + max(a.Total-a.Expanded, 0)
	c.Edit(c.T("appeal.cancelled", idText(a.ID), f.Sent+f.Sending, left), nil)
	if err := ap.audit(s, storage.AuditEntry{Action: storage.AuditAppealCancel, UnitID: a.UnitID,
		Target: storage.AppealRef(a.ID), Outcome: storage.AuditOK, Detail: strconv.Itoa(left)}); err != nil {
		return err
	}
	return ap.closeProgress(c, s.tx, a.ID)
}

// closeProgress shows an appeal's end on its progress message (which no
// longer offers to cancel it): the runner follows active appeals only.
func (ap *Appeals) closeProgress(q bot.Queue, tx *storage.Tx, id int64) error {
	a, err := tx.AppealByID(id)
	if err != nil {
		return fmt.Errorf("cancelled appeal: %w", err)
	}
	if a.ProgressChat == "" || a.ProgressMessageID == "" {
		return nil
	}
	lang := ap.langFor(a.Lang, "")
	text, kb, err := ap.progress(tx, a, lang)
	if err != nil {
		return err
	}
	q.Queue(bot.Outgoing{Kind: bot.OutEdit, Platform: a.ProgressPlatform, ChatID: a.ProgressChat,
		MessageID: a.ProgressMessageID, Lang: lang, Text: text, Keyboard: kb, ResidentID: a.SenderID})
	return tx.SetAppealProgress(a.ID, a.ProgressPlatform, a.ProgressChat, a.ProgressMessageID, tx.Now, text)
}

// onKeep leaves the appeal running.
func (ap *Appeals) onKeep(ctx context.Context, c *bot.Context, s *session) error {
	c.Edit(c.T("appeal.kept"), nil)
	return nil
}

// appeals lists the recent appeals of the sender's units with their
// figures, and a button to cancel each one still running or waiting.
func (ap *Appeals) appeals(ctx context.Context, c *bot.Context, s *session) error {
	scope, err := ap.scopeOf(s, storage.RoleCoordinator)
	if err != nil {
		return err
	}
	list, err := s.tx.AppealsIn(scope, appealsListed)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		c.Send(c.T("appeals.none"), nil)
		return nil
	}
	var b strings.Builder
	b.WriteString(c.T("appeals.title"))
	var rows [][]bot.Button
	for _, a := range list {
		line, err := ap.summary(s.tx, a, c.Lang)
		if err != nil {
			return err
		}
		b.WriteString("\n\n" + line)
		if a.Active() {
			rows = append(rows, bot.Row(c.Button(c.T("appeals.cancel", idText(a.ID)), actAppealCancel, strconv.FormatInt(a.ID, 10))))
		}
	}
	var kb *bot.Keyboard
	if len(rows) > 0 {
		kb = bot.Inline(rows...)
	}
	c.Send(b.String(), kb)
	return nil
}
