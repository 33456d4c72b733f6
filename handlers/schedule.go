package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// Coordinators keep their units' schedules with /schedule (/lich): the
// list, with a button to pause, resume or delete each; "/lich them
// [UNIT] <when>" adds a daily check-in reminder after showing its next
// three runs. <when> is a preset ("hằng ngày 08:00", "thứ Hai 08:00",
// "ngày 1 hằng tháng 09:00") or a 5-field cron spec.
const (
	actScheduleAdd    = "sa" // unit id, spec with "_" for spaces
	actSchedulePause  = "sp" // schedule id, "1" to pause or "0" to resume
	actScheduleDelete = "sd" // schedule id
	// maxSpecInButton bounds a spec carried by a button (64 bytes of data).
	maxSpecInButton = 28
	scheduleRuns    = 3
)

// schedule lists the schedules of the sender's units, or adds one.
func (sc *Schedules) schedule(ctx context.Context, c *bot.Context, s *session) error {
	scope, err := sc.scopeOf(s, storage.RoleCoordinator)
	if err != nil {
		return err
	}
	sub, rest, _ := strings.Cut(strings.TrimSpace(c.Args), " ")
	switch strings.ToLower(storage.Fold(sub)) {
	case "":
		return sc.list(c, s, scope)
	case "them", "add":
		return sc.add(c, s, scope, strings.TrimSpace(rest))
	}
	c.Send(c.T("schedule.usage"), nil)
	return nil
}

// list shows the schedules of the scope, each with its next run and its
// buttons.
func (sc *Schedules) list(c *bot.Context, s *session, scope storage.Scope) error {
	all, err := s.tx.Schedules()
	if err != nil {
		return err
	}
	var lines []string
	var rows [][]bot.Button
	for _, x := range all {
		if x.Kind == storage.ScheduleDigest { // a person's own, kept with /subscribe
			continue
		}
		if in, err := covers(s.tx, scope, x.UnitID); err != nil {
			return err
		} else if !in {
			continue
		}
		line, err := sc.describe(c, s, x)
		if err != nil {
			return err
		}
		lines = append(lines, line)
		id := strconv.FormatInt(x.ID, 10)
		pause := bot.Row(c.Button(c.T("schedule.pause", idText(x.ID)), actSchedulePause, id, "1"))
		if x.Paused {
			pause = bot.Row(c.Button(c.T("schedule.resume", idText(x.ID)), actSchedulePause, id, "0"))
		}
		rows = append(rows, append(pause, c.Button(c.T("schedule.delete", idText(x.ID)), actScheduleDelete, id)))
	}
	if len(lines) == 0 {
		c.Send(c.T("schedule.none"), nil)
		return nil
	}
	c.Send(c.T("schedule.list", HTML(strings.Join(lines, "\n\n"))), bot.Inline(rows...))
	return nil
}

// describe is one schedule as a coordinator reads it: what it does,
// where, once or on which spec, and when it runs next; a scheduled
// appeal also shows the start of its text.
func (sc *Schedules) describe(c *bot.Context, s *session, x storage.Schedule) (string, error) {
	unit, err := s.tx.UnitByID(x.UnitID)
	if err != nil {
		return "", err
	}
	how := c.T("schedule.repeat", x.Spec)
	if x.Spec == "" {
		how = c.T("schedule.once", sc.localTime(unit, x.OnceAt))
	}
	next, err := sc.nextLine(c, s, x, unit)
	if err != nil {
		return "", err
	}
	line := c.T("schedule.line", idText(x.ID), HTML(c.T("schedule.kind."+x.Kind)), unit.Name, HTML(how), HTML(next))
	if x.Kind == storage.ScheduleAppeal {
		t, err := s.tx.AppealTemplateOf(x)
		switch {
		case err == nil:
			line += "\n" + c.T("schedule.appeal_text", excerpt(bot.PlainText(t.Text), appealScheduleExcerpt))
		case !errors.Is(err, storage.ErrNotFound) && !errors.Is(err, storage.ErrInvalid):
			return "", err
		}
	}
	return line, nil
}

// nextLine says when x runs next: paused, done (a schedule that ran its
// one time), or the next run.
func (sc *Schedules) nextLine(c *bot.Context, s *session, x storage.Schedule, unit storage.Unit) (string, error) {
	if x.Paused {
		return c.T("schedule.paused"), nil
	}
	if x.Spec == "" {
		if _, ran, err := s.tx.LastSlot(x.ID); err != nil || ran {
			return c.T("schedule.done"), err
		}
		return c.T("schedule.next", sc.localTime(unit, x.OnceAt)), nil
	}
	if runs, err := storage.NextRuns(x.Spec, x.TZ, s.tx.Now, 1); err == nil && len(runs) > 0 {
		return c.T("schedule.next", sc.localTime(unit, runs[0])), nil
	}
	return c.T("schedule.done"), nil
}

// add checks "[UNIT] <when>" and shows the next runs with a button that
// saves the schedule.
func (sc *Schedules) add(c *bot.Context, s *session, scope storage.Scope, args string) error {
	unit, when, ok, err := sc.unitAndWhen(c, s, scope, args)
	if err != nil || !ok {
		return err
	}
	spec := strings.Join(strings.Fields(when), " ")
	if preset, isPreset := storage.ParsePreset(when); isPreset {
		spec = preset
	}
	tz := sc.location(unit).String()
	runs, err := storage.NextRuns(spec, tz, s.tx.Now, scheduleRuns)
	if err != nil || len(runs) == 0 || len(spec) > maxSpecInButton || strings.ContainsAny(spec, "_:|") {
		c.Send(c.T("schedule.bad_when", when), nil)
		return nil
	}
	if !storage.AtMostDaily(spec, tz, s.tx.Now) { // a reminder every minute of 8 o'clock is a slip
		c.Send(c.T("schedule.too_often", spec), nil)
		return nil
	}
	var shown []string
	for _, r := range runs {
		shown = append(shown, "• "+sc.localTime(unit, r))
	}
	path, err := sc.unitPath(s.tx, unit.ID)
	if err != nil {
		return err
	}
	data := strings.ReplaceAll(spec, " ", "_")
	c.Send(c.T("schedule.preview", HTML(path), spec, strings.Join(shown, "\n")), bot.Inline(
		bot.Row(c.Button(c.T("schedule.save"), actScheduleAdd, strconv.FormatInt(unit.ID, 10), data))))
	return nil
}

// unitAndWhen reads "[UNIT] <when>": the unit is the first word when it
// is a unit's code, else the sender's one unit; ok is false (and the
// sender told what to type) when it cannot be told, or is not theirs.
func (sc *Schedules) unitAndWhen(c *bot.Context, s *session, scope storage.Scope, args string) (storage.Unit, string, bool, error) {
	if args == "" {
		c.Send(c.T("schedule.usage"), nil)
		return storage.Unit{}, "", false, nil
	}
	first, rest, _ := strings.Cut(args, " ")
	if u, err := s.tx.UnitByCode(strings.ToUpper(first)); err == nil {
		if in, err := covers(s.tx, scope, u.ID); err != nil || !in {
			return u, "", false, errors.Join(err, sc.refuse(c, s, "/schedule", u.ID, ""))
		}
		return u, strings.TrimSpace(rest), strings.TrimSpace(rest) != "" || sc.sendUsage(c), nil
	} else if !errors.Is(err, storage.ErrNotFound) {
		return storage.Unit{}, "", false, err
	}
	if len(scope.Units) != 1 {
		lines, err := sc.scopeLines(c, s, scope)
		if err != nil {
			return storage.Unit{}, "", false, err
		}
		c.Send(c.T("schedule.which_unit", HTML(lines), args), nil)
		return storage.Unit{}, "", false, nil
	}
	u, err := s.tx.UnitByID(scope.Units[0])
	return u, args, err == nil, err
}

// sendUsage says how to add a schedule and reports false.
func (sc *Schedules) sendUsage(c *bot.Context) bool {
	c.Send(c.T("schedule.usage"), nil)
	return false
}

// onAdd saves the schedule the preview showed.
func (sc *Schedules) onAdd(ctx context.Context, c *bot.Context, s *session) error {
	unitID, err := strconv.ParseInt(c.Params[0], 10, 64)
	if err != nil || len(c.Params) < 2 {
		c.Answer(c.T("bot.expired_button"), true)
		return nil
	}
	scope, err := sc.scopeOf(s, storage.RoleCoordinator)
	if err != nil {
		return err
	}
	if in, err := covers(s.tx, scope, unitID); err != nil {
		return err
	} else if !in {
		return sc.refuse(c, s, "/schedule", unitID, "")
	}
	unit, err := s.tx.UnitByID(unitID)
	if err != nil {
		return err
	}
	spec := strings.ReplaceAll(c.Params[1], "_", " ")
	x, err := s.tx.CreateSchedule(storage.Schedule{Kind: storage.ScheduleReminder, UnitID: unit.ID, Spec: spec,
		TZ: sc.location(unit).String(), OwnerID: s.res.ID})
	if err != nil {
		return fmt.Errorf("save schedule: %w", err)
	}
	line, err := sc.describe(c, s, x)
	if err != nil {
		return err
	}
	c.Edit(c.T("schedule.saved", HTML(line)), nil)
	return sc.audit(s, storage.AuditEntry{Action: storage.AuditSchedule, UnitID: unit.ID,
		Target: fmt.Sprintf("schedule %d", x.ID), Outcome: storage.AuditOK, Detail: "add " + spec})
}

// onPause pauses or resumes a schedule; onDelete deletes one.
func (sc *Schedules) onPause(ctx context.Context, c *bot.Context, s *session) error {
	return sc.change(c, s, func(x storage.Schedule) (string, error) {
		paused := len(c.Params) > 1 && c.Params[1] == "1"
		key := "schedule.resumed"
		if paused {
			key = "schedule.paused_now"
		}
		return key, s.tx.SetSchedulePaused(x.ID, paused)
	})
}

func (sc *Schedules) onDelete(ctx context.Context, c *bot.Context, s *session) error {
	return sc.change(c, s, func(x storage.Schedule) (string, error) {
		return "schedule.deleted", s.tx.DeleteSchedule(x.ID)
	})
}

// change applies do to the schedule a button names, once it is known to
// be in the sender's units, and shows the list again.
func (sc *Schedules) change(c *bot.Context, s *session, do func(storage.Schedule) (string, error)) error {
	id, _ := strconv.ParseInt(c.Params[0], 10, 64)
	var x storage.Schedule
	all, err := s.tx.Schedules()
	if err != nil {
		return err
	}
	for _, y := range all {
		if y.ID == id {
			x = y
		}
	}
	if x.ID == 0 || x.Kind == storage.ScheduleDigest { // deleted meanwhile, or an official's own
		c.Answer(c.T("bot.expired_button"), true)
		return nil
	}
	scope, err := sc.scopeOf(s, storage.RoleCoordinator)
	if err != nil {
		return err
	}
	if in, err := covers(s.tx, scope, x.UnitID); err != nil {
		return err
	} else if !in {
		return sc.refuse(c, s, "/schedule", x.UnitID, "")
	}
	key, err := do(x)
	if err != nil {
		return err
	}
	c.Answer(c.T(key, idText(x.ID)), false)
	if err := sc.audit(s, storage.AuditEntry{Action: storage.AuditSchedule, UnitID: x.UnitID,
		Target: fmt.Sprintf("schedule %d", x.ID), Outcome: storage.AuditOK, Detail: key}); err != nil {
		return err
	}
	c.Edit(c.T(key, idText(x.ID)), nil)
	return sc.list(c, s, scope)
}
