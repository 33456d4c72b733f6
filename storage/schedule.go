package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Kinds of schedule.
const (
	ScheduleReminder = "checkin_reminder" // residents who have not checked in today
	ScheduleAppeal   = "appeal"           // a stored appeal, sent through the appeal machinery
	ScheduleDigest   = "digest"           // the officials' digest
)

// Outcomes of a schedule's run.
const (
	RunRunning = "running"
	RunOK      = "ok"
	RunFailed  = "failed"
	RunSkipped = "skipped" // missed while the bot was down, and too late to run
)

// Schedule is a job run for a unit on a cron spec in a time zone, or
// once. Zero ids and times mean "none".
type Schedule struct {
	ID        int64
	Kind      string
	UnitID    int64
	Spec      string    // a 5-field cron spec; "" for a schedule that runs once
	OnceAt    time.Time // the one slot of a schedule that runs once
	TZ        string    // IANA time zone
	Target    string
	OwnerID   int64
	Paused    bool
	CreatedAt time.Time
}

const scheduleCols = `id, kind, unit_id, spec, once_at, tz, target, COALESCE(owner_id, 0), paused, created_at`

func scanSchedule(s scanner) (Schedule, error) {
	var sc Schedule
	var once sql.NullInt64
	var created int64
	err := s.Scan(&sc.ID, &sc.Kind, &sc.UnitID, &sc.Spec, &once, &sc.TZ, &sc.Target, &sc.OwnerID, &sc.Paused, &created)
	sc.OnceAt, sc.CreatedAt = timeOf(once), time.UnixMilli(created).UTC()
	return sc, err
}

// CreateSchedule stores a schedule and returns it. It returns ErrInvalid
// for an unknown kind, a schedule with both or neither of a spec and a
// once time, or an unknown time zone, and ErrNotFound for an unknown unit.
func (tx *Tx) CreateSchedule(s Schedule) (Schedule, error) {
	switch {
	case s.Kind != ScheduleReminder && s.Kind != ScheduleAppeal && s.Kind != ScheduleDigest:
		return Schedule{}, fmt.Errorf("create schedule: kind %q: %w", s.Kind, ErrInvalid)
	case (strings.TrimSpace(s.Spec) == "") == s.OnceAt.IsZero():
		return Schedule{}, fmt.Errorf("create schedule: a spec or a time, not both: %w", ErrInvalid)
	}
	if _, err := time.LoadLocation(s.TZ); err != nil || s.TZ == "" {
		return Schedule{}, fmt.Errorf("create schedule: time zone %q: %w", s.TZ, ErrInvalid)
	}
	saved, err := scanSchedule(tx.queryRow(`INSERT INTO schedules (kind, unit_id, spec, once_at, tz, target, owner_id,
			paused, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING `+scheduleCols,
		s.Kind, s.UnitID, strings.TrimSpace(s.Spec), nullMs(s.OnceAt), s.TZ, s.Target, nullID(s.OwnerID), s.Paused,
		ms(tx.Now)))
	if err != nil {
		return Schedule{}, fmt.Errorf("create schedule: %w", dbErr(err))
	}
	return saved, nil
}

// Schedules returns the schedules not deleted, paused ones included,
// oldest first; unitIDs, when given, keeps those of these units.
func (tx *Tx) Schedules(unitIDs ...int64) ([]Schedule, error) {
	query := `SELECT ` + scheduleCols + ` FROM schedules WHERE deleted_at IS NULL`
	var args []any
	if len(unitIDs) > 0 {
		query += ` AND unit_id IN (` + strings.TrimSuffix(strings.Repeat("?,", len(unitIDs)), ",") + `)`
		for _, id := range unitIDs {
			args = append(args, id)
		}
	}
	rows, err := tx.query(query+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("schedules: %w", err)
	}
	defer rows.Close()
	var out []Schedule
	for rows.Next() {
		s, err := scanSchedule(rows)
		if err != nil {
			return nil, fmt.Errorf("schedules: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// SetSchedulePaused pauses or resumes a schedule; ErrNotFound for one
// unknown or deleted.
func (tx *Tx) SetSchedulePaused(id int64, paused bool) error {
	if err := tx.execOne(`UPDATE schedules SET paused = ? WHERE id = ? AND deleted_at IS NULL`, paused, id); err != nil {
		return fmt.Errorf("pause schedule %d: %w", id, err)
	}
	return nil
}

// DeleteSchedule ends a schedule (its runs stay on record); ErrNotFound
// for one unknown or deleted already.
func (tx *Tx) DeleteSchedule(id int64) error {
	if err := tx.execOne(`UPDATE schedules SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL`, ms(tx.Now), id); err != nil {
		return fmt.Errorf("delete schedule %d: %w", id, err)
	}
	return nil
}

// ClaimRun records that the slot of a schedule starts now (or, with
// outcome RunSkipped, that it was skipped). It reports false when the slot
// was claimed before: a restart never runs a slot twice.
func (tx *Tx) ClaimRun(scheduleID int64, slot time.Time, outcome, detail string) (bool, error) {
	res, err := tx.exec(`INSERT INTO schedule_runs (schedule_id, slot, started_at, outcome, detail, finished_at)
		VALUES (?, ?, ?, ?, ?, CASE WHEN ? = 'running' THEN NULL ELSE ? END) ON CONFLICT DO NOTHING`,
		scheduleID, ms(slot), ms(tx.Now), outcome, detail, outcome, ms(tx.Now))
	if err != nil {
		return false, fmt.Errorf("claim run %d@%s: %w", scheduleID, slot.Format(time.RFC3339), dbErr(err))
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// FinishRun records how a claimed run ended.
func (tx *Tx) FinishRun(scheduleID int64, slot time.Time, outcome, detail string) error {
	if outcome != RunOK && outcome != RunFailed {
		return fmt.Errorf("finish run: outcome %q: %w", outcome, ErrInvalid)
	}
	err := tx.execOne(`UPDATE schedule_runs SET outcome = ?, detail = ?, finished_at = ?
		WHERE schedule_id = ? AND slot = ?`, outcome, detail, ms(tx.Now), scheduleID, ms(slot))
	if err != nil {
		return fmt.Errorf("finish run %d@%s: %w", scheduleID, slot.Format(time.RFC3339), err)
	}
	return nil
}

// SetRunCursor records how far the run of a slot got (written in the
// transaction of the chunk it finished); RunCursor reads it back (0 when
// nothing was done yet).
func (tx *Tx) SetRunCursor(scheduleID int64, slot time.Time, cursor int64) error {
	if _, err := tx.exec(`UPDATE schedule_runs SET cursor = ? WHERE schedule_id = ? AND slot = ?`,
		cursor, scheduleID, ms(slot)); err != nil {
		return fmt.Errorf("run cursor: %w", err)
	}
	return nil
}

// RunCursor returns how far the run of a slot got.
func (tx *Tx) RunCursor(scheduleID int64, slot time.Time) (int64, error) {
	var c int64
	err := tx.queryRow(`SELECT cursor FROM schedule_runs WHERE schedule_id = ? AND slot = ?`, scheduleID, ms(slot)).Scan(&c)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("run cursor: %w", err)
	}
	return c, nil
}

// Unfinished is a run still marked running: the process stopped or
// crashed during it, or it ran out of time.
type Unfinished struct {
	ScheduleID int64
	Slot       time.Time
}

// UnfinishedRuns returns the runs of slots since the given time that are
// still marked running, oldest first.
func (tx *Tx) UnfinishedRuns(since time.Time) ([]Unfinished, error) {
	rows, err := tx.query(`SELECT schedule_id, slot FROM schedule_runs
		WHERE outcome = 'running' AND slot >= ? ORDER BY slot`, ms(since))
	if err != nil {
		return nil, fmt.Errorf("unfinished runs: %w", err)
	}
	defer rows.Close()
	var out []Unfinished
	for rows.Next() {
		var u Unfinished
		var slot int64
		if err := rows.Scan(&u.ScheduleID, &slot); err != nil {
			return nil, fmt.Errorf("unfinished runs: %w", err)
		}
		u.Slot = time.UnixMilli(slot).UTC()
		out = append(out, u)
	}
	return out, rows.Err()
}

// LastSlot returns the latest slot of a schedule claimed or skipped, and
// false when none was.
func (tx *Tx) LastSlot(scheduleID int64) (time.Time, bool, error) {
	var slot sql.NullInt64
	err := tx.queryRow(`SELECT MAX(slot) FROM schedule_runs WHERE schedule_id = ?`, scheduleID).Scan(&slot)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, fmt.Errorf("last slot of %d: %w", scheduleID, err)
	}
	return timeOf(slot), slot.Valid, nil
}

// ReminderChunk returns up to limit residents of the unit or the units
// below it, after the resident afterID (in id order), who have not
// checked in themselves on day (the unit's local YYYY-MM-DD), were not
// reminded that day (MarkReminded), have not stopped or blocked the bot,
// and can be reached: who a check-in reminder goes to. Each is reached on the messenger they chose or used last.
func (tx *Tx) ReminderChunk(unitID int64, day string, afterID int64, limit int) ([]Recipient, error) {
	cond, _ := audienceCond(AudienceResidents)
	rows, err := tx.query(inScope+`
		SELECT r.id, r.platform, r.platform_user_id, r.chat_id, r.language, r.platform_language, `+deliverAccount("r")+`
		FROM residents r WHERE r.id > ?3 AND `+cond+`
			AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.resident_id = r.id AND c.day = ?5 AND c.dependant_id = 0)
			AND NOT EXISTS (SELECT 1 FROM reminders_sent m WHERE m.resident_id = r.id AND m.day = ?5)
		ORDER BY r.id LIMIT ?4`, unitScope(unitID), 0, afterID, limit, day)
	if err != nil {
		return nil, fmt.Errorf("reminder recipients: %w", err)
	}
	defer rows.Close()
	var out []Recipient
	for rows.Next() {
		var r Recipient
		var deliver string
		if err := rows.Scan(&r.ResidentID, &r.Platform, &r.UserID, &r.ChatID, &r.Language, &r.PlatformLanguage,
			&deliver); err != nil {
			return nil, fmt.Errorf("reminder recipients: %w", err)
		}
		if parts := strings.Split(deliver, "\x1f"); len(parts) == 3 {
			r.Platform, r.UserID, r.ChatID = parts[0], parts[1], parts[2]
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// MarkReminded records that the resident was reminded to check in on day.
func (tx *Tx) MarkReminded(residentID int64, day string) error {
	if _, err := tx.exec(`INSERT INTO reminders_sent (resident_id, day) VALUES (?, ?) ON CONFLICT DO NOTHING`,
		residentID, day); err != nil {
		return fmt.Errorf("mark reminded: %w", err)
	}
	return nil
}

// PruneReminded forgets the reminders of days before day (YYYY-MM-DD).
func (db *DB) PruneReminded(ctx context.Context, day string) (int64, error) {
	var n int64
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		n, err = tx.execCount(`DELETE FROM reminders_sent WHERE day < ?`, day)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("prune reminders: %w", err)
	}
	return n, nil
}
