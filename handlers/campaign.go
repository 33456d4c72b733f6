package handlers

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"chungsuc/bot"
	"chungsuc/storage"
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
		c.Send(c.T("campaign.usage"), nil)
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

// cutWord splits off the first word (up to a space or a line break).
func cutWord(s string) (word, rest string) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " \n\t"); i >= 0 {
		return s[:i], strings.TrimSpace(s[i+1:])
	}
	return s, ""
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
	c.Send(text, bot.Inline(bot.Row(c.Button(c.T("campaign.end_button"), actCampaignEnd, idText(x.ID)))))
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
	if len(x.Criteria) > 0 {
		b.WriteString("\n\n" + c.T("campaign.criteria"))
		for i, k := range x.Criteria {
			b.WriteString("\n" + c.T("campaign.criterion", i+1, k.Label, HTML(c.T("count.points", k.Points))))
		}
		b.WriteString("\n" + c.T("campaign.report_hint"))
	}
	return b.String(), nil
}

// showDay writes a stored day (YYYY-MM-DD) as people read it: 01/12/2026.
func showDay(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.Format("02/01/2006")
}

// preview shows a template as the campaign it would make, with the
// button that launches it.
func (cp *Campaigns) preview(c *bot.Context, s *session, unit storage.Unit, t campaignTemplate, edit bool) error {
	start := cp.localDay(unit, s.tx.Now)
	end := addDays(start, t.days-1)
	text, err := cp.describe(c, s, t.campaign(unit.ID, s.res.ID, start, end))
	if err != nil {
		return err
	}
	text = c.T("campaign.preview", unit.Name) + "\n\n" + text
	kb := bot.Inline(bot.Row(c.Button(c.T("campaign.launch"), actCampaignStart, idText(unit.ID), t.key)))
	if edit {
		c.Edit(text, kb)
	} else {
		c.Send(text, kb)
	}
	return nil
}

// addDays returns the day n days after day (YYYY-MM-DD).
func addDays(day string, n int) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.AddDate(0, 0, n).Format(time.DateOnly)
}

// buttonUnit checks the unit a campaign button names: one the sender
// coordinates that can run a campaign.
func (cp *Campaigns) buttonUnit(c *bot.Context, s *session) (storage.Unit, bool, error) {
	unitID, ok := parseID(c.Params, 0)
	if !ok {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return storage.Unit{}, false, nil
	}
	scope, err := cp.scopeOf(s, storage.RoleCoordinator)
	if err != nil {
		return storage.Unit{}, false, err
	}
	if in, err := covers(s.tx, scope, unitID); err != nil {
		return storage.Unit{}, false, err
	} else if !in {
		return storage.Unit{}, false, cp.refuse(c, s, "/campaign", unitID, "")
	}
	unit, err := s.tx.UnitByID(unitID)
	if err != nil {
		return storage.Unit{}, false, err
	}
	return unit, true, nil
}

// onPreview shows the template a button names.
func (cp *Campaigns) onPreview(ctx context.Context, c *bot.Context, s *session) error {
	unit, ok, err := cp.buttonUnit(c, s)
	if err != nil || !ok {
		return err
	}
	t, known := campaignTemplates[param(c.Params, 1)]
	if !known {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return nil
	}
	c.Answer("", false)
	return cp.preview(c, s, unit, t, true)
}

// onStart launches the template for the unit, from today.
func (cp *Campaigns) onStart(ctx context.Context, c *bot.Context, s *session) error {
	unit, ok, err := cp.buttonUnit(c, s)
	if err != nil || !ok {
		return err
	}
	t, known := campaignTemplates[param(c.Params, 1)]
	if !known {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return nil
	}
	today := cp.localDay(unit, s.tx.Now)
	if x, err := s.tx.UnitCampaign(unit.ID, today); err == nil {
		c.Answer(c.T("campaign.already", unit.Name, x.Title), true)
		return nil
	} else if !errors.Is(err, storage.ErrNotFound) {
		return err
	}
	x, err := s.tx.SaveCampaign(t.campaign(unit.ID, s.res.ID, today, addDays(today, t.days-1)))
	if err != nil {
		return fmt.Errorf("launch campaign: %w", err)
	}
	text, err := cp.describe(c, s, x)
	if err != nil {
		return err
	}
	c.Answer(c.T("campaign.launched_notice"), false)
	c.Edit(c.T("campaign.launched", unit.Name)+"\n\n"+text, nil)
	return cp.auditCampaign(s, x, "launch "+t.key)
}

// param returns params[i], or "" when there is none.
func param(params []string, i int) string {
	if i < len(params) {
		return params[i]
	}
	return ""
}

// create starts a campaign of the unit with a title only, from today.
func (cp *Campaigns) create(c *bot.Context, s *session, unit storage.Unit, title string) error {
	if !cp.checkTitle(c, title, "campaign.bad_title_new") {
		return nil
	}
	today := cp.localDay(unit, s.tx.Now)
	if x, err := s.tx.UnitCampaign(unit.ID, today); err == nil {
		c.Send(c.T("campaign.already", unit.Name, x.Title), nil)
		return nil
	} else if !errors.Is(err, storage.ErrNotFound) {
		return err
	}
	x, err := s.tx.SaveCampaign(storage.Campaign{UnitID: unit.ID, Title: title, Starts: today,
		Ends: addDays(today, campaignDays-1), CreatedBy: s.res.ID})
	if err != nil {
		return fmt.Errorf("new campaign: %w", err)
	}
	text, err := cp.describe(c, s, x)
	if err != nil {
		return err
	}
	c.Send(c.T("campaign.created", unit.Name)+"\n\n"+text+"\n\n"+c.T("campaign.edit_help", unit.Code), nil)
	return cp.auditCampaign(s, x, "new")
}

// checkTitle tells the sender why a title cannot be used; ok when it can.
func (cp *Campaigns) checkTitle(c *bot.Context, title, key string) bool {
	title = strings.TrimSpace(title)
	if title == "" || utf8.RuneCountInString(title) > storage.CampaignTitleMax {
		c.Send(c.T(key, storage.CampaignTitleMax), nil)
		return false
	}
	return true
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
		if utf8.RuneCountInString(body) > storage.CampaignSloganMax {
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
		x.Criteria = criteria
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

// parseDates reads "<from> <to>" for the campaign: neither may be before
// today unless the start is the one already set, and the end comes after
// the start.
func (cp *Campaigns) parseDates(c *bot.Context, unit storage.Unit, x storage.Campaign, today, body string) (string, string, bool) {
	words := strings.Fields(strings.NewReplacer("–", " ", "—", " ", " - ", " ", " đến ", " ", " to ", " ").Replace(" " + body + " "))
	if len(words) != 2 {
		c.Send(c.T("campaign.bad_dates"), nil)
		return "", "", false
	}
	now := s2t(today)
	from, okA := parseDay(words[0], now)
	to, okB := parseDay(words[1], now)
	switch {
	case !okA || !okB:
		c.Send(c.T("campaign.bad_dates"), nil)
	case to < from:
		c.Send(c.T("campaign.end_before_start", showDay(from), showDay(to)), nil)
	case from < today && from != x.Starts:
		c.Send(c.T("campaign.past_start", showDay(from), showDay(today)), nil)
	case to < today:
		c.Send(c.T("campaign.past_end", showDay(to), showDay(today)), nil)
	default:
		return from, to, true
	}
	return "", "", false
}

// s2t reads a stored day; the zero time when it is not one.
func s2t(day string) time.Time {
	t, _ := time.Parse(time.DateOnly, day)
	return t
}

// dayPattern is a day as people type it: 1/12/2026, 01-12-2026, 1.12,
// or 2026-12-01.
var dayPattern = regexp.MustCompile(`^(?:(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{4}))?|(\d{4})-(\d{1,2})-(\d{1,2}))$`)

// parseDay reads a day typed by a person, in the year of now when the
// year is left out, as YYYY-MM-DD; ok is false for anything else or a day
// that does not exist (31/02).
func parseDay(s string, now time.Time) (string, bool) {
	m := dayPattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return "", false
	}
	var d, mo, y int
	if m[4] != "" {
		y, _ = strconv.Atoi(m[4])
		mo, _ = strconv.Atoi(m[5])
		d, _ = strconv.Atoi(m[6])
	} else {
		d, _ = strconv.Atoi(m[1])
		mo, _ = strconv.Atoi(m[2])
		y = now.Year()
		if m[3] != "" {
			y, _ = strconv.Atoi(m[3])
		}
	}
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != mo || y < 2000 || y > 2200 {
		return "", false
	}
	return t.Format(time.DateOnly), true
}

// listLine is one line of a typed list, its numbering ("1.", "2)", "-",
// "•") taken off.
var listLine = regexp.MustCompile(`^\s*(?:\d{1,2}\s*[.)]|[-•*+])?\s*`)

// lines splits a typed list into its non-empty items.
func lines(body string) []string {
	var out []string
	for _, l := range strings.Split(body, "\n") {
		l = strings.TrimSpace(listLine.ReplaceAllString(l, ""))
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// listProblem says why a typed list cannot be used: a catalogue key and
// its arguments.
type listProblem struct {
	key  string
	args []any
}

// say tells the sender what is wrong with their list.
func (p *listProblem) say(c *bot.Context) { c.Send(c.T(p.key, p.args...), nil) }

// parseTasks reads one task per line.
func parseTasks(body string) ([]string, *listProblem) {
	tasks := lines(body)
	if len(tasks) == 0 || len(tasks) > storage.CampaignItemsMax {
		return nil, &listProblem{"campaign.bad_tasks", []any{storage.CampaignItemsMax}}
	}
	for i, t := range tasks {
		if utf8.RuneCountInString(t) > storage.CampaignTextMax {
			return nil, &listProblem{"campaign.long_item", []any{i + 1, storage.CampaignTextMax}}
		}
	}
	return tasks, nil
}

// criterionPoints is the points at the end of a criterion's line:
// "Giúp đỡ bà con: 3", "… - 3 điểm", "… | 3 points", "… (3đ)".
var criterionPoints = regexp.MustCompile(`^(.*?)\s*[:|\-–—(]?\s*(\d{1,4})\s*(?:điểm|diem|đ|d|points?|pts?)?\s*\)?\s*$`)

// parseCriteria reads one "criterion: points" per line.
func parseCriteria(body string) ([]storage.Criterion, *listProblem) {
	items := lines(body)
	if len(items) == 0 || len(items) > storage.CampaignItemsMax {
		return nil, &listProblem{"campaign.bad_criteria", []any{storage.CampaignItemsMax}}
	}
	var out []storage.Criterion
	for i, l := range items {
		m := criterionPoints.FindStringSubmatch(l)
		if m == nil || strings.TrimSpace(strings.TrimRight(m[1], ":|-–—( ")) == "" {
			return nil, &listProblem{"campaign.no_points", []any{i + 1, l}}
		}
		label := strings.TrimSpace(strings.TrimRight(m[1], ":|-–—( "))
		points, _ := strconv.Atoi(m[2])
		if points < 1 || points > storage.CriterionPointMax {
			return nil, &listProblem{"campaign.bad_points", []any{i + 1, label, storage.CriterionPointMax}}
		}
		if utf8.RuneCountInString(label) > storage.CampaignTextMax {
			return nil, &listProblem{"campaign.long_item", []any{i + 1, storage.CampaignTextMax}}
		}
		out = append(out, storage.Criterion{Label: label, Points: points})
	}
	return out, nil
}

// askEnd asks before ending the unit's campaign.
func (cp *Campaigns) askEnd(c *bot.Context, s *session, unit storage.Unit) error {
	x, err := s.tx.UnitCampaign(unit.ID, cp.localDay(unit, s.tx.Now))
	if errors.Is(err, storage.ErrNotFound) {
		c.Send(c.T("campaign.none_to_edit", unit.Name), nil)
		return nil
	}
	if err != nil {
		return err
	}
	c.Send(c.T("campaign.end_ask", x.Title, unit.Name), bot.Inline(
		bot.Row(c.Button(c.T("campaign.end_button"), actCampaignEnd, idText(x.ID)))))
	return nil
}

// onEnd ends the campaign a button names.
func (cp *Campaigns) onEnd(ctx context.Context, c *bot.Context, s *session) error {
	id, ok := parseID(c.Params, 0)
	if !ok {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return nil
	}
	x, err := s.tx.CampaignByID(id)
	if errors.Is(err, storage.ErrNotFound) {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return nil
	}
	if err != nil {
		return err
	}
	scope, err := cp.scopeOf(s, storage.RoleCoordinator)
	if err != nil {
		return err
	}
	if in, err := covers(s.tx, scope, x.UnitID); err != nil {
		return err
	} else if !in {
		return cp.refuse(c, s, "/campaign", x.UnitID, "")
	}
	if !x.EndedAt.IsZero() {
		c.Answer(c.T("campaign.ended_already"), true)
		return nil
	}
	if err := s.tx.EndCampaign(x.ID); err != nil {
		return err
	}
	c.Answer(c.T("campaign.ended_notice"), false)
	c.Edit(c.T("campaign.ended", x.Title), nil)
	return cp.auditCampaign(s, x, "end")
}

// auditCampaign records a change to a campaign.
func (cp *Campaigns) auditCampaign(s *session, x storage.Campaign, detail string) error {
	return cp.audit(s, storage.AuditEntry{Action: storage.AuditCampaign, UnitID: x.UnitID,
		Target: fmt.Sprintf("campaign %d", x.ID), Outcome: storage.AuditOK, Detail: detail})
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

// flowCampaign takes a campaign's list of tasks or criteria in the
// message after "/phongtrao nhiemvu" or "/phongtrao tieuchi" sent alone;
// its step is what the list is ("tasks" or "criteria").
const flowCampaign = "campaign"

// campaignDraft is the flow's data: the unit whose campaign is edited.
type campaignDraft struct {
	Unit int64 `json:"unit"`
}

// campaignInput applies the list typed; a list that cannot be read is
// explained and the next message is tried again.
func (cp *Campaigns) campaignInput(ctx context.Context, c *bot.Context, s *session) error {
	var d campaignDraft
	if err := s.data(&d); err != nil {
		return err
	}
	step := s.conv.Step
	body, ok := deedText(c.Update)
	if !ok || body == "" {
		c.Send(c.T("campaign.ask."+step), bot.Inline(bot.Row(s.cancelButton(c, c.T("campaign.cancel")))))
		return nil
	}
	scope, err := cp.scopeOf(s, storage.RoleCoordinator)
	if err != nil {
		return err
	}
	if in, err := covers(s.tx, scope, d.Unit); err != nil {
		return err
	} else if !in {
		if err := s.end(); err != nil {
			return err
		}
		return cp.refuse(c, s, "/campaign", d.Unit, "")
	}
	unit, err := s.tx.UnitByID(d.Unit)
	if err != nil {
		return err
	}
	x, err := s.tx.UnitCampaign(unit.ID, cp.localDay(unit, s.tx.Now))
	if errors.Is(err, storage.ErrNotFound) {
		c.Send(c.T("campaign.none_to_edit", unit.Name), nil)
		return s.end()
	}
	if err != nil {
		return err
	}
	var problem *listProblem
	if step == "tasks" {
		_, problem = parseTasks(body)
	} else {
		_, problem = parseCriteria(body)
	}
	if problem == nil { // saved below: the flow is over
		if err := s.end(); err != nil {
			return err
		}
	}
	return cp.apply(c, s, unit, x, step, body)
}
