package storage

import (
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
				AND COALESCE(resident_id, 0) <> ?3),
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
		AND COALESCE(resident_id, 0) <> ?3 ORDER BY id LIMIT ?4`, ids, all, except, limit)
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
