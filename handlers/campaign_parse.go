package handlers

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// cutWord splits off the first word (up to a space or a line break).
func cutWord(s string) (word, rest string) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " \n\t"); i >= 0 {
		return s[:i], strings.TrimSpace(s[i+1:])
	}
	return s, ""
}

// showDay writes a stored day (YYYY-MM-DD) as people read it: 01/12/2026.
func showDay(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.Format("02/01/2006")
}

// addDays returns the day n days after day (YYYY-MM-DD).
func addDays(day string, n int) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.AddDate(0, 0, n).Format(time.DateOnly)
}

// param returns params[i], or "" when there is none.
func param(params []string, i int) string {
	if i < len(params) {
		return params[i]
	}
	return ""
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

// criterionPoints is the points at the end of a criterion's line, after
// a colon, a bar, a dash between spaces or an opening bracket, or before
// the word for points: "Giúp đỡ bà con: 3", "… - 3 điểm", "… | 3 points",
// "… (3đ)", "… 3 điểm". A number that ends the label itself
// ("Covid-19") is not points.
var criterionPoints = regexp.MustCompile(`^(.*?)(?:\s*[:|(]\s*|\s+[-–—]\s*)(\d{1,4})\s*(?:điểm|diem|đ|points?|pts?)?\s*\)?\s*$` +
	`|^(.*?)\s+(\d{1,4})\s*(?:điểm|diem|đ|points?|pts?)\s*\)?\s*$`)

// parseCriteria reads one "criterion: points" per line.
func parseCriteria(body string) ([]storage.Criterion, *listProblem) {
	var items []string // one per line, or several on a line between semicolons
	for _, l := range lines(body) {
		for _, part := range strings.Split(l, ";") {
			if part = strings.TrimSpace(listLine.ReplaceAllString(part, "")); part != "" {
				items = append(items, part)
			}
		}
	}
	if len(items) == 0 || len(items) > storage.CampaignItemsMax {
		return nil, &listProblem{"campaign.bad_criteria", []any{storage.CampaignItemsMax}}
	}
	var out []storage.Criterion
	for i, l := range items {
		m := criterionPoints.FindStringSubmatch(l)
		if m != nil && m[1] == "" && m[2] == "" { // the second form
			m[1], m[2] = m[3], m[4]
		}
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

// vaccineLabels are how a campaign's list names its vaccination criterion
// (folded: no accents, lower case): "Tiêm chủng: 20".
var vaccineLabels = []string{"tiem chung", "tiem vac xin", "tiem vaccine", "tiem phong", "vac xin", "vaccine", "vaccination"}

// splitVaccine takes the vaccination criterion out of a campaign's
// criteria: its points score the share of people with two doses or more,
// not good deeds. The last one named counts; 0 when there is none.
func splitVaccine(criteria []storage.Criterion) (deeds []storage.Criterion, vaccinePoints int) {
	for _, k := range criteria {
		label := strings.ToLower(storage.Fold(k.Label))
		if slices.ContainsFunc(vaccineLabels, func(v string) bool { return strings.HasPrefix(label, v) }) {
			vaccinePoints = k.Points
			continue
		}
		deeds = append(deeds, k)
	}
	return deeds, vaccinePoints
}
