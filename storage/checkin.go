package storage

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Health statuses a resident declares in a check-in: well, some symptoms,
// a confirmed case (F0) or a close contact of one (F1).
const (
	HealthWell     = "well"
	HealthSymptoms = "symptoms"
	HealthF0       = "f0"
	HealthF1       = "f1"
)

// Needs a resident declares in a check-in; every one but NeedNone is also
// a help request kind.
const (
	NeedNone     = "none"
	NeedFood     = "food"
	NeedMedicine = "medicine"
	NeedMedical  = "medical"
	NeedOther    = "other"
)

// dayLayout is the form of a local day: YYYY-MM-DD.
const dayLayout = "2006-01-02"

// Checkin is a daily declaration (khai báo y tế) made by a resident for
// themself or for a family member: health, symptoms, the 5K pledge and
// any need. There is at most one per person and local day.
type Checkin struct {
	ID         int64 `json:"id"`
	ResidentID int64 `json:"resident_id"` // who checked in
	// DependantID is the family member it is for; 0 for the resident themself.
	DependantID int64     `json:"family_member_id,omitempty"`
	UnitID      int64     `json:"unit_id"` // the resident's unit when checking in
	Day         string    `json:"day"`     // the unit's local day, YYYY-MM-DD
	Health      string    `json:"health"`  // HealthWell, HealthSymptoms, HealthF0 or HealthF1
	Symptoms    []string  `json:"symptoms,omitempty"`
	Pledge5K    bool      `json:"pledge_5k"`
	Need        string    `json:"need"` // NeedNone, NeedFood, ...
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

const checkinCols = `id, resident_id, dependant_id, unit_id, day, health, symptoms, pledge_5k,
	need, created_at, updated_at`

func scanCheckin(s scanner) (Checkin, error) {
	var c Checkin
	var symptoms string
	var created, updated int64
	err := s.Scan(&c.ID, &c.ResidentID, &c.DependantID, &c.UnitID, &c.Day, &c.Health, &symptoms,
		&c.Pledge5K, &c.Need, &created, &updated)
	if symptoms != "" {
		c.Symptoms = strings.Split(symptoms, ",")
	}
	c.CreatedAt, c.UpdatedAt = time.UnixMilli(created).UTC(), time.UnixMilli(updated).UTC()
	return c, err
}

func validHealth(h string) bool {
	return h == HealthWell || h == HealthSymptoms || h == HealthF0 || h == HealthF1
}

func validNeed(n string) bool {
	return n == NeedNone || n == NeedFood || n == NeedMedicine || n == NeedMedical || n == NeedOther
}

func validDay(day string) bool {
	_, err := time.Parse(dayLayout, day)
	return err == nil
}

// joinSymptoms trims the keys, drops empty ones and joins the rest; a key
// holding a comma is refused (it could not be read back).
func joinSymptoms(keys []string) (string, bool) {
	var out []string
	for _, k := range keys {
		k = strings.TrimSpace(k)
		if strings.Contains(k, ",") {
			return "", false
		}
		if k != "" {
			out = append(out, k)
		}
	}
	return strings.Join(out, ","), true
}

// SaveCheckin records the check-in for c.Day of the resident, or of their
// family member c.DependantID (0: the resident themself), replacing the
// one already made for that person that day if any: created is true for a
// new check-in and false when it updated the day's earlier one (whose id
// and creation time are kept). A zero UnitID means the resident's current
// unit; symptom keys are trimmed and empty ones dropped. It returns the
// stored check-in; ErrInvalid for a bad day, health, need or symptom key,
// or a resident in no unit; ErrNotFound for an unknown resident or unit,
// or a family member who is not the resident's.
func (tx *Tx) SaveCheckin(c Checkin) (saved Checkin, created bool, err error) {
	symptoms, ok := joinSymptoms(c.Symptoms)
	if !ok || !validDay(c.Day) || !validHealth(c.Health) || !validNeed(c.Need) || c.DependantID < 0 {
		return Checkin{}, false, fmt.Errorf("save check-in of resident %d on %q: %w", c.ResidentID, c.Day, ErrInvalid)
	}
	if c.UnitID == 0 {
		if c.UnitID, err = tx.unitOfResident(c.ResidentID); err != nil {
			return Checkin{}, false, fmt.Errorf("save check-in of resident %d: %w", c.ResidentID, err)
		}
	}
	if c.DependantID != 0 {
		if _, err := tx.DependantOf(c.ResidentID, c.DependantID); err != nil {
			return Checkin{}, false, fmt.Errorf("save check-in: %w", err)
		}
	}
	now := ms(tx.Now)
	args := []any{c.UnitID, c.Health, symptoms, c.Pledge5K, c.Need, now, c.ResidentID, c.Day, c.DependantID}
	saved, err = scanCheckin(tx.queryRow(`INSERT INTO checkins
		(unit_id, health, symptoms, pledge_5k, need, updated_at, resident_id, day, dependant_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (resident_id, day, dependant_id) DO NOTHING
		RETURNING `+checkinCols, append(args, now)...))
	if err == nil {
		return saved, true, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return Checkin{}, false, fmt.Errorf("save check-in of resident %d: %w", c.ResidentID, dbErr(err))
	}
	saved, err = scanCheckin(tx.queryRow(`UPDATE checkins
		SET unit_id = ?, health = ?, symptoms = ?, pledge_5k = ?, need = ?, updated_at = ?
		WHERE resident_id = ? AND day = ? AND dependant_id = ? RETURNING `+checkinCols, args...))
	if err != nil {
		return Checkin{}, false, fmt.Errorf("save check-in of resident %d: %w", c.ResidentID, dbErr(err))
	}
	return saved, false, nil
}

// unitOfResident returns the unit a resident has joined: ErrNotFound for
// an unknown resident, ErrInvalid when they have joined none.
func (tx *Tx) unitOfResident(residentID int64) (int64, error) {
	var unit sql.NullInt64
	if err := tx.queryRow(`SELECT unit_id FROM residents WHERE id = ?`, residentID).Scan(&unit); err != nil {
		return 0, dbErr(err)
	}
	if !unit.Valid {
		return 0, fmt.Errorf("resident has joined no unit: %w", ErrInvalid)
	}
	return unit.Int64, nil
}

// CheckinOn returns the resident's own check-in for day (YYYY-MM-DD), or
// ErrNotFound.
func (tx *Tx) CheckinOn(residentID int64, day string) (Checkin, error) {
	return tx.CheckinFor(residentID, 0, day)
}

// CheckinFor returns the check-in for day (YYYY-MM-DD) of the resident's
// family member dependantID, or of the resident themself when it is 0; or
// ErrNotFound.
func (tx *Tx) CheckinFor(residentID, dependantID int64, day string) (Checkin, error) {
	c, err := scanCheckin(tx.queryRow(`SELECT `+checkinCols+` FROM checkins
		WHERE resident_id = ? AND day = ? AND dependant_id = ?`, residentID, day, dependantID))
	if err != nil {
		return Checkin{}, fmt.Errorf("check-in of resident %d/%d on %s: %w", residentID, dependantID, day, dbErr(err))
	}
	return c, nil
}

// HouseholdCheckinsOn returns the check-ins made by the resident on day
// (YYYY-MM-DD), for themself (first) and their family members (in the
// order they were added).
func (tx *Tx) HouseholdCheckinsOn(residentID int64, day string) ([]Checkin, error) {
	return tx.checkins(`SELECT `+checkinCols+` FROM checkins WHERE resident_id = ? AND day = ?
		ORDER BY dependant_id`, residentID, day)
}

// CheckinStreak returns how many consecutive days, ending with day, the
// resident checked in for themself: 0 when they did not on day itself.
func (tx *Tx) CheckinStreak(residentID int64, day string) (int, error) {
	return tx.CheckinStreakFor(residentID, 0, day)
}

// CheckinStreakFor returns how many consecutive days, ending with day,
// the resident checked in for their family member dependantID (0: for
// themself): 0 when not on day itself.
func (tx *Tx) CheckinStreakFor(residentID, dependantID int64, day string) (int, error) {
	// One unique-index lookup per day of the streak, walking backwards.
	n, err := tx.count(`WITH RECURSIVE streak(day) AS (
			SELECT day FROM checkins WHERE resident_id = ?1 AND day = ?2 AND dependant_id = ?3
			UNION ALL
			SELECT c.day FROM checkins c JOIN streak s
				ON c.resident_id = ?1 AND c.day = date(s.day, '-1 day') AND c.dependant_id = ?3)
		SELECT count(*) FROM streak`, residentID, day, dependantID)
	if err != nil {
		return 0, fmt.Errorf("check-in streak of resident %d/%d on %s: %w", residentID, dependantID, day, err)
	}
	return int(n), nil
}

// Participation counts the people of unitID: the residents who joined it
// and have neither stopped nor blocked the bot, and the family members
// they check in for; and how many check-ins were made in the unit on day
// (the running count kept by unit_days, never more than the people): two
// rows kept by triggers (unit_people, unit_days), however large the unit,
// instead of counting its people and their check-ins.
func (tx *Tx) Participation(unitID int64, day string) (checkedIn, people int, err error) {
	err = tx.queryRow(`SELECT COALESCE((SELECT people FROM unit_people WHERE unit_id = ?2), 0),
			COALESCE((SELECT checkins FROM unit_days WHERE unit_id = ?2 AND day = ?1), 0)`,
		day, unitID).Scan(&people, &checkedIn)
	if err != nil {
		return 0, 0, fmt.Errorf("participation in unit %d on %s: %w", unitID, day, err)
	}
	return min(checkedIn, people), people, nil
}

// CheckinsOf returns every check-in the resident made, for themself and
// for their family members: newest day first, the resident's own first
// within a day.
func (tx *Tx) CheckinsOf(residentID int64) ([]Checkin, error) {
	return tx.checkins(`SELECT `+checkinCols+` FROM checkins
		WHERE resident_id = ? ORDER BY day DESC, dependant_id`, residentID)
}

func (tx *Tx) checkins(query string, residentID int64, args ...any) ([]Checkin, error) {
	rows, err := tx.query(query, append([]any{residentID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("check-ins of resident %d: %w", residentID, err)
	}
	defer rows.Close()
	var list []Checkin
	for rows.Next() {
		c, err := scanCheckin(rows)
		if err != nil {
			return nil, fmt.Errorf("check-ins of resident %d: %w", residentID, err)
		}
		list = append(list, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("check-ins of resident %d: %w", residentID, err)
	}
	return list, nil
}
