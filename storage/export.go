package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// ExportQuery says which rows an export reads: those of the units of
// Scope and every unit below them, made in a range of days. Exports read
// in one read-only transaction (DB.View), so a long one never holds up
// the bot's writes.
type ExportQuery struct {
	Scope Scope
	// From and To bound reports and help requests by when they were made:
	// From ≤ created < To.
	From, To time.Time
	// FromDay and ToDay bound check-ins by their local day (YYYY-MM-DD),
	// both included.
	FromDay, ToDay string
	// Limit is the most rows passed on; 0 means no limit.
	Limit int
	// Health is where check-ins carry their health details (health,
	// symptoms, need): the units of the officials who read them. Outside
	// it the details are not even read.
	Health Scope
}

// DeedExport is a good-deed report as an export shows it.
type DeedExport struct {
	ID        int64
	CreatedAt time.Time
	UnitCode  string
	UnitName  string
	Category  string // the category's key ("" for reports made before categories)
	// CategoryLabel is the category's name as the reporter saw it.
	CategoryLabel string
	Description   string
	Status        string // DeedPending, DeedApproved, DeedRejected or DeedCommended
	// Reporter is the reporter's name as stored; "" once they are forgotten.
	Reporter string
}

// CheckinExport is a check-in as an export shows it.
type CheckinExport struct {
	Day      string    // the unit's local day, YYYY-MM-DD
	At       time.Time // when it was made, or last changed that day
	UnitCode string
	UnitName string
	Name     string // the person it is for: the resident, or their family member
	By       string // for a family member, the resident who checked them in; "" otherwise
	Pledge5K bool
	// HasHealth is true when the unit is in the query's Health scope:
	// only then are Health, Symptoms and Need read.
	HasHealth bool
	Health    string   // HealthWell, HealthSymptoms, HealthF0 or HealthF1
	Symptoms  []string // symptom keys
	Need      string   // NeedNone, NeedFood, ...
}

// HelpExport is a help request as an export shows it: no name, phone or
// description, which stay with the coordinators who handle it.
type HelpExport struct {
	ID         int64
	CreatedAt  time.Time
	ClaimedAt  time.Time // zero when nobody took it on
	ResolvedAt time.Time // zero while not done
	UnitCode   string
	UnitName   string
	Kind       string // NeedFood, NeedMedicine, NeedMedical or NeedOther
	Status     string // HelpOpen, HelpClaimed or HelpResolved
}

// exportScopes names two CTEs: rows_in(id), the units whose rows are read
// (?1 the JSON array of a Scope's units, ?2 1 for every unit), and
// health(id), those whose check-ins carry health details (?3, ?4 the
// same for the Health scope). Each walks down from its units through
// units_parent, at most 64 levels.
const exportScopes = `WITH RECURSIVE rows_in(id, depth) AS (
		SELECT value, 0 FROM json_each(?1) WHERE ?2 = 0
		UNION
		SELECT id, 0 FROM units WHERE ?2 = 1
		UNION
		SELECT u.id, s.depth + 1 FROM units u JOIN rows_in s ON u.parent_id = s.id
		WHERE ?2 = 0 AND s.depth < 64),
	health(id, depth) AS (
		SELECT value, 0 FROM json_each(?3) WHERE ?4 = 0
		UNION
		SELECT id, 0 FROM units WHERE ?4 = 1
		UNION
		SELECT u.id, s.depth + 1 FROM units u JOIN health s ON u.parent_id = s.id
		WHERE ?4 = 0 AND s.depth < 64)
	`

// exportDeedsQuery reads reports by unit and creation time
// (deeds_unit_time).
const exportDeedsQuery = exportScopes + `SELECT d.id, d.created_at, u.code, u.name, d.category, d.category_label,
		d.description, d.status, COALESCE(r.name, '')
	FROM deeds d JOIN units u ON u.id = d.unit_id LEFT JOIN residents r ON r.id = d.resident_id
	WHERE d.unit_id IN (SELECT id FROM rows_in) AND d.created_at >= ?5 AND d.created_at < ?6
	ORDER BY d.created_at, d.id LIMIT ?7`

// exportCheckinsQuery reads check-ins by unit and day (checkins_unit_day_time).
const exportCheckinsQuery = exportScopes + `SELECT c.day, c.updated_at, u.code, u.name,
		COALESCE(f.name, r.name), CASE WHEN c.dependant_id <> 0 THEN r.name ELSE '' END, c.pledge_5k,
		c.unit_id IN (SELECT id FROM health) AS shown,
		CASE WHEN c.unit_id IN (SELECT id FROM health) THEN c.health ELSE '' END,
		CASE WHEN c.unit_id IN (SELECT id FROM health) THEN c.symptoms ELSE '' END,
		CASE WHEN c.unit_id IN (SELECT id FROM health) THEN c.need ELSE '' END
	FROM checkins c JOIN units u ON u.id = c.unit_id JOIN residents r ON r.id = c.resident_id
		LEFT JOIN dependants f ON f.id = c.dependant_id AND c.dependant_id <> 0
	WHERE c.unit_id IN (SELECT id FROM rows_in) AND c.day >= ?5 AND c.day <= ?6
	ORDER BY c.day, u.code, 5, c.id LIMIT ?7`

// exportHelpQuery reads help requests by unit and creation time
// (help_requests_unit_time).
const exportHelpQuery = exportScopes + `SELECT h.id, h.created_at, h.claimed_at, h.resolved_at, u.code, u.name,
		h.kind, h.status
	FROM help_requests h JOIN units u ON u.id = h.unit_id
	WHERE h.unit_id IN (SELECT id FROM rows_in) AND h.created_at >= ?5 AND h.created_at < ?6
	ORDER BY h.created_at, h.id LIMIT ?7`

// args checks the query and returns its parameters: the scopes, the
// bounds (as stored) and the limit plus one, to tell whether rows were
// left out.
func (q ExportQuery) args(byDay bool) ([]any, error) {
	if q.Limit < 0 {
		return nil, fmt.Errorf("limit %d: %w", q.Limit, ErrInvalid)
	}
	ids, all, err := q.Scope.args()
	if err != nil {
		return nil, err
	}
	hids, hall, err := q.Health.args()
	if err != nil {
		return nil, err
	}
	var from, to any
	if byDay {
		if !validDay(q.FromDay) || !validDay(q.ToDay) {
			return nil, fmt.Errorf("days %q to %q: %w", q.FromDay, q.ToDay, ErrInvalid)
		}
		from, to = q.FromDay, q.ToDay
	} else {
		if q.From.IsZero() || q.To.IsZero() {
			return nil, fmt.Errorf("no time range: %w", ErrInvalid)
		}
		from, to = ms(q.From), ms(q.To)
	}
	limit := -1 // SQLite: no limit
	if q.Limit > 0 {
		limit = q.Limit + 1
	}
	return []any{ids, all, hids, hall, from, to, limit}, nil
}

// ExportDeeds passes fn the reports of the query's units made in
// [From, To), oldest first, at most Limit of them; more is true when
// some were left out. It stops at fn's first error and returns it. It
// returns ErrInvalid for a negative limit or a missing range.
func (db *DB) ExportDeeds(ctx context.Context, q ExportQuery, fn func(DeedExport) error) (more bool, err error) {
	err = db.View(ctx, func(tx *Tx) error {
		more, err = tx.exportRows(q, false, exportDeedsQuery, func(rows *sql.Rows) error {
			var d DeedExport
			var created int64
			if err := rows.Scan(&d.ID, &created, &d.UnitCode, &d.UnitName, &d.Category, &d.CategoryLabel,
				&d.Description, &d.Status, &d.Reporter); err != nil {
				return err
			}
			d.CreatedAt = time.UnixMilli(created).UTC()
			return fn(d)
		})
		return err
	})
	if err != nil {
		return false, fmt.Errorf("export reports: %w", err)
	}
	return more, nil
}

// ExportCheckins passes fn the check-ins of the query's units on the
// days FromDay to ToDay, by day, unit code and name, at most Limit of
// them; more is true when some were left out. Health details are read
// only for the units of q.Health. It stops at fn's first error and
// returns it. It returns ErrInvalid for a negative limit or a malformed
// day.
func (db *DB) ExportCheckins(ctx context.Context, q ExportQuery, fn func(CheckinExport) error) (more bool, err error) {
	err = db.View(ctx, func(tx *Tx) error {
		more, err = tx.exportRows(q, true, exportCheckinsQuery, func(rows *sql.Rows) error {
			var c CheckinExport
			var at int64
			var symptoms string
			if err := rows.Scan(&c.Day, &at, &c.UnitCode, &c.UnitName, &c.Name, &c.By, &c.Pledge5K,
				&c.HasHealth, &c.Health, &symptoms, &c.Need); err != nil {
				return err
			}
			c.At = time.UnixMilli(at).UTC()
			if symptoms != "" {
				c.Symptoms = strings.Split(symptoms, ",")
			}
			return fn(c)
		})
		return err
	})
	if err != nil {
		return false, fmt.Errorf("export check-ins: %w", err)
	}
	return more, nil
}

// ExportHelpRequests passes fn the help requests of the query's units
// made in [From, To), oldest first, at most Limit of them; more is true
// when some were left out. It stops at fn's first error and returns it.
// It returns ErrInvalid for a negative limit or a missing range.
func (db *DB) ExportHelpRequests(ctx context.Context, q ExportQuery, fn func(HelpExport) error) (more bool, err error) {
	err = db.View(ctx, func(tx *Tx) error {
		more, err = tx.exportRows(q, false, exportHelpQuery, func(rows *sql.Rows) error {
			var h HelpExport
			var created int64
			var claimed, resolved sql.NullInt64
			if err := rows.Scan(&h.ID, &created, &claimed, &resolved, &h.UnitCode, &h.UnitName,
				&h.Kind, &h.Status); err != nil {
				return err
			}
			h.CreatedAt, h.ClaimedAt, h.ResolvedAt = time.UnixMilli(created).UTC(), timeOf(claimed), timeOf(resolved)
			return fn(h)
		})
		return err
	})
	if err != nil {
		return false, fmt.Errorf("export help requests: %w", err)
	}
	return more, nil
}

// exportRows runs one export query and hands each row to scan, up to the
// query's limit; more reports a row beyond it. An empty scope reads
// nothing.
func (tx *Tx) exportRows(q ExportQuery, byDay bool, query string, scan func(*sql.Rows) error) (more bool, err error) {
	args, err := q.args(byDay)
	if err != nil || q.Scope.Empty() {
		return false, err
	}
	rows, err := tx.query(query, args...)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		if q.Limit > 0 && n == q.Limit {
			return true, nil
		}
		if err := scan(rows); err != nil {
			return false, err
		}
		n++
	}
	return false, rows.Err()
}

// The states of an export request.
const (
	ExportPending = "pending" // waiting for the export job
	ExportRunning = "running" // claimed by a run of the job
	ExportDone    = "done"    // the file (or what stood for it) was queued
	ExportFailed  = "failed"  // given up; the requester was told
)

// ExportRequest is a file asked for in chat, which the export job makes
// and sends to Platform and ChatID.
type ExportRequest struct {
	ID         int64
	ResidentID int64
	Platform   string
	ChatID     string
	Lang       string
	Kind       string // what the file holds (the handlers' export kind)
	// Scope is the units whose rows are read, Health those whose
	// check-ins show health details, as the requester held them when
	// they asked.
	Scope, Health Scope
	// FromDay and ToDay are the first and last calendar days, YYYY-MM-DD.
	FromDay, ToDay string
	Format         string // the handlers' file format (xlsx, csv)
	Status         string // ExportPending, ExportRunning, ExportDone or ExportFailed
	// Attempts counts the claims: the run that holds a running request
	// names it when it finishes.
	Attempts   int
	CreatedAt  time.Time
	StartedAt  time.Time // the last claim; zero while never claimed
	FinishedAt time.Time // zero until done or failed
	Detail     string
}

const exportRequestCols = `id, resident_id, platform, chat_id, lang, kind, units, all_units, health_units,
	health_all, from_day, to_day, format, status, attempts, created_at, started_at, finished_at, detail`

func scanExportRequest(row scanner) (ExportRequest, error) {
	var r ExportRequest
	var units, healthUnits string
	var created int64
	var started, finished sql.NullInt64
	if err := row.Scan(&r.ID, &r.ResidentID, &r.Platform, &r.ChatID, &r.Lang, &r.Kind, &units, &r.Scope.All,
		&healthUnits, &r.Health.All, &r.FromDay, &r.ToDay, &r.Format, &r.Status, &r.Attempts, &created,
		&started, &finished, &r.Detail); err != nil {
		return ExportRequest{}, dbErr(err)
	}
	if err := json.Unmarshal([]byte(units), &r.Scope.Units); err != nil {
		return ExportRequest{}, fmt.Errorf("export request %d units: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(healthUnits), &r.Health.Units); err != nil {
		return ExportRequest{}, fmt.Errorf("export request %d health units: %w", r.ID, err)
	}
	if len(r.Scope.Units) == 0 {
		r.Scope.Units = nil
	}
	if len(r.Health.Units) == 0 {
		r.Health.Units = nil
	}
	r.CreatedAt, r.StartedAt, r.FinishedAt = time.UnixMilli(created).UTC(), timeOf(started), timeOf(finished)
	return r, nil
}

// QueueExport stores r as a pending request, made now, in the caller's
// transaction, and returns it as stored. It returns ErrInvalid for a
// request without a resident, chat, kind or format, with an empty scope,
// or with days that are malformed or in the wrong order.
func (tx *Tx) QueueExport(r ExportRequest) (ExportRequest, error) {
	if r.ResidentID == 0 || r.Platform == "" || r.ChatID == "" || r.Kind == "" || r.Format == "" ||
		r.Scope.Empty() || !validDay(r.FromDay) || !validDay(r.ToDay) || r.FromDay > r.ToDay {
		return ExportRequest{}, fmt.Errorf("queue export %+v: %w", r, ErrInvalid)
	}
	units, all, err := r.Scope.args()
	if err != nil {
		return ExportRequest{}, fmt.Errorf("queue export: %w", err)
	}
	hunits, hall, err := r.Health.args()
	if err != nil {
		return ExportRequest{}, fmt.Errorf("queue export: %w", err)
	}
	row := tx.queryRow(`INSERT INTO export_requests (resident_id, platform, chat_id, lang, kind, units, all_units,
			health_units, health_all, from_day, to_day, format, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING `+exportRequestCols,
		r.ResidentID, r.Platform, r.ChatID, r.Lang, r.Kind, units, all, hunits, hall, r.FromDay, r.ToDay, r.Format,
		ms(tx.Now))
	stored, err := scanExportRequest(row)
	if err != nil {
		return ExportRequest{}, fmt.Errorf("queue export: %w", err)
	}
	return stored, nil
}

// OpenExports counts the resident's requests not yet done or failed.
func (tx *Tx) OpenExports(residentID int64) (int, error) {
	n, err := tx.count(`SELECT count(*) FROM export_requests
		WHERE resident_id = ? AND status IN ('pending', 'running')`, residentID)
	if err != nil {
		return 0, fmt.Errorf("open exports of resident %d: %w", residentID, err)
	}
	return int(n), nil
}

// ClaimExport claims the oldest request that waits: a pending one, or a
// running one claimed more than stale ago (its run crashed or gave up).
// The claim marks it running, started now, and counts one more attempt;
// the request is returned as claimed. It returns ErrNotFound when none
// waits.
func (db *DB) ClaimExport(ctx context.Context, stale time.Duration) (ExportRequest, error) {
	var r ExportRequest
	err := db.Update(ctx, func(tx *Tx) (err error) {
		r, err = scanExportRequest(tx.queryRow(`UPDATE export_requests
			SET status = 'running', started_at = ?1, attempts = attempts + 1
			WHERE id = (SELECT id FROM export_requests
				WHERE status = 'pending' OR (status = 'running' AND started_at <= ?2)
				ORDER BY id LIMIT 1)
			RETURNING `+exportRequestCols, ms(tx.Now), ms(tx.Now.Add(-stale))))
		return err
	})
	if err != nil {
		return ExportRequest{}, fmt.Errorf("claim export: %w", err)
	}
	return r, nil
}

// FinishExport ends request id, held by its attempt-th claim, as
// ExportDone or ExportFailed, now, with detail. It returns ErrInvalid for
// another status, and ErrConflict when the request is gone or no longer
// held by that claim (a later run took it over, or it ended): the caller
// then rolls back what it queued with it.
func (tx *Tx) FinishExport(id int64, attempt int, status, detail string) error {
	if status != ExportDone && status != ExportFailed {
		return fmt.Errorf("finish export %d as %q: %w", id, status, ErrInvalid)
	}
	n, err := tx.execCount(`UPDATE export_requests SET status = ?, finished_at = ?, detail = ?
		WHERE id = ? AND status = 'running' AND attempts = ?`, status, ms(tx.Now), detail, id, attempt)
	if err != nil {
		return fmt.Errorf("finish export %d: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("finish export %d: not held by claim %d: %w", id, attempt, ErrConflict)
	}
	return nil
}

// PruneExports deletes the requests done or failed before before, and
// returns how many.
func (db *DB) PruneExports(ctx context.Context, before time.Time) (int64, error) {
	n, err := db.execCount(ctx, `DELETE FROM export_requests
		WHERE status IN ('done', 'failed') AND finished_at < ?`, ms(before))
	if err != nil {
		return 0, fmt.Errorf("prune export requests: %w", err)
	}
	return n, nil
}
