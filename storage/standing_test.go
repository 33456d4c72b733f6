package storage

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// standingWorld is a ward whose groups have residents, family members,
// check-ins, deeds and help requests made at random, with what was made
// kept beside, to recompute every figure independently of the queries.
type standingWorld struct {
	ward     int64
	groups   map[int64]int64 // unit → the group of the ward it is under
	people   map[int64]int   // group → residents not stopped + their family
	joined   map[int64]int
	stopped  map[int64]int
	checkins map[int64]map[string][4]int // group → day → checkins, symptoms, f0, f1
	deeds    map[int64][4]int            // group → reported, approved, commended, points
	help     map[int64][4]int            // group → opened, resolved, in time, open late
}

func newStandingWorld(t *testing.T) (*DB, *fakeClock, standingWorld) {
	db, clock := openSample(t)
	w := standingWorld{ward: unitID(t, db, "HN-TM"), groups: map[int64]int64{}, people: map[int64]int{},
		joined: map[int64]int{}, stopped: map[int64]int{}, checkins: map[int64]map[string][4]int{},
		deeds: map[int64][4]int{}, help: map[int64][4]int{}}
	rng := rand.New(rand.NewPCG(1, 2))
	days := []string{"2021-08-01", "2021-08-02", "2021-08-03"}
	healths := []string{HealthWell, HealthWell, HealthWell, HealthSymptoms, HealthF0, HealthF1}
	base := clock.Now()
	for g, code := range []string{"HN-TM-T01", "HN-TM-T02", "HN-TM-T03"} {
		group := unitID(t, db, code)
		w.groups[group] = group
		w.checkins[group] = map[string][4]int{}
		for i := range 5 + 7*g {
			r := joined(t, db, fmt.Sprintf("%s-%d", code, i), code)
			stopped := i%6 == 5
			family := 0
			if i%4 == 0 {
				addDependant(t, db, r.ID, "Bà "+code)
				family = 1
			}
			if stopped {
				update(t, db, func(tx *Tx) error { return tx.SetResidentStopped(r.ID, true) })
				w.stopped[group]++
			} else {
				w.joined[group]++
				w.people[group] += 1 + family
			}
			for _, day := range days {
				if rng.IntN(3) == 0 {
					continue
				}
				h := healths[rng.IntN(len(healths))]
				update(t, db, func(tx *Tx) error {
					_, _, err := tx.SaveCheckin(Checkin{ResidentID: r.ID, Day: day, Health: h, Need: NeedNone})
					return err
				})
				c := w.checkins[group][day]
				c[0]++
				for k, name := range []string{HealthSymptoms, HealthF0, HealthF1} {
					if h == name {
						c[k+1]++
					}
				}
				w.checkins[group][day] = c
			}
			status := []string{DeedPending, DeedApproved, DeedCommended, DeedRejected}[rng.IntN(4)]
			points := 1 + rng.IntN(4)
			d := createDeed(t, db, Deed{ResidentID: r.ID, UnitID: group, Subject: SubjectSelf,
				Description: "Giúp hàng xóm", Points: points})
			if status != DeedPending {
				update(t, db, func(tx *Tx) error { _, err := tx.DecideDeed(d.ID, status, "lý do", 1); return err })
			}
			x := w.deeds[group]
			x[0]++
			switch status {
			case DeedApproved:
				x[1]++
				x[3] += points
			case DeedCommended:
				x[2]++
				x[3] += 2 * points
			}
			w.deeds[group] = x
			if i%3 == 0 {
				h := createHelp(t, db, HelpRequest{ResidentID: r.ID, UnitID: group, Kind: "food", Source: "support"})
				y := w.help[group]
				y[0]++
				switch i % 9 {
				case 0: // resolved within 24 h
					clock.Advance(2 * time.Hour)
					update(t, db, func(tx *Tx) error { _, err := tx.ResolveHelpRequest(h.ID, 1); return err })
					clock.Advance(-2 * time.Hour)
					y[1]++
					y[2]++
				case 3: // resolved late
					clock.Advance(30 * time.Hour)
					update(t, db, func(tx *Tx) error { _, err := tx.ResolveHelpRequest(h.ID, 1); return err })
					clock.Advance(-30 * time.Hour)
					y[1]++
				default:
					y[3]++ // still open when the figures are taken, two days later
				}
				w.help[group] = y
			}
		}
	}
	if clock.Now() != base {
		t.Fatal("the clock moved")
	}
	return db, clock, w
}

func TestFiguresBelow(t *testing.T) {
	db, clock, w := newStandingWorld(t)
	p, err := DaysPeriod("2021-08-01", "2021-08-03", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	var got map[int64]*Figures
	view(t, db, func(tx *Tx) (err error) {
		got, err = tx.FiguresBelow(w.ward, p, clock.Now().Add(48*time.Hour))
		return err
	})
	for group := range w.groups {
		// Everyone joined (and stopped) before the period: its three days
		// for each person still taking part.
		want := Figures{People: w.people[group], Joined: w.joined[group], Stopped: w.stopped[group], Days: 3,
			PersonDays: 3 * w.people[group]}
		for _, c := range w.checkins[group] {
			want.Checkins += c[0]
			want.Symptoms += c[1]
			want.F0 += c[2]
			want.F1 += c[3]
		}
		d, h := w.deeds[group], w.help[group]
		want.DeedsReported, want.DeedsApproved, want.DeedsCommended, want.DeedPoints = d[0], d[1], d[2], d[3]
		want.RequestsOpened, want.RequestsResolved, want.RequestsResolvedInTime, want.RequestsOpenLate = h[0], h[1], h[2], h[3]
		if got[group] == nil || *got[group] != want {
			t.Errorf("group %d:\n got %+v\nwant %+v", group, got[group], want)
		}
	}
	t.Run("one day counts only that day", func(t *testing.T) {
		day, _ := DaysPeriod("2021-08-02", "2021-08-02", time.UTC)
		var one map[int64]*Figures
		view(t, db, func(tx *Tx) (err error) { one, err = tx.FiguresBelow(w.ward, day, clock.Now()); return err })
		for group := range w.groups {
			if one[group].Checkins != w.checkins[group]["2021-08-02"][0] {
				t.Errorf("group %d on 2021-08-02: %d check-ins, want %d", group, one[group].Checkins,
					w.checkins[group]["2021-08-02"][0])
			}
		}
	})
}

// TestUnitDaysFollowCheckins: the running counts equal a count of the
// check-ins after new ones, changed ones, a move and a forgotten resident.
func TestUnitDaysFollowCheckins(t *testing.T) {
	db, _, _ := newStandingWorld(t)
	recount := func() {
		t.Helper()
		diff := countRows(t, db, `SELECT count(*) FROM (
			SELECT unit_id, day, count(*) n, sum(health = 'symptoms') s, sum(health = 'f0') f0, sum(health = 'f1') f1
			FROM checkins GROUP BY unit_id, day
			EXCEPT SELECT unit_id, day, checkins, symptoms, f0, f1 FROM unit_days WHERE checkins > 0)`)
		extra := countRows(t, db, `SELECT count(*) FROM unit_days u WHERE checkins != (
			SELECT count(*) FROM checkins c WHERE c.unit_id = u.unit_id AND c.day = u.day)`)
		if diff != 0 || extra != 0 {
			t.Errorf("unit_days differ from the check-ins: %d rows missing or wrong, %d rows extra", diff, extra)
		}
	}
	recount()
	r := joined(t, db, "moved", "HN-TM-T01")
	checkIn(t, db, r.ID, "2021-08-01")
	update(t, db, func(tx *Tx) error { // the same day again, now F0
		_, _, err := tx.SaveCheckin(Checkin{ResidentID: r.ID, Day: "2021-08-01", Health: HealthF0, Need: NeedNone})
		return err
	})
	recount()
	update(t, db, func(tx *Tx) error {
		_, err := tx.exec(`UPDATE checkins SET unit_id = ? WHERE resident_id = ?`, unitID(t, db, "HN-TM-T02"), r.ID)
		return err
	})
	recount()
	update(t, db, func(tx *Tx) error { _, err := tx.ForgetResident(r.ID); return err })
	recount()
}

func TestScore(t *testing.T) {
	small := Figures{People: 10, Days: 7, Checkins: 63}     // 90 %
	large := Figures{People: 1000, Days: 7, Checkins: 5600} // 80 %
	if small.Score().Total <= large.Score().Total {
		t.Errorf("a small group at 90 %% scores %.1f, a large one at 80 %% %.1f", small.Score().Total, large.Score().Total)
	}
	f := Figures{People: 200, Days: 1, Checkins: 150, DeedPoints: 6, RequestsOpened: 5, RequestsResolved: 3,
		RequestsResolvedInTime: 3, RequestsOpenLate: 1} // one just opened is not judged yet
	s := f.Score()
	if s.Participation != 75 || s.Deeds != 3 || s.Help != 15 || s.Total != 93 {
		t.Errorf("score %+v, want 75 + 3 + 15 = 93", s)
	}
	if tiny := (Figures{People: 2, Days: 1, DeedPoints: 12}).Score(); tiny.Deeds != 24 {
		t.Errorf("a unit of 2 with 12 deed points: %v, want 24 (counted as %d people)", tiny.Deeds, DeedsMinPeople)
	}
	if busy := (Figures{People: 100, Days: 1, DeedPoints: 500}).Score(); busy.Deeds != ScoreDeedsCap {
		t.Errorf("the deeds part is %v, want at most %v", busy.Deeds, ScoreDeedsCap)
	}
	if asked := (Figures{RequestsOpened: 3}).Score(); asked.Help != ScoreHelp {
		t.Errorf("requests opened minutes ago cost %v of the help part", ScoreHelp-asked.Help)
	}
	if none := (Figures{}).Score(); none.Total != ScoreHelp {
		t.Errorf("an empty unit scores %+v: only the help part (nobody waited)", none)
	}
}

func TestCommendedBelow(t *testing.T) {
	db, clock := openSample(t)
	r := joined(t, db, "1", "HN-TM-T03")
	yes, no := true, false
	for _, d := range []Deed{
		{ResidentID: r.ID, UnitID: r.UnitID, Subject: SubjectSelf, Description: "Tự mình", ReporterConsent: &yes},
		{ResidentID: r.ID, UnitID: r.UnitID, Subject: SubjectOther, SubjectName: "Bà Lan", Description: "Bà Lan nấu cơm"},
		{ResidentID: r.ID, UnitID: r.UnitID, Subject: SubjectOther, SubjectName: "Ông Ba", Description: "Ông Ba chở rau"},
	} {
		saved := createDeed(t, db, d)
		update(t, db, func(tx *Tx) error {
			consent := d.ReporterConsent
			subject := &no
			if d.SubjectName == "Ông Ba" {
				subject = &yes
			}
			if err := tx.SetDeedConsent(saved.ID, consent, subject); err != nil {
				return err
			}
			_, err := tx.DecideDeed(saved.ID, DeedCommended, "", 1)
			return err
		})
		clock.Advance(time.Minute)
	}
	var list []Commended
	view(t, db, func(tx *Tx) (err error) {
		list, err = tx.CommendedBelow(unitID(t, db, "HN-TM"), clock.Now().Add(-time.Hour), clock.Now(), 10)
		return err
	})
	var names []string
	for _, c := range list {
		names = append(names, c.Name+"|"+c.UnitName)
	}
	if got, want := fmt.Sprint(names), "[Ông Ba|Tổ dân phố 3 |Tổ dân phố 3 Cư dân 1|Tổ dân phố 3]"; got != want {
		t.Errorf("honour roll %s, want %s (the newest first, named only with consent)", got, want)
	}
}

// TestPersonDays: participation counts each person over the days they
// took part: a resident who joined on the second day and one who stopped
// on it count two days each, a family member added on the third one day.
func TestPersonDays(t *testing.T) {
	db, clock := openSample(t) // 08:00 UTC on 1 August 2021
	ward := unitID(t, db, "HN-TM")
	p, err := DaysPeriod("2021-08-01", "2021-08-03", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	always := joined(t, db, "a", "HN-TM-T01")
	stops := joined(t, db, "b", "HN-TM-T01")
	clock.Advance(24 * time.Hour) // 2 August
	late := joined(t, db, "c", "HN-TM-T01")
	update(t, db, func(tx *Tx) error { return tx.SetResidentStopped(stops.ID, true) })
	clock.Advance(24 * time.Hour) // 3 August
	addDependant(t, db, always.ID, "Bà nội")
	checkIn(t, db, always.ID, "2021-08-01", "2021-08-02", "2021-08-03")
	checkIn(t, db, late.ID, "2021-08-02", "2021-08-03")
	checkIn(t, db, stops.ID, "2021-08-01")
	var got map[int64]*Figures
	view(t, db, func(tx *Tx) (err error) { got, err = tx.FiguresBelow(ward, p, clock.Now()); return err })
	f := got[unitID(t, db, "HN-TM-T01")]
	// a: 3 days, b: 1 August and 2 August (stopped during it), c: 2, the grandmother: 1.
	if f == nil || f.PersonDays != 3+2+2+1 || f.Checkins != 6 || f.People != 3 {
		t.Fatalf("figures %+v, want 8 person-days, 6 check-ins, 3 people now", f)
	}
	if got := f.Participation(); got != 6.0/8 {
		t.Errorf("participation %v, want 6/8", got)
	}
}
