package storage

import (
	"errors"
	"fmt"
	"time"
)

// ResidentData is everything stored about one resident, as sent to them
// when they ask for their data. Its JSON form uses snake_case names and
// RFC 3339 times, and leaves out times that never happened.
type ResidentData struct {
	Resident Resident `json:"resident"`
	// Accounts are the messenger accounts of a resident who linked two
	// (/link); empty otherwise.
	Accounts     []LinkedAccount `json:"accounts,omitempty"`
	Unit         *Unit           `json:"unit,omitempty"` // nil = joined no unit
	Roles        []Role          `json:"roles"`
	Dependants   []Dependant     `json:"family_members"`
	Checkins     []Checkin       `json:"checkins"`      // theirs and their family members'
	Doses        []Dose          `json:"vaccine_doses"` // theirs and their family members'
	DosesDue     []DoseDue       `json:"next_doses"`
	Deeds        []Deed          `json:"deeds"`
	HelpRequests []HelpRequest   `json:"help_requests"`
	Conversation *Conversation   `json:"conversation,omitempty"` // nil = none under way
	// Messages are those to them or about them still in the outbox
	// (settled ones are deleted after a week).
	Messages []OutboxMessage `json:"messages"`
	// Actions are what they did as a coordinator.
	Actions CoordinatorActions `json:"coordinator_actions"`
}

// CoordinatorActions is what a person did as a coordinator: the reports
// they decided, the help requests they took on or resolved, the roles
// they granted, the appeals they sent and the audit log's entries of
// what they did or tried (oldest first).
type CoordinatorActions struct {
	Decided []Deed
	Handled []HelpRequest
	Granted []Role
	Appeals []Appeal
	Audit   []AuditEntry
	// Schedules are the schedules they made that are not deleted: reminders,
	// their scheduled appeals (with the text in Templates) and the digests
	// they subscribed to.
	Schedules []Schedule
	Templates []AppealTemplate
	// Practices are the good practices they posted for a unit; Adoptions
	// their answers for a unit to practices replicated to it.
	Practices []Practice
	Adoptions []Adoption
}

// Adoption is a unit's answer to a practice replicated to it.
type Adoption struct {
	PracticeID int64
	UnitID     int64
	Status     string
	At         time.Time
}

// ResidentData collects what is stored about the resident: their row,
// unit, roles (revoked ones too), the family members they check in for, the check-ins
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
	if d.Roles, err = tx.RoleHistory(residentID); err != nil {
		return ResidentData{}, wrap(err)
	}
	if d.Dependants, err = tx.DependantsOf(residentID); err != nil {
		return ResidentData{}, wrap(err)
	}
	if d.Accounts, err = tx.LinkedAccounts(residentID); err != nil {
		return ResidentData{}, wrap(err)
	}
	if d.Checkins, err = tx.CheckinsOf(residentID); err != nil {
		return ResidentData{}, wrap(err)
	}
	if d.Doses, err = tx.DosesOf(residentID); err != nil {
		return ResidentData{}, wrap(err)
	}
	if d.DosesDue, err = tx.DosesDueOf(residentID); err != nil {
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
	if d.Messages, err = tx.messagesOf(d.Resident); err != nil {
		return ResidentData{}, wrap(err)
	}
	if d.Actions, err = tx.actionsOf(residentID); err != nil {
		return ResidentData{}, wrap(err)
	}
	return d, nil
}

// messagesOf returns the outbox messages to r or about r, oldest first.
func (tx *Tx) messagesOf(r Resident) ([]OutboxMessage, error) {
	rows, err := tx.query(`SELECT `+outboxCols+` FROM outbox
		WHERE resident_id = ?1 OR about_resident_id = ?1 OR (platform = ?2 AND chat_id = ?3)
		ORDER BY id`, r.ID, r.Platform, r.ChatID)
	if err != nil {
		return nil, fmt.Errorf("messages: %w", err)
	}
	defer rows.Close()
	var list []OutboxMessage
	for rows.Next() {
		m, err := scanOutbox(rows)
		if err != nil {
			return nil, fmt.Errorf("messages: %w", err)
		}
		list = append(list, m)
	}
	return list, rows.Err()
}

// actionsOf returns what the resident did as a coordinator.
func (tx *Tx) actionsOf(residentID int64) (CoordinatorActions, error) {
	var a CoordinatorActions
	rows, err := tx.query(`SELECT `+deedCols+` FROM deeds WHERE decided_by = ? ORDER BY id`, residentID)
	if err != nil {
		return a, fmt.Errorf("decisions: %w", err)
	}
	for rows.Next() {
		d, err := scanDeed(rows)
		if err != nil {
			rows.Close()
			return a, fmt.Errorf("decisions: %w", err)
		}
		a.Decided = append(a.Decided, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return a, fmt.Errorf("decisions: %w", err)
	}
	if a.Handled, err = tx.helpRequests(`SELECT `+helpCols+` FROM help_requests
		WHERE claimed_by = ?1 OR resolved_by = ?1 ORDER BY id`, residentID); err != nil {
		return a, fmt.Errorf("help handled: %w", err)
	}
	grants, err := tx.query(`SELECT `+roleCols+` FROM roles WHERE granted_by = ? ORDER BY id`, residentID)
	if err != nil {
		return a, fmt.Errorf("grants: %w", err)
	}
	defer grants.Close()
	for grants.Next() {
		r, err := scanRole(grants)
		if err != nil {
			return a, fmt.Errorf("grants: %w", err)
		}
		a.Granted = append(a.Granted, r)
	}
	if err := grants.Err(); err != nil {
		return a, fmt.Errorf("grants: %w", err)
	}
	grants.Close() // before the next query on the same connection
	if a.Appeals, err = tx.appealsBy(residentID); err != nil {
		return a, err
	}
	if a.Audit, err = tx.auditBy(residentID); err != nil {
		return a, err
	}
	if a.Practices, a.Adoptions, err = tx.practicesBy(residentID); err != nil {
		return a, err
	}
	all, err := tx.Schedules()
	if err != nil {
		return a, err
	}
	for _, x := range all {
		if x.OwnerID != residentID {
			continue
		}
		a.Schedules = append(a.Schedules, x)
		if x.Kind == ScheduleAppeal {
			if t, err := tx.AppealTemplateOf(x); err == nil {
				a.Templates = append(a.Templates, t)
			}
		}
	}
	return a, nil
}

// practicesBy returns the practices residentID posted and the answers
// they gave for their units to practices replicated to them.
func (tx *Tx) practicesBy(residentID int64) ([]Practice, []Adoption, error) {
	rows, err := tx.query(`SELECT `+practiceCols+` FROM practices p WHERE p.author_id = ? ORDER BY p.id`, residentID)
	if err != nil {
		return nil, nil, fmt.Errorf("practices posted: %w", err)
	}
	var posted []Practice
	for rows.Next() {
		p, err := scanPractice(rows)
		if err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("practices posted: %w", err)
		}
		posted = append(posted, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("practices posted: %w", err)
	}
	rows, err = tx.query(`SELECT practice_id, unit_id, status, at FROM practice_adoptions
		WHERE by_id = ? AND status <> 'asked' ORDER BY at`, residentID)
	if err != nil {
		return nil, nil, fmt.Errorf("adoptions: %w", err)
	}
	defer rows.Close()
	var answers []Adoption
	for rows.Next() {
		var x Adoption
		var at int64
		if err := rows.Scan(&x.PracticeID, &x.UnitID, &x.Status, &at); err != nil {
			return nil, nil, fmt.Errorf("adoptions: %w", err)
		}
		x.At = time.UnixMilli(at).UTC()
		answers = append(answers, x)
	}
	return posted, answers, rows.Err()
}

// ForgetResult counts what ForgetResident removed or kept.
type ForgetResult struct {
	Checkins     int // deleted, the family members' included
	Doses        int // vaccine doses, deleted, the family members' included
	Dependants   int // family members, deleted
	HelpRequests int // deleted
	DeedsDeleted int // reports not commended
	DeedsKept    int // commended reports, kept without the reporter
	Messages     int // outbox rows to or about the resident, deleted
}

// ForgetResident erases a resident in the caller's transaction: their
// check-ins (and those they made for family members), the family members
// themselves, help requests, conversation and roles, the deeds they
// reported unless commended, their requests for files (/export), sent or
// still waiting, every outbox message to them or about them whatever its
// status, and their row. Commended deeds are kept as public
// record but no longer point at the reporter, and lose the subject's name
// when the reporter was the subject. Other rows that name the resident as
// the one who decided, claimed, resolved or granted something keep no id
// of theirs (ids may be reused). The audit log's entries, the appeals
// they sent and the invitations they made or took are kept without them
// (their foreign keys set NULL when the row goes), and an appeal's
// progress message no longer names their chat. Invitations they made and
// nobody took expire now: their roles end, so must what they offered. It
// returns ErrNotFound for an unknown resident.
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
		{&res.Doses, `DELETE FROM doses WHERE resident_id = ?`, nil},
		{nil, `UPDATE doses SET recorded_by = NULL WHERE recorded_by = ?`, nil},
		{nil, `DELETE FROM dose_due WHERE resident_id = ?`, nil},
		{nil, `UPDATE dose_due SET set_by = NULL WHERE set_by = ?`, nil},
		// the bytes of the photos of their deeds that go, unless another
		// deed or an appeal shows the same picture
		{nil, `DELETE FROM media WHERE hash IN (SELECT p.media_hash FROM deed_photos p JOIN deeds d ON d.id = p.deed_id
				WHERE d.resident_id = ?1 AND d.status <> 'commended')
			AND hash NOT IN (SELECT p.media_hash FROM deed_photos p JOIN deeds d ON d.id = p.deed_id
				WHERE d.resident_id IS NOT ?1 OR d.status = 'commended')
			AND hash NOT IN (SELECT photo_media FROM appeals)`, nil},
		{&res.Dependants, `DELETE FROM dependants WHERE resident_id = ?`, nil},
		{&res.HelpRequests, `DELETE FROM help_requests WHERE resident_id = ?`, nil},
		{&res.DeedsDeleted, `DELETE FROM deeds WHERE resident_id = ? AND status <> 'commended'`, nil},
		{&res.DeedsKept, `UPDATE deeds SET resident_id = NULL,
			subject_name = CASE WHEN subject = 'self' THEN '' ELSE subject_name END
			WHERE resident_id = ?`, nil},
		{&res.Messages, `DELETE FROM outbox WHERE resident_id = ?1 OR about_resident_id = ?1
			OR (platform = ?2 AND chat_id = ?3) OR EXISTS (SELECT 1 FROM linked_accounts l
				WHERE l.resident_id = ?1 AND l.platform = outbox.platform AND l.chat_id = outbox.chat_id)`,
			[]any{r.Platform, r.ChatID}},
		{nil, `DELETE FROM text_menus WHERE (platform = ?2 AND chat_id = ?3) OR EXISTS (SELECT 1 FROM linked_accounts l
				WHERE l.resident_id = ?1 AND l.platform = text_menus.platform AND l.chat_id = text_menus.chat_id)`,
			[]any{r.Platform, r.ChatID}},
		{nil, `DELETE FROM conversations WHERE resident_id = ?`, nil},
		{nil, `DELETE FROM export_requests WHERE resident_id = ?`, nil},
		{nil, `DELETE FROM roles WHERE resident_id = ?`, nil},
		{nil, `UPDATE roles SET granted_by = NULL WHERE granted_by = ?`, nil},
		{nil, `UPDATE deeds SET decided_by = NULL WHERE decided_by = ?`, nil},
		{nil, `UPDATE help_requests SET claimed_by = NULL WHERE claimed_by = ?`, nil},
		{nil, `UPDATE help_requests SET resolved_by = NULL WHERE resolved_by = ?`, nil},
		{nil, `UPDATE campaigns SET created_by = NULL WHERE created_by = ?`, nil},
		{nil, `UPDATE zone_status SET set_by = NULL WHERE set_by = ?`, nil},
		{nil, `UPDATE appeals SET progress_platform = '', progress_chat = '', progress_message_id = '',
			progress_text = '' WHERE sender_id = ?1 OR (progress_platform = ?2 AND progress_chat = ?3)`,
			[]any{r.Platform, r.ChatID}},
		{nil, `UPDATE invites SET expires_at = MIN(expires_at, ?2) WHERE created_by = ?1 AND used_at IS NULL`,
			[]any{ms(tx.Now)}},
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
	tx.forgot()
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
