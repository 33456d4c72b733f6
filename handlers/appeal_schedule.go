package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// Scheduled appeals: from the /appeal preview, "Hẹn giờ gửi" asks when
// the appeal goes, once ("25/12/2026 08:00", "08:00", "ngày mai 07:30")
// or repeating (a preset or a 5-field cron spec, at most daily), in the
// unit's time zone; it shows the next runs and saves nothing until
// confirmed. Confirmed, the content is stored once as a template and a
// schedule of kind storage.ScheduleAppeal sends it: each slot becomes an
// ordinary queued appeal (runScheduled), held for the quiet hours unless
// urgent, and /lich lists, pauses and deletes it like any schedule.
const (
	stepAppealWhen    = "when"     // asks when the appeal goes
	stepAppealConfirm = "schedule" // shows the runs, to confirm

	actAppealSchedule     = "ah" // nonce: asks when (from the preview or to change the time)
	actAppealScheduleOK   = "ak" // nonce, "n" (normal) or "u" (urgent): saves the schedule
	actAppealScheduleBack = "ar" // nonce: back to the preview

	// appealScheduleRuns is how many runs of a repeating appeal are shown.
	appealScheduleRuns = 3
	// appealScheduleExcerpt is how much of an appeal's text /lich shows.
	appealScheduleExcerpt = 60
)

// scheduleDraft is an appeal being scheduled: the draft and when it goes.
type scheduleDraft struct {
	appealDraft
	Spec   string    `json:"spec,omitempty"`   // a 5-field cron spec; "" for once
	OnceAt time.Time `json:"once_at,omitzero"` // the one time of an appeal sent once
}

// onSchedule asks when the appeal goes: pressed under the preview, or to
// change the time shown for confirmation.
func (ap *Appeals) onSchedule(ctx context.Context, c *bot.Context, s *session) error {
	d, ok, err := ap.scheduleStep(c, s, stepAppealPreview, stepAppealConfirm)
	if err != nil || !ok {
		return err
	}
	if _, err := s.advance(stepAppealWhen, d.appealDraft); err != nil {
		return err
	}
	return ap.askWhen(c, s, d.appealDraft)
}

// askWhen asks for the time, with examples in the unit's time.
func (ap *Appeals) askWhen(c *bot.Context, s *session, d appealDraft) error {
	unit, err := s.tx.UnitByID(d.UnitID)
	if err != nil {
		return fmt.Errorf("appeal unit: %w", err)
	}
	nonce := s.nonce()
	c.Send(c.T("appeal_schedule.ask", exampleWhen(s.tx.Now, ap.location(unit)), unit.Name), bot.Inline(
		bot.Row(c.Button(c.T("appeal_schedule.back"), actAppealScheduleBack, nonce)),
		bot.Row(s.cancelButton(c, c.T("appeal.cancel_draft")))))
	return nil
}

// onScheduleBack goes back to the preview, to send the appeal now.
func (ap *Appeals) onScheduleBack(ctx context.Context, c *bot.Context, s *session) error {
	d, ok, err := ap.scheduleStep(c, s, stepAppealWhen, stepAppealConfirm)
	if err != nil || !ok {
		return err
	}
	if _, err := s.advance(stepAppealPreview, d.appealDraft); err != nil {
		return err
	}
	return ap.preview(c, s, d.appealDraft)
}

// scheduleStep checks that a pressed button belongs to one of the flow's
// steps and returns the draft.
func (ap *Appeals) scheduleStep(c *bot.Context, s *session, steps ...string) (scheduleDraft, bool, error) {
	var d scheduleDraft
	if !s.current(c, flowAppeal) {
		return d, false, nil
	}
	for _, step := range steps {
		if s.conv.Step == step {
			return d, true, s.data(&d)
		}
	}
	c.Answer(c.T(bot.MsgExpiredButton), true)
	return d, false, nil
}

// whenInput reads the time typed while scheduling: a time that cannot be
// used is refused with the reason and an example; one that can is shown
// with its runs, to confirm.
func (ap *Appeals) whenInput(c *bot.Context, s *session, d appealDraft) error {
	unit, err := s.tx.UnitByID(d.UnitID)
	if err != nil {
		return fmt.Errorf("appeal unit: %w", err)
	}
	loc := ap.location(unit)
	text := strings.TrimSpace(c.Update.Text)
	if text == "" {
		c.Send(c.T("appeal_schedule.type_when", exampleWhen(s.tx.Now, loc)), nil)
		return nil
	}
	w, err := parseWhen(text, s.tx.Now, loc)
	if err != nil {
		ap.refuseWhen(c, text, w, err, s.tx.Now, unit)
		return nil
	}
	sd := scheduleDraft{appealDraft: d, Spec: w.Spec, OnceAt: w.Once}
	if _, err := s.advance(stepAppealConfirm, sd); err != nil {
		return err
	}
	return ap.confirmSchedule(c, s, sd, unit)
}

// refuseWhen says why a typed time cannot be used, with an example.
func (ap *Appeals) refuseWhen(c *bot.Context, text string, w when, err error, now time.Time, unit storage.Unit) {
	example, text := exampleWhen(now, ap.location(unit)), excerpt(text, appealScheduleExcerpt)
	switch {
	case errors.Is(err, errWhenPast):
		c.Send(c.T("appeal_schedule.past", ap.localTime(unit, w.Once), ap.localTime(unit, now), example), nil)
	case errors.Is(err, errWhenBadDate):
		c.Send(c.T("appeal_schedule.bad_date", text, example), nil)
	case errors.Is(err, errWhenTooOften):
		c.Send(c.T("appeal_schedule.too_often", text), nil)
	default:
		c.Send(c.T("appeal_schedule.bad_when", text, example), nil)
	}
}

// confirmSchedule shows when the appeal will go (the one run, or the next
// three), the quiet hours if a run falls in them, and the buttons that
// save it.
func (ap *Appeals) confirmSchedule(c *bot.Context, s *session, d scheduleDraft, unit storage.Unit) error {
	runs := []time.Time{d.OnceAt}
	if d.Spec != "" {
		var err error
		if runs, err = storage.NextRuns(d.Spec, ap.location(unit).String(), s.tx.Now, appealScheduleRuns); err != nil {
			return fmt.Errorf("appeal schedule runs: %w", err)
		}
	}
	n, err := s.tx.CountAudience(d.UnitID, d.Audience)
	if err != nil {
		return fmt.Errorf("count audience: %w", err)
	}
	path, err := ap.unitPath(s.tx, d.UnitID)
	if err != nil {
		return err
	}
	var shown []string
	quiet := false
	for _, r := range runs {
		shown = append(shown, "• "+ap.localTime(unit, r))
		quiet = quiet || ap.startAt(unit, r, false).After(r)
	}
	text := c.T("appeal_schedule.confirm", HTML(c.T("appeal.audience_name."+d.Audience)), HTML(path))
	if d.Spec == "" {
		text += "\n\n" + c.T("appeal_schedule.once", ap.localTime(unit, d.OnceAt))
	} else {
		text += "\n\n" + c.T("appeal_schedule.repeat", d.Spec, HTML(strings.Join(shown, "\n")))
	}
	text += "\n\n" + c.T("appeal_schedule.count", n)
	nonce := s.nonce()
	rows := [][]bot.Button{bot.Row(c.Button(c.T("appeal_schedule.save"), actAppealScheduleOK, nonce, "n"))}
	if quiet {
		text += "\n\n" + c.T("appeal_schedule.quiet", QuietFrom, QuietUntil)
		rows = append(rows, bot.Row(c.Button(c.T("appeal_schedule.save_urgent"), actAppealScheduleOK, nonce, "u")))
	}
	rows = append(rows, bot.Row(c.Button(c.T("appeal_schedule.change"), actAppealSchedule, nonce)),
		bot.Row(s.cancelButton(c, c.T("appeal.cancel_draft"))))
	c.Send(text, bot.Inline(rows...))
	return nil
}

// onScheduleOK saves the scheduled appeal: its content as a template and
// the schedule that sends it, owned by the sender, in the unit's time
// zone. A time that passed while the sender read is asked again.
func (ap *Appeals) onScheduleOK(ctx context.Context, c *bot.Context, s *session) error {
	d, ok, err := ap.scheduleStep(c, s, stepAppealConfirm)
	if err != nil || !ok {
		return err
	}
	scope, err := ap.scopeOf(s, storage.RoleCoordinator)
	if err != nil {
		return err
	}
	if in, err := covers(s.tx, scope, d.UnitID); err != nil {
		return err
	} else if !in {
		return ap.refuse(c, s, "/appeal", d.UnitID, "")
	}
	unit, err := s.tx.UnitByID(d.UnitID)
	if err != nil {
		return fmt.Errorf("appeal unit: %w", err)
	}
	if d.Spec == "" && !d.OnceAt.After(s.tx.Now) {
		ap.refuseWhen(c, "", when{Once: d.OnceAt}, errWhenPast, s.tx.Now, unit)
		return ap.onSchedule(ctx, c, s)
	}
	return ap.saveSchedule(c, s, d, unit, len(c.Params) > 1 && c.Params[1] == "u")
}

// saveSchedule stores the template and its schedule, ends the flow, says
// when the appeal first goes, and records it in the audit log.
func (ap *Appeals) saveSchedule(c *bot.Context, s *session, d scheduleDraft, unit storage.Unit, urgent bool) error {
	_, x, err := s.tx.CreateScheduledAppeal(storage.AppealTemplate{SenderID: s.res.ID, UnitID: d.UnitID,
		Audience: d.Audience, Urgent: urgent, Text: d.Text, Photo: d.Photo, PhotoPlatform: d.PhotoPlatform,
		PhotoMedia: d.Media, Lang: c.Lang},
		storage.Schedule{Spec: d.Spec, OnceAt: d.OnceAt, TZ: ap.location(unit).String(), OwnerID: s.res.ID})
	if err != nil {
		return fmt.Errorf("save scheduled appeal: %w", err)
	}
	if err := s.end(); err != nil {
		return err
	}
	first, detail := d.OnceAt, "add appeal once "+d.OnceAt.Format(time.RFC3339)
	if d.Spec != "" {
		detail = "add appeal " + d.Spec
		if runs, err := storage.NextRuns(d.Spec, x.TZ, s.tx.Now, 1); err == nil && len(runs) > 0 {
			first = runs[0]
		}
	}
	if urgent {
		detail += ",urgent"
	}
	c.Edit(c.T("appeal_schedule.saved", idText(x.ID), ap.localTime(unit, first)), nil)
	return ap.audit(s, storage.AuditEntry{Action: storage.AuditSchedule, UnitID: d.UnitID,
		Target: fmt.Sprintf("schedule %d", x.ID), Outcome: storage.AuditOK, Detail: detail})
}

// runScheduledAppeal runs the slot of a scheduled appeal (see
// Appeals.runScheduled).
func (a *App) runScheduledAppeal(ctx context.Context, s storage.Schedule, slot time.Time) (int, error) {
	return a.appeals.runScheduled(ctx, s, slot)
}

// errOwnerGone says that a scheduled appeal's owner may no longer send
// appeals to its unit.
var errOwnerGone = errors.New("its owner no longer coordinates the unit")

// runScheduled queues, in one transaction, the appeal of a slot of s
// from its template, as a confirmed /appeal is queued (its audience
// counted, held for the quiet hours unless urgent, audited), records it
// as the slot's appeal and tells the owner when it starts. It returns how
// many appeals and messages it queued. A slot that has its appeal
// already queues nothing (a run resumed after a crash); a slot with
// nobody to reach only tells the owner. A schedule whose owner no longer
// coordinates its unit is paused, and the run fails with errOwnerGone.
func (ap *Appeals) runScheduled(ctx context.Context, s storage.Schedule, slot time.Time) (int, error) {
	queued, gone := 0, false
	err := ap.DB.Update(ctx, func(tx *storage.Tx) error {
		if _, err := tx.ScheduledAppealRun(s.ID, slot); err == nil || !errors.Is(err, storage.ErrNotFound) {
			return err
		}
		t, err := tx.AppealTemplateOf(s)
		if err != nil {
			return err
		}
		owner, may, err := ap.ownerMay(tx, s.OwnerID, t.UnitID)
		if err != nil {
			return err
		}
		if !may {
			gone = true
			return ap.pauseOrphan(tx, s)
		}
		queued, err = ap.queueScheduled(tx, s, slot, t, owner)
		return err
	})
	if err == nil && gone {
		err = errOwnerGone
	}
	if err != nil {
		return 0, fmt.Errorf("appeal of schedule %d: %w", s.ID, err)
	}
	return queued, nil
}

// queueScheduled creates the slot's appeal from t and tells owner.
func (ap *Appeals) queueScheduled(tx *storage.Tx, s storage.Schedule, slot time.Time, t storage.AppealTemplate,
	owner storage.Resident) (int, error) {
	unit, err := tx.UnitByID(t.UnitID)
	if err != nil {
		return 0, fmt.Errorf("appeal unit: %w", err)
	}
	if n, err := tx.CountAudience(t.UnitID, t.Audience); err != nil || n == 0 {
		if err != nil {
			return 0, err
		}
		return ap.tellOwner(tx, owner, 0, "appeal_schedule.nobody", idText(s.ID), unit.Name)
	}
	// A slot run late (caught up after a restart) is held by the quiet
	// hours of when it really starts, not of when it was due.
	at := slot
	if tx.Now.After(at) {
		at = tx.Now
	}
	a, err := ap.createAt(tx, t.Appeal(), at, fmt.Sprintf("schedule %d", s.ID))
	if err != nil {
		return 0, err
	}
	if err := tx.RecordScheduledAppealRun(s.ID, slot, a.ID); err != nil {
		return 0, err
	}
	lang := ap.langFor(owner.Language, owner.PlatformLanguage)
	key, args := "appeal_schedule.started", []any{idText(s.ID), a.Total,
		HTML(ap.Catalog.Text(lang, "appeal.audience_name."+a.Audience)), unit.Name,
		excerpt(bot.PlainText(a.Text), appealScheduleExcerpt)}
	if a.StartAt.After(tx.Now) { // held for the quiet hours
		key, args = "appeal_schedule.waiting", append(args, ap.localTime(unit, a.StartAt))
	}
	n, err := ap.tellOwner(tx, owner, a.ID, key, args...)
	return 1 + n, err
}

// tellOwner queues key to the owner of a scheduled appeal, with the
// button that cancels the appeal appealID (0 for none). It returns how
// many messages it queued: none to an owner gone or who blocked the bot.
func (ap *Appeals) tellOwner(tx *storage.Tx, owner storage.Resident, appealID int64, key string, args ...any) (int, error) {
	if owner.ID == 0 || !owner.BlockedAt.IsZero() { // after /stop too: it is about their own appeal
		return 0, nil
	}
	to := ap.recipientOf(owner)
	m := bot.Outgoing{Kind: bot.OutSend, Platform: to.Platform, ChatID: to.ChatID, Lang: to.Lang,
		ResidentID: owner.ID, Text: ap.Catalog.Text(to.Lang, key, args...)}
	if appealID != 0 {
		m.Keyboard = bot.Inline(bot.Row(ap.Messages.ButtonFor(to.UserID, ap.Catalog.Text(to.Lang, "appeal.cancel_button"),
			actAppealCancel, strconv.FormatInt(appealID, 10))))
	}
	if err := enqueue(tx, m); err != nil {
		return 0, fmt.Errorf("tell the owner: %w", err)
	}
	return 1, nil
}

// ownerMay returns the owner of a scheduled appeal and whether they may
// still send appeals to unitID: an administrator, or a coordinator of the
// unit or of one above it. An owner forgotten since may not.
func (ap *Appeals) ownerMay(tx *storage.Tx, ownerID, unitID int64) (storage.Resident, bool, error) {
	if ownerID == 0 {
		return storage.Resident{}, false, nil
	}
	owner, err := tx.ResidentByID(ownerID)
	if errors.Is(err, storage.ErrNotFound) {
		return storage.Resident{}, false, nil
	} else if err != nil {
		return owner, false, fmt.Errorf("owner: %w", err)
	}
	if ap.Admins[owner.Platform+":"+owner.UserID] {
		return owner, true, nil
	}
	scope, err := tx.ScopeOf(owner.ID, storage.RoleCoordinator)
	if err != nil {
		return owner, false, fmt.Errorf("owner scope: %w", err)
	}
	in, err := covers(tx, scope, unitID)
	return owner, in, err
}

// pauseOrphan pauses a scheduled appeal nobody may send any more, and
// records why: another coordinator of the unit finds it paused in /lich.
func (ap *Appeals) pauseOrphan(tx *storage.Tx, s storage.Schedule) error {
	if err := tx.SetSchedulePaused(s.ID, true); err != nil {
		return err
	}
	return tx.Audit(storage.AuditEntry{Actor: storage.ActorSystem, Action: storage.AuditSchedule, UnitID: s.UnitID,
		Target: fmt.Sprintf("schedule %d", s.ID), Outcome: storage.AuditRefused, Detail: "paused: " + errOwnerGone.Error()})
}
