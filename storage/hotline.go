package storage

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	maxLabelRunes  = 200
	maxPhoneRunes  = 32
	maxHoursRunes  = 50
	minPhoneDigits = 3
	maxPhoneDigits = 15

	// HoursAllDay is the hours of a line that answers day and night.
	HoursAllDay = "24/7"
)

// phonePattern is digits with an optional leading + and spaces, dots or
// dashes between them: "113", "024 3863 1234", "+84 24.3863-1234".
var phonePattern = regexp.MustCompile(`^\+?[0-9]+(?:[ .-]+[0-9]+)*$`)

// Hotline is a phone number published for a unit, e.g. 113 "Công an".
type Hotline struct {
	ID     int64
	UnitID int64
	Label  string
	Phone  string
	Hours  string // HoursAllDay, opening hours such as "7:30–17:00", or "" when unknown
}

// AllDay reports whether the line answers day and night.
func (h Hotline) AllDay() bool { return h.Hours == HoursAllDay }

// hotlineProblem returns why a hotline's trimmed fields cannot be stored,
// or "" when they can.
func hotlineProblem(label, phone, hours string) string {
	switch {
	case label == "":
		return "label is empty"
	case !utf8.ValidString(label) || !utf8.ValidString(phone) || !utf8.ValidString(hours):
		return "is not valid UTF-8; save the file with UTF-8 encoding"
	case utf8.RuneCountInString(label) > maxLabelRunes:
		return fmt.Sprintf("label is longer than %d characters", maxLabelRunes)
	case hasHiddenRunes(label):
		return "label contains a line break, a control character or an invisible formatting character"
	case phone == "":
		return "phone is empty"
	case !plausiblePhone(phone):
		return fmt.Sprintf("phone %q is not a phone number: use %d to %d digits, with an optional leading + and spaces, dots or dashes between them",
			phone, minPhoneDigits, maxPhoneDigits)
	case utf8.RuneCountInString(hours) > maxHoursRunes:
		return fmt.Sprintf("hours is longer than %d characters", maxHoursRunes)
	case hasHiddenRunes(hours):
		return "hours contains a line break, a control character or an invisible formatting character"
	}
	return ""
}

// hasHiddenRunes reports whether s holds a control character or a Unicode
// format character (Cf: zero-width and bidirectional marks among them),
// which would hide or reorder what residents read.
func hasHiddenRunes(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }) >= 0
}

// plausiblePhone reports whether phone looks like a number one can dial.
func plausiblePhone(phone string) bool {
	if utf8.RuneCountInString(phone) > maxPhoneRunes || !phonePattern.MatchString(phone) {
		return false
	}
	n := len(phoneDigits(phone)) - strings.Count(phone, "+")
	return n >= minPhoneDigits && n <= maxPhoneDigits
}

// phoneDigits returns the phone's digits and leading +, so that
// "024 3863 1234" and "024.3863.1234" compare equal.
func phoneDigits(phone string) string {
	return strings.Map(func(r rune) rune {
		if r == '+' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, phone)
}

// AddHotline adds a hotline at the end of a unit's list and returns its
// id. hours is HoursAllDay, opening hours, or "" when unknown. It returns
// ErrInvalid for an empty, overlong or hidden-character label, a phone
// that is not a phone number or bad hours, and ErrNotFound for an unknown
// unit.
func (tx *Tx) AddHotline(unitID int64, label, phone, hours string) (int64, error) {
	label, phone, hours = strings.TrimSpace(label), strings.TrimSpace(phone), strings.TrimSpace(hours)
	if p := hotlineProblem(label, phone, hours); p != "" {
		return 0, fmt.Errorf("add hotline %q %q: %s: %w", label, phone, p, ErrInvalid)
	}
	if _, err := tx.UnitByID(unitID); err != nil {
		return 0, fmt.Errorf("add hotline: %w", err)
	}
	res, err := tx.exec(`INSERT INTO hotlines (unit_id, label, phone, hours, position, created_at)
		VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM hotlines WHERE unit_id = ?), ?)`,
		unitID, label, phone, hours, unitID, ms(tx.Now))
	if err != nil {
		return 0, fmt.Errorf("add hotline: %w", dbErr(err))
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("add hotline: %w", err)
	}
	return id, nil
}

// HotlineByID returns one hotline, or ErrNotFound.
func (tx *Tx) HotlineByID(id int64) (Hotline, error) {
	var h Hotline
	err := tx.queryRow(`SELECT id, unit_id, label, phone, hours FROM hotlines WHERE id = ?`, id).
		Scan(&h.ID, &h.UnitID, &h.Label, &h.Phone, &h.Hours)
	if err != nil {
		return Hotline{}, fmt.Errorf("get hotline %d: %w", id, dbErr(err))
	}
	return h, nil
}

// RemoveHotline deletes a hotline; it returns ErrNotFound if there is none
// with that id.
func (tx *Tx) RemoveHotline(id int64) error {
	if err := tx.execOne(`DELETE FROM hotlines WHERE id = ?`, id); err != nil {
		return fmt.Errorf("remove hotline %d: %w", id, err)
	}
	return nil
}

// HotlinesFor returns the hotlines of the given units, keyed by unit id,
// each list in its published order. Units without hotlines have no key.
// Pass Ancestors' ids to show a unit's own numbers and those above it.
func (tx *Tx) HotlinesFor(unitIDs []int64) (map[int64][]Hotline, error) {
	out := map[int64][]Hotline{}
	if len(unitIDs) == 0 {
		return out, nil
	}
	ids, err := json.Marshal(unitIDs)
	if err != nil {
		return nil, fmt.Errorf("hotlines: %w", err)
	}
	rows, err := tx.query(`SELECT id, unit_id, label, phone, hours FROM hotlines
		WHERE unit_id IN (SELECT value FROM json_each(?)) ORDER BY unit_id, position, id`, string(ids))
	if err != nil {
		return nil, fmt.Errorf("hotlines: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h Hotline
		if err := rows.Scan(&h.ID, &h.UnitID, &h.Label, &h.Phone, &h.Hours); err != nil {
			return nil, fmt.Errorf("hotlines: %w", err)
		}
		out[h.UnitID] = append(out[h.UnitID], h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("hotlines: %w", err)
	}
	return out, nil
}

// shortNumbers are the emergency and public service numbers: police 113,
// fire 114, ambulance 115, 111 (child protection), 112 (rescue) and
// 1022 (the public service line of many provinces).
var shortNumbers = map[string]bool{"111": true, "112": true, "113": true, "114": true, "115": true, "1022": true}

// ValidHotlinePhone reports whether s is a Vietnamese number a hotline
// can publish, and returns it trimmed, with the person's grouping kept:
//
//   - a mobile: 10 digits starting 03, 05, 07, 08 or 09 ("0912 345 678"),
//     or +84 or 84 followed by its 9 digits without the 0;
//   - a landline: 11 digits starting 02 ("024 3863 1234"), or +84 (or 84)
//     followed by its 10 digits without the 0 ("+84 24 3863 1234");
//   - an emergency or service number: 111, 112, 113, 114, 115, 1022, and
//     1800 or 1900 followed by 4 or 6 digits ("1800 1234", "1900 561 234").
//
// Spaces, dots and dashes may separate groups of digits; a + may only
// start a +84 number. Anything else is refused: letters, brackets, too
// few or too many digits, old 11-digit mobiles starting 01.
func ValidHotlinePhone(s string) (normalized string, ok bool) {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > maxPhoneRunes || !phonePattern.MatchString(s) {
		return "", false
	}
	digits := phoneDigits(s)
	// +84 and 84 (long enough not to be a short number) write the
	// national number without its 0.
	if strings.HasPrefix(digits, "+") || strings.HasPrefix(digits, "84") && len(digits) >= 11 {
		national := strings.TrimPrefix(digits, "+")
		if !strings.HasPrefix(national, "84") {
			return "", false
		}
		if strings.HasPrefix(national, "840") {
			return "", false // +84 0…: the 0 is dropped after the country code
		}
		digits = "0" + national[2:]
	}
	if vietnamesePhone(digits) {
		return s, true
	}
	return "", false
}

// vietnamesePhone reports whether digits (no separators, national form
// with the leading 0, or a short number) is a number ValidHotlinePhone
// accepts.
func vietnamesePhone(digits string) bool {
	switch {
	case shortNumbers[digits]:
		return true
	case strings.HasPrefix(digits, "1800") || strings.HasPrefix(digits, "1900"):
		return len(digits) == 8 || len(digits) == 10
	case len(digits) == 10 && digits[0] == '0':
		return strings.IndexByte("35789", digits[1]) >= 0
	case len(digits) == 11 && strings.HasPrefix(digits, "02"):
		return true
	}
	return false
}

// HotlinesOf returns a unit's own hotlines in their published order. It
// returns ErrNotFound for an unknown unit.
func (tx *Tx) HotlinesOf(unitID int64) ([]Hotline, error) {
	if _, err := tx.UnitByID(unitID); err != nil {
		return nil, fmt.Errorf("hotlines: %w", err)
	}
	byUnit, err := tx.HotlinesFor([]int64{unitID})
	if err != nil {
		return nil, err
	}
	return byUnit[unitID], nil
}
