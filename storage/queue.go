package storage

import (
	"database/sql"
	"encoding/json"
	"fmt"
)

// Scope is the set of units a person looks after: every unit below the
// units where they hold a role, those units included. All means every
// unit (an administrator).
type Scope struct {
	Units []int64 // the units of the grants; their subtrees are included
	All   bool
}

// Empty reports whether the scope covers no unit.
func (s Scope) Empty() bool { return !s.All && len(s.Units) == 0 }

// ScopeOf returns the units where the resident holds role now.
func (tx *Tx) ScopeOf(residentID int64, role string) (Scope, error) {
	rows, err := tx.query(`SELECT DISTINCT unit_id FROM roles
		WHERE resident_id = ? AND role = ? AND revoked_at IS NULL ORDER BY unit_id`, residentID, role)
	if err != nil {
		return Scope{}, fmt.Errorf("scope of resident %d: %w", residentID, err)
	}
	defer rows.Close()
	var s Scope
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return Scope{}, fmt.Errorf("scope of resident %d: %w", residentID, err)
		}
		s.Units = append(s.Units, id)
	}
	return s, rows.Err()
}

// inScope is a CTE naming scope(id): the units of a Scope given as a JSON
// array of ids (ignored when the second argument is 1, for every unit).
const inScope = `WITH RECURSIVE scope(id, depth) AS (
		SELECT value, 0 FROM json_each(?1) WHERE ?2 = 0
		UNION
		SELECT id, 0 FROM units WHERE ?2 = 1
		UNION
		SELECT u.id, s.depth + 1 FROM units u JOIN scope s ON u.parent_id = s.id
		WHERE ?2 = 0 AND s.depth < ` + "64" + `)`

func (s Scope) args() (string, int, error) {
	ids, err := json.Marshal(nonNil(s.Units))
	all := 0
	if s.All {
		all = 1
	}
	return string(ids), all, err
}

// Waiting counts what waits for someone in a scope: reports not yet
// reviewed and help requests nobody has taken on, leaving out those of
// the resident except (a person never reviews their own).
type Waiting struct {
	Deeds, Help int
}

// WaitingIn counts the pending reports and open help requests in scope,
// except those made by resident except.
func (tx *Tx) WaitingIn(scope Scope, except int64) (Waiting, error) {
	var w Waiting
	if scope.Empty() {
		return w, nil
	}
	ids, all, err := scope.args()
	if err != nil {
		return w, fmt.Errorf("waiting: %w", err)
	}
	err = tx.queryRow(inScope+`
		SELECT (SELECT count(*) FROM deeds WHERE status = 'pending' AND unit_id IN (SELECT id FROM scope)
				AND (resident_id IS NULL OR resident_id <> ?3)),
			(SELECT count(*) FROM help_requests WHERE status = 'open' AND unit_id IN (SELECT id FROM scope)
				AND resident_id IS NOT NULL AND resident_id <> ?3)`, ids, all, except).Scan(&w.Deeds, &w.Help)
	if err != nil {
		return Waiting{}, fmt.Errorf("waiting: %w", err)
	}
	return w, nil
}

// WaitingDeeds returns up to limit pending reports in scope, oldest
// first, with their photos, except those made by resident except.
func (tx *Tx) WaitingDeeds(scope Scope, except int64, limit int) ([]Deed, error) {
	if scope.Empty() {
		return nil, nil
	}
	ids, all, err := scope.args()
	if err != nil {
		return nil, fmt.Errorf("waiting reports: %w", err)
	}
	rows, err := tx.query(inScope+`
		SELECT `+deedCols+` FROM deeds WHERE status = 'pending' AND unit_id IN (SELECT id FROM scope)
		AND (resident_id IS NULL OR resident_id <> ?3) ORDER BY id LIMIT ?4`, ids, all, except, limit)
	if err != nil {
		return nil, fmt.Errorf("waiting reports: %w", err)
	}
	var list []Deed
	for rows.Next() {
		d, err := scanDeed(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("waiting reports: %w", err)
		}
		list = append(list, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("waiting reports: %w", err)
	}
	ptrs := make([]*Deed, len(list))
	for i := range list {
		ptrs[i] = &list[i]
	}
	if err := tx.loadPhotos(ptrs); err != nil {
		return nil, fmt.Errorf("waiting reports: %w", err)
	}
	return list, nil
}

// WaitingHelp returns up to limit open help requests in scope, oldest
// first, except those made by resident except (and those whose resident
// is gone).
func (tx *Tx) WaitingHelp(scope Scope, except int64, limit int) ([]HelpRequest, error) {
	if scope.Empty() {
		return nil, nil
	}
	ids, all, err := scope.args()
	if err != nil {
		return nil, fmt.Errorf("waiting requests: %w", err)
	}
	list, err := tx.helpRequests(inScope+`
		SELECT `+helpCols+` FROM help_requests WHERE status = 'open' AND unit_id IN (SELECT id FROM scope)
		AND resident_id IS NOT NULL AND resident_id <> ?3 ORDER BY id LIMIT ?4`, ids, all, except, limit)
	if err != nil {
		return nil, fmt.Errorf("waiting requests: %w", err)
	}
	return list, nil
}

// NextPendingDeed returns the oldest report waiting for review in scope,
// with its photos and their duplicate marks (as DeedByID), leaving out
// those made by resident except and the ids in skip (reports the
// reviewer put aside), and how many such reports wait in all, the one
// returned included. It returns ErrNotFound when none waits.
func (tx *Tx) NextPendingDeed(scope Scope, except int64, skip []int64) (Deed, int, error) {
	if scope.Empty() {
		return Deed{}, 0, fmt.Errorf("next report: empty scope: %w", ErrNotFound)
	}
	ids, all, err := scope.args()
	if err != nil {
		return Deed{}, 0, fmt.Errorf("next report: %w", err)
	}
	skipped, err := json.Marshal(nonNil(skip))
	if err != nil {
		return Deed{}, 0, fmt.Errorf("next report: %w", err)
	}
	const pending = `FROM deeds WHERE status = 'pending' AND unit_id IN (SELECT id FROM scope)
		AND (resident_id IS NULL OR resident_id <> ?3) AND id NOT IN (SELECT value FROM json_each(?4))`
	var first sql.NullInt64
	var n int
	err = tx.queryRow(inScope+`
		SELECT (SELECT id `+pending+` ORDER BY id LIMIT 1), (SELECT count(*) `+pending+`)`,
		ids, all, except, string(skipped)).Scan(&first, &n)
	if err != nil {
		return Deed{}, 0, fmt.Errorf("next report: %w", err)
	}
	if !first.Valid {
		return Deed{}, 0, fmt.Errorf("next report: none waiting: %w", ErrNotFound)
	}
	d, err := tx.DeedByID(first.Int64)
	if err != nil {
		return Deed{}, 0, fmt.Errorf("next report: %w", err)
	}
	return d, n, nil
}

// OpenHelpIn returns up to limit help requests in scope that are not
// resolved yet (open, or claimed by someone and still under way), oldest
// first, from the offset-th on, and how many there are in all. It leaves
// out those made by resident except and those whose resident is gone,
// and keeps those that reached no coordinator when made.
func (tx *Tx) OpenHelpIn(scope Scope, except int64, limit, offset int) ([]HelpRequest, int, error) {
	if scope.Empty() || limit <= 0 {
		return nil, 0, nil
	}
	ids, all, err := scope.args()
	if err != nil {
		return nil, 0, fmt.Errorf("open requests: %w", err)
	}
	const open = ` FROM help_requests WHERE status IN ('open', 'claimed')
		AND unit_id IN (SELECT id FROM scope) AND resident_id IS NOT NULL AND resident_id <> ?3`
	n, err := tx.count(inScope+` SELECT count(*)`+open, ids, all, except)
	if err != nil {
		return nil, 0, fmt.Errorf("open requests: %w", err)
	}
	list, err := tx.helpRequests(inScope+` SELECT `+helpCols+open+` ORDER BY id LIMIT ?4 OFFSET ?5`,
		ids, all, except, limit, max(offset, 0))
	if err != nil {
		return nil, 0, fmt.Errorf("open requests: %w", err)
	}
	return list, int(n), nil
}
