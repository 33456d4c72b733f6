package storage

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Appeal statuses, in the order an appeal goes through them.
const (
	// AppealQueued: confirmed, waiting to be expanded (StartAt may be
	// later, for quiet hours).
	AppealQueued = "queued"
	// AppealExpanding: its deliveries are being written, a chunk at a time.
	AppealExpanding = "expanding"
	// AppealSending: every delivery is written; the dispatcher sends them.
	AppealSending = "sending"
	// AppealDone: every delivery is settled; the figures are final.
	AppealDone = "done"
	// AppealCancelled: stopped; deliveries not yet sent were dropped.
	AppealCancelled = "cancelled"
)

// Appeal audiences, below the appeal's unit (that unit included).
const (
	AudienceResidents    = "residents"    // the residents who joined those units
	AudienceCoordinators = "coordinators" // the coordinators of those units
	AudienceAll          = "all"          // both, each person once
)

// Appeal kinds.
const (
	AppealKindAppeal  = "appeal"  // a lời kêu gọi written by its sender
	AppealKindExample = "example" // a commended deed published as "Gương người tốt việc tốt"
)

// AppealPriority is the outbox priority of an appeal's deliveries: after
// replies (0), so that a broadcast never delays an answer.
const AppealPriority = 10

// maxAppealBytes bounds an appeal's text (Telegram's limit is 4096
// characters after its HTML is read; this only stops runaway input).
const maxAppealBytes = 16 << 10

// Appeal is a broadcast (lời kêu gọi) to the people of a unit and the units
// below it. It is stored once; its deliveries are outbox rows with BatchID
// the appeal's id and priority AppealPriority, written a chunk at a time
// (NextAppealChunk, AdvanceAppeal). Zero ids and times mean "none".
type Appeal struct {
	ID            int64
	SenderID      int64 // a resident id; 0 = the operator (or a sender since forgotten)
	UnitID        int64
	Audience      string // AudienceResidents, AudienceCoordinators or AudienceAll
	Urgent        bool
	Kind          string // AppealKindAppeal or AppealKindExample
	DeedID        int64  // the deed an example publishes; 0 = none
	Text          string // already-escaped HTML body as the sender wrote it
	Photo         string // a file id of PhotoPlatform; "" = none
	PhotoPlatform string
	PhotoMedia    string // the hex SHA-256 of the photo's kept bytes; "" = not kept
	Lang          string // the sender's language
	Status        string
	CreatedAt     time.Time
	StartAt       time.Time // expanded from then on
	Cursor        int64     // the last resident id expanded
	Total         int       // recipients counted at confirmation
	Expanded      int       // deliveries written
	// Sent, Failed, Blocked and Dropped are the final figures, written by
	// FinishAppeal or CancelAppeal.
	Sent, Failed, Blocked, Dropped int
	CancelledBy                    int64 // 0 = the operator, or not cancelled
	CancelledAt, FinishedAt        time.Time
	// The sender's progress message: where it is, its id on the platform, when it
	// was last changed and the text it last showed (to skip identical edits).
	ProgressPlatform, ProgressChat string
	ProgressMessageID              string
	ProgressAt                     time.Time
	ProgressText                   string
}

// Active reports whether the appeal is not finished yet.
func (a Appeal) Active() bool {
	return a.Status == AppealQueued || a.Status == AppealExpanding || a.Status == AppealSending
}

// AppealRef returns how an appeal is named in the audit log: "appeal 12".
func AppealRef(id int64) string { return fmt.Sprintf("appeal %d", id) }

// Recipient is someone an appeal is delivered to.
type Recipient struct {
	ResidentID       int64
	Platform         string
	UserID           string
	ChatID           string
	Language         string // chosen: vi, en or ""
	PlatformLanguage string
}

// AppealFigures counts an appeal's deliveries by outbox status.
type AppealFigures struct {
	Pending, Sending, Sent, Failed, Blocked, Cancelled int
	// Resent is how many times a delivery was put back to be sent again
	// after a crash or a lost status write (the outbox's resent column):
	// it bounds how many people may have received the appeal twice.
	Resent int
}

const appealCols = `id, COALESCE(sender_id, 0), unit_id, audience, urgent, kind, COALESCE(deed_id, 0),
	text, photo, photo_platform, photo_media, lang, status, created_at, start_at, cursor, total, expanded,
	sent, failed, blocked, dropped, COALESCE(cancelled_by, 0), cancelled_at, finished_at,
	progress_platform, progress_chat, progress_message_id, progress_at, progress_text`

func scanAppeal(s scanner) (Appeal, error) {
	var a Appeal
	var created, start int64
	var cancelled, finished, progress sql.NullInt64
	err := s.Scan(&a.ID, &a.SenderID, &a.UnitID, &a.Audience, &a.Urgent, &a.Kind, &a.DeedID,
		&a.Text, &a.Photo, &a.PhotoPlatform, &a.PhotoMedia, &a.Lang, &a.Status, &created, &start, &a.Cursor,
		&a.Total, &a.Expanded, &a.Sent, &a.Failed, &a.Blocked, &a.Dropped, &a.CancelledBy,
		&cancelled, &finished, &a.ProgressPlatform, &a.ProgressChat, &a.ProgressMessageID,
		&progress, &a.ProgressText)
	a.CreatedAt, a.StartAt = time.UnixMilli(created).UTC(), time.UnixMilli(start).UTC()
	a.CancelledAt, a.FinishedAt, a.ProgressAt = timeOf(cancelled), timeOf(finished), timeOf(progress)
	return a, err
}

func (tx *Tx) appeals(query string, args ...any) ([]Appeal, error) {
	rows, err := tx.query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []Appeal
	for rows.Next() {
		a, err := scanAppeal(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, a)
	}
	return list, rows.Err()
}

// Who an audience reaches, as conditions on residents r, with the CTE
// scope (inScope) naming the appeal's unit and those below it. The
// residents who joined those units, and their active coordinators:
const (
	residentsInScope    = `r.unit_id IN (SELECT id FROM scope)`
	coordinatorsInScope = `r.id IN (SELECT resident_id FROM roles
		WHERE role = 'coordinator' AND revoked_at IS NULL AND unit_id IN (SELECT id FROM scope))`
	// activeResident: not stopped, not blocked (the residents_active_unit index).
	activeResident = ` AND r.stopped_at IS NULL AND r.blocked_at IS NULL`
)

// audienceCond returns the condition on residents r that a chunk of an
// appeal to the audience reads. The unary + keeps the planner off the
// unit index: walking the residents in id order from the cursor reads
// each resident at most once over the whole appeal and needs no sort,
// where reading every unit's residents would sort all those left at
// every chunk. A chat is never empty (TouchResident), but a delivery to
// an empty one would fail the chunk again at every try: it is checked.
func audienceCond(audience string) (string, bool) {
	const reachable = activeResident + ` AND r.chat_id <> ''`
	switch audience {
	case AudienceResidents:
		return "+" + residentsInScope + reachable, true
	case AudienceCoordinators:
		return coordinatorsInScope + reachable, true
	case AudienceAll:
		return `(+` + residentsInScope + ` OR ` + coordinatorsInScope + `)` + reachable, true
	}
	return "", false
}

// audienceCount counts an audience, as audienceCond reads it, from the
// index of active residents by unit: a coordinator of those units who
// lives there counts once.
var audienceCount = map[string]string{
	AudienceResidents:    `SELECT count(*) FROM residents r WHERE ` + residentsInScope + activeResident,
	AudienceCoordinators: `SELECT count(*) FROM residents r WHERE ` + coordinatorsInScope + activeResident,
	AudienceAll: `SELECT (SELECT count(*) FROM residents r WHERE ` + residentsInScope + activeResident + `)
		+ (SELECT count(*) FROM residents r WHERE ` + coordinatorsInScope + activeResident + `
			AND COALESCE(r.unit_id, 0) NOT IN (SELECT id FROM scope))`,
}

// CountAudience counts who an appeal to the audience on unitID would
// reach now: the residents who joined the unit or a unit below it, the
// active coordinators of those units, or both (each person once); only
// those who have not stopped or blocked the bot. The sender counts like
// anyone. It returns ErrInvalid for an unknown audience and ErrNotFound
// for an unknown unit.
func (tx *Tx) CountAudience(unitID int64, audience string) (int, error) {
	query, ok := audienceCount[audience]
	if !ok {
		return 0, fmt.Errorf("count audience %q: %w", audience, ErrInvalid)
	}
	if _, err := tx.UnitByID(unitID); err != nil {
		return 0, fmt.Errorf("count audience: %w", err)
	}
	n, err := tx.count(inScope+` `+query, unitScope(unitID), 0)
	if err != nil {
		return 0, fmt.Errorf("count audience of unit %d: %w", unitID, err)
	}
	return int(n), nil
}

// unitScope is the inScope argument for one unit and those below it.
func unitScope(unitID int64) string { return fmt.Sprintf("[%d]", unitID) }

// validAppeal returns why a cannot be stored, or "" when it can.
func validAppeal(a Appeal) string {
	_, audienceOK := audienceCond(a.Audience)
	switch {
	case !audienceOK:
		return fmt.Sprintf("audience %q", a.Audience)
	case a.Kind != AppealKindAppeal && a.Kind != AppealKindExample:
		return fmt.Sprintf("kind %q", a.Kind)
	case (a.Kind == AppealKindExample) != (a.DeedID != 0):
		return "an example needs its deed, and only an example has one"
	case strings.TrimSpace(a.Text) == "" && a.Photo == "":
		return "neither text nor photo"
	case len(a.Text) > maxAppealBytes:
		return "text too long"
	case a.Photo != "" && a.PhotoPlatform == "":
		return "a photo without its platform"
	case a.Lang != LangVietnamese && a.Lang != LangEnglish && a.Lang != LangNone:
		return fmt.Sprintf("language %q", a.Lang)
	}
	return ""
}

// CreateAppeal stores a confirmed appeal, queued to start at a.StartAt
// (now when zero), with Total the audience counted now, and returns it.
// An empty Kind is AppealKindAppeal. Status, figures and progress given
// are ignored. It returns ErrInvalid for an unknown unit, audience or
// kind, an appeal with neither text nor photo, a photo without its
// platform, an example without a known deed (or an appeal with one), and
// ErrNotFound for an unknown sender.
func (tx *Tx) CreateAppeal(a Appeal) (Appeal, error) {
	if a.Kind == "" {
		a.Kind = AppealKindAppeal
	}
	if p := validAppeal(a); p != "" {
		return Appeal{}, fmt.Errorf("create appeal: %s: %w", p, ErrInvalid)
	}
	if _, err := tx.UnitByID(a.UnitID); errors.Is(err, ErrNotFound) {
		return Appeal{}, fmt.Errorf("create appeal: unit %d: %w", a.UnitID, ErrInvalid)
	} else if err != nil {
		return Appeal{}, fmt.Errorf("create appeal: %w", err)
	}
	if a.DeedID != 0 {
		if _, err := tx.DeedByID(a.DeedID); errors.Is(err, ErrNotFound) {
			return Appeal{}, fmt.Errorf("create appeal: no deed %s: %w", DeedRef(a.DeedID), ErrInvalid)
		} else if err != nil {
			return Appeal{}, fmt.Errorf("create appeal: %w", err)
		}
	}
	total, err := tx.CountAudience(a.UnitID, a.Audience)
	if err != nil {
		return Appeal{}, fmt.Errorf("create appeal: %w", err)
	}
	if a.StartAt.IsZero() {
		a.StartAt = tx.Now
	}
	saved, err := scanAppeal(tx.queryRow(`INSERT INTO appeals (sender_id, unit_id, audience, urgent,
			kind, deed_id, text, photo, photo_platform, photo_media, lang, status, created_at, start_at, total)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?) RETURNING `+appealCols,
		nullID(a.SenderID), a.UnitID, a.Audience, a.Urgent, a.Kind, nullID(a.DeedID), a.Text,
		a.Photo, a.PhotoPlatform, a.PhotoMedia, a.Lang, ms(tx.Now), ms(a.StartAt), total))
	if err != nil {
		return Appeal{}, fmt.Errorf("create appeal: %w", dbErr(err))
	}
	return saved, nil
}

// AppealByID returns an appeal, or ErrNotFound.
func (tx *Tx) AppealByID(id int64) (Appeal, error) {
	a, err := scanAppeal(tx.queryRow(`SELECT `+appealCols+` FROM appeals WHERE id = ?`, id))
	if err != nil {
		return Appeal{}, fmt.Errorf("get %s: %w", AppealRef(id), dbErr(err))
	}
	return a, nil
}

// NextAppealChunk picks the appeal being expanded or else the queued one
// that came due first (StartAt ≤ now, then the oldest; it becomes
// AppealExpanding), so one appeal is expanded at a time, and returns it with its
// next limit recipients after its cursor, in resident id order. Fewer
// than limit means these are the last: the caller writes their
// deliveries (Enqueue with BatchID the appeal's id and priority
// AppealPriority) and calls AdvanceAppeal in the same transaction. It
// returns ErrNotFound when no appeal waits, and ErrInvalid for a limit
// ≤ 0.
func (tx *Tx) NextAppealChunk(limit int) (Appeal, []Recipient, error) {
	if limit <= 0 {
		return Appeal{}, nil, fmt.Errorf("next appeal chunk of %d: %w", limit, ErrInvalid)
	}
	a, err := scanAppeal(tx.queryRow(`SELECT `+appealCols+` FROM appeals
		WHERE status = 'expanding' OR (status = 'queued' AND start_at <= ?)
		ORDER BY status = 'expanding' DESC, start_at, id LIMIT 1`, ms(tx.Now)))
	if err != nil {
		return Appeal{}, nil, fmt.Errorf("next appeal chunk: %w", dbErr(err))
	}
	if a.Status == AppealQueued {
		if _, err := tx.exec(`UPDATE appeals SET status = 'expanding' WHERE id = ?`, a.ID); err != nil {
			return Appeal{}, nil, fmt.Errorf("next appeal chunk: start %s: %w", AppealRef(a.ID), err)
		}
		a.Status = AppealExpanding
	}
	cond, ok := audienceCond(a.Audience)
	if !ok {
		return Appeal{}, nil, fmt.Errorf("next appeal chunk: %s: audience %q: %w", AppealRef(a.ID), a.Audience, ErrInvalid)
	}
	rows, err := tx.query(inScope+`
		SELECT r.id, r.platform, r.platform_user_id, r.chat_id, r.language, r.platform_language, `+deliverAccount("r")+`
		FROM residents r WHERE r.id > ?3 AND `+cond+` ORDER BY r.id LIMIT ?4`,
		unitScope(a.UnitID), 0, a.Cursor, limit)
	if err != nil {
		return Appeal{}, nil, fmt.Errorf("next appeal chunk: %s: %w", AppealRef(a.ID), err)
	}
	defer rows.Close()
	list := make([]Recipient, 0, limit)
	for rows.Next() {
		var r Recipient
		var deliver string
		if err := rows.Scan(&r.ResidentID, &r.Platform, &r.UserID, &r.ChatID, &r.Language, &r.PlatformLanguage,
			&deliver); err != nil {
			return Appeal{}, nil, fmt.Errorf("next appeal chunk: %s: %w", AppealRef(a.ID), err)
		}
		if parts := strings.Split(deliver, "\x1f"); len(parts) == 3 { // the messenger they chose
			r.Platform, r.UserID, r.ChatID = parts[0], parts[1], parts[2]
		}
		list = append(list, r)
	}
	if err := rows.Err(); err != nil {
		return Appeal{}, nil, fmt.Errorf("next appeal chunk: %s: %w", AppealRef(a.ID), err)
	}
	return a, list, nil
}

// AdvanceAppeal records a chunk written: the cursor moves to the last
// resident expanded, added deliveries are counted, and when last is true
// the appeal becomes AppealSending. It returns ErrNotFound for an unknown
// appeal, ErrConflict for one not being expanded, and ErrInvalid for a
// cursor moving back or a negative count.
func (tx *Tx) AdvanceAppeal(id, cursor int64, added int, last bool) error {
	if added < 0 {
		return fmt.Errorf("advance %s by %d: %w", AppealRef(id), added, ErrInvalid)
	}
	res, err := tx.exec(`UPDATE appeals SET cursor = ?, expanded = expanded + ?,
			status = CASE WHEN ? THEN 'sending' ELSE status END
		WHERE id = ? AND status = 'expanding' AND cursor <= ?`, cursor, added, last, id, cursor)
	if err != nil {
		return fmt.Errorf("advance %s: %w", AppealRef(id), err)
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	a, err := tx.AppealByID(id)
	switch {
	case err != nil:
		return fmt.Errorf("advance appeal: %w", err)
	case a.Status != AppealExpanding:
		return fmt.Errorf("advance %s: it is %s: %w", AppealRef(id), a.Status, ErrConflict)
	}
	return fmt.Errorf("advance %s: cursor %d is before %d: %w", AppealRef(id), cursor, a.Cursor, ErrInvalid)
}

// AppealFigures counts the appeal's deliveries (the outbox rows whose
// BatchID is its id) by status.
// Settled deliveries are pruned from the outbox after a while: read the
// figures before, and keep them with FinishAppeal. It returns ErrNotFound
// for an unknown appeal.
func (tx *Tx) AppealFigures(id int64) (AppealFigures, error) {
	var f AppealFigures
	if _, err := tx.AppealByID(id); err != nil {
		return f, fmt.Errorf("appeal figures: %w", err)
	}
	rows, err := tx.query(`SELECT status, count(*), sum(resent) FROM outbox
		WHERE batch_id = ? GROUP BY status`, id)
	if err != nil {
		return f, fmt.Errorf("figures of %s: %w", AppealRef(id), err)
	}
	defer rows.Close()
	for rows.Next() {
		var status string
		var n, re int
		if err := rows.Scan(&status, &n, &re); err != nil {
			return f, fmt.Errorf("figures of %s: %w", AppealRef(id), err)
		}
		f.Resent += re
		switch status {
		case StatusPending:
			f.Pending = n
		case StatusSending:
			f.Sending = n
		case StatusSent:
			f.Sent = n
		case StatusFailed:
			f.Failed = n
		case StatusBlocked:
			f.Blocked = n
		case StatusCancelled:
			f.Cancelled = n
		}
	}
	return f, rows.Err()
}

// FinishAppeal records that every delivery of an appeal being sent is
// settled: it becomes AppealDone, now, with the final figures of f
// (Dropped: its Cancelled). It returns ErrNotFound for an unknown appeal,
// and ErrConflict for one not being sent or when f still counts
// deliveries pending or sending.
func (tx *Tx) FinishAppeal(id int64, f AppealFigures) error {
	if f.Pending > 0 || f.Sending > 0 {
		return fmt.Errorf("finish %s: %d deliveries still pending, %d sending: %w", AppealRef(id), f.Pending, f.Sending, ErrConflict)
	}
	res, err := tx.exec(`UPDATE appeals SET status = 'done', sent = ?, failed = ?, blocked = ?,
			dropped = ?, finished_at = ?
		WHERE id = ? AND status = 'sending'`, f.Sent, f.Failed, f.Blocked, f.Cancelled, ms(tx.Now), id)
	if err != nil {
		return fmt.Errorf("finish %s: %w", AppealRef(id), err)
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	a, err := tx.AppealByID(id)
	if err != nil {
		return fmt.Errorf("finish appeal: %w", err)
	}
	return fmt.Errorf("finish %s: it is %s: %w", AppealRef(id), a.Status, ErrConflict)
}

// CancelAppeal stops an appeal that is queued, being expanded or being
// sent, on behalf of the resident by (0 = the operator): its deliveries
// not yet started (pending, or claimed by a dispatcher whose request has
// not begun) are cancelled, and it returns how many. The appeal becomes
// AppealCancelled with the figures of that moment (Dropped: every
// delivery cancelled, those dropped earlier because the person stopped
// or blocked the bot included); the requests already in flight (at most
// one per dispatcher worker) still finish. It returns ErrNotFound for an unknown appeal and an error
// wrapping ErrConflict for one already done or cancelled.
func (tx *Tx) CancelAppeal(id, by int64) (dropped int, err error) {
	a, err := tx.AppealByID(id)
	if err != nil {
		return 0, fmt.Errorf("cancel appeal: %w", err)
	}
	if !a.Active() {
		return 0, fmt.Errorf("cancel %s: it is already %s: %w", AppealRef(id), a.Status, ErrConflict)
	}
	// Deliveries a dispatcher has claimed but not started (started_at is
	// written just before the request) are dropped too: marking them as
	// being sent then fails, and they are not sent.
	n, err := tx.execCount(`UPDATE outbox SET status = 'cancelled', last_error = 'appeal cancelled'
		WHERE batch_id = ? AND (status = 'pending' OR status = 'sending' AND started_at IS NULL)`, id)
	if err != nil {
		return 0, fmt.Errorf("cancel %s: %w", AppealRef(id), err)
	}
	f, err := tx.AppealFigures(id)
	if err != nil {
		return 0, fmt.Errorf("cancel %s: %w", AppealRef(id), err)
	}
	if _, err := tx.exec(`UPDATE appeals SET status = 'cancelled', cancelled_by = ?, cancelled_at = ?,
			sent = ?, failed = ?, blocked = ?, dropped = ?
		WHERE id = ?`, nullID(by), ms(tx.Now), f.Sent, f.Failed, f.Blocked, f.Cancelled, id); err != nil {
		return 0, fmt.Errorf("cancel %s: %w", AppealRef(id), dbErr(err))
	}
	return int(n), nil
}

// ActiveAppeals returns the appeals queued, being expanded or being sent,
// oldest first.
func (tx *Tx) ActiveAppeals() ([]Appeal, error) {
	list, err := tx.appeals(`SELECT ` + appealCols + ` FROM appeals
		WHERE status IN ('queued', 'expanding', 'sending') ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("active appeals: %w", err)
	}
	return list, nil
}

// AppealsIn returns up to limit appeals to units in scope (its units and
// those below them; every unit for scope.All), newest first. An empty
// scope or a limit ≤ 0 gives none.
func (tx *Tx) AppealsIn(scope Scope, limit int) ([]Appeal, error) {
	if scope.Empty() || limit <= 0 {
		return nil, nil
	}
	ids, all, err := scope.args()
	if err != nil {
		return nil, fmt.Errorf("appeals: %w", err)
	}
	list, err := tx.appeals(inScope+`
		SELECT `+appealCols+` FROM appeals WHERE unit_id IN (SELECT id FROM scope)
		ORDER BY id DESC LIMIT ?3`, ids, all, limit)
	if err != nil {
		return nil, fmt.Errorf("appeals: %w", err)
	}
	return list, nil
}

// SetAppealProgress records the sender's progress message: where it is
// (platform and chat), its message id on the platform, when it was last
// changed and the text it shows. It returns ErrNotFound for an unknown
// appeal.
func (tx *Tx) SetAppealProgress(id int64, platform, chat, messageID string, at time.Time, text string) error {
	err := tx.execOne(`UPDATE appeals SET progress_platform = ?, progress_chat = ?,
			progress_message_id = ?, progress_at = ?, progress_text = ?
		WHERE id = ?`, platform, chat, messageID, nullMs(at), text, id)
	if err != nil {
		return fmt.Errorf("set progress of %s: %w", AppealRef(id), err)
	}
	return nil
}

// appealsBy returns the appeals the resident sent, oldest first.
func (tx *Tx) appealsBy(residentID int64) ([]Appeal, error) {
	list, err := tx.appeals(`SELECT `+appealCols+` FROM appeals WHERE sender_id = ? ORDER BY id`, residentID)
	if err != nil {
		return nil, fmt.Errorf("appeals of resident %d: %w", residentID, err)
	}
	return list, nil
}
