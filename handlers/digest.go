package handlers

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// A digest tells an official how their unit is doing, one line per unit
// at the next level down and the totals: residents, check-in
// participation today and over 7 days with the change against the day
// and the 7 days before, symptoms and F0, help requests, good deeds,
// green zones and the newest commended deeds; with a bar chart of
// today's participation. The same messages go out on demand (/digest)
// and on a schedule (/subscribe), built by digestMessages.
const (
	digestDaily      = "daily"
	digestWeekly     = "weekly"
	digestDailySpec  = "0 17 * * *"
	digestWeeklySpec = "0 8 * * 1"
	digestCommended  = 3
)

// digest is what a digest reports, gathered in one read.
type digest struct {
	unit     storage.Unit
	weekly   bool
	at       time.Time
	children []storage.Unit
	// figures by unit id (the unit's own members under unit.ID), for
	// today, yesterday, the 7 days to today and the 7 days before.
	today, yesterday, week, prevWeek map[int64]*storage.Figures
	periods                          [4]storage.Period
	zones                            zoneMap
	commended                        []storage.Commended
	// replicated are the unit's practices (and its units') replicated to
	// other units, with the units that adopted each.
	replicated []storage.Practice
	adopters   map[int64][]storage.Adopter
}

// digestPractices is how many replicated practices a digest shows.
const digestPractices = 3

// buildDigest gathers the digest of unit at now.
func (co *core) buildDigest(tx *storage.Tx, unit storage.Unit, weekly bool, now time.Time) (digest, error) {
	d := digest{unit: unit, weekly: weekly, at: now}
	loc := co.location(unit)
	// Today so far, against yesterday up to the same hour; the 7 whole
	// days before today, against the 7 before them.
	yesterday := storage.PeriodOf(now.AddDate(0, 0, -1), loc, 1)
	yesterday.Cutoff = now.AddDate(0, 0, -1)
	d.periods = [4]storage.Period{storage.PeriodOf(now, loc, 1), yesterday,
		storage.PeriodOf(now.AddDate(0, 0, -1), loc, 7), storage.PeriodOf(now.AddDate(0, 0, -8), loc, 7)}
	var err error
	if d.children, err = tx.Children(unit.ID); err != nil {
		return d, fmt.Errorf("digest of %s: %w", unit.Code, err)
	}
	people, err := tx.PeopleBelow(unit.ID, d.periods[:]...)
	if err != nil {
		return d, fmt.Errorf("digest of %s: %w", unit.Code, err)
	}
	for i, into := range []*map[int64]*storage.Figures{&d.today, &d.yesterday, &d.week, &d.prevWeek} {
		if *into, err = tx.ActivityBelow(unit.ID, d.periods[i], now, people); err != nil {
			return d, fmt.Errorf("digest of %s: %w", unit.Code, err)
		}
	}
	if d.zones, err = co.zones(tx, unit, now); err != nil {
		return d, fmt.Errorf("digest of %s: %w", unit.Code, err)
	}
	week := d.periods[2]
	if d.commended, err = tx.CommendedBelow(unit.ID, week.Start, week.End, digestCommended); err != nil {
		return d, fmt.Errorf("digest of %s: %w", unit.Code, err)
	}
	if err := d.readReplicated(tx); err != nil {
		return d, fmt.Errorf("digest of %s: %w", unit.Code, err)
	}
	// The units with the lowest participation today first: they need a call.
	// Units nobody has joined yet come last.
	empty := func(u storage.Unit) bool { return d.today[u.ID] == nil || d.today[u.ID].People == 0 }
	slices.SortStableFunc(d.children, func(a, b storage.Unit) int {
		ea, eb := empty(a), empty(b)
		if ea != eb {
			if ea {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(d.share(d.today, a.ID), d.share(d.today, b.ID)), cmp.Compare(a.Name, b.Name))
	})
	return d, nil
}

// readReplicated reads the practices of the unit and below that were
// replicated, the newest first, with their adopters.
func (d *digest) readReplicated(tx *storage.Tx) error {
	list, err := tx.PracticesIn(storage.Scope{Units: []int64{d.unit.ID}}, 50)
	if err != nil {
		return err
	}
	var ids []int64
	for _, p := range list {
		if p.Adopted+p.Help+p.Asked > 0 && len(d.replicated) < digestPractices {
			d.replicated = append(d.replicated, p)
			ids = append(ids, p.ID)
		}
	}
	d.adopters, err = tx.AdoptersOf(ids)
	return err
}

// replicatedText is the digest's lines about practices replicated ("" for none).
func (co *core) replicatedText(lang string, d digest) string {
	if len(d.replicated) == 0 {
		return ""
	}
	T := func(key string, args ...any) string { return co.Catalog.Text(lang, key, args...) }
	var b strings.Builder
	b.WriteString(T("digest.practices"))
	for _, p := range d.replicated {
		var names []string
		for _, a := range d.adopters[p.ID] {
			if a.Status == storage.AdoptionAdopted {
				names = append(names, a.UnitName)
			}
		}
		line := T("digest.practice_line", storage.PracticeRef(p.ID), p.Title, p.Adopted)
		if len(names) > 0 {
			line += T("digest.practice_who", strings.Join(names, ", "))
		}
		if p.Help > 0 {
			line += T("digest.practice_help", p.Help)
		}
		if p.Asked > 0 {
			line += T("digest.practice_asked", p.Asked)
		}
		b.WriteString("\n" + line)
	}
	return b.String()
}

// share is unit id's participation in figures, 0 when it has none.
func (d digest) share(all map[int64]*storage.Figures, id int64) float64 {
	if f := all[id]; f != nil {
		return f.Participation()
	}
	return 0
}

// total adds up the figures of the whole unit.
func total(all map[int64]*storage.Figures) storage.Figures {
	var t storage.Figures
	for _, f := range all {
		t.Add(*f)
	}
	return t
}

// digestText writes the digest in lang (HTML).
func (co *core) digestText(lang string, d digest) string {
	T := func(key string, args ...any) string { return co.Catalog.Text(lang, key, args...) }
	today, yesterday, week, prev := total(d.today), total(d.yesterday), total(d.week), total(d.prevWeek)
	period := today // the counts of the digest's period
	if d.weekly {
		period = week
	}
	head := "digest.head_daily"
	if d.weekly {
		head = "digest.head_weekly"
	}
	var b strings.Builder
	b.WriteString(T(head, d.unit.Name, co.localTime(d.unit, d.at)))
	b.WriteString("\n\n" + T("digest.residents", today.Joined, today.Stopped))
	b.WriteString("\n" + T("digest.participation", today.Participation()*100, HTML(co.change(lang, today, yesterday)),
		week.Participation()*100, HTML(co.change(lang, week, prev))))
	health := "digest.health_today"
	if d.weekly {
		health = "digest.health_week"
	}
	b.WriteString("\n" + T(health, period.Symptoms, period.F0, period.F1))
	b.WriteString("\n" + T("digest.help", period.RequestsOpened, period.RequestsResolved, period.RequestsOpenLate))
	b.WriteString("\n" + T("digest.deeds", period.DeedsReported, period.DeedsApproved, period.DeedsCommended))
	if today.Vaccinated > 0 {
		b.WriteString("\n" + T("digest.vaccine", share(today.Vaccinated, today.People)*100,
			share(today.FullyVaccinated, today.People)*100, today.Vaccinated, today.FullyVaccinated, today.People))
	} else {
		b.WriteString("\n" + T("digest.vaccine_none"))
	}
	green := 0
	for _, u := range d.children {
		if d.zones.green[u.ID] {
			green++
		}
	}
	if len(d.children) > 0 {
		b.WriteString("\n" + T("digest.green", green, len(d.children)))
		b.WriteString("\n\n" + T("digest.by_unit"))
		for _, u := range d.children {
			b.WriteString("\n" + co.digestLine(lang, d, u))
		}
	} else if d.zones.green[d.unit.ID] {
		b.WriteString("\n" + T("digest.is_green"))
	} else {
		b.WriteString("\n" + T("digest.not_green"))
	}
	if len(d.commended) > 0 {
		b.WriteString("\n\n" + T("digest.commended"))
		for _, c := range d.commended {
			if c.Name == "" { // without consent, nor the words that could name them
				b.WriteString("\n" + T("digest.commended_anonymous", c.UnitName, c.Label))
				continue
			}
			b.WriteString("\n" + T("digest.commended_line", c.Name, c.Label, c.Excerpt))
		}
	}
	if text := co.replicatedText(lang, d); text != "" {
		b.WriteString("\n\n" + text)
	}
	b.WriteString("\n\n" + T("digest.more"))
	return b.String()
}

// digestLine is one unit below in the digest.
func (co *core) digestLine(lang string, d digest, u storage.Unit) string {
	f := func(all map[int64]*storage.Figures) storage.Figures {
		if x := all[u.ID]; x != nil {
			return *x
		}
		return storage.Figures{}
	}
	today, yesterday, week, prev := f(d.today), f(d.yesterday), f(d.week), f(d.prevWeek)
	if today.People == 0 {
		return co.Catalog.Text(lang, "digest.line_empty", u.Name)
	}
	period := today
	if d.weekly {
		period = week
	}
	zone := "🟢"
	if !d.zones.green[u.ID] {
		zone = "🟠"
	}
	line := co.Catalog.Text(lang, "digest.line", HTML(zone), u.Name, today.Participation()*100,
		HTML(co.change(lang, today, yesterday)), week.Participation()*100, HTML(co.change(lang, week, prev)),
		period.Symptoms, period.F0, period.RequestsOpened, period.RequestsOpenLate, period.DeedsReported)
	if total(d.today).Vaccinated > 0 {
		line += co.Catalog.Text(lang, "digest.line_vaccine", share(today.Vaccinated, today.People)*100,
			share(today.FullyVaccinated, today.People)*100)
	}
	return line
}

// share is part over whole, 0 for no whole.
func share(part, whole int) float64 {
	if whole <= 0 {
		return 0
	}
	return float64(part) / float64(whole)
}

// change is the move in participation from before to now, in percentage
// points: "▲ 5", "▼ 2", "= 0"; "" when there was nobody before.
func (co *core) change(lang string, now, before storage.Figures) string {
	if before.People == 0 || before.Days == 0 {
		return ""
	}
	delta := math.Round((now.Participation() - before.Participation()) * 100)
	switch {
	case delta > 0:
		return co.Catalog.Text(lang, "digest.up", delta)
	case delta < 0:
		return co.Catalog.Text(lang, "digest.down", -delta)
	}
	return co.Catalog.Text(lang, "digest.same")
}

// digestChart draws today's participation of the units below (or of the
// unit itself, without any), in lang.
func (co *core) digestChart(lang string, d digest) ([]byte, error) {
	var bars []chartBar
	units := d.children
	if len(units) == 0 {
		units = []storage.Unit{d.unit}
	}
	// The chart reads best from the highest down; units nobody has
	// joined yet (last in units) stay at the bottom.
	var empty []chartBar
	for i := len(units) - 1; i >= 0; i-- {
		bar := chartBar{Label: units[i].Name, Value: d.share(d.today, units[i].ID)}
		if f := d.today[units[i].ID]; f == nil || f.People == 0 {
			empty = append([]chartBar{bar}, empty...)
		} else {
			bars = append(bars, bar)
		}
	}
	bars = append(bars, empty...)
	title := co.Catalog.Text(lang, "digest.chart_title", d.unit.Name, co.localDate(d.unit, d.at))
	return participationChart(bot.PlainText(title), bot.PlainText(co.Catalog.Text(lang, "digest.chart_axis")), bars)
}

// digestMessages builds the digest of unit for one person: its text, and
// its chart as a photo kept in the database (sent by upload, or by
// public URL where the messenger needs one).
func (co *core) digestMessages(tx *storage.Tx, to bot.Outgoing, unit storage.Unit, weekly bool, now time.Time) ([]bot.Outgoing, error) {
	d, err := co.buildDigest(tx, unit, weekly, now)
	if err != nil {
		return nil, err
	}
	text := to
	text.Kind, text.Text = bot.OutSend, co.digestText(to.Lang, d)
	out := []bot.Outgoing{text}
	png, err := co.digestChart(to.Lang, d)
	if err != nil {
		return nil, fmt.Errorf("digest chart of %s: %w", unit.Code, err)
	}
	hash, err := tx.KeepMedia("image/png", png)
	if err != nil {
		return nil, err
	}
	photo := to
	photo.Kind, photo.Media, photo.Text = bot.OutPhoto, hash, co.Catalog.Text(to.Lang, "digest.chart_caption", unit.Name)
	return append(out, photo), nil
}

// Digest returns the digest of the unit with code as of now, in lang:
// its text (HTML) and its chart (PNG), read without writing, for the
// command line (`chungsuc digest`) while the bot runs.
func (a *App) Digest(ctx context.Context, code string, weekly bool, lang string, now time.Time) (string, []byte, error) {
	if normLang(lang) == "" {
		lang = a.Lang
	}
	var d digest
	err := a.DB.View(ctx, func(tx *storage.Tx) error {
		unit, err := tx.UnitByCode(strings.ToUpper(strings.TrimSpace(code)))
		if err != nil {
			return fmt.Errorf("unit %q: %w", code, err)
		}
		d, err = a.buildDigest(tx, unit, weekly, now)
		return err
	})
	if err != nil {
		return "", nil, err
	}
	chart, err := a.digestChart(lang, d)
	if err != nil {
		return "", nil, err
	}
	return a.digestText(lang, d), chart, nil
}
