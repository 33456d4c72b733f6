package storage

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Resident languages: the one a resident chose, or none yet.
const (
	LangVietnamese = "vi"
	LangEnglish    = "en"
	LangNone       = ""
)

// Resident is a person who has written to the bot on one platform.
// Zero times mean "never".
type Resident struct {
	ID               int64
	Platform         string // telegram, zalo, console
	UserID           string // the platform's user id
	ChatID           string // where replies go
	Name             string
	Username         string
	Language         string // chosen: vi, en or "" (not chosen yet)
	PlatformLanguage string // reported by the platform, e.g. "vi", "en-US"
	Phone            string
	UnitID           int64 // 0 = has not joined a unit
	JoinedAt         time.Time
	StoppedAt        time.Time // sent /stop
	BlockedAt        time.Time // blocked the bot (a 403)
	CreatedAt        time.Time
	LastSeenAt       time.Time
	// DeliverVia is the messenger a linked resident chose for what the
	// bot sends on its own ("" = the one used last); see Delivery.
	DeliverVia string
	deliver    [3]string // platform, user and chat of Delivery
}

// Stopped reports whether nothing should be sent to the resident unasked:
// they sent /stop or blocked the bot.
func (r Resident) Stopped() bool { return !r.StoppedAt.IsZero() || !r.BlockedAt.IsZero() }

var residentCols = `id, platform, platform_user_id, chat_id, name, username, language,
	platform_language, phone, COALESCE(unit_id, 0), joined_at, stopped_at, blocked_at,
	created_at, last_seen_at, deliver_via, ` + deliverAccount("residents")

// deliverAccount is the SQL of the account a resident chose to be reached
// on ("platform␟user␟chat"), or an empty string for the one used last; table names the
// residents table in the query (an alias, or "residents").
func deliverAccount(table string) string {
	return `COALESCE((SELECT l.platform || char(31) || l.platform_user_id || char(31) || l.chat_id
		FROM linked_accounts l WHERE l.resident_id = ` + table + `.id AND l.platform = ` + table + `.deliver_via
		AND ` + table + `.deliver_via <> ''), '')`
}

// setDelivery reads a deliverAccount value into r's delivery fields.
func (r *Resident) setDelivery(account string) {
	if parts := strings.Split(account, "\x1f"); len(parts) == 3 {
		r.deliver = [3]string{parts[0], parts[1], parts[2]}
	}
}

// Delivery is the account what the bot sends on its own goes to: the one
// the resident chose among their linked accounts, else the one used last.
func (r Resident) Delivery() (platform, userID, chatID string) {
	if r.deliver[0] == "" {
		return r.Platform, r.UserID, r.ChatID
	}
	return r.deliver[0], r.deliver[1], r.deliver[2]
}

func scanResident(s scanner) (Resident, error) {
	var r Resident
	var joined, stopped, blocked sql.NullInt64
	var created, seen int64
	var deliver string
	err := s.Scan(&r.ID, &r.Platform, &r.UserID, &r.ChatID, &r.Name, &r.Username, &r.Language,
		&r.PlatformLanguage, &r.Phone, &r.UnitID, &joined, &stopped, &blocked, &created, &seen,
		&r.DeliverVia, &deliver)
	r.setDelivery(deliver)
	r.JoinedAt, r.StoppedAt, r.BlockedAt = timeOf(joined), timeOf(stopped), timeOf(blocked)
	r.CreatedAt, r.LastSeenAt = time.UnixMilli(created).UTC(), time.UnixMilli(seen).UTC()
	return r, err
}

// TouchResident returns the resident for (platform, userID), creating it
// on first contact, and records what the platform says now: chat, name
// (kept when name is empty), username, platform language (kept when
// empty) and the time seen. A resident who had blocked the bot and writes
// again is no longer blocked. The time seen is kept to the minute: a
// resident who changed nothing and was seen in the last minute costs no
// write. It returns ErrInvalid when platform, userID or chatID is empty.
func (tx *Tx) TouchResident(platform, userID, chatID, name, username, platformLanguage string) (Resident, error) {
	if platform == "" || userID == "" || chatID == "" {
		return Resident{}, fmt.Errorf("touch resident %s:%s: %w", platform, userID, ErrInvalid)
	}
	name = strings.TrimSpace(name)
	// The usual case, in one statement: the same account, chat, name and
	// username as at the last touch, less than a minute ago. Its linked
	// account (if any) was brought up to date by that touch.
	if r, err := scanResident(tx.queryRow(`SELECT `+residentCols+` FROM residents
		WHERE platform = ? AND platform_user_id = ?`, platform, userID)); err == nil && unchanged(tx, r, chatID, name, username, platformLanguage) {
		return r, nil
	}
	// A linked account: the resident is reached on it from now on (the
	// messenger used last), and the rest below applies to it.
	if id, err := tx.linkedResident(platform, userID); err == nil {
		if err := tx.useAccount(id, platform, userID, chatID, username); err != nil {
			return Resident{}, fmt.Errorf("touch resident %s:%s: %w", platform, userID, err)
		}
	} else if !errors.Is(err, ErrNotFound) {
		return Resident{}, fmt.Errorf("touch resident %s:%s: %w", platform, userID, err)
	}
	if r, err := tx.ResidentByPlatformUser(platform, userID); err == nil && r.Platform == platform &&
		unchanged(tx, r, chatID, name, username, platformLanguage) {
		return r, nil
	}
	now := ms(tx.Now)
	r, err := scanResident(tx.queryRow(`INSERT INTO residents
		(platform, platform_user_id, chat_id, name, username, platform_language,
		 created_at, updated_at, last_seen_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (platform, platform_user_id) DO UPDATE SET
			chat_id = excluded.chat_id,
			name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE name END,
			username = excluded.username,
			platform_language = CASE WHEN excluded.platform_language <> ''
				THEN excluded.platform_language ELSE platform_language END,
			blocked_at = NULL,
			updated_at = excluded.updated_at,
			last_seen_at = excluded.last_seen_at
		RETURNING `+residentCols,
		platform, userID, chatID, name, username, platformLanguage, now, now, now))
	if err != nil {
		return Resident{}, fmt.Errorf("touch resident %s:%s: %w", platform, userID, err)
	}
	return r, nil
}

// unchanged reports whether touching r with these details would change
// nothing worth a write: the same chat, name and username, not blocked,
// and seen less than a minute ago.
func unchanged(tx *Tx, r Resident, chatID, name, username, platformLanguage string) bool {
	return r.ChatID == chatID && (name == "" || r.Name == name) && r.Username == username && r.BlockedAt.IsZero() &&
		(platformLanguage == "" || r.PlatformLanguage == platformLanguage) && tx.Now.Sub(r.LastSeenAt) < time.Minute
}

// ResidentByID returns the resident with that id, or ErrNotFound.
func (tx *Tx) ResidentByID(id int64) (Resident, error) {
	r, err := scanResident(tx.queryRow(`SELECT `+residentCols+` FROM residents WHERE id = ?`, id))
	if err != nil {
		return Resident{}, fmt.Errorf("get resident %d: %w", id, dbErr(err))
	}
	return r, nil
}

// ResidentByPlatformUser returns the resident with that platform user id,
// or ErrNotFound.
func (tx *Tx) ResidentByPlatformUser(platform, userID string) (Resident, error) {
	r, err := scanResident(tx.queryRow(`SELECT `+residentCols+` FROM residents
		WHERE platform = ? AND platform_user_id = ?`, platform, userID))
	if err = dbErr(err); errors.Is(err, ErrNotFound) {
		// an account of a linked resident last reached on their other one
		id, lerr := tx.linkedResident(platform, userID)
		if lerr == nil {
			return tx.ResidentByID(id)
		}
	}
	if err != nil {
		return Resident{}, fmt.Errorf("get resident %s:%s: %w", platform, userID, err)
	}
	return r, nil
}

// SetResidentUnit makes the resident a member of unitID from now on
// (joined_at = now); unitID 0 leaves any unit. It returns ErrNotFound for
// an unknown resident or unit.
func (tx *Tx) SetResidentUnit(id, unitID int64) error {
	joined := any(nil)
	if unitID != 0 {
		if _, err := tx.UnitByID(unitID); err != nil {
			return fmt.Errorf("set unit of resident %d: %w", id, err)
		}
		joined = ms(tx.Now)
	}
	err := tx.execOne(`UPDATE residents SET unit_id = ?, joined_at = ?, updated_at = ? WHERE id = ?`,
		nullID(unitID), joined, ms(tx.Now), id)
	if err != nil {
		return fmt.Errorf("set unit of resident %d: %w", id, err)
	}
	return nil
}

// SetResidentLanguage records the language the resident chose: "vi",
// "en", or "" to forget the choice. Other values give ErrInvalid; an
// unknown resident gives ErrNotFound.
func (tx *Tx) SetResidentLanguage(id int64, lang string) error {
	if lang != LangVietnamese && lang != LangEnglish && lang != LangNone {
		return fmt.Errorf("set language of resident %d: %q: %w", id, lang, ErrInvalid)
	}
	err := tx.execOne(`UPDATE residents SET language = ?, updated_at = ? WHERE id = ?`, lang, ms(tx.Now), id)
	if err != nil {
		return fmt.Errorf("set language of resident %d: %w", id, err)
	}
	return nil
}

// SetResidentStopped records /stop (stopped = true; the first stop time is
// kept) or /start again (false). Stopping also cancels the resident's
// pending bulk messages (priority > 0); replies already queued still go.
// It returns ErrNotFound for an unknown resident.
func (tx *Tx) SetResidentStopped(id int64, stopped bool) error {
	err := tx.execOne(`UPDATE residents
		SET stopped_at = CASE WHEN ? THEN COALESCE(stopped_at, ?) ELSE NULL END, updated_at = ?
		WHERE id = ?`, stopped, ms(tx.Now), ms(tx.Now), id)
	if err != nil {
		return fmt.Errorf("set resident %d stopped: %w", id, err)
	}
	if !stopped {
		return nil
	}
	if _, err := tx.exec(`UPDATE outbox SET status = 'cancelled', last_error = 'resident stopped'
		WHERE resident_id = ? AND status = 'pending' AND priority > 0`, id); err != nil {
		return fmt.Errorf("set resident %d stopped: %w", id, err)
	}
	return nil
}

// SetResidentPhone records the resident's phone number ("" forgets it).
// It returns ErrInvalid for anything but digits, spaces, '+', '-', '.',
// '(' and ')' up to 32 characters, and ErrNotFound for an unknown resident.
func (tx *Tx) SetResidentPhone(id int64, phone string) error {
	phone = strings.TrimSpace(phone)
	if len(phone) > maxPhoneRunes || strings.Trim(phone, "0123456789 +-.()") != "" {
		return fmt.Errorf("set phone of resident %d: %w", id, ErrInvalid)
	}
	err := tx.execOne(`UPDATE residents SET phone = ?, updated_at = ? WHERE id = ?`, phone, ms(tx.Now), id)
	if err != nil {
		return fmt.Errorf("set phone of resident %d: %w", id, err)
	}
	return nil
}

// CountResidents counts the residents who joined unitID itself (0 = any
// unit or none) and have neither stopped nor blocked the bot.
func (tx *Tx) CountResidents(unitID int64) (int, error) {
	q := `SELECT count(*) FROM residents WHERE stopped_at IS NULL AND blocked_at IS NULL`
	var args []any
	if unitID != 0 {
		q += ` AND unit_id = ?`
		args = append(args, unitID)
	}
	n, err := tx.count(q, args...)
	if err != nil {
		return 0, fmt.Errorf("count residents of unit %d: %w", unitID, err)
	}
	return int(n), nil
}

// DeleteResident forgets a resident: their row, roles and conversation go,
// their pending messages are cancelled and the rest of the outbox no
// longer points at them. It returns ErrNotFound for an unknown resident.
func (tx *Tx) DeleteResident(id int64) error {
	if _, err := tx.exec(`UPDATE outbox SET status = 'cancelled', last_error = 'resident deleted'
		WHERE resident_id = ? AND status = 'pending'`, id); err != nil {
		return fmt.Errorf("delete resident %d: %w", id, err)
	}
	if _, err := tx.exec(`UPDATE outbox SET resident_id = NULL WHERE resident_id = ?`, id); err != nil {
		return fmt.Errorf("delete resident %d: %w", id, err)
	}
	if err := tx.execOne(`DELETE FROM residents WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete resident %d: %w", id, dbErr(err))
	}
	return nil
}
