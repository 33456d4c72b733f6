package storage

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

const (
	// maxAncestors bounds a walk up the tree, so corrupt data cannot loop.
	maxAncestors = 64
	// maxSearchWords bounds the number of LIKE terms in one search.
	maxSearchWords  = 8
	defaultSearches = 20
)

// Unit is a node of the administrative tree: a province or city, an
// optional district, a ward or commune, a residential group or village.
type Unit struct {
	ID       int64
	Code     string
	Name     string
	Kind     string
	ParentID int64  // 0 = a root
	TZ       string // IANA zone name; "" = the default zone
}

// Fold returns s in the form used to search unit names: lower-case, without
// Vietnamese diacritics (đ becomes d), inner whitespace collapsed to one
// space and trimmed. "Phường Mai Động" folds to "phuong mai dong". NFC and
// NFD input give the same result; invisible format characters (zero-width
// spaces and joiners, bidi marks, soft hyphens: Unicode Cf) are dropped and
// compatibility forms folded (NFKC: fullwidth "Ｍａｉ" is "mai", a
// no-break space a space), so text pasted from another app still matches.
func Fold(s string) string {
	t := transform.Chain(runes.Remove(runes.In(unicode.Cf)), norm.NFKC)
	if out, _, err := transform.String(t, s); err == nil {
		s = out
	}
	s = strings.Map(func(r rune) rune {
		switch r {
		case 'đ', 'Đ', 'ð', 'Ð': // đ does not decompose; Ð (eth) is a common look-alike
			return 'd'
		}
		return r
	}, s)
	t = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	if out, _, err := transform.String(t, s); err == nil {
		s = out
	}
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

const unitCols = `id, code, name, kind, COALESCE(parent_id, 0), COALESCE(tz, '')`

func scanUnit(s scanner) (Unit, error) {
	var u Unit
	err := s.Scan(&u.ID, &u.Code, &u.Name, &u.Kind, &u.ParentID, &u.TZ)
	return u, err
}

func (tx *Tx) units(query string, args ...any) ([]Unit, error) {
	rows, err := tx.query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, u)
	}
	return list, rows.Err()
}

// UnitByID returns the unit with that id, or ErrNotFound.
func (tx *Tx) UnitByID(id int64) (Unit, error) {
	u, err := scanUnit(tx.queryRow(`SELECT `+unitCols+` FROM units WHERE id = ?`, id))
	if err != nil {
		return Unit{}, fmt.Errorf("get unit %d: %w", id, dbErr(err))
	}
	return u, nil
}

// UnitByCode returns the unit with that code (compared without regard to
// ASCII case), or ErrNotFound.
func (tx *Tx) UnitByCode(code string) (Unit, error) {
	u, err := scanUnit(tx.queryRow(`SELECT `+unitCols+` FROM units WHERE code = ?`, strings.TrimSpace(code)))
	if err != nil {
		return Unit{}, fmt.Errorf("get unit %q: %w", code, dbErr(err))
	}
	return u, nil
}

// Children returns the units directly below parentID (0 = the roots) in
// import order.
func (tx *Tx) Children(parentID int64) ([]Unit, error) {
	list, err := tx.units(`SELECT `+unitCols+` FROM units WHERE parent_id IS ? ORDER BY position, id`, nullID(parentID))
	if err != nil {
		return nil, fmt.Errorf("children of unit %d: %w", parentID, err)
	}
	return list, nil
}

// CountChildren returns how many units are directly below parentID
// (0 = how many roots).
func (tx *Tx) CountChildren(parentID int64) (int, error) {
	n, err := tx.count(`SELECT count(*) FROM units WHERE parent_id IS ?`, nullID(parentID))
	if err != nil {
		return 0, fmt.Errorf("count children of unit %d: %w", parentID, err)
	}
	return int(n), nil
}

// CountUnits returns the number of units.
func (tx *Tx) CountUnits() (int, error) {
	n, err := tx.count(`SELECT count(*) FROM units`)
	if err != nil {
		return 0, fmt.Errorf("count units: %w", err)
	}
	return int(n), nil
}

// CountUnits returns the number of units; it is 0 on a new database.
func (db *DB) CountUnits(ctx context.Context) (int, error) {
	var n int
	err := db.View(ctx, func(tx *Tx) (err error) {
		n, err = tx.CountUnits()
		return err
	})
	return n, err
}

// Ancestors returns the unit itself first, then its parent, and so on up to
// the root. It returns ErrNotFound for an unknown id, and an error if the
// tree loops (which imports never allow).
func (tx *Tx) Ancestors(id int64) ([]Unit, error) {
	const q = `WITH RECURSIVE up(id, depth) AS (
		SELECT ?, 0
		UNION ALL
		SELECT u.parent_id, up.depth + 1 FROM units u JOIN up ON u.id = up.id
		WHERE u.parent_id IS NOT NULL AND up.depth < ?)
	SELECT ` + unitCols + ` FROM up JOIN units USING (id) ORDER BY up.depth`
	list, err := tx.units(q, id, maxAncestors)
	if err != nil {
		return nil, fmt.Errorf("ancestors of unit %d: %w", id, err)
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("ancestors of unit %d: %w", id, ErrNotFound)
	}
	seen := map[int64]bool{}
	for _, u := range list {
		if seen[u.ID] {
			return nil, fmt.Errorf("ancestors of unit %d: the tree loops at unit %q", id, u.Code)
		}
		seen[u.ID] = true
	}
	return list, nil
}

// Descendants returns id itself (first) and the ids of every unit below it,
// at any depth. It returns ErrNotFound for an unknown id.
func (tx *Tx) Descendants(id int64) ([]int64, error) {
	const q = `WITH RECURSIVE down(id) AS (
		SELECT id FROM units WHERE id = ?
		UNION
		SELECT u.id FROM units u JOIN down ON u.parent_id = down.id)
	SELECT id FROM down`
	rows, err := tx.query(q, id)
	if err != nil {
		return nil, fmt.Errorf("descendants of unit %d: %w", id, err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var d int64
		if err := rows.Scan(&d); err != nil {
			return nil, fmt.Errorf("descendants of unit %d: %w", id, err)
		}
		ids = append(ids, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("descendants of unit %d: %w", id, err)
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("descendants of unit %d: %w", id, ErrNotFound)
	}
	return ids, nil
}

// SearchUnits finds units whose folded name contains every word of the
// folded query, so "mai dong" finds "Phường Mai Động". Exact matches come
// first, then names starting with the query, then names ending with it as a
// whole word (the name without its kind, e.g. "Phường"), then the rest;
// ties go to units higher in the tree, then import order. A limit ≤ 0
// means 20. An empty query finds nothing.
func (tx *Tx) SearchUnits(query string, limit int) ([]Unit, error) {
	folded := Fold(query)
	words := searchWords(folded)
	if len(words) == 0 {
		return nil, nil
	}
	if len(words) > maxSearchWords {
		words = words[:maxSearchWords]
	}
	if limit <= 0 {
		limit = defaultSearches
	}
	var where []string
	var args []any
	for _, w := range words {
		where = append(where, `search_key LIKE ? ESCAPE '\'`)
		args = append(args, "%"+escapeLike(w)+"%")
	}
	folded = strings.Join(words, " ") // the ranking compares the expanded query
	esc := escapeLike(folded)
	args = append(args, folded, esc+"%", "% "+esc, limit)
	q := `SELECT ` + unitCols + ` FROM units WHERE ` + strings.Join(where, " AND ") + `
		ORDER BY CASE WHEN search_key = ? THEN 0
			WHEN search_key LIKE ? ESCAPE '\' THEN 1
			WHEN search_key LIKE ? ESCAPE '\' THEN 2 ELSE 3 END,
			depth, position, id
		LIMIT ?`
	list, err := tx.units(q, args...)
	if err != nil {
		return nil, fmt.Errorf("search units %q: %w", query, err)
	}
	return list, nil
}

// abbreviations are the short forms people type for the kinds of unit.
var abbreviations = map[string][]string{
	"tdp": {"to", "dan", "pho"},
	"tp":  {"thanh", "pho"},
	"kp":  {"khu", "pho"},
}

// letterDigits splits a word such as "to3" into "to" and "3".
var letterDigits = regexp.MustCompile(`^([a-z]+)([0-9]+)$`)

// searchWords splits a folded query into the words each unit must hold,
// expanding common abbreviations ("tdp 3" is "to dan pho 3") and words
// glued to their number ("to3" is "to 3").
func searchWords(folded string) []string {
	var out []string
	for _, w := range strings.Fields(folded) {
		number := ""
		if m := letterDigits.FindStringSubmatch(w); m != nil {
			w, number = m[1], m[2]
		}
		if long, ok := abbreviations[w]; ok {
			out = append(out, long...)
		} else {
			out = append(out, w)
		}
		if number != "" {
			out = append(out, number)
		}
	}
	return out
}

// escapeLike escapes the LIKE wildcards % and _ (and the escape \).
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// SetUnitTZ sets the IANA time zone of a unit ("" = back to the default).
// It returns ErrInvalid for a zone time.LoadLocation does not know and
// ErrNotFound for an unknown unit.
func (tx *Tx) SetUnitTZ(id int64, tz string) error {
	tz = strings.TrimSpace(tz)
	var v any
	if tz != "" {
		if _, err := time.LoadLocation(tz); err != nil {
			return fmt.Errorf("set zone of unit %d: %q: %w", id, tz, ErrInvalid)
		}
		v = tz
	}
	if err := tx.execOne(`UPDATE units SET tz = ?, updated_at = ? WHERE id = ?`, v, ms(tx.Now), id); err != nil {
		return fmt.Errorf("set zone of unit %d: %w", id, err)
	}
	return nil
}

// refreshDepths recomputes units.depth after parents changed.
func (tx *Tx) refreshDepths() error {
	const q = `WITH RECURSIVE d(id, depth) AS (
		SELECT id, 0 FROM units WHERE parent_id IS NULL
		UNION ALL
		SELECT u.id, d.depth + 1 FROM units u JOIN d ON u.parent_id = d.id)
	UPDATE units SET depth = d.depth FROM d WHERE d.id = units.id AND units.depth <> d.depth`
	if _, err := tx.exec(q); err != nil {
		return fmt.Errorf("refresh unit depths: %w", err)
	}
	return nil
}
