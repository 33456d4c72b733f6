package storage

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Help request statuses: waiting for a coordinator, taken on by one, done.
const (
	HelpOpen     = "open"
	HelpClaimed  = "claimed"
	HelpResolved = "resolved"
)

// Where a help request came from: the resident asked for support, or
// declared a need in their check-in.
const (
	HelpFromSupport = "support"
	HelpFromCheckin = "checkin"
)

// HelpRequest is a resident's request for help (an sinh, hỗ trợ): food,
// medicine, medical care or other. Zero ids and times mean "none".
type HelpRequest struct {
	ID             int64     `json:"id"`
	ResidentID     int64     `json:"resident_id,omitzero"` // 0 once forgotten
	UnitID         int64     `json:"unit_id"`
	Kind           string    `json:"kind"` // NeedFood, NeedMedicine, NeedMedical or NeedOther
	Description    string    `json:"description"`
	Phone          string    `json:"phone,omitempty"`
	Source         string    `json:"source"` // HelpFromSupport or HelpFromCheckin
	Status         string    `json:"status"`
	NotifiedUnitID int64     `json:"-"` // the unit whose coordinators were told
	EscalatedAt    time.Time `json:"escalated_at,omitzero"`
	ClaimedBy      int64     `json:"-"`
	ClaimedAt      time.Time `json:"claimed_at,omitzero"`
	ResolvedBy     int64     `json:"-"`
	ResolvedAt     time.Time `json:"resolved_at,omitzero"`
	CreatedAt      time.Time `json:"created_at"`
}

// HelpRef returns the reference a help request is shown with: "HT-000045"
// (six digits, more when needed).
func HelpRef(id int64) string { return fmt.Sprintf("HT-%06d", id) }

const helpCols = `id, COALESCE(resident_id, 0), unit_id, kind, description, phone, source, status,
	COALESCE(notified_unit_id, 0), escalated_at, COALESCE(claimed_by, 0), claimed_at,
	COALESCE(resolved_by, 0), resolved_at, created_at`

func scanHelp(s scanner) (HelpRequest, error) {
	var h HelpRequest
	var escalated, claimed, resolved sql.NullInt64
	var created int64
	err := s.Scan(&h.ID, &h.ResidentID, &h.UnitID, &h.Kind, &h.Description, &h.Phone, &h.Source,
		&h.Status, &h.NotifiedUnitID, &escalated, &h.ClaimedBy, &claimed, &h.ResolvedBy, &resolved,
		&created)
	h.EscalatedAt, h.ClaimedAt, h.ResolvedAt = timeOf(escalated), timeOf(claimed), timeOf(resolved)
	h.CreatedAt = time.UnixMilli(created).UTC()
	return h, err
}

func (tx *Tx) helpRequests(query string, args ...any) ([]HelpRequest, error) {
	rows, err := tx.query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []HelpRequest
	for rows.Next() {
		h, err := scanHelp(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, h)
	}
	return list, rows.Err()
}

// validPhone accepts "" or digits, spaces, '+', '-', '.', '(' and ')' up
// to maxPhoneRunes characters, as SetResidentPhone does.
func validPhone(phone string) bool {
	return utf8.RuneCountInString(phone) <= maxPhoneRunes && strings.Trim(phone, "0123456789 +-.()") == ""
}

// CreateHelpRequest saves a new open request, created now, and returns
// it with its id. It returns ErrInvalid for a kind other than food,
// medicine, medical or other, a source other than support or checkin, or
// a malformed phone number, and ErrNotFound for an unknown resident or unit.
func (tx *Tx) CreateHelpRequest(h HelpRequest) (HelpRequest, error) {
	h.Phone = strings.TrimSpace(h.Phone)
	if !validNeed(h.Kind) || h.Kind == NeedNone || (h.Source != HelpFromSupport && h.Source != HelpFromCheckin) ||
		!validPhone(h.Phone) {
		return HelpRequest{}, fmt.Errorf("create help request: %w", ErrInvalid)
	}
	saved, err := scanHelp(tx.queryRow(`INSERT INTO help_requests
			(resident_id, unit_id, kind, description, phone, source, status, created_at)
		VALUES (?, ?, ?, ?, ?, ?, 'open', ?) RETURNING `+helpCols,
		nullID(h.ResidentID), h.UnitID, h.Kind, strings.TrimSpace(h.Description), h.Phone, h.Source,
		ms(tx.Now)))
	if err != nil {
		return HelpRequest{}, fmt.Errorf("create help request: %w", dbErr(err))
	}
	return saved, nil
}

// HelpRequestByID returns a help request, or ErrNotFound.
func (tx *Tx) HelpRequestByID(id int64) (HelpRequest, error) {
	h, err := scanHelp(tx.queryRow(`SELECT `+helpCols+` FROM help_requests WHERE id = ?`, id))
	if err != nil {
		return HelpRequest{}, fmt.Errorf("get help request %s: %w", HelpRef(id), dbErr(err))
	}
	return h, nil
}

// HelpRequestsOf returns the resident's help requests, newest first: at
// most limit of them, or all when limit ≤ 0.
func (tx *Tx) HelpRequestsOf(residentID int64, limit int) ([]HelpRequest, error) {
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	list, err := tx.helpRequests(`SELECT `+helpCols+` FROM help_requests WHERE resident_id = ?
		ORDER BY id DESC LIMIT ?`, residentID, limit)
	if err != nil {
		return nil, fmt.Errorf("help requests of resident %d: %w", residentID, err)
	}
	return list, nil
}

// SetHelpNotified records the unit whose coordinators were told about the
// request. It returns ErrNotFound for an unknown request.
func (tx *Tx) SetHelpNotified(id, unitID int64) error {
	if err := tx.execOne(`UPDATE help_requests SET notified_unit_id = ? WHERE id = ?`, nullID(unitID), id); err != nil {
		return fmt.Errorf("set help request %s notified: %w", HelpRef(id), err)
	}
	return nil
}

// moveHelp applies set to the request when its status is one of from and
// returns it as it then is; otherwise it returns the request unchanged and
// an error wrapping ErrConflict (ErrNotFound for an unknown request).
func (tx *Tx) moveHelp(id int64, from, set string, args ...any) (HelpRequest, error) {
	h, err := scanHelp(tx.queryRow(`UPDATE help_requests SET `+set+`
		WHERE id = ? AND status IN (SELECT value FROM json_each(?)) RETURNING `+helpCols,
		append(args, id, from)...))
	if err == nil {
		return h, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return HelpRequest{}, err
	}
	if h, err = tx.HelpRequestByID(id); err != nil {
		return HelpRequest{}, err
	}
	return h, fmt.Errorf("it is already %s: %w", h.Status, ErrConflict)
}

// ClaimHelpRequest records that the resident by takes on an open request
// and returns it. A request already claimed or resolved is returned as it
// is, with an error wrapping ErrConflict; an unknown one gives ErrNotFound.
func (tx *Tx) ClaimHelpRequest(id, by int64) (HelpRequest, error) {
	h, err := tx.moveHelp(id, `["open"]`, `status = 'claimed', claimed_by = ?, claimed_at = ?`,
		nullID(by), ms(tx.Now))
	if err != nil {
		return h, fmt.Errorf("claim help request %s: %w", HelpRef(id), err)
	}
	return h, nil
}

// ResolveHelpRequest records that the resident by resolved an open or
// claimed request and returns it. A request already resolved is returned
// as it is, with an error wrapping ErrConflict; an unknown one gives
// ErrNotFound.
func (tx *Tx) ResolveHelpRequest(id, by int64) (HelpRequest, error) {
	h, err := tx.moveHelp(id, `["open","claimed"]`, `status = 'resolved', resolved_by = ?, resolved_at = ?`,
		nullID(by), ms(tx.Now))
	if err != nil {
		return h, fmt.Errorf("resolve help request %s: %w", HelpRef(id), err)
	}
	return h, nil
}

// EscalationDue returns up to limit open requests created at or before
// createdBefore that have not been escalated yet, oldest first.
func (tx *Tx) EscalationDue(createdBefore time.Time, limit int) ([]HelpRequest, error) {
	if limit <= 0 {
		return nil, nil
	}
	list, err := tx.helpRequests(`SELECT `+helpCols+` FROM help_requests
		WHERE status = 'open' AND created_at <= ? AND escalated_at IS NULL
		ORDER BY created_at, id LIMIT ?`, ms(createdBefore), limit)
	if err != nil {
		return nil, fmt.Errorf("help requests due for escalation: %w", err)
	}
	return list, nil
}

// MarkEscalated records that the request was escalated now to the
// coordinators of unitID (also its new notified unit), so EscalationDue
// no longer returns it. It returns ErrNotFound for an unknown request.
func (tx *Tx) MarkEscalated(id, unitID int64) error {
	err := tx.execOne(`UPDATE help_requests SET escalated_at = ?, notified_unit_id = ? WHERE id = ?`,
		ms(tx.Now), nullID(unitID), id)
	if err != nil {
		return fmt.Errorf("mark help request %s escalated: %w", HelpRef(id), err)
	}
	return nil
}
