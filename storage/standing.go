package storage

import (
	"fmt"
	"time"
)

// The campaign score of a unit over a range of days, defined once here and
// explained to people by /top cachtinh and in README:
//
//	score = ScoreParticipation × participation
//	      + min(ScoreDeedsCap, ScoreDeeds × deed points per 100 people)
//	      + ScoreHelp × share of help requests resolved within 24 h
//	      + the campaign's vaccine points × share of people with two doses or more
//
// participation is check-ins ÷ (people × days), people being the unit's
// residents who have not stopped the bot and the family members they
// check in for: a rate, so a small group can beat a large one. A deed
// scores the points of its campaign criterion (1 without one) once
// approved, twice once commended; a unit of fewer than DeedsMinPeople
// counts as that many, so that one deed in a unit of two does not
// outweigh everything else. A unit without a help request in the range
// has left nobody waiting and gets the whole help part; a request is
// judged once it is resolved or has waited 24 h, so that asking for help
// never costs a unit its points.
const (
	ScoreParticipation = 100.0
	ScoreDeeds         = 1.0
	ScoreDeedsCap      = 50.0
	DeedsMinPeople     = 50
	ScoreHelp          = 20.0
	// HelpWithin is how soon a help request must be resolved to count.
	HelpWithin = 24 * time.Hour
	// GreenDays is how long a unit must go without an F0 to be green.
	GreenDays = 14
)

// Figures are what happened in a unit and everything below it over a
// range of local days.
type Figures struct {
	People  int // residents who have not stopped the bot, and their family members
	Joined  int // residents who have not stopped the bot
	Stopped int // residents who stopped or blocked it
	Days    int // days in the range
	// PersonDays is, over the range, the days each person (resident or
	// family member) was taking part: from the day they joined (or were
	// added) to the day they stopped or blocked the bot, if they did.
	PersonDays int

	Checkins, Symptoms, F0, F1 int

	DeedsReported, DeedsApproved, DeedsCommended int
	DeedPoints                                   int // approved: their points; commended: twice

	RequestsOpened, RequestsResolved, RequestsResolvedInTime, RequestsOpenLate int

	// Vaccinated and FullyVaccinated are the people (as in People) with
	// at least one dose recorded, and with two or more, now.
	Vaccinated, FullyVaccinated int
}

// Add adds g's counts to f (People and Days are summed too: the caller
// adds units over the same range).
func (f *Figures) Add(g Figures) {
	f.People += g.People
	f.Joined += g.Joined
	f.Stopped += g.Stopped
	f.Days = max(f.Days, g.Days)
	f.PersonDays += g.PersonDays
	f.Checkins += g.Checkins
	f.Symptoms += g.Symptoms
	f.F0 += g.F0
	f.F1 += g.F1
	f.DeedsReported += g.DeedsReported
	f.DeedsApproved += g.DeedsApproved
	f.DeedsCommended += g.DeedsCommended
	f.DeedPoints += g.DeedPoints
	f.RequestsOpened += g.RequestsOpened
	f.RequestsResolved += g.RequestsResolved
	f.RequestsResolvedInTime += g.RequestsResolvedInTime
	f.RequestsOpenLate += g.RequestsOpenLate
	f.Vaccinated += g.Vaccinated
	f.FullyVaccinated += g.FullyVaccinated
}

// Participation is the share of person-days checked in, between 0 and
// 1: the check-ins over PersonDays (over People × Days when the days
// each took part are not known).
func (f Figures) Participation() float64 {
	days := f.PersonDays
	if days <= 0 {
		days = f.People * f.Days
	}
	if days <= 0 {
		return 0
	}
	return min(1, float64(f.Checkins)/float64(days))
}

// Score is a unit's campaign score and its parts, as the constants above
// define it.
type Score struct {
	Participation, Deeds, Help, Vaccination, Total float64
}

// Score computes the unit's score from its figures, vaccination not
// scored.
func (f Figures) Score() Score { return f.ScoreWith(0) }

// ScoreWith computes the unit's score from its figures, vaccination
// scoring vaccinePoints (a campaign's VaccinePoints).
func (f Figures) ScoreWith(vaccinePoints int) Score {
	var s Score
	if f.People > 0 {
		s.Vaccination = float64(vaccinePoints) * float64(f.FullyVaccinated) / float64(f.People)
	}
	s.Participation = ScoreParticipation * f.Participation()
	s.Deeds = min(ScoreDeedsCap, ScoreDeeds*float64(f.DeedPoints)*100/float64(max(f.People, DeedsMinPeople)))
	s.Help = ScoreHelp
	if due := f.RequestsResolved + f.RequestsOpenLate; due > 0 {
		s.Help = ScoreHelp * float64(f.RequestsResolvedInTime) / float64(due)
	}
	s.Total = s.Participation + s.Deeds + s.Help + s.Vaccination
	return s
}

// Period is a range of local days, From..To (YYYY-MM-DD, both included),
// and the instants it spans in the units' time zone, [Start, End).
type Period struct {
	From, To   string
	Start, End time.Time
	// Cutoff, when set, counts only the check-ins made before it (to
	// compare yesterday with today at the same hour): they are read from
	// the check-ins rather than from the counts per day.
	Cutoff time.Time
}

// Days is the number of days of the period.
func (p Period) Days() int {
	a, errA := time.Parse(time.DateOnly, p.From)
	b, errB := time.Parse(time.DateOnly, p.To)
	if errA != nil || errB != nil || b.Before(a) {
		return 0
	}
	return int(b.Sub(a).Hours()/24) + 1
}

// PeriodOf returns the period of the n days ending on the local day of
// `at` in loc (n ≥ 1).
func PeriodOf(at time.Time, loc *time.Location, n int) Period {
	at = at.In(loc)
	end := time.Date(at.Year(), at.Month(), at.Day()+1, 0, 0, 0, 0, loc)
	start := time.Date(at.Year(), at.Month(), at.Day()-(n-1), 0, 0, 0, 0, loc)
	return Period{From: start.Format(time.DateOnly), To: at.Format(time.DateOnly), Start: start, End: end}
}

// DaysPeriod returns the period from day `from` to day `to` (YYYY-MM-DD)
// in loc, or ErrInvalid.
func DaysPeriod(from, to string, loc *time.Location) (Period, error) {
	a, errA := time.ParseInLocation(time.DateOnly, from, loc)
	b, errB := time.ParseInLocation(time.DateOnly, to, loc)
	if errA != nil || errB != nil || b.Before(a) {
		return Period{}, fmt.Errorf("period %q to %q: %w", from, to, ErrInvalid)
	}
	return Period{From: from, To: to, Start: a, End: b.AddDate(0, 0, 1)}, nil
}

// FiguresBelow returns the figures over p of each unit directly below
// parentID (its subtree), keyed by unit id, and under the key parentID
// the figures of the parent's own members (those who joined the parent
// itself rather than a unit below it). now decides which help requests
// have been open too long.
func (tx *Tx) FiguresBelow(parentID int64, p Period, now time.Time) (map[int64]*Figures, error) {
	people, err := tx.PeopleBelow(parentID, p)
	if err != nil {
		return nil, err
	}
	return tx.ActivityBelow(parentID, p, now, people)
}

// belowCTE maps every unit of parentID's subtree (?1) to the unit
// directly below parentID it is under (top), parentID to itself.
const belowCTE = `WITH RECURSIVE down(id, top) AS (
		SELECT ?1, ?1
		UNION ALL
		SELECT u.id, CASE WHEN down.id = ?1 THEN u.id ELSE down.top END
		FROM units u JOIN down ON u.parent_id = down.id)`

// figureMap returns a function that finds or adds the figures of a unit
// in out, over p.
func figureMap(out map[int64]*Figures, p Period) func(int64) *Figures {
	return func(id int64) *Figures {
		f := out[id]
		if f == nil {
			f = &Figures{Days: p.Days()}
			out[id] = f
		}
		f.Days = p.Days()
		return f
	}
}

// People are the people of each unit directly below a unit and of its
// own members, now (Joined, Stopped, People in ByUnit) and over periods
// (the person-days of each), read once for the periods' ActivityBelow.
type People struct {
	ByUnit  map[int64]*Figures
	periods []Period
	days    []map[int64]int // by period, then unit
	tops    map[int64]int64 // every unit of the subtree → the unit below the parent it is under
}

// dayMS is a day in milliseconds; the units' zones have no summer time.
const dayMS = 24 * 60 * 60 * 1000

// personDays is the SQL of the days of a period (?pS, ?pE its instants,
// days long) that a person taking part from start to end (ms) spent:
// all of them, without arithmetic, for one who took part throughout
// (most people: ended is then false), else the days their span meets.
func personDays(start, end, ended string, pS, pE, days int) string {
	first := fmt.Sprintf("max(%s, ?%d)", start, pS)
	last := fmt.Sprintf("min(%s, ?%d)", end, pE)
	return fmt.Sprintf("sum(CASE WHEN %[5]s <= ?%[3]d AND NOT (%[6]s) THEN %[7]d "+
		"WHEN %[2]s > %[1]s THEN (%[2]s - 1 - ?%[3]d) / %[4]d - (%[1]s - ?%[3]d) / %[4]d + 1 ELSE 0 END)",
		first, last, pS, dayMS, start, ended, days)
}

// PeopleBelow returns the people of each unit directly below parentID
// and of parentID's own members: now, and over each of periods.
func (tx *Tx) PeopleBelow(parentID int64, periods ...Period) (People, error) {
	out := map[int64]*Figures{}
	people := People{ByUnit: out, periods: periods, days: make([]map[int64]int, len(periods))}
	for i := range people.days {
		people.days[i] = map[int64]int{}
	}
	get := figureMap(out, Period{})
	get(parentID)
	tops, err := tx.topsBelow(parentID)
	if err != nil {
		return People{}, fmt.Errorf("residents below unit %d: %w", parentID, err)
	}
	people.tops = tops
	// Counted for each unit of the subtree (the residents read from the
	// index by unit and state, never their rows), added up in Go: grouping
	// the residents by the unit below parentID would sort them all, and
	// joining the subtree's CTE row by row would scan it for each.
	// The person-days of each period, summed in the same pass: the ends
	// of a resident's taking part are in the index too.
	var spans, dspans string
	args := []any{parentID}
	for i, p := range periods {
		args = append(args, ms(p.Start), ms(p.End))
		const end = "min(coalesce(r.stopped_at, 9000000000000000), coalesce(r.blocked_at, 9000000000000000))"
		const ended = "r.stopped_at IS NOT NULL OR r.blocked_at IS NOT NULL"
		spans += ", " + personDays("r.joined_at", end, ended, 2+2*i, 3+2*i, p.Days())
		dspans += ", " + personDays("max(d.created_at, r.joined_at)", end, ended, 2+2*i, 3+2*i, p.Days())
	}
	unitOf := map[*Figures]int64{}
	of := func(unitID int64) *Figures {
		f := get(tops[unitID])
		unitOf[f] = tops[unitID]
		return f
	}
	addDays := func(f *Figures, n []int) {
		for i := range periods {
			people.days[i][unitOf[f]] += n[i]
		}
	}
	// Vaccination rides along: each person's highest dose (top_dose, kept
	// by triggers on the doses, in the index by unit and state).
	const active = "r.stopped_at IS NULL AND r.blocked_at IS NULL"
	n := len(periods)
	residents := 0
	if err := tx.eachFigure(belowCTE+` SELECT r.unit_id, count(*), sum(`+active+`)`+spans+`,
			sum(`+active+` AND r.top_dose >= 1), sum(`+active+` AND r.top_dose >= 2)
			FROM residents r WHERE r.unit_id IN (SELECT id FROM down) AND r.joined_at IS NOT NULL GROUP BY r.unit_id`,
		args, of, func(f *Figures, v []int) {
			f.Joined += v[1]
			f.Stopped += v[0] - v[1]
			f.People += v[1]
			residents += v[0]
			addDays(f, v[2:2+n])
			f.Vaccinated += v[2+n]
			f.FullyVaccinated += v[3+n]
		}, 4+n); err != nil {
		return People{}, fmt.Errorf("residents below unit %d: %w", parentID, err)
	}
	// Family members: found from each active resident when they are fewer
	// than all the family members there are (a ward), else the other way
	// round (a city: ten times fewer lookups). max(id) bounds their number
	// without counting them.
	var family int64
	if err := tx.queryRow(`SELECT coalesce(max(id), 0) FROM dependants`).Scan(&family); err != nil {
		return People{}, fmt.Errorf("family members below unit %d: %w", parentID, err)
	}
	join := `residents r JOIN dependants d ON d.resident_id = r.id`
	if int64(residents) > family {
		join = `dependants d CROSS JOIN residents r ON r.id = d.resident_id`
	}
	// Family members of residents who stopped are in the person-days of
	// the days before, and not in People now.
	if err := tx.eachFigure(belowCTE+` SELECT r.unit_id, sum(`+active+`)`+dspans+`,
			sum(`+active+` AND d.top_dose >= 1), sum(`+active+` AND d.top_dose >= 2)
			FROM `+join+` WHERE r.unit_id IN (SELECT id FROM down) AND r.joined_at IS NOT NULL GROUP BY r.unit_id`,
		args, of, func(f *Figures, v []int) {
			f.People += v[0]
			addDays(f, v[1:1+n])
			f.Vaccinated += v[1+n]
			f.FullyVaccinated += v[2+n]
		}, 3+n); err != nil {
		return People{}, fmt.Errorf("family members below unit %d: %w", parentID, err)
	}
	return people, nil
}

// topsBelow maps every unit of parentID's subtree to the unit directly
// below parentID it is under, and parentID to itself.
func (tx *Tx) topsBelow(parentID int64) (map[int64]int64, error) {
	rows, err := tx.query(belowCTE+` SELECT id, top FROM down`, parentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	tops := map[int64]int64{}
	for rows.Next() {
		var id, top int64
		if err := rows.Scan(&id, &top); err != nil {
			return nil, err
		}
		tops[id] = top
	}
	return tops, rows.Err()
}

// ActivityBelow returns, for each unit directly below parentID and for
// parentID's own members, their people (from PeopleBelow, which must have
// counted them over p) and what happened over p. now decides which help requests have been open
// too long.
func (tx *Tx) ActivityBelow(parentID int64, p Period, now time.Time, people People) (map[int64]*Figures, error) {
	days := map[int64]int(nil)
	for i, q := range people.periods {
		if q.From == p.From && q.To == p.To && q.Start.Equal(p.Start) && q.End.Equal(p.End) {
			days = people.days[i]
		}
	}
	if days == nil {
		return nil, fmt.Errorf("activity below unit %d from %s: the people were not counted over it: %w", parentID, p.From, ErrInvalid)
	}
	out := map[int64]*Figures{}
	for id, f := range people.ByUnit {
		g := Figures{People: f.People, Joined: f.Joined, Stopped: f.Stopped, PersonDays: days[id],
			Vaccinated: f.Vaccinated, FullyVaccinated: f.FullyVaccinated}
		out[id] = &g
	}
	get := figureMap(out, p)
	get(parentID)
	for id := range out {
		get(id)
	}
	// Each count is grouped by the row's own unit (read from its index)
	// and added up per unit below parentID in Go: joining the subtree's
	// CTE row by row would scan it for every row.
	const down = belowCTE
	of := func(unitID int64) *Figures { return get(people.tops[unitID]) }
	add := func(fields func(f *Figures) []*int) func(*Figures, []int) {
		return func(f *Figures, n []int) {
			for i, p := range fields(f) {
				*p += n[i]
			}
		}
	}
	checkins := down + ` SELECT d.unit_id, sum(d.checkins), sum(d.symptoms), sum(d.f0), sum(d.f1)
			FROM unit_days d WHERE d.unit_id IN (SELECT id FROM down) AND d.day BETWEEN ?2 AND ?3 GROUP BY d.unit_id`
	args := []any{parentID, p.From, p.To}
	if !p.Cutoff.IsZero() { // only those made before the cutoff, from the check-ins' covering index
		checkins = down + ` SELECT c.unit_id, count(*), sum(c.health = 'symptoms'), sum(c.health = 'f0'), sum(c.health = 'f1')
			FROM checkins c WHERE c.unit_id IN (SELECT id FROM down) AND c.day BETWEEN ?2 AND ?3 AND c.created_at < ?4
			GROUP BY c.unit_id`
		args = append(args, ms(p.Cutoff))
	}
	if err := tx.eachFigure(checkins, args, of, add(func(f *Figures) []*int {
		return []*int{&f.Checkins, &f.Symptoms, &f.F0, &f.F1}
	}), 4); err != nil {
		return nil, fmt.Errorf("check-ins below unit %d: %w", parentID, err)
	}
	if err := tx.eachFigure(down+` SELECT d.unit_id, count(*), sum(d.status = 'approved'), sum(d.status = 'commended'),
				sum(CASE d.status WHEN 'approved' THEN d.points WHEN 'commended' THEN 2 * d.points ELSE 0 END)
			FROM deeds d WHERE d.unit_id IN (SELECT id FROM down) AND d.created_at >= ?2 AND d.created_at < ?3
			GROUP BY d.unit_id`,
		[]any{parentID, ms(p.Start), ms(p.End)}, of, add(func(f *Figures) []*int {
			return []*int{&f.DeedsReported, &f.DeedsApproved, &f.DeedsCommended, &f.DeedPoints}
		}), 4); err != nil {
		return nil, fmt.Errorf("deeds below unit %d: %w", parentID, err)
	}
	if err := tx.eachFigure(down+` SELECT h.unit_id, count(*), sum(h.status = 'resolved'),
				sum(h.status = 'resolved' AND h.resolved_at - h.created_at <= ?4),
				sum(h.status != 'resolved' AND h.created_at <= ?5 - ?4)
			FROM help_requests h WHERE h.unit_id IN (SELECT id FROM down) AND h.created_at >= ?2 AND h.created_at < ?3
			GROUP BY h.unit_id`,
		[]any{parentID, ms(p.Start), ms(p.End), HelpWithin.Milliseconds(), ms(now)}, of, add(func(f *Figures) []*int {
			return []*int{&f.RequestsOpened, &f.RequestsResolved, &f.RequestsResolvedInTime, &f.RequestsOpenLate}
		}), 4); err != nil {
		return nil, fmt.Errorf("help requests below unit %d: %w", parentID, err)
	}
	return out, nil
}

// eachFigure runs a query whose rows are a unit id and n counts, and
// gives each row's counts to set on that unit's figures.
func (tx *Tx) eachFigure(query string, args []any, get func(int64) *Figures, set func(*Figures, []int), n int) error {
	rows, err := tx.query(query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	vals := make([]int, n)
	dest := make([]any, n+1)
	var id int64
	dest[0] = &id
	nulls := make([]*int64, n)
	for i := range vals {
		v := new(int64)
		nulls[i] = v
		dest[i+1] = &nullInt{v}
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		for i := range vals {
			vals[i] = int(*nulls[i])
		}
		set(get(id), vals)
	}
	return rows.Err()
}

// nullInt scans an integer that may be NULL (a sum over no rows) as 0.
type nullInt struct{ p *int64 }

// Scan implements sql.Scanner.
func (n *nullInt) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*n.p = 0
	case int64:
		*n.p = x
	case float64:
		*n.p = int64(x)
	default:
		return fmt.Errorf("count of type %T", v)
	}
	return nil
}

// F0Since reports, for each unit directly below parentID (and parentID
// itself, for its own members), whether an F0 was reported in it or
// below it on a day from `from` (YYYY-MM-DD) on.
func (tx *Tx) F0Since(parentID int64, from string) (map[int64]bool, error) {
	tops, err := tx.topsBelow(parentID)
	if err != nil {
		return nil, fmt.Errorf("F0 below unit %d since %s: %w", parentID, from, err)
	}
	out := map[int64]bool{}
	// Grouped by each unit of the subtree (the counts' key), marked on the
	// unit below parentID it is under.
	get := func(id int64) *Figures { out[tops[id]] = true; return &Figures{} }
	err = tx.eachFigure(belowCTE+`
		SELECT d.unit_id, sum(d.f0) FROM unit_days d WHERE d.unit_id IN (SELECT id FROM down) AND d.day >= ?2
		GROUP BY d.unit_id HAVING sum(d.f0) > 0`, []any{parentID, from}, get, func(*Figures, []int) {}, 1)
	if err != nil {
		return nil, fmt.Errorf("F0 below unit %d since %s: %w", parentID, from, err)
	}
	return out, nil
}

// ZoneStatuses returns the green-zone statuses set by hand for the units
// directly below parentID and for parentID itself, keyed by unit id.
func (tx *Tx) ZoneStatuses(parentID int64) (map[int64]ZoneStatus, error) {
	rows, err := tx.query(`SELECT z.unit_id, z.green, z.reason, COALESCE(z.set_by, 0), z.set_at FROM zone_status z
		JOIN units u ON u.id = z.unit_id WHERE u.parent_id = ?1 OR u.id = ?1`, parentID)
	if err != nil {
		return nil, fmt.Errorf("zone statuses below unit %d: %w", parentID, err)
	}
	defer rows.Close()
	out := map[int64]ZoneStatus{}
	for rows.Next() {
		var z ZoneStatus
		var at int64
		if err := rows.Scan(&z.UnitID, &z.Green, &z.Reason, &z.SetBy, &at); err != nil {
			return nil, fmt.Errorf("zone statuses below unit %d: %w", parentID, err)
		}
		z.SetAt = time.UnixMilli(at).UTC()
		out[z.UnitID] = z
	}
	return out, rows.Err()
}

// Commended is a commended deed as the honour roll shows it: the name of
// who did it only with their consent.
type Commended struct {
	DeedID    int64
	UnitID    int64 // the unit of who did it (the reporter's when not given)
	UnitName  string
	Label     string
	Name      string // "" when they did not consent to be named
	Excerpt   string
	DecidedAt time.Time
	// Published: a coordinator published the deed to residents as an
	// example (after a preview); Photo is then the hex SHA-256 of its
	// first kept photo ("" for none, and always for a deed not published).
	Published bool
	Photo     string
}

// CommendedBelow returns the deeds commended in unitID or below it
// within [start, end), the newest first, at most limit.
func (tx *Tx) CommendedBelow(unitID int64, start, end time.Time, limit int) ([]Commended, error) {
	// The subtree is matched with IN, which indexes it once: joined, it
	// was scanned whole for every commended deed.
	rows, err := tx.query(`WITH RECURSIVE down(id) AS (
			SELECT ?1 UNION SELECT u.id FROM units u JOIN down ON u.parent_id = down.id)
		SELECT d.id, COALESCE(d.subject_unit_id, d.unit_id), su.name, d.category_label,
			CASE WHEN d.subject = 'other' AND d.subject_consent = 1 THEN d.subject_name
				WHEN d.subject = 'self' AND d.reporter_consent = 1 THEN COALESCE(r.name, '')
				ELSE '' END,
			substr(d.description, 1, 120), d.decided_at, d.published_appeal_id IS NOT NULL,
			CASE WHEN d.published_appeal_id IS NULL THEN '' ELSE COALESCE((SELECT p.media_hash FROM deed_photos p
				WHERE p.deed_id = d.id AND p.media_hash <> '' ORDER BY p.position LIMIT 1), '') END
		FROM deeds d
		JOIN units su ON su.id = COALESCE(d.subject_unit_id, d.unit_id)
		LEFT JOIN residents r ON r.id = d.resident_id
		WHERE d.unit_id IN (SELECT id FROM down) AND d.status = 'commended' AND d.decided_at >= ?2 AND d.decided_at < ?3
		ORDER BY d.decided_at DESC, d.id DESC LIMIT ?4`, unitID, ms(start), ms(end), limit)
	if err != nil {
		return nil, fmt.Errorf("commended below unit %d: %w", unitID, err)
	}
	defer rows.Close()
	var out []Commended
	for rows.Next() {
		var c Commended
		var at int64
		if err := rows.Scan(&c.DeedID, &c.UnitID, &c.UnitName, &c.Label, &c.Name, &c.Excerpt, &at, &c.Published, &c.Photo); err != nil {
			return nil, fmt.Errorf("commended below unit %d: %w", unitID, err)
		}
		c.DecidedAt = time.UnixMilli(at).UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}
