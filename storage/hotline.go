package storage

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

const (
	maxLabelRunes = 200
	maxPhoneRunes = 32
)

// Hotline is a phone number published for a unit, e.g. 113 "Công an".
type Hotline struct {
	ID     int64
	UnitID int64
	Label  string
	Phone  string
}

// AddHotline adds a hotline at the end of a unit's list and returns its
// id. It returns ErrInvalid for an empty or overlong label or phone and
// ErrNotFound for an unknown unit.
func (tx *Tx) AddHotline(unitID int64, label, phone string) (int64, error) {
	label, phone = strings.TrimSpace(label), strings.TrimSpace(phone)
	if label == "" || phone == "" || utf8.RuneCountInString(label) > maxLabelRunes ||
		utf8.RuneCountInString(phone) > maxPhoneRunes {
		return 0, fmt.Errorf("add hotline %q %q: %w", label, phone, ErrInvalid)
	}
	if _, err := tx.UnitByID(unitID); err != nil {
		return 0, fmt.Errorf("add hotline: %w", err)
	}
	res, err := tx.exec(`INSERT INTO hotlines (unit_id, label, phone, position, created_at)
		VALUES (?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM hotlines WHERE unit_id = ?), ?)`,
		unitID, label, phone, unitID, ms(tx.Now))
	if err != nil {
		return 0, fmt.Errorf("add hotline: %w", dbErr(err))
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("add hotline: %w", err)
	}
	return id, nil
}

// HotlineByID returns one hotline, or ErrNotFound.
func (tx *Tx) HotlineByID(id int64) (Hotline, error) {
	var h Hotline
	err := tx.queryRow(`SELECT id, unit_id, label, phone FROM hotlines WHERE id = ?`, id).
		Scan(&h.ID, &h.UnitID, &h.Label, &h.Phone)
	if err != nil {
		return Hotline{}, fmt.Errorf("get hotline %d: %w", id, dbErr(err))
	}
	return h, nil
}

// RemoveHotline deletes a hotline; it returns ErrNotFound if there is none
// with that id.
func (tx *Tx) RemoveHotline(id int64) error {
	if err := tx.execOne(`DELETE FROM hotlines WHERE id = ?`, id); err != nil {
		return fmt.Errorf("remove hotline %d: %w", id, err)
	}
	return nil
}

// HotlinesFor returns the hotlines of the given units, keyed by unit id,
// each list in the order they were added. Units without hotlines have no
// key. Pass Ancestors' ids to show a unit's own numbers and those above it.
func (tx *Tx) HotlinesFor(unitIDs []int64) (map[int64][]Hotline, error) {
	out := map[int64][]Hotline{}
	if len(unitIDs) == 0 {
		return out, nil
	}
	ids, err := json.Marshal(unitIDs)
	if err != nil {
		return nil, fmt.Errorf("hotlines: %w", err)
	}
	rows, err := tx.query(`SELECT id, unit_id, label, phone FROM hotlines
		WHERE unit_id IN (SELECT value FROM json_each(?)) ORDER BY unit_id, position, id`, string(ids))
	if err != nil {
		return nil, fmt.Errorf("hotlines: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h Hotline
		if err := rows.Scan(&h.ID, &h.UnitID, &h.Label, &h.Phone); err != nil {
			return nil, fmt.Errorf("hotlines: %w", err)
		}
		out[h.UnitID] = append(out[h.UnitID], h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("hotlines: %w", err)
	}
	return out, nil
}
