package storage

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Deed statuses: reported and waiting for review, approved (published),
// rejected (with a reason), or commended (biểu dương) as exemplary.
const (
	DeedPending   = "pending"
	DeedApproved  = "approved"
	DeedRejected  = "rejected"
	DeedCommended = "commended"
)

// Deed subjects: the reporter did the deed, or someone else did.
const (
	SubjectSelf  = "self"
	SubjectOther = "other"
)

// MaxDeedPhotos is how many photos a deed report can hold.
const MaxDeedPhotos = 5

// DeedPhoto is one photo of a deed, as the platform identifies it, and
// its bytes kept under their SHA-256 when they could be downloaded.
type DeedPhoto struct {
	FileID       string `json:"file_id"`        // to send it again on Platform
	FileUniqueID string `json:"file_unique_id"` // the same for the same picture on Platform
	// Platform is the messenger FileID belongs to ("" for the reporter's).
	Platform string `json:"platform,omitempty"`
	// Media is the hex SHA-256 of the photo's bytes ("" if not kept): the
	// same picture sent on any messenger has the same.
	Media string `json:"media,omitempty"`
	// DuplicateOf is the lowest id of another deed with the same picture
	// (the same FileUniqueID, or the same bytes); 0 = none.
	DuplicateOf int64 `json:"-"`
}

// SamePicture reports whether p and q are the same picture: the same
// bytes, or the same platform's unique id.
func (p DeedPhoto) SamePicture(q DeedPhoto) bool {
	return (p.Media != "" && p.Media == q.Media) ||
		(p.FileUniqueID != "" && p.FileUniqueID == q.FileUniqueID && p.Platform == q.Platform)
}

// Deed is a report of a good deed (người tốt việc tốt) and its review.
// Zero ids and times mean "none".
type Deed struct {
	ID            int64       `json:"id"`
	ResidentID    int64       `json:"resident_id,omitzero"` // the reporter; 0 once forgotten
	UnitID        int64       `json:"unit_id"`
	Category      string      `json:"category"`
	CategoryLabel string      `json:"category_label"`
	Subject       string      `json:"subject"` // SubjectSelf or SubjectOther
	SubjectName   string      `json:"subject_name"`
	SubjectUnitID int64       `json:"subject_unit_id,omitzero"`
	Description   string      `json:"description"`
	Status        string      `json:"status"`
	Reason        string      `json:"reason,omitempty"` // why it was rejected (or commended)
	DecidedBy     int64       `json:"-"`
	DecidedAt     time.Time   `json:"decided_at,omitzero"`
	CreatedAt     time.Time   `json:"created_at"`
	Photos        []DeedPhoto `json:"photos,omitempty"`
	// ReporterConsent and SubjectConsent are the answers to "may this be
	// published as an example?": nil = not asked, else no or yes.
	ReporterConsent *bool `json:"reporter_consent,omitempty"`
	SubjectConsent  *bool `json:"subject_consent,omitempty"`
	// PublishedAppealID is the appeal that published the deed; 0 = none.
	PublishedAppealID int64 `json:"published_appeal_id,omitzero"`
	// CampaignID is the campaign whose criterion the deed was reported
	// under (0: none), and Points that criterion's points then (1 without
	// a campaign): what the deed scores once approved, twice commended.
	CampaignID int64 `json:"campaign_id,omitzero"`
	Points     int   `json:"points,omitzero"`
}

// DeedRef returns the reference a deed is shown with: "VT-000123" (six
// digits, more when needed).
func DeedRef(id int64) string { return fmt.Sprintf("VT-%06d", id) }

// ParseDeedRef reads a deed reference as a person may type it: "VT-000123",
// "vt-123", "VT123", "#123" or "123". ok is false for anything else.
func ParseDeedRef(s string) (id int64, ok bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "#")
	if len(s) >= 2 && strings.EqualFold(s[:2], "vt") {
		s = strings.TrimPrefix(s[2:], "-")
	}
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, false
	}
	return id, true
}

const deedCols = `id, COALESCE(resident_id, 0), unit_id, category, category_label, subject,
	subject_name, COALESCE(subject_unit_id, 0), description, status, reason,
	COALESCE(decided_by, 0), decided_at, created_at, reporter_consent, subject_consent,
	COALESCE(published_appeal_id, 0), COALESCE(campaign_id, 0), points`

func scanDeed(s scanner) (Deed, error) {
	var d Deed
	var decided sql.NullInt64
	var created int64
	var reporter, subject sql.NullBool
	err := s.Scan(&d.ID, &d.ResidentID, &d.UnitID, &d.Category, &d.CategoryLabel, &d.Subject,
		&d.SubjectName, &d.SubjectUnitID, &d.Description, &d.Status, &d.Reason,
		&d.DecidedBy, &decided, &created, &reporter, &subject, &d.PublishedAppealID,
		&d.CampaignID, &d.Points)
	d.DecidedAt, d.CreatedAt = timeOf(decided), time.UnixMilli(created).UTC()
	d.ReporterConsent, d.SubjectConsent = boolOf(reporter), boolOf(subject)
	return d, err
}

// boolOf reads a stored yes/no that may be NULL (nil: not asked).
func boolOf(v sql.NullBool) *bool {
	if !v.Valid {
		return nil
	}
	b := v.Bool
	return &b
}

// nullBool stores nil as NULL.
func nullBool(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}

// CreateDeed saves a new report, pending review and created now, with its
// photos in the given order. It returns the deed with its id and, for each
// photo, DuplicateOf. It returns ErrInvalid for an empty description, a
// subject other than self or other, more than MaxDeedPhotos photos or a
// photo without FileID, and ErrNotFound for an unknown resident or unit.
func (tx *Tx) CreateDeed(d Deed) (Deed, error) {
	d.Description = strings.TrimSpace(d.Description)
	if d.Description == "" || (d.Subject != SubjectSelf && d.Subject != SubjectOther) ||
		len(d.Photos) > MaxDeedPhotos {
		return Deed{}, fmt.Errorf("create deed: %w", ErrInvalid)
	}
	for _, p := range d.Photos {
		if p.FileID == "" {
			return Deed{}, fmt.Errorf("create deed: photo without file id: %w", ErrInvalid)
		}
	}
	if d.Points < 1 {
		d.Points = 1
	}
	saved, err := scanDeed(tx.queryRow(`INSERT INTO deeds (resident_id, unit_id, category,
			category_label, subject, subject_name, subject_unit_id, description, status, created_at,
			campaign_id, points)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?) RETURNING `+deedCols,
		nullID(d.ResidentID), d.UnitID, d.Category, d.CategoryLabel, d.Subject,
		strings.TrimSpace(d.SubjectName), nullID(d.SubjectUnitID), d.Description, ms(tx.Now),
		nullID(d.CampaignID), d.Points))
	if err != nil {
		return Deed{}, fmt.Errorf("create deed: %w", dbErr(err))
	}
	for i, p := range d.Photos {
		if _, err := tx.exec(`INSERT INTO deed_photos (deed_id, position, file_id, file_unique_id, platform, media_hash)
			VALUES (?, ?, ?, ?, ?, ?)`, saved.ID, i, p.FileID, p.FileUniqueID, p.Platform, p.Media); err != nil {
			return Deed{}, fmt.Errorf("create deed: photo %d: %w", i+1, dbErr(err))
		}
	}
	if err := tx.loadPhotos([]*Deed{&saved}); err != nil {
		return Deed{}, fmt.Errorf("create deed: %w", err)
	}
	return saved, nil
}

// loadPhotos fills in the photos of the given deeds, with DuplicateOf.
func (tx *Tx) loadPhotos(deeds []*Deed) error {
	if len(deeds) == 0 {
		return nil
	}
	byID := make(map[int64]*Deed, len(deeds))
	ids := make([]int64, 0, len(deeds))
	for _, d := range deeds {
		byID[d.ID] = d
		ids = append(ids, d.ID)
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	rows, err := tx.query(`SELECT p.deed_id, p.file_id, p.file_unique_id, p.platform, p.media_hash,
			COALESCE((SELECT min(o.deed_id) FROM deed_photos o
				WHERE p.file_unique_id <> '' AND o.file_unique_id = p.file_unique_id
				AND o.deed_id <> p.deed_id), 0),
			COALESCE((SELECT min(o.deed_id) FROM deed_photos o
				WHERE p.media_hash <> '' AND o.media_hash = p.media_hash
				AND o.deed_id <> p.deed_id), 0)
		FROM deed_photos p WHERE p.deed_id IN (SELECT value FROM json_each(?))
		ORDER BY p.deed_id, p.position`, string(list))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var p DeedPhoto
		var sameBytes int64
		if err := rows.Scan(&id, &p.FileID, &p.FileUniqueID, &p.Platform, &p.Media, &p.DuplicateOf, &sameBytes); err != nil {
			return err
		}
		if sameBytes != 0 && (p.DuplicateOf == 0 || sameBytes < p.DuplicateOf) {
			p.DuplicateOf = sameBytes
		}
		byID[id].Photos = append(byID[id].Photos, p)
	}
	return rows.Err()
}

// DeedByID returns a deed with its photos, or ErrNotFound.
func (tx *Tx) DeedByID(id int64) (Deed, error) {
	d, err := scanDeed(tx.queryRow(`SELECT `+deedCols+` FROM deeds WHERE id = ?`, id))
	if err != nil {
		return Deed{}, fmt.Errorf("get deed %s: %w", DeedRef(id), dbErr(err))
	}
	if err := tx.loadPhotos([]*Deed{&d}); err != nil {
		return Deed{}, fmt.Errorf("get deed %s: %w", DeedRef(id), err)
	}
	return d, nil
}

// DeedsOf returns the deeds the resident reported, newest first, with
// their photos: at most limit of them, or all when limit ≤ 0.
func (tx *Tx) DeedsOf(residentID int64, limit int) ([]Deed, error) {
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	rows, err := tx.query(`SELECT `+deedCols+` FROM deeds WHERE resident_id = ?
		ORDER BY id DESC LIMIT ?`, residentID, limit)
	if err != nil {
		return nil, fmt.Errorf("deeds of resident %d: %w", residentID, err)
	}
	defer rows.Close()
	var list []Deed
	for rows.Next() {
		d, err := scanDeed(rows)
		if err != nil {
			return nil, fmt.Errorf("deeds of resident %d: %w", residentID, err)
		}
		list = append(list, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("deeds of resident %d: %w", residentID, err)
	}
	rows.Close() // before the next query on the same connection
	ptrs := make([]*Deed, len(list))
	for i := range list {
		ptrs[i] = &list[i]
	}
	if err := tx.loadPhotos(ptrs); err != nil {
		return nil, fmt.Errorf("deeds of resident %d: %w", residentID, err)
	}
	return list, nil
}

// DecideDeed records a review by the resident by: a pending deed can be
// approved, rejected or commended, and an approved one commended; the
// first decision wins. It returns the deed as it now is. For any other
// move it returns the deed unchanged and an error wrapping ErrConflict.
// It returns ErrInvalid for another status or a rejection without a
// reason, and ErrNotFound for an unknown deed.
func (tx *Tx) DecideDeed(id int64, status, reason string, by int64) (Deed, error) {
	reason = strings.TrimSpace(reason)
	if (status != DeedApproved && status != DeedRejected && status != DeedCommended) ||
		(status == DeedRejected && reason == "") {
		return Deed{}, fmt.Errorf("decide deed %s: %q: %w", DeedRef(id), status, ErrInvalid)
	}
	_, err := scanDeed(tx.queryRow(`UPDATE deeds
		SET status = ?, reason = ?, decided_by = ?, decided_at = ?
		WHERE id = ? AND (status = 'pending' OR (status = 'approved' AND ? = 'commended'))
		RETURNING `+deedCols, status, reason, nullID(by), ms(tx.Now), id, status))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Deed{}, fmt.Errorf("decide deed %s: %w", DeedRef(id), err)
	}
	d, getErr := tx.DeedByID(id)
	if getErr != nil {
		return Deed{}, fmt.Errorf("decide deed: %w", getErr)
	}
	if err != nil {
		return d, fmt.Errorf("decide deed %s: it is already %s: %w", DeedRef(id), d.Status, ErrConflict)
	}
	return d, nil
}

// SetDeedConsent records the answers to "may this deed be published as
// an example?": the reporter's, and the subject's (for a deed about
// someone else, as the reporter relays it). A nil answer leaves the
// stored one as it is. It returns ErrNotFound for an unknown deed.
func (tx *Tx) SetDeedConsent(id int64, reporter, subject *bool) error {
	err := tx.execOne(`UPDATE deeds SET
			reporter_consent = CASE WHEN ?1 IS NULL THEN reporter_consent ELSE ?1 END,
			subject_consent = CASE WHEN ?2 IS NULL THEN subject_consent ELSE ?2 END
		WHERE id = ?3`, nullBool(reporter), nullBool(subject), id)
	if err != nil {
		return fmt.Errorf("set consent of deed %s: %w", DeedRef(id), err)
	}
	return nil
}

// SetDeedPublished records that the appeal appealID published the deed
// as an example. Only a commended deed can be published, and only once:
// otherwise it returns an error wrapping ErrConflict. It returns
// ErrNotFound for an unknown deed or appeal.
func (tx *Tx) SetDeedPublished(id, appealID int64) error {
	res, err := tx.exec(`UPDATE deeds SET published_appeal_id = ?
		WHERE id = ? AND status = 'commended' AND published_appeal_id IS NULL`, appealID, id)
	if err != nil {
		return fmt.Errorf("set deed %s published: %w", DeedRef(id), dbErr(err))
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	d, err := tx.DeedByID(id)
	if err != nil {
		return fmt.Errorf("set deed published: %w", err)
	}
	if d.PublishedAppealID != 0 {
		return fmt.Errorf("set deed %s published: already published by appeal %d: %w", DeedRef(id), d.PublishedAppealID, ErrConflict)
	}
	return fmt.Errorf("set deed %s published: it is %s, not commended: %w", DeedRef(id), d.Status, ErrConflict)
}
