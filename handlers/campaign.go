package handlers

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// /campaign (/phongtrao) shows residents the campaign of their unit: its
// title, slogan, days, numbered tasks and scored criteria. Coordinators
// of a ward or higher start one from the 2021 template in two taps, or
// from a title, and edit it with words after the command:
//
//	/phongtrao mau                      the template, with a button to launch it
//	/phongtrao moi <title>              a new campaign, from today for 90 days
//	/phongtrao ten <title>              /phongtrao khauhieu <slogan>
//	/phongtrao ngay <from> <to>         days as 01/12/2026
//	/phongtrao nhiemvu + one task per line
//	/phongtrao tieuchi + one "criterion: points" per line
//	/phongtrao ketthuc                  end it (after a confirmation)
//
// A unit's code may come first ("/phongtrao HN-TM ten …") for someone
// who coordinates several units.
const (
	actCampaignPreview = "cv" // unit id, template key
	actCampaignStart   = "cl" // unit id, template key
	actCampaignEnd     = "ce" // campaign id
	actCampaignAskEnd  = "cq" // campaign id: asks before ending it
	campaignDays       = 90
)

// campaignEdits names each edit in Vietnamese (ASCII) and in English.
var campaignEdits = map[string]string{
	"mau": "template", "template": "template",
	"moi": "new", "new": "new",
	"ten": "title", "title": "title",
	"khauhieu": "slogan", "slogan": "slogan",
	"ngay": "dates", "dates": "dates",
	"nhiemvu": "tasks", "tasks": "tasks",
	"tieuchi": "criteria", "criteria": "criteria",
	"ketthuc": "end", "end": "end",
	"trogiup": "help", "help": "help",
}

// campaign shows the sender's campaign, or applies an edit.
func (cp *Campaigns) campaign(ctx context.Context, c *bot.Context, s *session) error {
	if strings.TrimSpace(c.Args) == "" {
		return cp.show(c, s)
	}
	scope, err := cp.scopeOf(s, storage.RoleCoordinator)
	if err != nil {
		return err
	}
	if !scope.All && len(scope.Units) == 0 {
		c.Send(c.T("campaign.resident_args"), nil)
		return nil
	}
	unit, edit, body, ok, err := cp.target(c, s, scope, strings.TrimSpace(c.Args))
	if err != nil || !ok {
		return err
	}
	switch edit {
	case "template":
		return cp.preview(c, s, unit, template2021, false)
	case "new":
		return cp.create(c, s, unit, body)
	case "end":
		return cp.askEnd(c, s, unit)
	}
	return cp.edit(c, s, unit, edit, body)
}

// target reads "[UNIT] <edit> <body>": the unit is the first word when it
// is a unit's code, else the sender's one unit that can run a campaign.
func (cp *Campaigns) target(c *bot.Context, s *session, scope storage.Scope, args string) (
	unit storage.Unit, edit, body string, ok bool, err error) {
	first, rest := cutWord(args)
	if u, err := s.tx.UnitByCode(strings.ToUpper(first)); err == nil {
		unit = u
		first, rest = cutWord(rest)
	} else if !errors.Is(err, storage.ErrNotFound) {
		return unit, "", "", false, err
	}
	edit, known := campaignEdits[strings.ToLower(storage.Fold(first))]
	if !known || edit == "help" {
		from, to := cp.exampleDays(s, unit)
		c.Send(c.T("campaign.usage", from, to), nil)
		return unit, "", "", false, nil
	}
	if unit.ID == 0 {
		units, err := cp.campaignUnits(s, scope)
		if err != nil {
			return unit, "", "", false, err
		}
		if len(units) == 0 && len(scope.Units) > 0 { // a group's coordinator
			u, err := s.tx.UnitByID(scope.Units[0])
			if err != nil {
				return unit, "", "", false, err
			}
			c.Send(c.T("campaign.ward_only", u.Name), nil)
			return unit, "", "", false, nil
		}
		if len(units) != 1 {
			lines, err := cp.scopeLines(c, s, scope)
			if err != nil {
				return unit, "", "", false, err
			}
			c.Send(c.T("campaign.which_unit", HTML(lines), first), nil)
			return unit, "", "", false, nil
		}
		unit = units[0]
	}
	if in, err := covers(s.tx, scope, unit.ID); err != nil || !in {
		return unit, "", "", false, errors.Join(err, cp.refuse(c, s, "/campaign", unit.ID, ""))
	}
	if n, err := s.tx.CountChildren(unit.ID); err != nil {
		return unit, "", "", false, err
	} else if n == 0 {
		c.Send(c.T("campaign.ward_only", unit.Name), nil)
		return unit, "", "", false, nil
	}
	return unit, edit, rest, true, nil
}

// campaignUnits lists the units of the scope that can run a campaign:
// those with units below them (a ward or higher); every root for an
// administrator.
func (cp *Campaigns) campaignUnits(s *session, scope storage.Scope) ([]storage.Unit, error) {
	ids := scope.Units
	if scope.All {
		roots, err := s.tx.Children(0)
		if err != nil {
			return nil, err
		}
		ids = nil
		for _, u := range roots {
			ids = append(ids, u.ID)
		}
	}
	var out []storage.Unit
	for _, id := range ids {
		n, err := s.tx.CountChildren(id)
		if err != nil {
			return nil, err
		}
		if n == 0 {
			continue
		}
		u, err := s.tx.UnitByID(id)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// show sends the campaign of the sender's unit, and to a coordinator of
// a ward or higher what they can do with theirs.
func (cp *Campaigns) show(c *bot.Context, s *session) error {
	scope, err := cp.scopeOf(s, storage.RoleCoordinator)
	if err != nil {
		return err
	}
	var mine []storage.Unit
	if scope.All || len(scope.Units) > 0 {
		if mine, err = cp.campaignUnits(s, scope); err != nil {
			return err
		}
	}
	unit, joined, err := s.unit()
	if err != nil {
		return err
	}
	if !joined { // an officer who lives elsewhere sees the campaign of the unit they look after
		overseen, err := cp.scopeOf(s, storage.RoleCoordinator, storage.RoleOfficial)
		if err != nil {
			return err
		}
		if len(overseen.Units) > 0 {
			if unit, err = s.tx.UnitByID(overseen.Units[0]); err != nil {
				return err
			}
			joined = len(mine) == 0 || !slices.ContainsFunc(mine, func(u storage.Unit) bool { return u.ID == unit.ID })
		}
	}
	if !joined && len(mine) == 0 {
		_, _, err := cp.needUnit(c, s)
		return err
	}
	if joined {
		x, err := s.tx.ActiveCampaign(unit.ID, cp.localDay(unit, s.tx.Now))
		switch {
		case errors.Is(err, storage.ErrNotFound):
			c.Send(c.T("campaign.none", unit.Name), nil)
		case err != nil:
			return err
		default:
			text, err := cp.describe(c, s, x)
			if err != nil {
				return err
			}
			c.Send(text, nil)
		}
	}
	for _, u := range mine[:min(len(mine), 3)] {
		if err := cp.manage(c, s, u); err != nil {
			return err
		}
	}
	return nil
}

// manage tells a coordinator how to launch or edit the campaign of unit.
func (cp *Campaigns) manage(c *bot.Context, s *session, unit storage.Unit) error {
	x, err := s.tx.UnitCampaign(unit.ID, cp.localDay(unit, s.tx.Now))
	if errors.Is(err, storage.ErrNotFound) {
		id := idText(unit.ID)
		c.Send(c.T("campaign.start_offer", unit.Name), bot.Inline(
			bot.Row(c.Button(c.T("campaign.use_template"), actCampaignPreview, id, template2021.key))))
		return nil
	}
	if err != nil {
		return err
	}
	text := c.T("campaign.manage", unit.Name, x.Title, unit.Code)
	if s.res.UnitID == 0 || !cp.isAbove(s, unit.ID) {
		full, err := cp.describe(c, s, x)
		if err != nil {
			return err
		}
		text = full + "\n\n" + text
	}
	c.Send(text, bot.Inline(bot.Row(c.Button(c.T("campaign.end_button"), actCampaignAskEnd, idText(x.ID)))))
	return nil
}

// isAbove reports whether unitID is the sender's unit or above it (so
// the campaign they were just shown may be unit's own).
func (cp *Campaigns) isAbove(s *session, unitID int64) bool {
	up, err := s.tx.Ancestors(s.res.UnitID)
	if err != nil {
		return false
	}
	for _, u := range up {
		if u.ID == unitID {
			return true
		}
	}
	return false
}

// describe is a campaign as residents read it.
func (cp *Campaigns) describe(c *bot.Context, s *session, x storage.Campaign) (string, error) {
	path, err := cp.unitPath(s.tx, x.UnitID)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString(c.T("campaign.head", x.Title, HTML(path), showDay(x.Starts), showDay(x.Ends)))
	if x.Slogan != "" {
		b.WriteString("\n" + c.T("campaign.slogan", x.Slogan))
	}
	if len(x.Tasks) > 0 {
		b.WriteString("\n\n" + c.T("campaign.tasks"))
		for i, t := range x.Tasks {
			b.WriteString("\n" + c.T("campaign.task", i+1, t))
		}
	}
	if len(x.Criteria) > 0 || x.VaccinePoints > 0 {
		b.WriteString("\n\n" + c.T("campaign.criteria"))
		for i, k := range x.Criteria {
			b.WriteString("\n" + c.T("campaign.criterion", i+1, k.Label, HTML(c.T("count.points", k.Points))))
		}
		if x.VaccinePoints > 0 {
			b.WriteString("\n" + c.T("campaign.vaccine_criterion", len(x.Criteria)+1, HTML(c.T("count.points", x.VaccinePoints))))
		}
		b.WriteString("\n" + c.T("campaign.report_hint"))
	}
	return b.String(), nil
}

// edit changes one part of the unit's campaign.
func (cp *Campaigns) edit(c *bot.Context, s *session, unit storage.Unit, what, body string) error {
	today := cp.localDay(unit, s.tx.Now)
	x, err := s.tx.UnitCampaign(unit.ID, today)
	if errors.Is(err, storage.ErrNotFound) {
		c.Send(c.T("campaign.none_to_edit", unit.Name), nil)
		return nil
	}
	if err != nil {
		return err
	}
	switch what {
	case "title":
		if !cp.checkTitle(c, body, "campaign.bad_title") {
			return nil
		}
		x.Title = body
	case "slogan":
		if strings.TrimSpace(body) == "" || utf8.RuneCountInString(body) > storage.CampaignSloganMax {
			c.Send(c.T("campaign.bad_slogan", storage.CampaignSloganMax), nil)
			return nil
		}
		x.Slogan = body
	case "dates":
		from, to, ok := cp.parseDates(c, unit, x, today, body)
		if !ok {
			return nil
		}
		x.Starts, x.Ends = from, to
	case "tasks", "criteria":
		if strings.TrimSpace(body) == "" { // the list comes in the next message
			if _, err := s.begin(flowCampaign, what, campaignDraft{Unit: unit.ID}); err != nil {
				return err
			}
			c.Send(c.T("campaign.ask."+what), bot.Inline(bot.Row(s.cancelButton(c, c.T("campaign.cancel")))))
			return nil
		}
	}
	return cp.apply(c, s, unit, x, what, body)
}

// apply makes one edit to the unit's campaign x and shows it.
func (cp *Campaigns) apply(c *bot.Context, s *session, unit storage.Unit, x storage.Campaign, what, body string) error {
	switch what {
	case "tasks":
		tasks, problem := parseTasks(body)
		if problem != nil {
			problem.say(c)
			return nil
		}
		x.Tasks = tasks
	case "criteria":
		criteria, problem := parseCriteria(body)
		if problem != nil {
			problem.say(c)
			return nil
		}
		x.Criteria, x.VaccinePoints = splitVaccine(criteria)
	}
	saved, err := s.tx.SaveCampaign(x)
	if errors.Is(err, storage.ErrInvalid) {
		c.Send(c.T("campaign.bad_edit"), nil)
		return nil
	}
	if err != nil {
		return fmt.Errorf("edit campaign: %w", err)
	}
	text, err := cp.describe(c, s, saved)
	if err != nil {
		return err
	}
	c.Send(c.T("campaign.saved."+what)+"\n\n"+text, nil)
	return cp.auditCampaign(s, saved, "edit "+what)
}

// exampleDays are the days an example shows: today in the unit (or the
// deployment's zone) and 90 days on, as people type them.
func (cp *Campaigns) exampleDays(s *session, unit storage.Unit) (string, string) {
	today := cp.localDay(unit, s.tx.Now)
	return showDay(today), showDay(addDays(today, campaignDays-1))
}

// parseDates reads "<from> <to>" for the campaign: neither may be before
// today unless the start is the one already set, and the end comes after
// the start.
func (cp *Campaigns) parseDates(c *bot.Context, unit storage.Unit, x storage.Campaign, today, body string) (string, string, bool) {
	words := strings.Fields(strings.NewReplacer("–", " ", "—", " ", " - ", " ", " đến ", " ", " to ", " ").Replace(" " + body + " "))
	exFrom, exTo := showDay(today), showDay(addDays(today, campaignDays-1))
	if len(words) != 2 {
		c.Send(c.T("campaign.bad_dates", exFrom, exTo), nil)
		return "", "", false
	}
	now := s2t(today)
	from, okA := parseDay(words[0], now)
	to, okB := parseDay(words[1], now)
	switch {
	case !okA || !okB:
		c.Send(c.T("campaign.bad_dates", exFrom, exTo), nil)
	case to < from:
		c.Send(c.T("campaign.end_before_start", showDay(from), showDay(to), exFrom, exTo), nil)
	case from < today && from != x.Starts:
		c.Send(c.T("campaign.past_start", showDay(from), showDay(today)), nil)
	case to < today:
		c.Send(c.T("campaign.past_end", showDay(to), showDay(today)), nil)
	default:
		return from, to, true
	}
	return "", "", false
}

// campaignCategories are the criteria of the campaign running for the
// resident's unit today, as /report categories; none without one.
func (co *core) campaignCategories(s *session) ([]category, error) {
	unit, ok, err := s.unit()
	if err != nil || !ok {
		return nil, err
	}
	x, err := s.tx.ActiveCampaign(unit.ID, co.localDay(unit, s.tx.Now))
	if errors.Is(err, storage.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := make([]category, len(x.Criteria))
	for i, k := range x.Criteria {
		out[i] = category{key: storage.CriterionKey(i + 1), label: k.Label, campaign: x.ID, points: k.Points}
	}
	return out, nil
}
