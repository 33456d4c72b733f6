package handlers

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/chungsuc/chungsuc/storage"
)

// The public page of a unit (công khai): what the movement does there,
// for anyone with the link, with nothing about any one person but the
// names given with consent. It is read on a read-only connection.
const (
	// publicMinPeople: below this many people, a unit's vaccination
	// counts are not shown (they would say who is not vaccinated).
	publicMinPeople = 10
	publicUnits     = 40 // units ranked on the page; the rest are counted
	publicDeeds     = 8  // commended deeds on the honour roll
	publicPractices = 8
	publicDays      = 30 // without a campaign, the honour roll's days
	publicExcerpt   = 240
)

// ErrNoUnit is returned for a page of a unit that does not exist.
var ErrNoUnit = errors.New("no such unit")

// Page is the public page of one unit, every text in one language.
type Page struct {
	Lang       string
	Unit       storage.Unit
	Path       []storage.Unit // the units above, the top first
	Children   []storage.Unit // the units below, in their order (for the top page's list)
	Campaign   *storage.Campaign
	Ranked     []PageRank // the units below, best first
	MoreUnits  int        // ranked units not listed
	Own        PageFigures
	Coverage   PageCoverage
	Green      int // units below that are green zones, of Zoned shown
	Zoned      int
	Honour     []PageDeed
	Practices  []PagePractice
	Hotlines   []PageHotlines
	JoinCode   string // the payload of the bot's deep link: g_<code>
	Updated    time.Time
	Loc        *time.Location
	Vaccinated bool // the campaign scores vaccination
}

// PageRank is one unit's place on the page's leaderboard.
type PageRank struct {
	Rank          int
	Unit          storage.Unit
	Empty         bool // nobody has joined it yet
	Small         bool // too few people to show its figures
	Green         bool
	Score         storage.Score
	Participation float64 // 0..1
	Coverage      PageCoverage
}

// PageFigures is the unit's own participation over the period shown.
type PageFigures struct {
	People        int
	Participation float64
	Hidden        bool // the rate is not shown (too few people)
}

// PageCoverage is vaccination as counts: how many people have one dose
// or more and two or more; Hidden when too few people to show them.
type PageCoverage struct {
	People, One, Two int
	Hidden           bool
}

// PageDeed is a commended deed as the page shows it: its kind, where,
// the doer's name only with consent, and a photo only when a coordinator
// published it to residents. Not its description: written for the
// reviewers, it may name or describe others.
type PageDeed struct {
	Label, UnitName, Name, Photo string
	At                           time.Time
}

// PagePractice is a good practice with who adopted it, and its contact
// (its author was told the contact is public; phone numbers in the rest
// of its text are masked).
type PagePractice struct {
	Ref, Title, What, Contact, UnitName, Photo string
	Example, Exemplary                         bool
	Adopted, Help, Asked                       int
	Adopters                                   []string // units that adopted it
}

// PageHotlines are the hotlines of one unit on the way up.
type PageHotlines struct {
	UnitName string
	Lines    []storage.Hotline
}

// PublicPage reads the page of the unit with code ("" for the top of the
// tree: its only root, or the list of roots) as of now, in lang. It
// returns ErrNoUnit for an unknown code.
func (a *App) PublicPage(ctx context.Context, code, lang string, now time.Time) (Page, error) {
	if normLang(lang) == "" {
		lang = a.Lang
	}
	p := Page{Lang: normLang(lang), Updated: now, Loc: a.TZ}
	err := a.DB.View(ctx, func(tx *storage.Tx) error {
		unit, err := a.pageUnit(tx, code)
		if err != nil {
			return err
		}
		if unit.ID == 0 { // several roots: the page lists them
			p.Children, err = tx.Children(0)
			return err
		}
		p.Unit, p.Loc, p.JoinCode = unit, a.location(unit), deepLinkPrefix+unit.Code
		return a.fillPage(tx, &p, now)
	})
	return p, err
}

// pageUnit finds the unit a page is for: the code's, or the only root.
func (a *App) pageUnit(tx *storage.Tx, code string) (storage.Unit, error) {
	if code != "" {
		u, err := tx.UnitByCode(strings.ToUpper(strings.TrimSpace(code)))
		if errors.Is(err, storage.ErrNotFound) {
			return u, ErrNoUnit
		}
		return u, err
	}
	roots, err := tx.Children(0)
	switch {
	case err != nil:
		return storage.Unit{}, err
	case len(roots) == 0:
		return storage.Unit{}, ErrNoUnit
	case len(roots) == 1:
		return roots[0], nil
	}
	return storage.Unit{}, nil
}

// fillPage reads everything the page of p.Unit shows.
func (a *App) fillPage(tx *storage.Tx, p *Page, now time.Time) error {
	up, err := tx.Ancestors(p.Unit.ID)
	if err != nil {
		return err
	}
	for i := len(up) - 1; i > 0; i-- {
		p.Path = append(p.Path, up[i])
	}
	st, err := a.standingsBelow(tx, p.Unit, now)
	if err != nil {
		return err
	}
	if st.campaign.ID != 0 {
		p.Campaign = &st.campaign
		p.Vaccinated = st.campaign.VaccinePoints > 0
	}
	// A unit of fewer than publicMinPeople shows nothing but its name: its
	// rate, score (with vaccination in it) or zone (an F0 reported) would
	// be about a household. It is listed after the units ranked.
	total, rank, small, hidden := st.own, 0, []PageRank{}, 0
	for _, s := range st.units {
		total.Add(s.overall)
		r := PageRank{Unit: s.unit, Empty: s.overall.People == 0, Small: s.overall.People < publicMinPeople}
		if r.Small {
			if !r.Empty {
				hidden++
			}
			small = append(small, r)
			continue
		}
		rank++
		p.Zoned++
		if s.green {
			p.Green++
		}
		r.Rank, r.Green, r.Score, r.Participation, r.Coverage = rank, s.green, s.score, s.overall.Participation(), coverageOf(s.overall)
		p.Ranked = append(p.Ranked, r)
	}
	p.Ranked = append(p.Ranked, small...)
	if len(p.Ranked) > publicUnits {
		p.MoreUnits, p.Ranked = len(p.Ranked)-publicUnits, p.Ranked[:publicUnits]
	}
	p.Own = PageFigures{People: total.People, Participation: total.Participation()}
	p.Coverage = coverageOf(total)
	// With exactly one small unit below, the whole minus the others would
	// be that unit's figures: the whole's are not shown either.
	if hidden == 1 || total.People < publicMinPeople {
		p.Own.Hidden, p.Coverage.Hidden = true, true
	}
	from := now.AddDate(0, 0, -publicDays)
	if p.Campaign != nil {
		from = st.overall.Start
	}
	if err := a.pageHonour(tx, p, from, now); err != nil {
		return err
	}
	if err := a.pagePractices(tx, p); err != nil {
		return err
	}
	return a.pageHotlines(tx, p, up)
}

// coverageOf is vaccination in f as counts, hidden for too few people.
func coverageOf(f storage.Figures) PageCoverage {
	return PageCoverage{People: f.People, One: f.Vaccinated, Two: f.FullyVaccinated, Hidden: f.People < publicMinPeople}
}

// pageHonour reads the deeds commended in the unit or below since from.
func (a *App) pageHonour(tx *storage.Tx, p *Page, from, now time.Time) error {
	list, err := tx.CommendedBelow(p.Unit.ID, from, now.Add(time.Second), publicDeeds)
	if err != nil {
		return err
	}
	for _, c := range list {
		d := PageDeed{Label: c.Label, UnitName: c.UnitName, Name: c.Name, At: c.DecidedAt}
		if c.Published {
			d.Photo = c.Photo
		}
		p.Honour = append(p.Honour, d)
	}
	return nil
}

// pagePractices reads the good practices of the unit and below, with the
// units that adopted each.
func (a *App) pagePractices(tx *storage.Tx, p *Page) error {
	list, err := tx.PracticesIn(storage.Scope{Units: []int64{p.Unit.ID}}, publicPractices)
	if err != nil {
		return err
	}
	ids := make([]int64, len(list))
	for i, x := range list {
		ids[i] = x.ID
	}
	adopters, err := tx.AdoptersOf(ids)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, x := range list {
		pp := PagePractice{Ref: storage.PracticeRef(x.ID), Title: maskPhones(x.Title), What: clip(maskPhones(strings.TrimSpace(x.What)), publicExcerpt),
			Contact: x.Contact,
			Photo:   x.PhotoMedia, Example: x.Example, Exemplary: !x.ExemplaryAt.IsZero(),
			Adopted: x.Adopted, Help: x.Help, Asked: x.Asked}
		if _, ok := names[x.UnitID]; !ok {
			if u, err := tx.UnitByID(x.UnitID); err == nil {
				names[x.UnitID] = u.Name
			}
		}
		pp.UnitName = names[x.UnitID]
		for _, ad := range adopters[x.ID] {
			if ad.Status == storage.AdoptionAdopted {
				pp.Adopters = append(pp.Adopters, ad.UnitName)
			}
		}
		p.Practices = append(p.Practices, pp)
	}
	return nil
}

// pageHotlines reads the hotlines of the unit and the units above it.
func (a *App) pageHotlines(tx *storage.Tx, p *Page, up []storage.Unit) error {
	ids := make([]int64, len(up))
	for i, u := range up {
		ids[i] = u.ID
	}
	byUnit, err := tx.HotlinesFor(ids)
	if err != nil {
		return fmt.Errorf("hotlines: %w", err)
	}
	for _, u := range up {
		if lines := byUnit[u.ID]; len(lines) > 0 {
			p.Hotlines = append(p.Hotlines, PageHotlines{UnitName: u.Name, Lines: lines})
		}
	}
	return nil
}

// phoneRun is a run of digits that may be a phone number: eight or more
// digits, with spaces, dots or dashes between them.
var phoneRun = regexp.MustCompile(`\+?\d(?:[ .-]?\d){7,}`)

// maskPhones hides the phone numbers in a text shown to the public.
func maskPhones(s string) string { return phoneRun.ReplaceAllString(s, "•••") }
