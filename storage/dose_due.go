package storage

import (
	"fmt"
	"time"
)

// DoseDue is the day a person's next vaccine dose is due.
type DoseDue struct {
	ResidentID  int64  `json:"-"`
	DependantID int64  `json:"family_member_id,omitzero"` // 0 = the resident themself
	DueOn       string `json:"due_on"`                    // local day, YYYY-MM-DD
	SetBy       int64  `json:"-"`                         // a coordinator; 0 = the resident
	Reminded    bool   `json:"reminded"`
}

// MaxDueAhead bounds how far ahead a next dose may be set.
const MaxDueAhead = 366

// SetDoseDue sets (or moves) the day the next dose of a resident or of a
// family member of theirs is due: from today (the caller's local day) to
// MaxDueAhead days later. A day moved is reminded of again. It returns
// ErrInvalid for a day out of range, ErrNotFound for a family member not
// of that resident.
func (tx *Tx) SetDoseDue(d DoseDue, today string) error {
	day, err := time.Parse(time.DateOnly, d.DueOn)
	last, _ := time.Parse(time.DateOnly, today)
	if err != nil || day.Format(time.DateOnly) != d.DueOn || d.DueOn < today || day.After(last.AddDate(0, 0, MaxDueAhead)) {
		return fmt.Errorf("next dose on %q: %w", d.DueOn, ErrInvalid)
	}
	if d.DependantID != 0 {
		if _, err := tx.dependantOf(d.ResidentID, d.DependantID); err != nil {
			return fmt.Errorf("next dose: %w", err)
		}
	}
	if _, err := tx.exec(`INSERT INTO dose_due (resident_id, dependant_id, due_on, set_by) VALUES (?, ?, ?, ?)
		ON CONFLICT (resident_id, dependant_id) DO UPDATE SET due_on = excluded.due_on, set_by = excluded.set_by,
			reminded_at = NULL`, d.ResidentID, d.DependantID, d.DueOn, nullID(d.SetBy)); err != nil {
		return fmt.Errorf("next dose: %w", err)
	}
	return nil
}

// DosesDueOf returns the next doses set for a resident and their family.
func (tx *Tx) DosesDueOf(residentID int64) ([]DoseDue, error) {
	return tx.dosesDue(`SELECT resident_id, dependant_id, due_on, COALESCE(set_by, 0), reminded_at IS NOT NULL
		FROM dose_due WHERE resident_id = ? ORDER BY dependant_id`, residentID)
}

// DueForReminder returns up to limit next doses due on or before day and
// not reminded of yet, of residents who still take part, oldest first.
func (tx *Tx) DueForReminder(day string, limit int) ([]DoseDue, error) {
	return tx.dosesDue(`SELECT d.resident_id, d.dependant_id, d.due_on, COALESCE(d.set_by, 0), 0
		FROM dose_due d JOIN residents r ON r.id = d.resident_id
		WHERE d.due_on <= ? AND d.reminded_at IS NULL AND r.stopped_at IS NULL AND r.blocked_at IS NULL
		ORDER BY d.due_on, d.resident_id, d.dependant_id LIMIT ?`, day, limit)
}

// MarkDoseReminded records that the reminder of a next dose was sent.
func (tx *Tx) MarkDoseReminded(residentID, dependantID int64) error {
	if _, err := tx.exec(`UPDATE dose_due SET reminded_at = ? WHERE resident_id = ? AND dependant_id = ?`,
		ms(tx.Now), residentID, dependantID); err != nil {
		return fmt.Errorf("next dose reminded: %w", err)
	}
	return nil
}

func (tx *Tx) dosesDue(query string, args ...any) ([]DoseDue, error) {
	rows, err := tx.query(query, args...)
	if err != nil {
		return nil, fmt.Errorf("next doses: %w", err)
	}
	defer rows.Close()
	var out []DoseDue
	for rows.Next() {
		var d DoseDue
		if err := rows.Scan(&d.ResidentID, &d.DependantID, &d.DueOn, &d.SetBy, &d.Reminded); err != nil {
			return nil, fmt.Errorf("next doses: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
