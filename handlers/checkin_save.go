package handlers

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// onNeed records the need, saves the day's check-in and ends the flow.
func (ck *Checkins) onNeed(ctx context.Context, c *bot.Context, s *session) error {
	var d checkinData
	if !s.current(c, flowCheckin) || len(c.Params) != 2 || !slices.Contains(needs, c.Params[1]) {
		return nil
	}
	if err := s.data(&d); err != nil {
		return err
	}
	unit, ok, err := ck.needUnit(c, s)
	if err != nil || !ok {
		return err
	}
	day := ck.localDay(unit, s.tx.Now)
	prev, hadPrev, err := ck.previousCheckin(s, d.Who, day)
	if err != nil {
		return err
	}
	saved, created, err := s.tx.SaveCheckin(storage.Checkin{ResidentID: s.res.ID, DependantID: d.Who,
		UnitID: unit.ID, Day: day, Health: d.Health, Symptoms: d.Symptoms, Pledge5K: d.Pledge, Need: c.Params[1]})
	if isNotFound(err) && d.forFamily() {
		// Removed from the list while the check-in was under way.
		if err := s.end(); err != nil {
			return err
		}
		c.Edit(c.T("checkin.family_gone", d.Name), nil)
		return nil
	}
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
			if told, err = ck.alertHealth(c, s, unit, saved, d.Name); err != nil {
				return err
			}
		}
		extra = append(extra, ck.unwellAdvice(c, saved, told, d))
	}
	if saved.Need != storage.NeedNone && (!hadPrev || prev.Need != saved.Need) {
		// Stored as plain text in the resident's language, as if they
		// had written it.
		desc := bot.PlainText(d.text(c, "checkin.need_description", ck.localTime(unit, s.tx.Now)))
		h, err := ck.support.openHelpRequest(c, s, unit, saved.Need, desc, "checkin")
		if err != nil {
			return err
		}
		key := "checkin.need_opened"
		if s.told == 0 {
			key = "checkin.need_nobody"
		}
		extra = append(extra, c.T(key, storage.HelpRef(h.ID)))
	}
	summary, kb, err := ck.checkinSummary(c, s, unit, saved, created, d)
	if err != nil {
		return err
	}
	c.Edit(strings.Join(append([]string{summary}, extra...), "\n\n")+ck.familyHint(c, s, created), kb)
	return nil
}

// previousCheckin is the check-in already made today for the household
// member who (0: the resident), if any.
func (ck *Checkins) previousCheckin(s *session, who int64, day string) (storage.Checkin, bool, error) {
	prev, err := s.tx.CheckinFor(s.res.ID, who, day)
	if err == nil {
		return prev, true, nil
	}
	if isNotFound(err) {
		return storage.Checkin{}, false, nil
	}
	return storage.Checkin{}, false, fmt.Errorf("previous check-in: %w", err)
}

// checkinSummary is the reply to a saved check-in: what was recorded, the
// person's streak and the group's participation today; and, when someone
// else of the household has not been checked in today, a button to go on
// with them.
func (ck *Checkins) checkinSummary(c *bot.Context, s *session, unit storage.Unit, ci storage.Checkin, created bool, d checkinData) (string, *bot.Keyboard, error) {
	streak, err := s.tx.CheckinStreakFor(s.res.ID, ci.DependantID, ci.Day)
	if err != nil {
		return "", nil, fmt.Errorf("streak: %w", err)
	}
	done, total, err := s.tx.Participation(unit.ID, ci.Day)
	if err != nil {
		return "", nil, fmt.Errorf("participation: %w", err)
	}
	key := "checkin.saved"
	if !created {
		key = "checkin.updated"
	}
	lines := []string{d.text(c, key, ck.localDate(unit, s.tx.Now))}
	health := c.T("health." + ci.Health)
	if len(ci.Symptoms) > 0 {
		health += ": " + ck.symptomList(c.Lang, ci.Symptoms)
	}
	lines = append(lines, c.T("checkin.line_health", health))
	pledge := c.T("checkin.pledge_kept")
	if !ci.Pledge5K {
		pledge = c.T("checkin.pledge_not_kept")
	}
	lines = append(lines, c.T("checkin.line_pledge", pledge), c.T("checkin.line_need", c.T("need."+ci.Need)))
	lines = append(lines, "", d.text(c, "checkin.streak", streak), c.T("checkin.participation", unit.Name, done, total))
	kb, err := ck.nextKeyboard(c, s, ci)
	if err != nil {
		return "", nil, err
	}
	if row, err := ck.vaccineRow(c, s, ci); err != nil {
		return "", nil, err
	} else if row != nil {
		if kb == nil {
			kb = bot.Inline()
		}
		kb.Rows = append(kb.Rows, row)
	}
	return strings.Join(lines, "\n"), kb, nil
}

// vaccineRow offers to record a vaccine dose of the person of ci, the
// check-in's optional last step, while they have fewer than two doses
// recorded; nil otherwise.
func (ck *Checkins) vaccineRow(c *bot.Context, s *session, ci storage.Checkin) ([]bot.Button, error) {
	doses, err := s.tx.DosesOf(s.res.ID)
	if err != nil {
		return nil, err
	}
	n := 0
	for _, d := range doses {
		if d.DependantID == ci.DependantID {
			n++
		}
	}
	if n >= 2 {
		return nil, nil
	}
	return bot.Row(c.Button(c.T("checkin.vaccine"), actVaccineAfterCheckin, strconv.FormatInt(ci.DependantID, 10))), nil
}

// nextKeyboard offers to check in the next household member, after the
// one of ci, not checked in on ci's day; nil when there is none.
func (ck *Checkins) nextKeyboard(c *bot.Context, s *session, ci storage.Checkin) (*bot.Keyboard, error) {
	family, err := s.tx.DependantsOf(s.res.ID)
	if err != nil || len(family) == 0 {
		return nil, err
	}
	today, err := s.tx.HouseholdCheckinsOn(s.res.ID, ci.Day)
	if err != nil {
		return nil, fmt.Errorf("household check-ins: %w", err)
	}
	done := map[int64]bool{}
	for _, h := range today {
		done[h.DependantID] = true
	}
	household := append([]storage.Dependant{{}}, family...) // the resident first
	at := slices.IndexFunc(household, func(p storage.Dependant) bool { return p.ID == ci.DependantID })
	for i := 1; i < len(household); i++ {
		p := household[(at+i)%len(household)]
		if done[p.ID] {
			continue
		}
		label := c.T("checkin.next_self")
		if p.ID != 0 {
			label = bot.PlainText(c.T("checkin.next", excerpt(p.Name, buttonNameMax)))
		}
		return bot.Inline(bot.Row(c.Button(label, actCheckinNext, strconv.FormatInt(p.ID, 10)))), nil
	}
	return nil, nil
}

// familyHint is the line that tells a resident without family members
// that they can check in for them, on the day's first check-in only, so
// that it does not nag; "" otherwise.
func (ck *Checkins) familyHint(c *bot.Context, s *session, created bool) string {
	if !created {
		return ""
	}
	family, err := s.tx.DependantsOf(s.res.ID)
	if err != nil || len(family) > 0 {
		return "" // a hint is not worth failing the check-in for
	}
	return "\n\n" + c.T("checkin.family_hint")
}

// unwellAdvice is what a resident who reported someone not well reads:
// who was told (honestly: maybe nobody), and when to call 115 at once.
func (ck *Checkins) unwellAdvice(c *bot.Context, ci storage.Checkin, told int, d checkinData) string {
	key := "checkin.unwell_told"
	if told == 0 {
		key = "checkin.unwell_nobody"
	}
	text := c.T(key)
	if slices.Contains(ci.Symptoms, "breath") {
		text = d.text(c, "checkin.breath_urgent") + "\n\n" + text
	}
	return text
}

// alertHealth tells the coordinators of the resident's unit, found
// upward, and nobody else — not even the administrators, nor the resident
// when they coordinate it themself — that the resident, or their family
// member name, reported symptoms or isolation. It returns how many were
// told.
func (ck *Checkins) alertHealth(c *bot.Context, s *session, unit storage.Unit, ci storage.Checkin, name string) (int, error) {
	recips, _, err := ck.reviewersFor(s, unit.ID, reach{skip: map[int64]bool{s.res.ID: true}})
	if err != nil {
		return 0, err
	}
	path, err := ck.unitPath(s.tx, unit.ID)
	if err != nil {
		return 0, err
	}
	for _, r := range recips {
		health := ck.Catalog.Text(r.Lang, "health."+ci.Health)
		if len(ci.Symptoms) > 0 {
			health += ": " + ck.symptomList(r.Lang, ci.Symptoms)
		}
		phone := ""
		if s.res.Phone != "" {
			phone = ck.Catalog.Text(r.Lang, "checkin.alert_phone", s.res.Phone)
		}
		text := ck.Catalog.Text(r.Lang, "checkin.alert", ck.personLink(s.res), HTML(path), health, HTML(phone))
		if ci.DependantID != 0 {
			text = ck.Catalog.Text(r.Lang, "checkin.alert_for", name, ck.personLink(s.res), HTML(path), health, HTML(phone))
		}
		ck.tell(c, r, s.res.ID, text, nil)
	}
	return len(recips), nil
}
