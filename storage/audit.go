package storage

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Audit actions: what was done or attempted.
const (
	AuditInvite        = "invite"         // an invitation was made
	AuditInviteUse     = "invite_use"     // an invitation was taken
	AuditGrant         = "grant"          // a role was granted
	AuditRevoke        = "revoke"         // a role was revoked
	AuditDeedApprove   = "deed_approve"   // a report was approved
	AuditDeedReject    = "deed_reject"    // a report was rejected
	AuditDeedCommend   = "deed_commend"   // a report was commended
	AuditDeedPublish   = "deed_publish"   // a commended report was published as an example
	AuditHelpClaim     = "help_claim"     // a help request was taken on
	AuditHelpResolve   = "help_resolve"   // a help request was resolved
	AuditHotlineAdd    = "hotline_add"    // a hotline was added
	AuditHotlineRemove = "hotline_remove" // a hotline was removed
	AuditAppealSend    = "appeal_send"    // an appeal was confirmed
	AuditAppealCancel  = "appeal_cancel"  // an appeal was cancelled
	AuditSchedule      = "schedule"       // a schedule was added, paused, resumed or deleted
	AuditCampaign      = "campaign"       // a campaign was launched, edited or ended
	AuditZone          = "zone"           // a unit's green-zone status was set or cleared by hand
	AuditRoleDenied    = "role_denied"    // a command refused for lack of role
	AuditScopeDenied   = "scope_denied"   // acting outside one's units
	AuditInviteBad     = "invite_bad"     // an expired, reused or forged invitation
	AuditButtonBad     = "button_bad"     // a forged or replayed button
	AuditDose          = "dose"           // a coordinator recorded a family member's vaccine dose
	AuditPractice      = "practice"       // a good practice was posted or marked exemplary
)

// Audit outcomes.
const (
	AuditOK      = "ok"      // it was done
	AuditRefused = "refused" // it was not allowed
	AuditFailed  = "failed"  // it was allowed but did not happen
)

// Audit actors that are not a resident.
const (
	ActorOperator = "operator" // the command line, or an administrator from the configuration
	ActorSystem   = "system"   // a scheduled job
)

const (
	maxAuditDetailRunes = 300
	maxAuditTargetRunes = 64
)

// auditAction is the shape of an action: short, lowercase.
var auditAction = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)

// AuditEntry is one line of the audit log. The entry outlives the people
// in it: when a resident is forgotten, ActorID and SubjectID become 0 and
// the entry stays, so Detail never holds personal details (names,
// phones, what someone wrote).
type AuditEntry struct {
	ID      int64
	At      time.Time
	ActorID int64  // the resident who acted; 0 = Actor names who did
	Actor   string // ActorOperator or ActorSystem when ActorID is 0; "" otherwise (or once forgotten)
	Action  string // AuditGrant, AuditDeedApprove, ...
	UnitID  int64  // the unit concerned; 0 = none
	// SubjectID is the resident concerned (whose report, whose role); 0 = none.
	SubjectID int64
	Target    string // what was acted on: DeedRef, HelpRef, AppealRef, InviteRef
	Outcome   string // AuditOK, AuditRefused or AuditFailed
	Detail    string // short, never personal details
}

const auditCols = `id, at, COALESCE(actor_id, 0), actor, action, COALESCE(unit_id, 0),
	COALESCE(subject_id, 0), target, outcome, detail`

func scanAudit(s scanner) (AuditEntry, error) {
	var e AuditEntry
	var at int64
	err := s.Scan(&e.ID, &at, &e.ActorID, &e.Actor, &e.Action, &e.UnitID, &e.SubjectID, &e.Target,
		&e.Outcome, &e.Detail)
	e.At = time.UnixMilli(at).UTC()
	return e, err
}

func (tx *Tx) auditEntries(query string, args ...any) ([]AuditEntry, error) {
	rows, err := tx.query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []AuditEntry
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, e)
	}
	return list, rows.Err()
}

// clipRunes trims s, turns control characters into spaces and cuts it to
// at most n runes.
func clipRunes(s string, n int) string {
	s = strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, s))
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return strings.TrimSpace(string([]rune(s)[:n-1])) + "…"
}

// Audit writes an entry to the audit log, at tx.Now when At is zero, with
// Detail cut to 300 characters. An entry names its actor: a resident
// (ActorID, Actor "") or ActorOperator or ActorSystem (ActorID 0). It
// returns ErrInvalid for an entry without actor or with both, an action
// that is not a short lowercase word, or an unknown outcome, and
// ErrNotFound for an unknown resident or unit.
func (tx *Tx) Audit(e AuditEntry) error {
	switch {
	case (e.ActorID == 0) == (e.Actor == ""),
		e.Actor != "" && e.Actor != ActorOperator && e.Actor != ActorSystem,
		!auditAction.MatchString(e.Action),
		e.Outcome != AuditOK && e.Outcome != AuditRefused && e.Outcome != AuditFailed:
		return fmt.Errorf("audit %q by %d%s: %w", e.Action, e.ActorID, e.Actor, ErrInvalid)
	}
	if e.At.IsZero() {
		e.At = tx.Now
	}
	_, err := tx.exec(`INSERT INTO audit_log (at, actor_id, actor, action, unit_id, subject_id, target,
			outcome, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ms(e.At), nullID(e.ActorID), e.Actor, e.Action, nullID(e.UnitID), nullID(e.SubjectID),
		clipRunes(e.Target, maxAuditTargetRunes), e.Outcome, clipRunes(e.Detail, maxAuditDetailRunes))
	if err != nil {
		return fmt.Errorf("audit %q: %w", e.Action, dbErr(err))
	}
	return nil
}

// AuditIn returns up to limit entries of the audit log, newest first,
// older than the entry beforeID (0: from the newest), for paging: those
// whose unit is in the scope's units or below them, or, for scope.All,
// every entry, those without a unit included. An empty scope or a limit
// ≤ 0 gives none.
func (tx *Tx) AuditIn(scope Scope, limit int, beforeID int64) ([]AuditEntry, error) {
	if scope.Empty() || limit <= 0 {
		return nil, nil
	}
	if beforeID <= 0 {
		beforeID = math.MaxInt64
	}
	var list []AuditEntry
	var err error
	if scope.All {
		list, err = tx.auditEntries(`SELECT `+auditCols+` FROM audit_log WHERE id < ?
			ORDER BY id DESC LIMIT ?`, beforeID, limit)
	} else {
		var ids string
		var all int
		if ids, all, err = scope.args(); err == nil {
			list, err = tx.auditEntries(inScope+`
				SELECT `+auditCols+` FROM audit_log WHERE unit_id IN (SELECT id FROM scope) AND id < ?3
				ORDER BY id DESC LIMIT ?4`, ids, all, beforeID, limit)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	return list, nil
}

// auditBy returns the entries where the resident is the actor, oldest
// first.
func (tx *Tx) auditBy(residentID int64) ([]AuditEntry, error) {
	list, err := tx.auditEntries(`SELECT `+auditCols+` FROM audit_log WHERE actor_id = ? ORDER BY id`, residentID)
	if err != nil {
		return nil, fmt.Errorf("audit entries of resident %d: %w", residentID, err)
	}
	return list, nil
}
