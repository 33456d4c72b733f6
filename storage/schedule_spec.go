package storage

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// Reading schedules' specs and deciding what is due: used where schedules
// are made (the chat command checks a spec and shows its next runs) and
// where they run.

// DefaultCatchUp is how late a slot missed while the bot was down may
// still run, once, at start: later than that it is skipped (and logged).
const DefaultCatchUp = time.Hour

// specParser reads the 5-field specs people write (minute, hour, day of
// month, month, day of week), "@daily"-style descriptors, and a leading
// "CRON_TZ=Zone".
var specParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// ErrSpec says why a schedule's spec cannot be used.
var ErrSpec = errors.New("not a schedule")

// ParseSpec reads spec in the time zone tz (a "CRON_TZ=" prefix in spec
// wins). A spec with seconds, six fields or junk is refused with ErrSpec.
func ParseSpec(spec, tz string) (cron.Schedule, error) {
	spec = strings.TrimSpace(spec)
	if spec == "" || len(spec) > 200 {
		return nil, fmt.Errorf("%w: empty or too long", ErrSpec)
	}
	if !strings.HasPrefix(spec, "CRON_TZ=") && !strings.HasPrefix(spec, "TZ=") {
		if _, err := time.LoadLocation(tz); err != nil || tz == "" {
			return nil, fmt.Errorf("%w: time zone %q", ErrSpec, tz)
		}
		spec = "CRON_TZ=" + tz + " " + spec
	}
	return parseSafely(spec)
}

// parseSafely parses with cron, whose parser panics on some input (a
// "TZ=" with nothing after it): such a spec is refused like any other.
func parseSafely(spec string) (s cron.Schedule, err error) {
	defer func() {
		if r := recover(); r != nil {
			s, err = nil, fmt.Errorf("%w: %v", ErrSpec, r)
		}
	}()
	if (strings.HasPrefix(spec, "CRON_TZ=") || strings.HasPrefix(spec, "TZ=")) && !strings.Contains(spec, " ") {
		return nil, fmt.Errorf("%w: a time zone without a schedule", ErrSpec)
	}
	s, err = specParser.Parse(spec)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSpec, err)
	}
	return s, nil
}

// Decision is what one schedule should do now: run a slot, record one as
// skipped (missed and too late), and when it is next due.
type Decision struct {
	Run, Skip time.Time // zero when none
	Next      time.Time // zero when never again
}

// maxSlots bounds the slots walked to find the latest one due.
const maxSlots = 100_000

// Due decides what s does at now, given the latest slot it claimed or
// skipped (hasLast false: none yet, the slots count from its creation):
// the latest slot due and not yet claimed runs if it is at most catchUp
// late, or is skipped otherwise (the slots before it are not run: a
// reminder missed twice is not sent twice); a paused schedule does
// neither but still says when it would be due.
func Due(s Schedule, last time.Time, hasLast bool, now time.Time, catchUp time.Duration) (Decision, error) {
	var d Decision
	if s.Spec == "" { // once
		switch {
		case hasLast:
			return d, nil
		case s.OnceAt.After(now):
			d.Next = s.OnceAt
			return d, nil
		case s.Paused:
			return d, nil
		}
		return decide(d, s.OnceAt, now, catchUp), nil
	}
	sched, err := ParseSpec(s.Spec, s.TZ)
	if err != nil {
		return d, err
	}
	from := s.CreatedAt
	if hasLast {
		from = last
	}
	if oldest := now.AddDate(-1, 0, -1); from.Before(oldest) {
		from = oldest // a year is enough to find the latest slot of any spec but Feb 29's
	}
	var latest time.Time
	t := sched.Next(from)
	for i := 0; !t.IsZero() && !t.After(now) && i < maxSlots; i++ {
		latest, t = t, sched.Next(t)
	}
	d.Next = t
	if latest.IsZero() || s.Paused {
		return d, nil
	}
	return decide(d, latest, now, catchUp), nil
}

func decide(d Decision, slot, now time.Time, catchUp time.Duration) Decision {
	if now.Sub(slot) <= catchUp {
		d.Run = slot
	} else {
		d.Skip = slot
	}
	return d
}

// NextRuns returns the next n slots of spec in tz after from, for a
// person to check a schedule before confirming it.
func NextRuns(spec, tz string, from time.Time, n int) ([]time.Time, error) {
	sched, err := ParseSpec(spec, tz)
	if err != nil {
		return nil, err
	}
	var out []time.Time
	for t := sched.Next(from); !t.IsZero() && len(out) < n; t = sched.Next(t) {
		out = append(out, t)
	}
	return out, nil
}

// AtMostDaily reports whether spec, in tz, runs at most once a local day
// (a check-in reminder must: "* 8 * * *", every minute of 8 o'clock, is
// a slip for "0 8 * * *"). It looks at the next runs after from.
func AtMostDaily(spec, tz string, from time.Time) bool {
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return false
	}
	runs, err := NextRuns(spec, tz, from, 8)
	if err != nil || len(runs) == 0 {
		return false
	}
	seen := map[string]bool{}
	for _, r := range runs {
		day := r.In(loc).Format(time.DateOnly)
		if seen[day] {
			return false
		}
		seen[day] = true
	}
	return true
}

// presetRe reads the Vietnamese presets, folded (no diacritics, lower
// case): "hang ngay 08:00", "thu hai 08:00", "ngay 1 hang thang 09:00",
// and the English "daily 08:00", "monday 08:00", "monthly 1 09:00".
var (
	presetTime  = `(\d{1,2})(?:[:h.](\d{2}))?`
	dailyRe     = regexp.MustCompile(`^(?:hang ngay|moi ngay|daily|every day)\s+(?:luc\s+|at\s+)?` + presetTime + `$`)
	weeklyRe    = regexp.MustCompile(`^(?:moi\s+|every\s+)?(thu hai|thu ba|thu tu|thu nam|thu sau|thu bay|chu nhat|monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:\s+hang tuan)?\s+(?:luc\s+|at\s+)?` + presetTime + `$`)
	monthlyRe   = regexp.MustCompile(`^(?:ngay\s+(\d{1,2})\s+(?:hang|moi)\s+thang|monthly\s+(\d{1,2}))\s+(?:luc\s+|at\s+)?` + presetTime + `$`)
	weekdayCron = map[string]int{"chu nhat": 0, "sunday": 0, "thu hai": 1, "monday": 1, "thu ba": 2, "tuesday": 2,
		"thu tu": 3, "wednesday": 3, "thu nam": 4, "thursday": 4, "thu sau": 5, "friday": 5, "thu bay": 6, "saturday": 6}
)

// ParsePreset turns a preset people write into a cron spec: "hằng ngày
// 08:00" → "0 8 * * *", "thứ Hai 08:00" → "0 8 * * 1", "ngày 1 hằng
// tháng 09:00" → "0 9 1 * *" (diacritics and case do not matter). ok is
// false when text is no preset.
func ParsePreset(text string) (spec string, ok bool) {
	t := strings.Join(strings.Fields(Fold(text)), " ")
	clock := func(h, m string) (string, bool) {
		hh, err := strconv.Atoi(h)
		if err != nil || hh > 23 {
			return "", false
		}
		mm := 0
		if m != "" {
			if mm, err = strconv.Atoi(m); err != nil || mm > 59 {
				return "", false
			}
		}
		return fmt.Sprintf("%d %d", mm, hh), true
	}
	if m := dailyRe.FindStringSubmatch(t); m != nil {
		if c, ok := clock(m[1], m[2]); ok {
			return c + " * * *", true
		}
	}
	if m := weeklyRe.FindStringSubmatch(t); m != nil {
		if c, ok := clock(m[2], m[3]); ok {
			return fmt.Sprintf("%s * * %d", c, weekdayCron[m[1]]), true
		}
	}
	if m := monthlyRe.FindStringSubmatch(t); m != nil {
		day, _ := strconv.Atoi(m[1] + m[2])
		if c, ok := clock(m[3], m[4]); ok && day >= 1 && day <= 31 {
			return fmt.Sprintf("%s %d * *", c, day), true
		}
	}
	return "", false
}
