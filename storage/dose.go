package storage

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Doses of a vaccine: the first three, then boosters (nhắc lại).
const (
	DoseFirst   = 1
	DoseSecond  = 2
	DoseThird   = 3
	DoseBooster = 4
)

// FirstDoseDay is the earliest day a dose can have been given: the
// campaign's vaccination began in March 2021.
const FirstDoseDay = "2021-03-01"

// Dose is one vaccine dose a person received, as recorded.
type Dose struct {
	ID          int64     `json:"id"`
	ResidentID  int64     `json:"-"`
	DependantID int64     `json:"family_member_id,omitzero"` // 0 = the resident themself
	Number      int       `json:"dose"`                      // DoseFirst … DoseBooster
	GivenOn     string    `json:"given_on"`                  // local day, YYYY-MM-DD
	RecordedBy  int64     `json:"-"`                         // a coordinator; 0 = the resident
	CreatedAt   time.Time `json:"recorded_at"`
}

const doseCols = `id, resident_id, dependant_id, dose, given_on, COALESCE(recorded_by, 0), created_at`

func scanDose(s scanner) (Dose, error) {
	var d Dose
	var created int64
	err := s.Scan(&d.ID, &d.ResidentID, &d.DependantID, &d.Number, &d.GivenOn, &d.RecordedBy, &created)
	d.CreatedAt = time.UnixMilli(created).UTC()
	return d, err
}

// RecordDose records dose d of a resident or of one of their family
// members, given on d.GivenOn, no later than today (the local day of the
// caller) and no earlier than FirstDoseDay. A dose already recorded for
// that person has its date corrected: prev is the date it had ("" for a
// new one). It returns ErrInvalid for a bad dose or day, and ErrNotFound
// for a family member not of that resident.
func (tx *Tx) RecordDose(d Dose, today string) (saved Dose, prev string, err error) {
	if d.Number < DoseFirst || d.Number > DoseBooster {
		return Dose{}, "", fmt.Errorf("record dose %d: %w", d.Number, ErrInvalid)
	}
	day, perr := time.Parse(time.DateOnly, d.GivenOn)
	if perr != nil || day.Format(time.DateOnly) != d.GivenOn || d.GivenOn < FirstDoseDay || d.GivenOn > today {
		return Dose{}, "", fmt.Errorf("record dose on %q: %w", d.GivenOn, ErrInvalid)
	}
	if d.DependantID != 0 {
		if _, err := tx.dependantOf(d.ResidentID, d.DependantID); err != nil {
			return Dose{}, "", fmt.Errorf("record dose: %w", err)
		}
	}
	err = tx.queryRow(`SELECT given_on FROM doses WHERE resident_id = ? AND dependant_id = ? AND dose = ?`,
		d.ResidentID, d.DependantID, d.Number).Scan(&prev)
	if err != nil && !errors.Is(dbErr(err), ErrNotFound) {
		return Dose{}, "", fmt.Errorf("record dose: %w", err)
	}
	saved, err = scanDose(tx.queryRow(`INSERT INTO doses (resident_id, dependant_id, dose, given_on, recorded_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (resident_id, dependant_id, dose) DO UPDATE SET given_on = excluded.given_on,
			recorded_by = excluded.recorded_by, created_at = excluded.created_at
		RETURNING `+doseCols, d.ResidentID, d.DependantID, d.Number, d.GivenOn, nullID(d.RecordedBy), ms(tx.Now)))
	if err != nil {
		return Dose{}, "", fmt.Errorf("record dose: %w", dbErr(err))
	}
	return saved, prev, nil
}

// dependantOf returns the family member id of resident residentID, or
// ErrNotFound.
func (tx *Tx) dependantOf(residentID, id int64) (Dependant, error) {
	d, err := scanDependant(tx.queryRow(`SELECT `+dependantCols+` FROM dependants WHERE id = ? AND resident_id = ?`,
		id, residentID))
	if err != nil {
		return Dependant{}, fmt.Errorf("family member %d: %w", id, dbErr(err))
	}
	return d, nil
}

// DosesOf returns the doses recorded for a resident and their family
// members: the resident's first, then by family member, each by dose.
func (tx *Tx) DosesOf(residentID int64) ([]Dose, error) {
	rows, err := tx.query(`SELECT `+doseCols+` FROM doses WHERE resident_id = ? ORDER BY dependant_id, dose`, residentID)
	if err != nil {
		return nil, fmt.Errorf("doses of resident %d: %w", residentID, err)
	}
	defer rows.Close()
	var out []Dose
	for rows.Next() {
		d, err := scanDose(rows)
		if err != nil {
			return nil, fmt.Errorf("doses of resident %d: %w", residentID, err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DeleteDose deletes a dose recorded for a resident or their family, and
// returns it; ErrNotFound when it is not theirs (or gone).
func (tx *Tx) DeleteDose(residentID, id int64) (Dose, error) {
	d, err := scanDose(tx.queryRow(`DELETE FROM doses WHERE id = ? AND resident_id = ? RETURNING `+doseCols,
		id, residentID))
	if err != nil {
		return Dose{}, fmt.Errorf("delete dose %d: %w", id, dbErr(err))
	}
	return d, nil
}

// Coverage is how many people of a unit received at least one dose, and
// at least two (a second, third or booster dose recorded), out of its
// people (active residents and their family members).
type Coverage struct {
	People, OneDose, TwoDoses int
}

// CoverageBelow returns the coverage of each unit directly below
// parentID (its subtree), keyed by unit id, and under parentID that of
// its own members. Only the people taking part count (residents who have
// not stopped or blocked the bot, and their family members).
func (tx *Tx) CoverageBelow(parentID int64) (map[int64]*Coverage, error) {
	people, err := tx.PeopleBelow(parentID)
	if err != nil {
		return nil, err
	}
	out := map[int64]*Coverage{}
	for id, f := range people.ByUnit {
		out[id] = &Coverage{People: f.People, OneDose: f.Vaccinated, TwoDoses: f.FullyVaccinated}
	}
	return out, nil
}

// HouseholdMember is a family member as a coordinator finds them: with
// the resident who checks in for them, and their unit.
type HouseholdMember struct {
	Dependant
	ResidentName string
	UnitID       int64
	UnitName     string
}

// FindDependants returns up to limit family members of active residents
// of units in scope whose name contains query (accents and case aside),
// by name.
func (tx *Tx) FindDependants(scope Scope, query string, limit int) ([]HouseholdMember, error) {
	want := strings.ToLower(Fold(strings.TrimSpace(query)))
	if scope.Empty() || want == "" || limit <= 0 {
		return nil, nil
	}
	ids, all, err := scope.args()
	if err != nil {
		return nil, fmt.Errorf("find family members: %w", err)
	}
	rows, err := tx.query(inScope+` SELECT `+prefixCols("d.", dependantCols)+`, r.name, u.id, u.name
		FROM dependants d JOIN residents r ON r.id = d.resident_id JOIN units u ON u.id = r.unit_id
		WHERE r.unit_id IN (SELECT id FROM scope) AND r.stopped_at IS NULL AND r.blocked_at IS NULL
		ORDER BY d.name, d.id`, ids, all)
	if err != nil {
		return nil, fmt.Errorf("find family members: %w", err)
	}
	defer rows.Close()
	var out []HouseholdMember
	for rows.Next() {
		var m HouseholdMember
		var created int64
		if err := rows.Scan(&m.ID, &m.ResidentID, &m.Name, &created, &m.ResidentName, &m.UnitID, &m.UnitName); err != nil {
			return nil, fmt.Errorf("find family members: %w", err)
		}
		m.CreatedAt = time.UnixMilli(created).UTC()
		if strings.Contains(strings.ToLower(Fold(m.Name)), want) && len(out) < limit {
			out = append(out, m)
		}
	}
	return out, rows.Err()
}

// HouseholdMemberByID returns family member id with their resident and
// unit, if that unit is in scope; ErrNotFound otherwise.
func (tx *Tx) HouseholdMemberByID(scope Scope, id int64) (HouseholdMember, error) {
	ids, all, err := scope.args()
	if err != nil || scope.Empty() {
		return HouseholdMember{}, fmt.Errorf("family member %d: %w", id, ErrNotFound)
	}
	var m HouseholdMember
	var created int64
	err = tx.queryRow(inScope+` SELECT `+prefixCols("d.", dependantCols)+`, r.name, u.id, u.name
		FROM dependants d JOIN residents r ON r.id = d.resident_id JOIN units u ON u.id = r.unit_id
		WHERE d.id = ?3 AND r.unit_id IN (SELECT id FROM scope)`, ids, all, id).
		Scan(&m.ID, &m.ResidentID, &m.Name, &created, &m.ResidentName, &m.UnitID, &m.UnitName)
	if err != nil {
		return HouseholdMember{}, fmt.Errorf("family member %d: %w", id, dbErr(err))
	}
	m.CreatedAt = time.UnixMilli(created).UTC()
	return m, nil
}
