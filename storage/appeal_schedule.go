package storage

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// AppealTemplate is the content of a scheduled appeal, stored once: each
// slot of its schedule (kind ScheduleAppeal, target the template's id)
// becomes an ordinary appeal made from it. Zero ids mean "none".
type AppealTemplate struct {
	ID            int64
	SenderID      int64 // a resident id; 0 = a sender since forgotten
	UnitID        int64
	Audience      string // AudienceResidents, AudienceCoordinators or AudienceAll
	Urgent        bool
	Text          string // already-escaped HTML body as the sender wrote it
	Photo         string // a file id of PhotoPlatform; "" = none
	PhotoPlatform string
	PhotoMedia    string // the hex SHA-256 of the photo's kept bytes; "" = not kept
	Lang          string // the sender's language
	CreatedAt     time.Time
}

// Appeal returns the appeal a run of the template makes (kind
// AppealKindAppeal, to start now).
func (t AppealTemplate) Appeal() Appeal {
	return Appeal{SenderID: t.SenderID, UnitID: t.UnitID, Audience: t.Audience, Urgent: t.Urgent,
		Kind: AppealKindAppeal, Text: t.Text, Photo: t.Photo, PhotoPlatform: t.PhotoPlatform,
		PhotoMedia: t.PhotoMedia, Lang: t.Lang}
}

const appealTemplateCols = `id, COALESCE(sender_id, 0), unit_id, audience, urgent, text, photo, photo_platform,
	photo_media, lang, created_at`

func scanAppealTemplate(s scanner) (AppealTemplate, error) {
	var t AppealTemplate
	var created int64
	err := s.Scan(&t.ID, &t.SenderID, &t.UnitID, &t.Audience, &t.Urgent, &t.Text, &t.Photo, &t.PhotoPlatform,
		&t.PhotoMedia, &t.Lang, &created)
	t.CreatedAt = time.UnixMilli(created).UTC()
	return t, err
}

// CreateScheduledAppeal stores the template t and the schedule s that
// sends it (its kind set to ScheduleAppeal, its target to the template's
// id, its unit to the template's), and returns both. It returns
// ErrInvalid for what CreateAppeal or CreateSchedule refuse (an unknown
// unit, audience or time zone, no text nor photo, a photo without its
// platform, both or neither of a spec and a once time), and ErrNotFound
// for an unknown sender or owner.
func (tx *Tx) CreateScheduledAppeal(t AppealTemplate, s Schedule) (AppealTemplate, Schedule, error) {
	a := t.Appeal()
	if p := validAppeal(a); p != "" {
		return t, s, fmt.Errorf("create scheduled appeal: %s: %w", p, ErrInvalid)
	}
	if _, err := tx.UnitByID(t.UnitID); errors.Is(err, ErrNotFound) {
		return t, s, fmt.Errorf("create scheduled appeal: unit %d: %w", t.UnitID, ErrInvalid)
	} else if err != nil {
		return t, s, fmt.Errorf("create scheduled appeal: %w", err)
	}
	var saved AppealTemplate
	var sched Schedule
	err := tx.savepoint(func(tx *Tx) error { // a schedule refused leaves no template behind
		var err error
		saved, err = scanAppealTemplate(tx.queryRow(`INSERT INTO appeal_templates (sender_id, unit_id, audience,
				urgent, text, photo, photo_platform, photo_media, lang, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING `+appealTemplateCols,
			nullID(t.SenderID), t.UnitID, t.Audience, t.Urgent, t.Text, t.Photo, t.PhotoPlatform, t.PhotoMedia,
			t.Lang, ms(tx.Now)))
		if err != nil {
			return dbErr(err)
		}
		s.Kind, s.UnitID, s.Target = ScheduleAppeal, saved.UnitID, strconv.FormatInt(saved.ID, 10)
		sched, err = tx.CreateSchedule(s)
		return err
	})
	if err != nil {
		return t, s, fmt.Errorf("create scheduled appeal: %w", err)
	}
	return saved, sched, nil
}

// AppealTemplateByID returns a template, or ErrNotFound.
func (tx *Tx) AppealTemplateByID(id int64) (AppealTemplate, error) {
	t, err := scanAppealTemplate(tx.queryRow(`SELECT `+appealTemplateCols+` FROM appeal_templates WHERE id = ?`, id))
	if err != nil {
		return AppealTemplate{}, fmt.Errorf("appeal template %d: %w", id, dbErr(err))
	}
	return t, nil
}

// AppealTemplateOf returns the template a schedule of kind ScheduleAppeal
// sends. It returns ErrInvalid for a schedule of another kind or whose
// target is not a template's id, and ErrNotFound for an unknown template.
func (tx *Tx) AppealTemplateOf(s Schedule) (AppealTemplate, error) {
	id, err := strconv.ParseInt(s.Target, 10, 64)
	if s.Kind != ScheduleAppeal || err != nil || id <= 0 {
		return AppealTemplate{}, fmt.Errorf("template of schedule %d (%s %q): %w", s.ID, s.Kind, s.Target, ErrInvalid)
	}
	return tx.AppealTemplateByID(id)
}

// ScheduledAppealRun returns the appeal queued for the slot of a
// schedule, or ErrNotFound when none was.
func (tx *Tx) ScheduledAppealRun(scheduleID int64, slot time.Time) (int64, error) {
	var id int64
	err := tx.queryRow(`SELECT appeal_id FROM scheduled_appeal_runs WHERE schedule_id = ? AND slot = ?`,
		scheduleID, ms(slot)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("appeal of schedule %d@%s: %w", scheduleID, slot.Format(time.RFC3339), dbErr(err))
	}
	return id, nil
}

// RecordScheduledAppealRun records, in the transaction that queued it,
// that appealID is the appeal of the slot of a schedule. It returns
// ErrConflict when the slot has one already, and ErrNotFound for an
// unknown schedule or appeal.
func (tx *Tx) RecordScheduledAppealRun(scheduleID int64, slot time.Time, appealID int64) error {
	if _, err := tx.exec(`INSERT INTO scheduled_appeal_runs (schedule_id, slot, appeal_id) VALUES (?, ?, ?)`,
		scheduleID, ms(slot), appealID); err != nil {
		return fmt.Errorf("record appeal of schedule %d@%s: %w", scheduleID, slot.Format(time.RFC3339), dbErr(err))
	}
	return nil
}
