package storage

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Limits on a resident's family members.
const (
	// MaxDependants is how many family members one resident can check in for.
	MaxDependants = 10
	// DependantNameMin and DependantNameMax bound a family member's name,
	// in characters, once its spaces are tidied.
	DependantNameMin = 2
	DependantNameMax = 100
)

// Dependant is a family member (người thân) without a phone whom a
// resident checks in for: an elderly parent, a child. They belong to the
// resident's household and unit, and are deleted with the resident.
type Dependant struct {
	ID         int64
	ResidentID int64
	Name       string
	CreatedAt  time.Time
}

const dependantCols = `id, resident_id, name, created_at`

func scanDependant(s scanner) (Dependant, error) {
	var d Dependant
	var created int64
	err := s.Scan(&d.ID, &d.ResidentID, &d.Name, &created)
	d.CreatedAt = time.UnixMilli(created).UTC()
	return d, err
}

// CleanDependantName returns name as it is stored: in NFC, trimmed, with
// every run of white space made one space. It returns ErrInvalid when the
// result is shorter than DependantNameMin or longer than DependantNameMax
// characters, or holds a control or invisible formatting character.
func CleanDependantName(name string) (string, error) {
	name = strings.Join(strings.Fields(norm.NFC.String(name)), " ")
	n := utf8.RuneCountInString(name)
	if n < DependantNameMin || n > DependantNameMax || !utf8.ValidString(name) ||
		strings.IndexFunc(name, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }) >= 0 {
		return "", fmt.Errorf("family member name of %d characters: %w", n, ErrInvalid)
	}
	return name, nil
}

// AddDependant adds a family member to the resident's household. The name
// is cleaned by CleanDependantName. It returns ErrInvalid for a bad name,
// ErrConflict when the household already has a member of that name
// (whatever the letter case) or already has MaxDependants, and ErrNotFound
// for an unknown resident.
func (tx *Tx) AddDependant(residentID int64, name string) (Dependant, error) {
	name, err := CleanDependantName(name)
	if err != nil {
		return Dependant{}, fmt.Errorf("add family member of resident %d: %w", residentID, err)
	}
	list, err := tx.DependantsOf(residentID)
	if err != nil {
		return Dependant{}, err
	}
	if len(list) >= MaxDependants {
		return Dependant{}, fmt.Errorf("add family member of resident %d: already %d: %w", residentID, len(list), ErrConflict)
	}
	for _, d := range list {
		if strings.EqualFold(d.Name, name) {
			return Dependant{}, fmt.Errorf("add family member of resident %d: name taken by %d: %w", residentID, d.ID, ErrConflict)
		}
	}
	d, err := scanDependant(tx.queryRow(`INSERT INTO dependants (resident_id, name, created_at)
		VALUES (?, ?, ?) RETURNING `+dependantCols, residentID, name, ms(tx.Now)))
	if err != nil {
		return Dependant{}, fmt.Errorf("add family member of resident %d: %w", residentID, dbErr(err))
	}
	return d, nil
}

// DependantsOf returns the resident's family members in the order they
// were added (none for an unknown resident).
func (tx *Tx) DependantsOf(residentID int64) ([]Dependant, error) {
	rows, err := tx.query(`SELECT `+dependantCols+` FROM dependants WHERE resident_id = ? ORDER BY id`, residentID)
	if err != nil {
		return nil, fmt.Errorf("family members of resident %d: %w", residentID, err)
	}
	defer rows.Close()
	var list []Dependant
	for rows.Next() {
		d, err := scanDependant(rows)
		if err != nil {
			return nil, fmt.Errorf("family members of resident %d: %w", residentID, err)
		}
		list = append(list, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("family members of resident %d: %w", residentID, err)
	}
	return list, nil
}

// DependantOf returns the resident's family member id: ErrNotFound when
// there is none, or when it belongs to another resident.
func (tx *Tx) DependantOf(residentID, id int64) (Dependant, error) {
	d, err := scanDependant(tx.queryRow(`SELECT `+dependantCols+` FROM dependants
		WHERE id = ? AND resident_id = ?`, id, residentID))
	if err != nil {
		return Dependant{}, fmt.Errorf("family member %d of resident %d: %w", id, residentID, dbErr(err))
	}
	return d, nil
}

// RemoveDependant deletes the resident's family member id together with
// every check-in made for them, and returns who was removed and how many
// check-ins went with them. It returns ErrNotFound when the resident has
// no such family member (another resident's is not theirs to remove).
func (tx *Tx) RemoveDependant(residentID, id int64) (removed Dependant, checkins int, err error) {
	if removed, err = tx.DependantOf(residentID, id); err != nil {
		return Dependant{}, 0, fmt.Errorf("remove family member: %w", err)
	}
	n, err := tx.count(`SELECT count(*) FROM checkins WHERE resident_id = ? AND dependant_id = ?`, residentID, id)
	if err != nil {
		return Dependant{}, 0, fmt.Errorf("remove family member %d: %w", id, err)
	}
	// The trigger dependants_checkins_delete deletes their check-ins.
	if err := tx.execOne(`DELETE FROM dependants WHERE id = ? AND resident_id = ?`, id, residentID); err != nil {
		return Dependant{}, 0, fmt.Errorf("remove family member %d: %w", id, err)
	}
	return removed, int(n), nil
}
