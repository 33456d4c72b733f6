package handlers

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/chungsuc/chungsuc/storage"
)

// standing is one unit's place: its figures and score over the week and
// over the campaign, and whether it is a green zone.
type standing struct {
	unit          storage.Unit
	week, overall storage.Figures
	weekScore     storage.Score
	score         storage.Score // over the campaign (the week without one)
	green         bool
	zoneByHand    *storage.ZoneStatus
}

// standings are the units directly below parent, best first by their
// score over the campaign (or the week without a campaign), then by
// their week, then by name; with the campaign used (ID 0 for none).
type standings struct {
	parent   storage.Unit
	campaign storage.Campaign
	week     storage.Period
	overall  storage.Period
	units    []standing
	own      storage.Figures // the parent's own members, not in a unit below
}

// standingsBelow ranks the units directly below parent on the local day
// of now.
func (co *core) standingsBelow(tx *storage.Tx, parent storage.Unit, now time.Time) (standings, error) {
	loc := co.location(parent)
	st := standings{parent: parent, week: storage.PeriodOf(now, loc, 7)}
	st.overall = st.week
	x, err := tx.ActiveCampaign(parent.ID, st.week.To)
	switch {
	case err == nil:
		st.campaign = x
		if p, err := storage.DaysPeriod(x.Starts, st.week.To, loc); err == nil {
			st.overall = p
		}
	case !errors.Is(err, storage.ErrNotFound):
		return st, err
	}
	children, err := tx.Children(parent.ID)
	if err != nil {
		return st, fmt.Errorf("units below %s: %w", parent.Code, err)
	}
	people, err := tx.PeopleBelow(parent.ID, st.week, st.overall) // once for both
	if err != nil {
		return st, err
	}
	week, err := tx.ActivityBelow(parent.ID, st.week, now, people)
	if err != nil {
		return st, err
	}
	overall := week
	if st.overall != st.week {
		if overall, err = tx.ActivityBelow(parent.ID, st.overall, now, people); err != nil {
			return st, err
		}
	}
	zones, err := co.zones(tx, parent, now)
	if err != nil {
		return st, err
	}
	for _, u := range children {
		s := standing{unit: u, week: *figuresOf(week, u.ID, st.week), overall: *figuresOf(overall, u.ID, st.overall)}
		s.weekScore = s.week.ScoreWith(st.campaign.VaccinePoints)
		s.score = s.overall.ScoreWith(st.campaign.VaccinePoints)
		s.green, s.zoneByHand = zones.green[u.ID], zones.byHand[u.ID]
		st.units = append(st.units, s)
	}
	st.own = *figuresOf(overall, parent.ID, st.overall)
	// Units nobody has joined yet are not ranked: they come last.
	slices.SortStableFunc(st.units, func(a, b standing) int {
		if ea, eb := a.overall.People == 0, b.overall.People == 0; ea != eb {
			if ea {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(b.score.Total, a.score.Total), cmp.Compare(b.weekScore.Total, a.weekScore.Total),
			cmp.Compare(a.unit.Name, b.unit.Name))
	})
	return st, nil
}

// figuresOf is the figures of unit id, empty (over p) when nothing
// happened there.
func figuresOf(all map[int64]*storage.Figures, id int64, p storage.Period) *storage.Figures {
	if f := all[id]; f != nil {
		return f
	}
	return &storage.Figures{Days: p.Days()}
}

// zoneMap says which units directly below a parent (and the parent) are
// green zones, and which statuses were set by hand.
type zoneMap struct {
	green  map[int64]bool
	byHand map[int64]*storage.ZoneStatus
}

// zones decides the green zones below parent: a status set by hand wins;
// otherwise a unit is green when nobody in it reported F0 in the last
// storage.GreenDays days.
func (co *core) zones(tx *storage.Tx, parent storage.Unit, now time.Time) (zoneMap, error) {
	since := storage.PeriodOf(now, co.location(parent), storage.GreenDays).From
	f0, err := tx.F0Since(parent.ID, since)
	if err != nil {
		return zoneMap{}, err
	}
	set, err := tx.ZoneStatuses(parent.ID)
	if err != nil {
		return zoneMap{}, err
	}
	children, err := tx.Children(parent.ID)
	if err != nil {
		return zoneMap{}, err
	}
	z := zoneMap{green: map[int64]bool{}, byHand: map[int64]*storage.ZoneStatus{}}
	// The parent is green when its own members reported no F0 and every
	// unit below it is green (as set by hand, where it was).
	green := !f0[parent.ID]
	for _, u := range children {
		z.green[u.ID] = !f0[u.ID]
		if s, ok := set[u.ID]; ok {
			z.green[u.ID], z.byHand[u.ID] = s.Green, &s
		}
		green = green && z.green[u.ID]
	}
	z.green[parent.ID] = green
	if s, ok := set[parent.ID]; ok {
		z.green[parent.ID], z.byHand[parent.ID] = s.Green, &s
	}
	return z, nil
}
