package handlers

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// Officials and coordinators read digests of the units they look after:
//
//	/digest [CODE] [tuan]              now (/baocaonhanh): today's, or the week's
//	/subscribe daily|weekly [CODE] [WHEN]   on a schedule (/dangky hangngay|hangtuan):
//	                                   daily at 17:00, weekly on Monday at 08:00,
//	                                   or WHEN: "18:30", a preset or a cron spec
//	/unsubscribe [daily|weekly]        stop them (/huydangky)
//
// digestPeriods names the two periods in Vietnamese (ASCII) and English.
var digestPeriods = map[string]string{
	"daily": digestDaily, "hangngay": digestDaily, "ngay": digestDaily, "day": digestDaily,
	"weekly": digestWeekly, "hangtuan": digestWeekly, "tuan": digestWeekly, "week": digestWeekly,
}

// overseen is the sender's units as an official or a coordinator.
func (dg *Digests) overseen(s *session) (storage.Scope, error) {
	return dg.scopeOf(s, storage.RoleOfficial, storage.RoleCoordinator)
}

// unitArg takes a unit's code off the front of words when there is one
// (and it is in the scope), else the scope's first unit: ok is false when
// the sender was told why not.
func (dg *Digests) unitArg(c *bot.Context, s *session, scope storage.Scope, words []string, action string) (
	storage.Unit, []string, bool, error) {
	if len(words) > 0 {
		u, err := s.tx.UnitByCode(strings.ToUpper(words[0]))
		switch {
		case err == nil:
			if in, err := covers(s.tx, scope, u.ID); err != nil || !in {
				return u, nil, false, errors.Join(err, dg.refuse(c, s, action, u.ID, ""))
			}
			return u, words[1:], true, nil
		case !errors.Is(err, storage.ErrNotFound):
			return u, nil, false, err
		}
	}
	var id int64
	switch {
	case len(scope.Units) > 0:
		id = scope.Units[0]
	case scope.All:
		roots, err := s.tx.Children(0)
		if err != nil || len(roots) == 0 {
			return storage.Unit{}, nil, false, err
		}
		id = roots[0].ID
	}
	u, err := s.tx.UnitByID(id)
	return u, words, err == nil, err
}

// deliveryTo is who a digest goes to: the sender, in their language, on
// the messenger they are reached on.
func deliveryTo(res storage.Resident, lang string) bot.Outgoing {
	platform, _, chatID := res.Delivery()
	return bot.Outgoing{Platform: platform, ChatID: chatID, Lang: lang, ResidentID: res.ID}
}

// digest sends the digest of the sender's unit now.
func (dg *Digests) digest(ctx context.Context, c *bot.Context, s *session) error {
	scope, err := dg.overseen(s)
	if err != nil {
		return err
	}
	unit, rest, ok, err := dg.unitArg(c, s, scope, strings.Fields(c.Args), "/digest")
	if err != nil || !ok {
		return err
	}
	weekly := false
	if len(rest) > 0 {
		period, known := digestPeriods[strings.ToLower(storage.Fold(rest[0]))]
		if !known || len(rest) > 1 {
			c.Send(c.T("digest.usage"), nil)
			return nil
		}
		weekly = period == digestWeekly
	}
	to := bot.Outgoing{Platform: c.Update.Platform, ChatID: c.Update.Chat.ID, Lang: c.Lang, ResidentID: s.res.ID}
	out, err := dg.digestMessages(s.tx, to, unit, weekly, s.tx.Now)
	if err != nil {
		return err
	}
	for _, m := range out {
		c.Queue(m)
	}
	return nil
}

// subscribe schedules the sender's digest of a unit, replacing the one
// they had of the same unit and period.
func (dg *Digests) subscribe(ctx context.Context, c *bot.Context, s *session) error {
	scope, err := dg.overseen(s)
	if err != nil {
		return err
	}
	words := strings.Fields(c.Args)
	if len(words) == 0 {
		return dg.listSubscriptions(c, s)
	}
	period, known := digestPeriods[strings.ToLower(storage.Fold(words[0]))]
	if !known {
		c.Send(c.T("subscribe.usage"), nil)
		return nil
	}
	unit, rest, ok, err := dg.unitArg(c, s, scope, words[1:], "/subscribe")
	if err != nil || !ok {
		return err
	}
	spec, ok := digestSpec(period, strings.Join(rest, " "))
	tz := dg.location(unit).String()
	runs, err := storage.NextRuns(spec, tz, s.tx.Now, scheduleRuns)
	if !ok || err != nil || len(runs) == 0 {
		c.Send(c.T("subscribe.bad_when", strings.Join(rest, " ")), nil)
		return nil
	}
	if !storage.AtMostDaily(spec, tz, s.tx.Now) {
		c.Send(c.T("schedule.too_often", spec), nil)
		return nil
	}
	if _, err := dg.dropSubscriptions(s, func(x storage.Schedule) bool { return x.UnitID == unit.ID && x.Target == period }); err != nil {
		return err
	}
	x, err := s.tx.CreateSchedule(storage.Schedule{Kind: storage.ScheduleDigest, UnitID: unit.ID, Spec: spec, TZ: tz,
		Target: period, OwnerID: s.res.ID})
	if err != nil {
		return fmt.Errorf("subscribe: %w", err)
	}
	var shown []string
	for _, r := range runs {
		shown = append(shown, "• "+dg.localTime(unit, r))
	}
	c.Send(c.T("subscribe.done."+period, unit.Name, strings.Join(shown, "\n")), nil)
	return dg.audit(s, storage.AuditEntry{Action: storage.AuditSchedule, UnitID: unit.ID,
		Target: fmt.Sprintf("schedule %d", x.ID), Outcome: storage.AuditOK, Detail: "subscribe " + period + " " + spec})
}

// digestSpec is the cron spec of a digest: the period's default, a time
// of day ("18:30", "18h"), a preset or a 5-field spec (checked by the
// caller); ok is false only for a time of day that does not exist.
func digestSpec(period, when string) (string, bool) {
	when = strings.TrimSpace(when)
	if when == "" {
		if period == digestWeekly {
			return digestWeeklySpec, true
		}
		return digestDailySpec, true
	}
	if h, m, ok := clockTime(when); ok {
		if period == digestWeekly {
			return fmt.Sprintf("%d %d * * 1", m, h), true
		}
		return fmt.Sprintf("%d %d * * *", m, h), true
	}
	if preset, ok := storage.ParsePreset(when); ok {
		return preset, true
	}
	return strings.Join(strings.Fields(when), " "), true // NextRuns checks it
}

// clockPattern is a time of day as people type it: "18:30", "18h30",
// "18h", "7:05", "7g30".
var clockPattern = regexp.MustCompile(`^(\d{1,2})(?:[:hg](\d{2})?)$`)

// clockTime reads a time of day.
func clockTime(s string) (hour, minute int, ok bool) {
	m := clockPattern.FindStringSubmatch(strings.ToLower(strings.TrimSpace(s)))
	if m == nil {
		return 0, 0, false
	}
	hour, _ = strconv.Atoi(m[1])
	if m[2] != "" {
		minute, _ = strconv.Atoi(m[2])
	}
	return hour, minute, hour < 24 && minute < 60
}

// unsubscribe stops the sender's digests: of one period, or all.
func (dg *Digests) unsubscribe(ctx context.Context, c *bot.Context, s *session) error {
	period := ""
	if arg := strings.TrimSpace(c.Args); arg != "" {
		p, known := digestPeriods[strings.ToLower(storage.Fold(arg))]
		if !known {
			c.Send(c.T("unsubscribe.usage"), nil)
			return nil
		}
		period = p
	}
	n, err := dg.dropSubscriptions(s, func(x storage.Schedule) bool { return period == "" || x.Target == period })
	if err != nil {
		return err
	}
	if n == 0 {
		c.Send(c.T("unsubscribe.none"), nil)
		return nil
	}
	c.Send(c.T("unsubscribe.done", n), nil)
	return nil
}

// dropSubscriptions deletes the sender's digest schedules that match.
func (dg *Digests) dropSubscriptions(s *session, match func(storage.Schedule) bool) (int, error) {
	all, err := s.tx.Schedules()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, x := range all {
		if x.Kind != storage.ScheduleDigest || x.OwnerID != s.res.ID || !match(x) {
			continue
		}
		if err := s.tx.DeleteSchedule(x.ID); err != nil {
			return n, err
		}
		n++
		if err := dg.audit(s, storage.AuditEntry{Action: storage.AuditSchedule, UnitID: x.UnitID,
			Target: fmt.Sprintf("schedule %d", x.ID), Outcome: storage.AuditOK, Detail: "unsubscribe " + x.Target}); err != nil {
			return n, err
		}
	}
	return n, nil
}

// listSubscriptions shows the sender's digest schedules.
func (dg *Digests) listSubscriptions(c *bot.Context, s *session) error {
	all, err := s.tx.Schedules()
	if err != nil {
		return err
	}
	var lines []string
	for _, x := range all {
		if x.Kind != storage.ScheduleDigest || x.OwnerID != s.res.ID {
			continue
		}
		unit, err := s.tx.UnitByID(x.UnitID)
		if err != nil {
			return err
		}
		next := ""
		if runs, err := storage.NextRuns(x.Spec, x.TZ, s.tx.Now, 1); err == nil && len(runs) > 0 {
			next = dg.localTime(unit, runs[0])
		}
		lines = append(lines, c.T("subscribe.line."+x.Target, unit.Name, next))
	}
	if len(lines) == 0 {
		c.Send(c.T("subscribe.usage"), nil)
		return nil
	}
	c.Send(c.T("subscribe.list", strings.Join(lines, "\n")), nil)
	return nil
}

// runDigest sends a subscribed digest for its slot, to its owner while
// they still look after the unit and have not stopped the bot; it
// returns how many messages it queued.
func (a *App) runDigest(ctx context.Context, x storage.Schedule, slot time.Time) (int, error) {
	n := 0
	err := a.DB.Update(ctx, func(tx *storage.Tx) error {
		// The run's cursor is set with the messages: a slot resumed after
		// a crash between them and the run's end sends nothing twice.
		if done, err := tx.RunCursor(x.ID, slot); err != nil || done > 0 {
			return err
		}
		owner, err := tx.ResidentByID(x.OwnerID)
		if errors.Is(err, storage.ErrNotFound) {
			return nil // forgotten: the schedule goes with the next prune
		}
		if err != nil {
			return err
		}
		if owner.Stopped() {
			return nil
		}
		allowed := a.Admins[owner.Platform+":"+owner.UserID]
		for _, role := range []string{storage.RoleOfficial, storage.RoleCoordinator} {
			scope, err := tx.ScopeOf(owner.ID, role)
			if err != nil {
				return err
			}
			if in, err := covers(tx, scope, x.UnitID); err != nil {
				return err
			} else if in && !scope.Empty() {
				allowed = true
			}
		}
		if !allowed {
			return nil // no longer theirs
		}
		unit, err := tx.UnitByID(x.UnitID)
		if err != nil {
			return err
		}
		to := deliveryTo(owner, a.langFor(owner.Language, owner.PlatformLanguage))
		to.Priority = bot.PriorityBulk
		out, err := a.digestMessages(tx, to, unit, x.Target == digestWeekly, slot)
		if err != nil {
			return err
		}
		n = len(out)
		if err := enqueueAll(tx, out); err != nil {
			return err
		}
		return tx.SetRunCursor(x.ID, slot, 1)
	})
	if err != nil {
		return 0, fmt.Errorf("digest of schedule %d: %w", x.ID, err)
	}
	return n, nil
}
