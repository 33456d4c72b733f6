package handlers

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/chungsuc/chungsuc/storage"
)

// Reading when a scheduled appeal goes, as a coordinator types it.

// when is when a scheduled appeal goes: once, or on a cron spec.
type when struct {
	Once time.Time // UTC; zero for a repeating appeal
	Spec string    // a 5-field cron spec (or a descriptor); "" for once
}

// Why a typed time cannot be used.
var (
	errWhenUnread   = errors.New("not a time")
	errWhenPast     = errors.New("the time has passed")
	errWhenBadDate  = errors.New("no such date")
	errWhenTooOften = errors.New("more than once a day")
)

// The parts of a time typed once, folded (lower case, no diacritics):
// a day ("hom nay", "ngay mai", "25/12/2026", "25/12", "2026-12-25"),
// then "luc" or "at", then a clock ("08:00", "8h", "8h30", "8 gio 30",
// with "sang", "chieu", "toi", "am", "pm"…); or the clock first.
const (
	clockPart = `(?P<h>\d{1,2})(?::(?P<m>\d{2})|\s?(?:h|gio|g)(?:\s?(?P<m2>\d{1,2})(?:\s?phut)?)?)` +
		`(?:\s?(?P<ap>sang|trua|chieu|toi|dem|am|pm))?`
	dayPart = `(?:(?P<rel>hom nay|today|ngay mai|mai|tomorrow|ngay kia|ngay mot)` +
		`|(?:ngay\s)?(?P<d>\d{1,2})[/-](?P<mo>\d{1,2})(?:[/-](?P<y>\d{4}|\d{2}))?` +
		`|(?P<iy>\d{4})-(?P<imo>\d{1,2})-(?P<id>\d{1,2}))`
	atWord = `(?:(?:luc|vao luc|vao|at)\s)?`
)

var (
	onceDayFirst   = regexp.MustCompile(`^(?:` + dayPart + `\s)?` + atWord + clockPart + `$`)
	onceClockFirst = regexp.MustCompile(`^` + clockPart + `\s` + `(?:(?:ngay|on)\s)?` + dayPart + `$`)
	relDays        = map[string]int{"hom nay": 0, "today": 0, "ngay mai": 1, "mai": 1, "tomorrow": 1,
		"ngay kia": 2, "ngay mot": 2}
)

// parseWhen reads when a scheduled appeal goes, typed by a person in the
// time zone loc at now: once ("25/12/2026 08:00"; "08:00", the next such
// time; "ngày mai 07:30"), or repeating: a preset storage.ParsePreset
// reads or a 5-field cron spec, at most once a local day. It returns
// errWhenPast (with the time read) for a time not after now,
// errWhenBadDate for a date the calendar lacks, errWhenTooOften for a
// spec that runs more than daily, and errWhenUnread for anything else.
func parseWhen(text string, now time.Time, loc *time.Location) (when, error) {
	folded := storage.Fold(text)
	if folded == "" || len(folded) > 100 || strings.Contains(folded, "tz=") {
		return when{}, errWhenUnread
	}
	if spec, ok := storage.ParsePreset(text); ok {
		return repeating(spec, now, loc)
	}
	if w, ok, err := parseOnce(folded, now, loc); ok {
		return w, err
	}
	if fields := strings.Fields(text); len(fields) == 5 || len(fields) > 0 && strings.HasPrefix(fields[0], "@") {
		return repeating(strings.Join(fields, " "), now, loc)
	}
	return when{}, errWhenUnread
}

// repeating checks a cron spec: readable, with runs to come, at most daily.
func repeating(spec string, now time.Time, loc *time.Location) (when, error) {
	tz := loc.String()
	if runs, err := storage.NextRuns(spec, tz, now, 1); err != nil || len(runs) == 0 {
		return when{}, errWhenUnread
	}
	if !storage.AtMostDaily(spec, tz, now) {
		return when{}, errWhenTooOften
	}
	return when{Spec: spec}, nil
}

// parseOnce reads a time typed once; ok is false when text is not one.
func parseOnce(text string, now time.Time, loc *time.Location) (w when, ok bool, err error) {
	re := onceDayFirst
	m := re.FindStringSubmatch(text)
	if m == nil {
		re = onceClockFirst
		if m = re.FindStringSubmatch(text); m == nil {
			return when{}, false, nil
		}
	}
	part := func(name string) string { return m[re.SubexpIndex(name)] }
	h, mins, okClock := clock(part("h"), part("m")+part("m2"), part("ap"))
	if !okClock {
		return when{}, true, errWhenUnread
	}
	local := now.In(loc)
	var t time.Time
	switch {
	case part("d") != "" && part("y") == "": // "25/12 08:00": the next such day
		t, err = nextDate(atoi(part("mo")), atoi(part("d")), h, mins, now, loc)
	case part("d") != "":
		year := atoi(part("y"))
		if len(part("y")) == 2 {
			year += 2000
		}
		t, err = date(year, atoi(part("mo")), atoi(part("d")), h, mins, loc)
	case part("iy") != "":
		t, err = date(atoi(part("iy")), atoi(part("imo")), atoi(part("id")), h, mins, loc)
	case part("rel") != "":
		t = time.Date(local.Year(), local.Month(), local.Day()+relDays[part("rel")], h, mins, 0, 0, loc)
	default: // "08:00": today's, or else tomorrow's
		if t = time.Date(local.Year(), local.Month(), local.Day(), h, mins, 0, 0, loc); !t.After(now) {
			t = time.Date(local.Year(), local.Month(), local.Day()+1, h, mins, 0, 0, loc)
		}
	}
	if err != nil {
		return when{}, true, err
	}
	if !t.After(now) {
		return when{Once: t.UTC()}, true, errWhenPast
	}
	return when{Once: t.UTC()}, true, nil
}

// date is the time on a calendar day in loc, or errWhenBadDate for a day
// the calendar lacks (31/02 is no date, not 03/03).
func date(year, month, day, h, m int, loc *time.Location) (time.Time, error) {
	t := time.Date(year, time.Month(month), day, h, m, 0, 0, loc)
	if t.Year() != year || int(t.Month()) != month || t.Day() != day {
		return time.Time{}, errWhenBadDate
	}
	return t, nil
}

// nextDate is the first time after now on the day and month given, this
// year or a later one (29/02: the next leap year).
func nextDate(month, day, h, m int, now time.Time, loc *time.Location) (time.Time, error) {
	if _, err := date(2000, month, day, h, m, loc); err != nil { // 2000 had a 29 February
		return time.Time{}, err
	}
	for year := now.In(loc).Year(); ; year++ {
		if t, err := date(year, month, day, h, m, loc); err == nil && t.After(now) {
			return t, nil
		}
	}
}

// clock reads an hour and minutes with an optional part of the day
// ("sáng", "chiều", "tối", "am", "pm"…); ok is false for no such time.
func clock(hour, minute, part string) (h, m int, ok bool) {
	h, m = atoi(hour), 0
	if minute != "" {
		m = atoi(minute)
	}
	switch part {
	case "sang", "am":
		if h > 12 {
			return 0, 0, false
		}
		if h == 12 && part == "am" {
			h = 0
		}
	case "chieu", "toi", "pm":
		if h < 12 {
			h += 12
		}
	case "trua":
		if h < 11 {
			h += 12
		}
	case "dem": // "12 giờ đêm" is midnight, "10 giờ đêm" 22:00, "2 giờ đêm" 02:00
		if h == 12 {
			h = 0
		} else if h >= 6 && h < 12 {
			h += 12
		}
	}
	return h, m, h <= 23 && m <= 59
}

// atoi reads the digits a pattern matched (0 when there are none).
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// exampleWhen is a time to show as an example: 08:00 tomorrow, in loc.
func exampleWhen(now time.Time, loc *time.Location) string {
	t := now.In(loc).AddDate(0, 0, 1)
	return t.Format("02/01/2006") + " 08:00"
}
