package storage

import (
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"time"
)

// inviteTokenBytes is the randomness of an invitation token: 192 bits,
// written as 32 URL-safe characters, so "inv_" + token fits Telegram's
// 64-character deep-link parameter.
const inviteTokenBytes = 24

// InviteTokenLen is the length of an invitation token: inviteTokenBytes
// in unpadded base64.
const InviteTokenLen = inviteTokenBytes / 3 * 4

// Invite is a one-time invitation to take a role on a unit. Only the
// SHA-256 of its token is stored. Zero ids and times mean "none".
type Invite struct {
	ID        int64
	Role      string // RoleCoordinator or RoleOfficial
	UnitID    int64
	CreatedBy int64 // a resident id; 0 = the operator (or a creator since forgotten)
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    time.Time
	UsedBy    int64 // 0 = unused (or a user since forgotten)
}

// Used reports whether the invitation was taken.
func (i Invite) Used() bool { return !i.UsedAt.IsZero() }

// Expired reports whether the invitation can no longer be taken at now.
func (i Invite) Expired(now time.Time) bool { return !now.Before(i.ExpiresAt) }

// InviteRef returns how an invitation is named in the audit log.
func InviteRef(id int64) string { return fmt.Sprintf("invite %d", id) }

const inviteCols = `id, role, unit_id, COALESCE(created_by, 0), created_at, expires_at, used_at,
	COALESCE(used_by, 0)`

func scanInvite(s scanner) (Invite, error) {
	var i Invite
	var created, expires int64
	var used sql.NullInt64
	err := s.Scan(&i.ID, &i.Role, &i.UnitID, &i.CreatedBy, &created, &expires, &used, &i.UsedBy)
	i.CreatedAt, i.ExpiresAt = time.UnixMilli(created).UTC(), time.UnixMilli(expires).UTC()
	i.UsedAt = timeOf(used)
	return i, err
}

// tokenHash is what is stored of a token.
func tokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// wellFormedToken reports whether token could be one CreateInvite made.
func wellFormedToken(token string) bool {
	if len(token) != InviteTokenLen {
		return false
	}
	for _, c := range []byte(token) {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// CreateInvite stores a one-time invitation to take role on unitID,
// valid for ttl from now, made by the resident createdBy (0 = the
// operator). It returns the token to give (32 characters of
// [A-Za-z0-9_-], 192 random bits), which is not stored and cannot be
// found again. It returns ErrInvalid for a role other than coordinator or
// official, an unknown unit or a ttl ≤ 0, and ErrNotFound for an unknown
// creator.
func (tx *Tx) CreateInvite(role string, unitID, createdBy int64, ttl time.Duration) (token string, inv Invite, err error) {
	if role != RoleCoordinator && role != RoleOfficial {
		return "", Invite{}, fmt.Errorf("create invite: role %q: %w", role, ErrInvalid)
	}
	if ttl <= 0 {
		return "", Invite{}, fmt.Errorf("create invite: lifetime %v: %w", ttl, ErrInvalid)
	}
	if _, err := tx.UnitByID(unitID); errors.Is(err, ErrNotFound) {
		return "", Invite{}, fmt.Errorf("create invite: unit %d: %w", unitID, ErrInvalid)
	} else if err != nil {
		return "", Invite{}, fmt.Errorf("create invite: %w", err)
	}
	raw := make([]byte, inviteTokenBytes)
	if _, err := rand.Read(raw); err != nil {
		return "", Invite{}, fmt.Errorf("create invite: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(raw)
	inv, err = scanInvite(tx.queryRow(`INSERT INTO invites (token_hash, role, unit_id, created_by,
			created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING `+inviteCols,
		tokenHash(token), role, unitID, nullID(createdBy), ms(tx.Now), ms(tx.Now.Add(ttl))))
	if err != nil {
		return "", Invite{}, fmt.Errorf("create invite: %w", dbErr(err))
	}
	return token, inv, nil
}

// InviteByToken returns the invitation a token opens, used or expired
// ones included (Used and Expired tell which). It returns ErrNotFound for
// an unknown or malformed token.
func (tx *Tx) InviteByToken(token string) (Invite, error) {
	if !wellFormedToken(token) {
		return Invite{}, fmt.Errorf("find invite: malformed token: %w", ErrNotFound)
	}
	inv, err := scanInvite(tx.queryRow(`SELECT `+inviteCols+` FROM invites WHERE token_hash = ?`, tokenHash(token)))
	if err != nil {
		return Invite{}, fmt.Errorf("find invite: %w", dbErr(err))
	}
	return inv, nil
}

// InviteByID returns an invitation, or ErrNotFound.
func (tx *Tx) InviteByID(id int64) (Invite, error) {
	inv, err := scanInvite(tx.queryRow(`SELECT `+inviteCols+` FROM invites WHERE id = ?`, id))
	if err != nil {
		return Invite{}, fmt.Errorf("get %s: %w", InviteRef(id), dbErr(err))
	}
	return inv, nil
}

// UseInvite records that the resident residentID took the invitation
// now, once: an invitation already used or expired is returned as it is
// with an error wrapping ErrConflict. It returns ErrNotFound for an
// unknown invitation or resident. It grants nothing: the caller grants
// the role (GrantRole) in the same transaction.
func (tx *Tx) UseInvite(id, residentID int64) (Invite, error) {
	inv, err := scanInvite(tx.queryRow(`UPDATE invites SET used_at = ?1, used_by = ?2
		WHERE id = ?3 AND used_at IS NULL AND expires_at > ?1 RETURNING `+inviteCols,
		ms(tx.Now), residentID, id))
	if err == nil {
		return inv, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return Invite{}, fmt.Errorf("use %s: %w", InviteRef(id), dbErr(err))
	}
	if inv, err = tx.InviteByID(id); err != nil {
		return Invite{}, fmt.Errorf("use invite: %w", err)
	}
	if inv.Used() {
		return inv, fmt.Errorf("use %s: already used: %w", InviteRef(id), ErrConflict)
	}
	return inv, fmt.Errorf("use %s: expired: %w", InviteRef(id), ErrConflict)
}
