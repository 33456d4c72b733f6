package handlers

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"chungsuc/bot"
	"chungsuc/storage"
)

// onNeed records the need, saves the day's check-in and ends the flow.
func (a *App) onNeed(ctx context.Context, c *bot.Context) error {
	s := sess(c)
	var d checkinData
	if !s.current(c, flowCheckin) || len(c.Params) != 2 || !slices.Contains(needs, c.Params[1]) {
		return nil
	}
	if err := s.data(&d); err != nil {
		return err
	}
	unit, ok, err := a.needUnit(c, s)
	if err != nil || !ok {
		return err
	}
	day := a.localDay(unit, s.tx.Now)
	prev, hadPrev, err := a.previousCheckin(s, day)
	if err != nil {
		return err
	}
	saved, created, err := s.tx.SaveCheckin(storage.Checkin{ResidentID: s.res.ID, UnitID: unit.ID, Day: day,
		Health: d.Health, Symptoms: d.Symptoms, Pledge5K: d.Pledge, Need: c.Params[1]})
	if err != nil {
		return fmt.Errorf("save check-in: %w", err)
	}
	if err := s.end(); err != nil {
		return err
	}
	var extra []string
	if saved.Health != storage.HealthWell {
		told := 1 // an unchanged status was already told
		if !hadPrev || prev.Health != saved.Health || !slices.Equal(prev.Symptoms, saved.Symptoms) {
			if told, err = a.alertHealth(c, s, unit, saved); err != nil {
				return err
			}
		}
		extra = append(extra, a.unwellAdvice(c, saved, told))
	}
	if saved.Need != storage.NeedNone && (!hadPrev || prev.Need != saved.Need) {
		desc := a.Catalog.Text(a.Lang, "checkin.need_description", a.localTime(unit, s.tx.Now))
		h, err := a.openHelpRequest(c, s, unit, saved.Need, desc, "checkin")
		if err != nil {
			return err
		}
		key := "checkin.need_opened"
		if s.told == 0 {
			key = "checkin.need_nobody"
		}
		extra = append(extra, c.T(key, storage.HelpRef(h.ID)))
	}
	summary, err := a.checkinSummary(c, s, unit, saved, created)
	if err != nil {
		return err
	}
	c.Edit(strings.Join(append([]string{summary}, extra...), "\n\n"), nil)
	return nil
}

func (a *App) previousCheckin(s *session, day string) (storage.Checkin, bool, error) {
	prev, err := s.tx.CheckinOn(s.res.ID, day)
	if err == nil {
		return prev, true, nil
	}
	if isNotFound(err) {
		return storage.Checkin{}, false, nil
	}
	return storage.Checkin{}, false, fmt.Errorf("previous check-in: %w", err)
}

// checkinSummary is the reply to a saved check-in: what was recorded, the
// streak and the group's participation today.
func (a *App) checkinSummary(c *bot.Context, s *session, unit storage.Unit, ci storage.Checkin, created bool) (string, error) {
	streak, err := s.tx.CheckinStreak(s.res.ID, ci.Day)
	if err != nil {
		return "", fmt.Errorf("streak: %w", err)
	}
	done, total, err := s.tx.Participation(unit.ID, ci.Day)
	if err != nil {
		return "", fmt.Errorf("participation: %w", err)
	}
	key := "checkin.saved"
	if !created {
		key = "checkin.updated"
	}
	lines := []string{c.T(key, a.localDate(unit, s.tx.Now))}
	health := c.T("health." + ci.Health)
	if len(ci.Symptoms) > 0 {
		health += ": " + a.symptomList(c.Lang, ci.Symptoms)
	}
	lines = append(lines, c.T("checkin.line_health", health))
	pledge := c.T("checkin.pledge_kept")
	if !ci.Pledge5K {
		pledge = c.T("checkin.pledge_not_kept")
	}
	lines = append(lines, c.T("checkin.line_pledge", pledge), c.T("checkin.line_need", c.T("need."+ci.Need)))
	lines = append(lines, "", c.T("checkin.streak", streak), c.T("checkin.participation", unit.Name, done, total))
	return strings.Join(lines, "\n"), nil
}

// unwellAdvice is what a resident who is not well reads: who was told
// (honestly: maybe nobody), and when to call 115 at once.
func (a *App) unwellAdvice(c *bot.Context, ci storage.Checkin, told int) string {
	key := "checkin.unwell_told"
	if told == 0 {
		key = "checkin.unwell_nobody"
	}
	text := c.T(key)
	if slices.Contains(ci.Symptoms, "breath") {
		text = c.T("checkin.breath_urgent") + "\n\n" + text
	}
	return text
}

// alertHealth tells the coordinators of the resident's unit, found
// upward, and nobody else — not even the administrators — that the
// resident reported symptoms or isolation. It returns how many were told.
func (a *App) alertHealth(c *bot.Context, s *session, unit storage.Unit, ci storage.Checkin) (int, error) {
	coords, _, err := s.tx.CoordinatorsOf(unit.ID)
	if err != nil {
		return 0, fmt.Errorf("coordinators of unit %d: %w", unit.ID, err)
	}
	path, err := a.unitPath(s.tx, unit.ID)
	if err != nil {
		return 0, err
	}
	for _, coord := range coords {
		r := a.recipientOf(coord)
		health := a.Catalog.Text(r.Lang, "health."+ci.Health)
		if len(ci.Symptoms) > 0 {
			health += ": " + a.symptomList(r.Lang, ci.Symptoms)
		}
		phone := ""
		if s.res.Phone != "" {
			phone = a.Catalog.Text(r.Lang, "checkin.alert_phone", s.res.Phone)
		}
		text := a.Catalog.Text(r.Lang, "checkin.alert", personLink(s.res), HTML(path), health, HTML(phone))
		a.tell(c, r, s.res.ID, text, nil)
	}
	return len(coords), nil
}
