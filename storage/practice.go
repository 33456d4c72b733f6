package storage

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of a good practice, in characters.
const (
	PracticeTitleMax   = 120
	PracticeTextMin    = 10
	PracticeTextMax    = 2000
	PracticeContactMax = 200
)

// Adoption statuses of a practice replicated to a unit.
const (
	AdoptionAsked   = "asked"   // replicated to the unit, no answer yet
	AdoptionAdopted = "adopted" // "Đơn vị tôi đã áp dụng"
	AdoptionHelp    = "help"    // "Cần hỗ trợ để áp dụng"
)

// Practice is a good practice (mô hình hay) of a unit: what it is, how to
// do it, whom to ask. Zero ids and times mean "none".
type Practice struct {
	ID            int64
	UnitID        int64
	AuthorID      int64 // the coordinator who posted it; 0 = an example, or one since forgotten
	Title         string
	What, How     string
	Contact       string
	Photo         string
	PhotoPlatform string
	PhotoMedia    string
	Example       bool // shipped with a campaign template, not posted by the unit
	ExemplaryBy   int64
	ExemplaryAt   time.Time
	CreatedAt     time.Time
	// Adopted and Help count the units that adopted it and that asked for
	// help to; Asked those it was replicated to that have not answered.
	Adopted, Help, Asked int
}

// PracticeRef is how a practice is shown: "MH-12".
func PracticeRef(id int64) string { return fmt.Sprintf("MH-%d", id) }

const practiceCols = `p.id, p.unit_id, COALESCE(p.author_id, 0), p.title, p.what, p.how, p.contact, p.photo,
	p.photo_platform, p.photo_media, p.example, COALESCE(p.exemplary_by, 0), p.exemplary_at, p.created_at,
	(SELECT count(*) FROM practice_adoptions a WHERE a.practice_id = p.id AND a.status = 'adopted'),
	(SELECT count(*) FROM practice_adoptions a WHERE a.practice_id = p.id AND a.status = 'help'),
	(SELECT count(*) FROM practice_adoptions a WHERE a.practice_id = p.id AND a.status = 'asked')`

func scanPractice(s scanner) (Practice, error) {
	var p Practice
	var created int64
	var exemplary sql.NullInt64
	err := s.Scan(&p.ID, &p.UnitID, &p.AuthorID, &p.Title, &p.What, &p.How, &p.Contact, &p.Photo, &p.PhotoPlatform,
		&p.PhotoMedia, &p.Example, &p.ExemplaryBy, &exemplary, &created, &p.Adopted, &p.Help, &p.Asked)
	p.CreatedAt, p.ExemplaryAt = time.UnixMilli(created).UTC(), timeOf(exemplary)
	return p, err
}

// CheckPractice returns ErrInvalid, wrapped with the reason, for a
// practice that cannot be stored: a title empty or too long, what it is
// or how to do it shorter than PracticeTextMin or longer than
// PracticeTextMax, a contact too long, a photo without its platform.
func CheckPractice(p Practice) error {
	n := func(s string) int { return utf8.RuneCountInString(strings.TrimSpace(s)) }
	bad := func(what string) error { return fmt.Errorf("practice: %s: %w", what, ErrInvalid) }
	switch {
	case n(p.Title) == 0 || n(p.Title) > PracticeTitleMax:
		return bad("title")
	case n(p.What) < PracticeTextMin || n(p.What) > PracticeTextMax:
		return bad("what it is")
	case n(p.How) < PracticeTextMin || n(p.How) > PracticeTextMax:
		return bad("how to do it")
	case n(p.Contact) > PracticeContactMax:
		return bad("contact")
	case p.Photo != "" && p.PhotoPlatform == "":
		return bad("photo without its platform")
	}
	return nil
}

// CreatePractice stores a new practice of p.UnitID and returns it. It
// returns ErrInvalid as CheckPractice does or for an unknown unit.
func (tx *Tx) CreatePractice(p Practice) (Practice, error) {
	if err := CheckPractice(p); err != nil {
		return Practice{}, err
	}
	if _, err := tx.UnitByID(p.UnitID); errors.Is(err, ErrNotFound) {
		return Practice{}, fmt.Errorf("create practice: unit %d: %w", p.UnitID, ErrInvalid)
	} else if err != nil {
		return Practice{}, fmt.Errorf("create practice: %w", err)
	}
	var id int64
	err := tx.queryRow(`INSERT INTO practices (unit_id, author_id, title, what, how, contact, photo, photo_platform,
			photo_media, example, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		p.UnitID, nullID(p.AuthorID), strings.TrimSpace(p.Title), strings.TrimSpace(p.What), strings.TrimSpace(p.How),
		strings.TrimSpace(p.Contact), p.Photo, p.PhotoPlatform, p.PhotoMedia, p.Example, ms(tx.Now)).Scan(&id)
	if err != nil {
		return Practice{}, fmt.Errorf("create practice: %w", dbErr(err))
	}
	return tx.PracticeByID(id)
}

// PracticeByID returns a practice with its adoptions counted, or
// ErrNotFound.
func (tx *Tx) PracticeByID(id int64) (Practice, error) {
	p, err := scanPractice(tx.queryRow(`SELECT `+practiceCols+` FROM practices p WHERE p.id = ?`, id))
	if err != nil {
		return Practice{}, fmt.Errorf("practice %s: %w", PracticeRef(id), dbErr(err))
	}
	return p, nil
}

// PracticesIn returns up to limit practices of units in scope (their
// subtrees included), the exemplary first, then the newest.
func (tx *Tx) PracticesIn(scope Scope, limit int) ([]Practice, error) {
	if scope.Empty() || limit <= 0 {
		return nil, nil
	}
	ids, all, err := scope.args()
	if err != nil {
		return nil, fmt.Errorf("practices: %w", err)
	}
	rows, err := tx.query(inScope+` SELECT `+practiceCols+` FROM practices p WHERE p.unit_id IN (SELECT id FROM scope)
		ORDER BY p.exemplary_at IS NULL, p.id DESC LIMIT ?3`, ids, all, limit)
	if err != nil {
		return nil, fmt.Errorf("practices: %w", err)
	}
	defer rows.Close()
	var out []Practice
	for rows.Next() {
		p, err := scanPractice(rows)
		if err != nil {
			return nil, fmt.Errorf("practices: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// MarkExemplary marks a practice exemplary (điển hình), by an official,
// now; marking it again changes nothing. It returns ErrNotFound for an
// unknown practice.
func (tx *Tx) MarkExemplary(id, by int64) (Practice, error) {
	n, err := tx.execCount(`UPDATE practices SET exemplary_by = COALESCE(exemplary_by, ?), exemplary_at = COALESCE(exemplary_at, ?)
		WHERE id = ?`, nullID(by), ms(tx.Now), id)
	if err != nil {
		return Practice{}, fmt.Errorf("mark %s exemplary: %w", PracticeRef(id), err)
	}
	if n == 0 {
		return Practice{}, fmt.Errorf("mark %s exemplary: %w", PracticeRef(id), ErrNotFound)
	}
	return tx.PracticeByID(id)
}

// SetAdoption records where a unit stands with a practice replicated to
// it: AdoptionAsked when replicated (an answer already given stays), then
// AdoptionAdopted or AdoptionHelp as its coordinators answer. It returns
// ErrInvalid for an unknown status, ErrNotFound for an unknown practice.
func (tx *Tx) SetAdoption(practiceID, unitID int64, status string, by int64) error {
	if status != AdoptionAsked && status != AdoptionAdopted && status != AdoptionHelp {
		return fmt.Errorf("adoption %q: %w", status, ErrInvalid)
	}
	if _, err := tx.PracticeByID(practiceID); err != nil {
		return fmt.Errorf("adoption: %w", err)
	}
	keep := ""
	if status == AdoptionAsked {
		keep = ` WHERE practice_adoptions.status = 'asked'`
	}
	if _, err := tx.exec(`INSERT INTO practice_adoptions (practice_id, unit_id, status, by_id, at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (practice_id, unit_id) DO UPDATE SET status = excluded.status, by_id = excluded.by_id,
			at = excluded.at`+keep, practiceID, unitID, status, nullID(by), ms(tx.Now)); err != nil {
		return fmt.Errorf("adoption of %s: %w", PracticeRef(practiceID), dbErr(err))
	}
	return nil
}

// Adopter is a unit a practice was replicated to, and its answer.
type Adopter struct {
	UnitID   int64
	UnitName string
	Status   string // AdoptionAsked, AdoptionAdopted or AdoptionHelp
	At       time.Time
}

// AdoptersOf returns, for each of the practices ids, the units it was
// replicated to, those that adopted it first, then by name.
func (tx *Tx) AdoptersOf(ids []int64) (map[int64][]Adopter, error) {
	out := map[int64][]Adopter{}
	if len(ids) == 0 {
		return out, nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, fmt.Errorf("adopters: %w", err)
	}
	rows, err := tx.query(`SELECT a.practice_id, a.unit_id, u.name, a.status, a.at FROM practice_adoptions a
		JOIN units u ON u.id = a.unit_id WHERE a.practice_id IN (SELECT value FROM json_each(?))
		ORDER BY a.practice_id, CASE a.status WHEN 'adopted' THEN 0 WHEN 'help' THEN 1 ELSE 2 END, u.name`, string(list))
	if err != nil {
		return nil, fmt.Errorf("adopters: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var pid, at int64
		var a Adopter
		if err := rows.Scan(&pid, &a.UnitID, &a.UnitName, &a.Status, &at); err != nil {
			return nil, fmt.Errorf("adopters: %w", err)
		}
		a.At = time.UnixMilli(at).UTC()
		out[pid] = append(out[pid], a)
	}
	return out, rows.Err()
}
