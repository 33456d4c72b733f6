package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// The review of good-deed reports by the coordinators of the reporter's
// unit (or of a unit above it), or by an administrator: approve, reject
// with a reason, or commend.
const (
	flowDeedReject    = "deedreject"
	actDeedApprove    = "da" // deed id
	actDeedReject     = "dr" // deed id: asks for the reason
	actDeedCommend    = "dm" // deed id
	actDeedRejectStop = "dz" // nonce: do not reject after all

	deedReasonMin, deedReasonMax = 5, 500
)

// rejectDraft is the rejection being written: the deed, and the notice
// whose "reject" button was pressed, to show the result on it.
type rejectDraft struct {
	DeedID    int64  `json:"deed"`
	MessageID string `json:"msg,omitempty"`
	// Caption: the notice is a photo whose caption shows the report (a
	// draft begun before it was told is taken for a text).
	Caption bool `json:"caption,omitempty"`
	// InQueue: the report was shown by /review, whose next report follows.
	InQueue bool `json:"queue,omitempty"`
}

// reviewKeyboard is the decision buttons a coordinator (userID, reading
// lang) gets under a report: all three while it is pending, "commend"
// once it is approved, none after that.
func (rv *Review) reviewKeyboard(mk buttonFunc, userID, lang string, d storage.Deed) *bot.Keyboard {
	return rv.keyboard(mk, userID, lang, d, false)
}

// keyboard is reviewKeyboard; inQueue marks the buttons of a report shown
// by /review, whose decision brings the next report, with a Skip button.
// A commended report not yet published gets the button that publishes it.
func (rv *Review) keyboard(mk buttonFunc, userID, lang string, d storage.Deed, inQueue bool) *bot.Keyboard {
	params := []string{strconv.FormatInt(d.ID, 10)}
	if inQueue {
		params = append(params, inQueueParam)
	}
	button := func(key, action string) bot.Button {
		return mk(userID, rv.Catalog.Text(lang, key), action, params...)
	}
	switch d.Status {
	case storage.DeedPending:
		last := bot.Row(button("deed.reject", actDeedReject))
		if inQueue {
			last = append(last, mk(userID, rv.Catalog.Text(lang, "review.skip"), actReviewSkip, params[0]))
		}
		return bot.Inline(bot.Row(button("deed.approve", actDeedApprove), button("deed.commend", actDeedCommend)), last)
	case storage.DeedApproved:
		return bot.Inline(bot.Row(button("deed.commend", actDeedCommend)))
	case storage.DeedCommended:
		if d.PublishedAppealID == 0 {
			return bot.Inline(bot.Row(mk(userID, rv.Catalog.Text(lang, "publish.button"), actPublishAsk, params[0])))
		}
	}
	return nil
}

// canReview reports whether the sender may decide on d: a coordinator of
// its unit or of a unit above, or an administrator.
func (rv *Review) canReview(s *session, d storage.Deed) (bool, error) {
	if d.ResidentID != 0 && d.ResidentID == s.res.ID {
		return false, nil // nobody decides on their own report
	}
	if s.isAdmin() {
		return true, nil
	}
	ok, err := s.tx.HasRoleOver(s.res.ID, storage.RoleCoordinator, d.UnitID)
	if err != nil {
		return false, fmt.Errorf("review role: %w", err)
	}
	return ok, nil
}

// reviewable loads the deed a decision button names and checks, now, that
// the presser may decide on it; otherwise it answers why not.
func (rv *Review) reviewable(c *bot.Context, s *session) (storage.Deed, bool, error) {
	id, ok := parseID(c.Params, 0)
	if !ok {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return storage.Deed{}, false, nil
	}
	d, err := s.tx.DeedByID(id)
	if errors.Is(err, storage.ErrNotFound) {
		c.Answer(c.T("deed.not_found"), true)
		return storage.Deed{}, false, nil
	}
	if err != nil {
		return storage.Deed{}, false, fmt.Errorf("review deed: %w", err)
	}
	if ok, err := rv.canReview(s, d); err != nil || !ok {
		if err == nil {
			c.Answer(c.T("deed.not_allowed"), true)
			err = rv.audit(s, storage.AuditEntry{Action: storage.AuditScopeDenied, UnitID: d.UnitID,
				Target: storage.DeedRef(d.ID), Outcome: storage.AuditRefused, Detail: "review"})
		}
		return storage.Deed{}, false, err
	}
	return d, true, nil
}

// inQueueParam marks a decision button shown by /review.
const inQueueParam = "q"

// fromQueue reports whether a pressed decision button was shown by
// /review (its second param).
func fromQueue(c *bot.Context) bool { return len(c.Params) > 1 && c.Params[1] == inQueueParam }

// auditDecision records a decision on d, or a decision refused because
// someone decided first.
func (rv *Review) auditDecision(s *session, d storage.Deed, status string, refused bool) error {
	e := storage.AuditEntry{Action: auditDeedAction[status], UnitID: d.UnitID, SubjectID: d.ResidentID,
		Target: storage.DeedRef(d.ID), Outcome: storage.AuditOK}
	if refused {
		e.Outcome, e.Detail = storage.AuditRefused, "decided"
	}
	return rv.audit(s, e)
}

// auditDeedAction is the audit action of each decision.
var auditDeedAction = map[string]string{storage.DeedApproved: storage.AuditDeedApprove,
	storage.DeedRejected: storage.AuditDeedReject, storage.DeedCommended: storage.AuditDeedCommend}

// decideByButton returns the handler of "approve" or "commend": it
// decides, tells the reporter, and shows the result on the notice.
func (rv *Review) decideByButton(status string) handler {
	return func(ctx context.Context, c *bot.Context, s *session) error {
		d, ok, err := rv.reviewable(c, s)
		if err != nil || !ok {
			return err
		}
		decided, err := s.tx.DecideDeed(d.ID, status, "", s.res.ID)
		if errors.Is(err, storage.ErrConflict) {
			if err := rv.auditDecision(s, d, status, true); err != nil {
				return err
			}
			return rv.alreadyDecided(c, s, decided, pressed(c), fromQueue(c))
		}
		if err != nil {
			return fmt.Errorf("decide deed: %w", err)
		}
		if err := rv.auditDecision(s, decided, status, false); err != nil {
			return err
		}
		c.Answer(c.T("deed.done."+status, storage.DeedRef(decided.ID)), false)
		return rv.decided(c, s, decided, pressed(c), fromQueue(c))
	}
}

// notice is the message of the sender's chat that shows a report, as a
// button pressed under it names it: its id, and whether it is a photo
// whose caption holds the report (bot.Update.Captioned), which an edit
// then changes as a caption.
type notice struct {
	id      string
	caption bool
}

// pressed is the notice whose button the update pressed.
func pressed(c *bot.Context) notice {
	return notice{id: c.Update.MessageID, caption: c.Update.Captioned}
}

// decided tells the reporter the decision in their language and shows it
// on the coordinator's notice n, in the sender's chat.
func (rv *Review) decided(c *bot.Context, s *session, d storage.Deed, n notice, inQueue bool) error {
	if err := rv.tellReporter(c, s, d); err != nil {
		return err
	}
	if err := rv.refreshNotice(c, s, d, n); err != nil {
		return err
	}
	if inQueue {
		return rv.showNext(c, s)
	}
	return nil
}

// alreadyDecided says who decided on a report before the sender, and
// brings the sender's notice up to date.
func (rv *Review) alreadyDecided(c *bot.Context, s *session, d storage.Deed, n notice, inQueue bool) error {
	who, when, err := rv.decider(s.tx, c.Lang, d)
	if err != nil {
		return err
	}
	text := c.T("deed.already", storage.DeedRef(d.ID), HTML(c.T("deed.by."+d.Status, who, when)))
	if c.Update.Kind == bot.KindCallback {
		c.Answer(text, true)
	} else {
		c.Send(text, nil)
	}
	if err := rv.refreshNotice(c, s, d, n); err != nil {
		return err
	}
	if inQueue {
		return rv.showNext(c, s)
	}
	return nil
}

// refreshNotice edits the coordinator's notice n of d to its current
// state. A notice that is a photo's caption changes as a caption; where
// the whole report no longer fits one (the decision and its reason
// added), its description is shortened to an excerpt.
func (rv *Review) refreshNotice(c *bot.Context, s *session, d storage.Deed, n notice) error {
	if n.id == "" {
		return nil
	}
	u := c.Update
	kb := rv.reviewKeyboard(c.ButtonFor, u.From.ID, c.Lang, d)
	text, err := rv.deedNotice(s.tx, c.Lang, d)
	if err == nil && n.caption && !c.Caps.FitsCaption(text, kb) {
		short := d
		short.Description = excerpt(d.Description, deedExcerpt)
		text, err = rv.deedNotice(s.tx, c.Lang, short)
	}
	if err != nil {
		return err
	}
	c.Queue(bot.Outgoing{Kind: bot.OutEdit, Platform: u.Platform, ChatID: u.Chat.ID, Lang: c.Lang,
		MessageID: n.id, Caption: n.caption, Text: text, Keyboard: kb, AboutResidentID: d.ResidentID})
	return nil
}

// tellReporter tells the reporter of d what was decided, in their
// language; a reporter who deleted their data is told nothing.
func (rv *Review) tellReporter(c *bot.Context, s *session, d storage.Deed) error {
	if d.ResidentID == 0 {
		return nil
	}
	r, err := s.tx.ResidentByID(d.ResidentID)
	if errors.Is(err, storage.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("deed reporter: %w", err)
	}
	args := []any{storage.DeedRef(d.ID), excerpt(d.Description, deedExcerpt)}
	if d.Status == storage.DeedRejected {
		args = append(args, d.Reason)
	}
	rv.tellResident(c, r, "deed.told."+d.Status, args...)
	if d.Status == storage.DeedCommended && d.ReporterConsent == nil {
		rv.askConsent(c, r, d)
	}
	return nil
}

// onDeedReject asks the coordinator why the report is rejected.
func (rv *Review) onDeedReject(ctx context.Context, c *bot.Context, s *session) error {
	d, ok, err := rv.reviewable(c, s)
	if err != nil || !ok {
		return err
	}
	if d.Status != storage.DeedPending {
		return rv.alreadyDecided(c, s, d, pressed(c), fromQueue(c))
	}
	nonce, err := s.begin(flowDeedReject, "reason", rejectDraft{DeedID: d.ID, MessageID: c.Update.MessageID,
		Caption: c.Update.Captioned, InQueue: fromQueue(c)})
	if err != nil {
		return err
	}
	c.Send(c.T("deed.reject_ask", storage.DeedRef(d.ID)),
		bot.Inline(bot.Row(c.Button(c.T("deed.cancel"), actDeedRejectStop, nonce))))
	return nil
}

// onDeedRejectStop leaves the rejection; the report stays pending.
func (rv *Review) onDeedRejectStop(ctx context.Context, c *bot.Context, s *session) error {
	if !s.current(c, flowDeedReject) {
		return nil
	}
	var r rejectDraft
	if err := s.data(&r); err != nil {
		return err
	}
	if err := s.end(); err != nil {
		return err
	}
	c.Edit(c.T("deed.reject_kept", storage.DeedRef(r.DeedID)), nil)
	return nil
}

// deedReasonInput takes the reason for a rejection, then rejects.
func (rv *Review) deedReasonInput(ctx context.Context, c *bot.Context, s *session) error {
	var r rejectDraft
	if err := s.data(&r); err != nil {
		return err
	}
	reason, ok := deedText(c.Update)
	if !ok || reason == "" {
		c.Send(c.T("deed.reason_text"), nil)
		return nil
	}
	if n := utf8.RuneCountInString(reason); n < deedReasonMin || n > deedReasonMax {
		c.Send(c.T("deed.reason_length", n), nil)
		return nil
	}
	if err := s.end(); err != nil {
		return err
	}
	return rv.rejectDeed(c, s, r, reason)
}

// rejectDeed checks again that the sender may still decide on the deed,
// rejects it with reason and tells the reporter.
func (rv *Review) rejectDeed(c *bot.Context, s *session, r rejectDraft, reason string) error {
	d, err := s.tx.DeedByID(r.DeedID)
	if errors.Is(err, storage.ErrNotFound) {
		c.Send(c.T("deed.not_found"), nil)
		return nil
	}
	if err != nil {
		return fmt.Errorf("reject deed: %w", err)
	}
	if ok, err := rv.canReview(s, d); err != nil || !ok {
		if err == nil {
			c.Send(c.T("deed.not_allowed"), nil)
			err = rv.audit(s, storage.AuditEntry{Action: storage.AuditScopeDenied, UnitID: d.UnitID,
				Target: storage.DeedRef(d.ID), Outcome: storage.AuditRefused, Detail: "review"})
		}
		return err
	}
	decided, err := s.tx.DecideDeed(d.ID, storage.DeedRejected, reason, s.res.ID)
	if errors.Is(err, storage.ErrConflict) {
		if err := rv.auditDecision(s, d, storage.DeedRejected, true); err != nil {
			return err
		}
		return rv.alreadyDecided(c, s, decided, notice{id: r.MessageID, caption: r.Caption}, r.InQueue)
	}
	if err != nil {
		return fmt.Errorf("reject deed: %w", err)
	}
	if err := rv.auditDecision(s, decided, storage.DeedRejected, false); err != nil {
		return err
	}
	if err := rv.decided(c, s, decided, notice{id: r.MessageID, caption: r.Caption}, false); err != nil {
		return err
	}
	c.Send(c.T("deed.done.rejected", storage.DeedRef(decided.ID)), nil)
	if r.InQueue {
		return rv.showNext(c, s)
	}
	return nil
}
