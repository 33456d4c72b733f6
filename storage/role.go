package storage

import (
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Roles a resident can be granted on a unit. Admins come from the
// configuration, not from this table.
const (
	RoleCoordinator = "coordinator"
	RoleOfficial    = "official"
)

// Role is an active grant of a role on a unit (and the units below it).
type Role struct {
	ID         int64
	ResidentID int64
	Role       string
	UnitID     int64
	GrantedBy  int64 // a resident id; 0 = an admin or an invite link
	GrantedAt  time.Time
	RevokedAt  time.Time // zero while the grant is active
}

const roleCols = `id, resident_id, role, unit_id, COALESCE(granted_by, 0), granted_at, revoked_at`

func scanRole(s scanner) (Role, error) {
	var r Role
	var granted int64
	var revoked sql.NullInt64
	err := s.Scan(&r.ID, &r.ResidentID, &r.Role, &r.UnitID, &r.GrantedBy, &granted, &revoked)
	r.GrantedAt, r.RevokedAt = time.UnixMilli(granted).UTC(), timeOf(revoked)
	return r, err
}

// RoleHistory returns every grant the resident ever had, revoked ones
// included, oldest first.
func (tx *Tx) RoleHistory(residentID int64) ([]Role, error) {
	rows, err := tx.query(`SELECT `+roleCols+` FROM roles WHERE resident_id = ? ORDER BY id`, residentID)
	if err != nil {
		return nil, fmt.Errorf("role history of resident %d: %w", residentID, err)
	}
	defer rows.Close()
	var list []Role
	for rows.Next() {
		r, err := scanRole(rows)
		if err != nil {
			return nil, fmt.Errorf("role history of resident %d: %w", residentID, err)
		}
		list = append(list, r)
	}
	return list, rows.Err()
}

// GrantRole gives a resident a role on a unit and returns the grant's id;
// granting an active role again returns the existing id. It returns
// ErrInvalid for an unknown role and ErrNotFound for an unknown resident
// or unit.
func (tx *Tx) GrantRole(residentID int64, role string, unitID int64, grantedBy int64) (int64, error) {
	if role != RoleCoordinator && role != RoleOfficial {
		return 0, fmt.Errorf("grant role %q: %w", role, ErrInvalid)
	}
	var id int64
	err := tx.queryRow(`SELECT id FROM roles WHERE resident_id = ? AND role = ? AND unit_id = ?
		AND revoked_at IS NULL`, residentID, role, unitID).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("grant role %q: %w", role, err)
	}
	res, err := tx.exec(`INSERT INTO roles (resident_id, role, unit_id, granted_by, granted_at)
		VALUES (?, ?, ?, ?, ?)`, residentID, role, unitID, nullID(grantedBy), ms(tx.Now))
	if err != nil {
		return 0, fmt.Errorf("grant role %q to resident %d on unit %d: %w", role, residentID, unitID, dbErr(err))
	}
	if id, err = res.LastInsertId(); err != nil {
		return 0, fmt.Errorf("grant role %q: %w", role, err)
	}
	return id, nil
}

// RevokeRole ends an active grant; it returns ErrNotFound if there is no
// active grant with that id.
func (tx *Tx) RevokeRole(id int64) error {
	err := tx.execOne(`UPDATE roles SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, ms(tx.Now), id)
	if err != nil {
		return fmt.Errorf("revoke role %d: %w", id, err)
	}
	return nil
}

// RolesOf returns a resident's active grants, oldest first.
func (tx *Tx) RolesOf(residentID int64) ([]Role, error) {
	rows, err := tx.query(`SELECT id, resident_id, role, unit_id, COALESCE(granted_by, 0), granted_at
		FROM roles WHERE resident_id = ? AND revoked_at IS NULL ORDER BY id`, residentID)
	if err != nil {
		return nil, fmt.Errorf("roles of resident %d: %w", residentID, err)
	}
	defer rows.Close()
	var list []Role
	for rows.Next() {
		var r Role
		var granted int64
		if err := rows.Scan(&r.ID, &r.ResidentID, &r.Role, &r.UnitID, &r.GrantedBy, &granted); err != nil {
			return nil, fmt.Errorf("roles of resident %d: %w", residentID, err)
		}
		r.GrantedAt = time.UnixMilli(granted).UTC()
		list = append(list, r)
	}
	return list, rows.Err()
}

// HasRoleOver reports whether the resident holds role on unitID itself or
// on any unit above it.
func (tx *Tx) HasRoleOver(residentID int64, role string, unitID int64) (bool, error) {
	n, err := tx.count(`WITH RECURSIVE up(id, depth) AS (
			SELECT ?, 0
			UNION ALL
			SELECT u.parent_id, up.depth + 1 FROM units u JOIN up ON u.id = up.id
			WHERE u.parent_id IS NOT NULL AND up.depth < ?)
		SELECT count(*) FROM roles JOIN up ON roles.unit_id = up.id
		WHERE roles.resident_id = ? AND roles.role = ? AND roles.revoked_at IS NULL`,
		unitID, maxAncestors, residentID, role)
	if err != nil {
		return false, fmt.Errorf("check role %q of resident %d: %w", role, residentID, err)
	}
	return n > 0, nil
}

// CoordinatorsOf returns the active coordinators of the nearest unit,
// going upward from unitID itself, that has any who have not stopped or
// blocked the bot, and the id of that unit. It returns no residents and
// unit 0 when no unit up to the root has one, and ErrNotFound for an
// unknown unit.
func (tx *Tx) CoordinatorsOf(unitID int64) ([]Resident, int64, error) {
	if _, err := tx.UnitByID(unitID); err != nil {
		return nil, 0, fmt.Errorf("coordinators of unit %d: %w", unitID, err)
	}
	const active = `SELECT resident_id FROM roles
		WHERE unit_id = up.id AND role = 'coordinator' AND revoked_at IS NULL`
	var found int64
	err := tx.queryRow(`WITH RECURSIVE up(id, depth) AS (
			SELECT ?, 0
			UNION ALL
			SELECT u.parent_id, up.depth + 1 FROM units u JOIN up ON u.id = up.id
			WHERE u.parent_id IS NOT NULL AND up.depth < ?)
		SELECT up.id FROM up WHERE EXISTS (SELECT 1 FROM residents r
			WHERE r.id IN (`+active+`) AND r.stopped_at IS NULL AND r.blocked_at IS NULL)
		ORDER BY up.depth LIMIT 1`, unitID, maxAncestors).Scan(&found)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("coordinators of unit %d: %w", unitID, err)
	}
	rows, err := tx.query(`SELECT `+residentCols+` FROM residents
		WHERE id IN (SELECT resident_id FROM roles
			WHERE unit_id = ? AND role = 'coordinator' AND revoked_at IS NULL)
		AND stopped_at IS NULL AND blocked_at IS NULL ORDER BY id`, found)
	if err != nil {
		return nil, 0, fmt.Errorf("coordinators of unit %d: %w", unitID, err)
	}
	defer rows.Close()
	var list []Resident
	for rows.Next() {
		r, err := scanResident(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("coordinators of unit %d: %w", unitID, err)
		}
		list = append(list, r)
	}
	return list, found, rows.Err()
}

// RoleHolder is an active grant with who holds it and where.
type RoleHolder struct {
	Role
	Platform, UserID, Name, Username, UnitCode, UnitName string
}

// ActiveRoles lists every active grant, by unit code then role.
func (tx *Tx) ActiveRoles() ([]RoleHolder, error) {
	rows, err := tx.query(`SELECT g.id, g.resident_id, g.role, g.unit_id, COALESCE(g.granted_by, 0), g.granted_at,
		r.platform, r.platform_user_id, COALESCE(r.name, ''), COALESCE(r.username, ''), u.code, u.name
		FROM roles g JOIN residents r ON r.id = g.resident_id JOIN units u ON u.id = g.unit_id
		WHERE g.revoked_at IS NULL ORDER BY u.code, g.role, g.id`)
	if err != nil {
		return nil, fmt.Errorf("list roles: %w", dbErr(err))
	}
	defer rows.Close()
	var out []RoleHolder
	for rows.Next() {
		var h RoleHolder
		var granted int64
		if err := rows.Scan(&h.ID, &h.ResidentID, &h.Role.Role, &h.UnitID, &h.GrantedBy, &granted,
			&h.Platform, &h.UserID, &h.Name, &h.Username, &h.UnitCode, &h.UnitName); err != nil {
			return nil, fmt.Errorf("scan role: %w", dbErr(err))
		}
		h.GrantedAt = time.UnixMilli(granted).UTC()
		out = append(out, h)
	}
	return out, dbErr(rows.Err())
}
