package storage

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// ResidentData is everything stored about one resident, as sent to them
// when they ask for their data. Its JSON form uses snake_case names and
// RFC 3339 times, and leaves out times that never happened.
type ResidentData struct {
	Resident     Resident      `json:"resident"`
	Unit         *Unit         `json:"unit,omitempty"` // nil = joined no unit
	Roles        []Role        `json:"roles"`
	Dependants   []Dependant   `json:"family_members"`
	Checkins     []Checkin     `json:"checkins"` // theirs and their family members'
	Deeds        []Deed        `json:"deeds"`
	HelpRequests []HelpRequest `json:"help_requests"`
	Conversation *Conversation `json:"conversation,omitempty"` // nil = none under way
}

// ResidentData collects what is stored about the resident: their row,
// unit, active roles, the family members they check in for, the check-ins
// they made (for themself and for them), the deeds they reported and their
// help requests (newest first) and any conversation under way. It returns
// ErrNotFound for an unknown resident.
func (tx *Tx) ResidentData(residentID int64) (ResidentData, error) {
	var d ResidentData
	var err error
	wrap := func(err error) error { return fmt.Errorf("data of resident %d: %w", residentID, err) }
	if d.Resident, err = tx.ResidentByID(residentID); err != nil {
		return ResidentData{}, wrap(err)
	}
	if d.Resident.UnitID != 0 {
		u, err := tx.UnitByID(d.Resident.UnitID)
		if err != nil {
			return ResidentData{}, wrap(err)
		}
		d.Unit = &u
	}
	if d.Roles, err = tx.RolesOf(residentID); err != nil {
		return ResidentData{}, wrap(err)
	}
	if d.Dependants, err = tx.DependantsOf(residentID); err != nil {
		return ResidentData{}, wrap(err)
	}
	if d.Checkins, err = tx.CheckinsOf(residentID); err != nil {
		return ResidentData{}, wrap(err)
	}
	if d.Deeds, err = tx.DeedsOf(residentID, 0); err != nil {
		return ResidentData{}, wrap(err)
	}
	if d.HelpRequests, err = tx.HelpRequestsOf(residentID, 0); err != nil {
		return ResidentData{}, wrap(err)
	}
	c, err := tx.Conversation(residentID)
	switch {
	case err == nil:
		d.Conversation = &c
	case !errors.Is(err, ErrNotFound):
		return ResidentData{}, wrap(err)
	}
	return d, nil
}

// MarshalJSON writes the export: the types of other files, which carry no
// JSON names, are written through snake_case views; empty lists as [].
func (d ResidentData) MarshalJSON() ([]byte, error) {
	out := struct {
		Resident     residentJSON      `json:"resident"`
		Unit         *unitJSON         `json:"unit,omitempty"`
		Roles        []roleJSON        `json:"roles"`
		Dependants   []dependantJSON   `json:"family_members"`
		Checkins     []Checkin         `json:"checkins"`
		Deeds        []Deed            `json:"deeds"`
		HelpRequests []HelpRequest     `json:"help_requests"`
		Conversation *conversationJSON `json:"conversation,omitempty"`
	}{
		Resident:     residentView(d.Resident),
		Roles:        make([]roleJSON, 0, len(d.Roles)),
		Dependants:   make([]dependantJSON, 0, len(d.Dependants)),
		Checkins:     nonNil(d.Checkins),
		Deeds:        nonNil(d.Deeds),
		HelpRequests: nonNil(d.HelpRequests),
	}
	if d.Unit != nil {
		out.Unit = &unitJSON{ID: d.Unit.ID, Code: d.Unit.Code, Name: d.Unit.Name, Kind: d.Unit.Kind}
	}
	for _, r := range d.Roles {
		out.Roles = append(out.Roles, roleJSON{Role: r.Role, UnitID: r.UnitID, GrantedAt: r.GrantedAt})
	}
	for _, f := range d.Dependants {
		out.Dependants = append(out.Dependants, dependantJSON{ID: f.ID, Name: f.Name, CreatedAt: f.CreatedAt})
	}
	if c := d.Conversation; c != nil {
		out.Conversation = &conversationJSON{Flow: c.Flow, Step: c.Step, UpdatedAt: c.UpdatedAt}
		if json.Valid(c.Data) {
			out.Conversation.Data = json.RawMessage(c.Data)
		} else if len(c.Data) > 0 {
			out.Conversation.Data = string(c.Data)
		}
	}
	return json.Marshal(out)
}

func nonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

type residentJSON struct {
	ID               int64     `json:"id"`
	Platform         string    `json:"platform"`
	UserID           string    `json:"user_id"`
	ChatID           string    `json:"chat_id"`
	Name             string    `json:"name"`
	Username         string    `json:"username,omitempty"`
	Language         string    `json:"language,omitempty"`
	PlatformLanguage string    `json:"platform_language,omitempty"`
	Phone            string    `json:"phone,omitempty"`
	UnitID           int64     `json:"unit_id,omitzero"`
	JoinedAt         time.Time `json:"joined_at,omitzero"`
	StoppedAt        time.Time `json:"stopped_at,omitzero"`
	BlockedAt        time.Time `json:"blocked_at,omitzero"`
	CreatedAt        time.Time `json:"created_at"`
	LastSeenAt       time.Time `json:"last_seen_at"`
}

func residentView(r Resident) residentJSON {
	return residentJSON{ID: r.ID, Platform: r.Platform, UserID: r.UserID, ChatID: r.ChatID,
		Name: r.Name, Username: r.Username, Language: r.Language,
		PlatformLanguage: r.PlatformLanguage, Phone: r.Phone, UnitID: r.UnitID,
		JoinedAt: r.JoinedAt, StoppedAt: r.StoppedAt, BlockedAt: r.BlockedAt,
		CreatedAt: r.CreatedAt, LastSeenAt: r.LastSeenAt}
}

type unitJSON struct {
	ID   int64  `json:"id"`
	Code string `json:"code"`
	Name string `json:"name"`
	Kind string `json:"kind"`
}

type roleJSON struct {
	Role      string    `json:"role"`
	UnitID    int64     `json:"unit_id"`
	GrantedAt time.Time `json:"granted_at"`
}

type dependantJSON struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

type conversationJSON struct {
	Flow      string    `json:"flow"`
	Step      string    `json:"step"`
	Data      any       `json:"data,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ForgetResult counts what ForgetResident removed or kept.
type ForgetResult struct {
	Checkins     int // deleted, the family members' included
	Dependants   int // family members, deleted
	HelpRequests int // deleted
	DeedsDeleted int // reports not commended
	DeedsKept    int // commended reports, kept without the reporter
	Messages     int // outbox rows to or about the resident, deleted
}

// ForgetResident erases a resident in the caller's transaction: their
// check-ins (and those they made for family members), the family members
// themselves, help requests, conversation and roles, the deeds they
// reported unless commended, every outbox message to them or about them
// whatever its status, and their row. Commended deeds are kept as public
// record but no longer point at the reporter, and lose the subject's name
// when the reporter was the subject. Other rows that name the resident as
// the one who decided, claimed, resolved or granted something keep no id
// of theirs (ids may be reused). It returns ErrNotFound for an unknown
// resident.
func (tx *Tx) ForgetResident(residentID int64) (ForgetResult, error) {
	r, err := tx.ResidentByID(residentID)
	if err != nil {
		return ForgetResult{}, fmt.Errorf("forget resident: %w", err)
	}
	var res ForgetResult
	steps := []struct {
		count *int
		query string
		args  []any
	}{
		{&res.Checkins, `DELETE FROM checkins WHERE resident_id = ?`, nil},
		{&res.Dependants, `DELETE FROM dependants WHERE resident_id = ?`, nil},
		{&res.HelpRequests, `DELETE FROM help_requests WHERE resident_id = ?`, nil},
		{&res.DeedsDeleted, `DELETE FROM deeds WHERE resident_id = ? AND status <> 'commended'`, nil},
		{&res.DeedsKept, `UPDATE deeds SET resident_id = NULL,
			subject_name = CASE WHEN subject = 'self' THEN '' ELSE subject_name END
			WHERE resident_id = ?`, nil},
		{&res.Messages, `DELETE FROM outbox WHERE resident_id = ?1 OR about_resident_id = ?1
			OR (platform = ?2 AND chat_id = ?3)`, []any{r.Platform, r.ChatID}},
		{nil, `DELETE FROM conversations WHERE resident_id = ?`, nil},
		{nil, `DELETE FROM roles WHERE resident_id = ?`, nil},
		{nil, `UPDATE roles SET granted_by = NULL WHERE granted_by = ?`, nil},
		{nil, `UPDATE deeds SET decided_by = NULL WHERE decided_by = ?`, nil},
		{nil, `UPDATE help_requests SET claimed_by = NULL WHERE claimed_by = ?`, nil},
		{nil, `UPDATE help_requests SET resolved_by = NULL WHERE resolved_by = ?`, nil},
		{nil, `DELETE FROM residents WHERE id = ?`, nil},
	}
	for _, s := range steps {
		n, err := tx.execCount(s.query, append([]any{residentID}, s.args...)...)
		if err != nil {
			return ForgetResult{}, fmt.Errorf("forget resident %d: %w", residentID, err)
		}
		if s.count != nil {
			*s.count = int(n)
		}
	}
	return res, nil
}

// execCount runs one statement and returns the number of rows it changed.
func (tx *Tx) execCount(query string, args ...any) (int64, error) {
	res, err := tx.exec(query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
