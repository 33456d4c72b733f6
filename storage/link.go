package storage

import (
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/big"
	"time"
)

// Linking two accounts of one person (a Telegram one and a Zalo one).
const (
	// LinkCodeTTL is how long a link code works.
	LinkCodeTTL = 10 * time.Minute
	// LinkCodeTries is how many wrong guesses burn the codes waiting.
	LinkCodeTries = 5
)

// Errors of UseLinkCode, besides ErrNotFound (no such code: wrong,
// expired, used or burnt).
var (
	// ErrLinkSelf: the code was made by the same resident.
	ErrLinkSelf = errors.New("the code was made by this account")
	// ErrLinkSamePlatform: both accounts are on one messenger.
	ErrLinkSamePlatform = errors.New("both accounts are on the same messenger")
	// ErrLinkTaken: one of the two already has an account on the other's
	// messenger.
	ErrLinkTaken = errors.New("already linked to an account on that messenger")
)

// LinkedAccount is one messenger account of a linked resident.
type LinkedAccount struct {
	Platform string `json:"platform"`
	UserID   string `json:"user_id"`
	ChatID   string `json:"chat_id"`
	Username string `json:"username,omitempty"`
	LinkedAt time.Time
}

// CreateLinkCode makes a new 6-digit code for the resident, made on
// platform, replacing any earlier one; it returns the code and when it
// expires.
func (tx *Tx) CreateLinkCode(residentID int64, platform string) (string, time.Time, error) {
	expires := tx.Now.Add(LinkCodeTTL)
	for range 10 {
		n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
		if err != nil {
			return "", time.Time{}, err
		}
		code := fmt.Sprintf("%06d", n.Int64())
		hash := linkHash(code)
		taken, err := tx.count(`SELECT count(*) FROM link_codes WHERE code_hash = ? AND expires_at > ?
			AND resident_id <> ?`, hash, ms(tx.Now), residentID)
		if err != nil {
			return "", time.Time{}, fmt.Errorf("link code: %w", err)
		}
		if taken > 0 {
			continue // another person's code: draw again
		}
		if _, err := tx.exec(`INSERT INTO link_codes (resident_id, platform, code_hash, expires_at, tries)
			VALUES (?, ?, ?, ?, 0) ON CONFLICT (resident_id) DO UPDATE SET platform = excluded.platform,
				code_hash = excluded.code_hash, expires_at = excluded.expires_at, tries = 0`,
			residentID, platform, hash, ms(expires)); err != nil {
			return "", time.Time{}, fmt.Errorf("link code: %w", dbErr(err))
		}
		return code, expires, nil
	}
	return "", time.Time{}, fmt.Errorf("link code: no free code: %w", ErrConflict)
}

func linkHash(code string) []byte {
	sum := sha256.Sum256([]byte("chungsuc-link:" + code))
	return sum[:]
}

// UseLinkCode joins the account of resident `by` (on platform) to the
// resident who made code: their records become one (see MergeResidents),
// kept under the code's maker, whom it returns. A code that matches none
// waiting counts as a wrong guess against every code waiting, and a code
// guessed wrong LinkCodeTries times is burnt: with a million codes and a
// few waiting at once, guessing one is hopeless. It returns ErrNotFound
// for a wrong, expired or burnt code, ErrLinkSelf, ErrLinkSamePlatform,
// or ErrLinkTaken.
func (tx *Tx) UseLinkCode(code string, by int64, platform string) (Resident, error) {
	now := ms(tx.Now)
	var maker int64
	var madeOn string
	err := tx.queryRow(`SELECT resident_id, platform FROM link_codes
		WHERE code_hash = ? AND expires_at > ? AND tries < ?`, linkHash(code), now, LinkCodeTries).Scan(&maker, &madeOn)
	if err != nil {
		if err = dbErr(err); errors.Is(err, ErrNotFound) {
			if _, werr := tx.exec(`UPDATE link_codes SET tries = tries + 1 WHERE expires_at > ?`, now); werr != nil {
				return Resident{}, fmt.Errorf("use link code: %w", werr)
			}
		}
		return Resident{}, fmt.Errorf("use link code: %w", err)
	}
	switch {
	case maker == by:
		return Resident{}, fmt.Errorf("use link code: %w", ErrLinkSelf)
	case madeOn == platform:
		return Resident{}, fmt.Errorf("use link code: %w", ErrLinkSamePlatform)
	}
	if _, err := tx.exec(`DELETE FROM link_codes WHERE resident_id = ?`, maker); err != nil {
		return Resident{}, fmt.Errorf("use link code: %w", err)
	}
	return tx.MergeResidents(maker, by)
}

// LinkedAccounts returns the accounts of a linked resident (none when the
// resident has only one).
func (tx *Tx) LinkedAccounts(residentID int64) ([]LinkedAccount, error) {
	rows, err := tx.query(`SELECT platform, platform_user_id, chat_id, username, linked_at
		FROM linked_accounts WHERE resident_id = ? ORDER BY platform`, residentID)
	if err != nil {
		return nil, fmt.Errorf("linked accounts: %w", err)
	}
	defer rows.Close()
	var out []LinkedAccount
	for rows.Next() {
		var a LinkedAccount
		var at int64
		if err := rows.Scan(&a.Platform, &a.UserID, &a.ChatID, &a.Username, &at); err != nil {
			return nil, fmt.Errorf("linked accounts: %w", err)
		}
		a.LinkedAt = time.UnixMilli(at).UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}

// linkedResident returns the resident an account belongs to through a
// link, or ErrNotFound.
func (tx *Tx) linkedResident(platform, userID string) (int64, error) {
	var id int64
	err := tx.queryRow(`SELECT resident_id FROM linked_accounts WHERE platform = ? AND platform_user_id = ?`,
		platform, userID).Scan(&id)
	return id, dbErr(err)
}

// useAccount makes the linked account (platform, userID) the one resident
// id is reached on: the messenger used last. The account's chat and
// username are kept up to date.
func (tx *Tx) useAccount(id int64, platform, userID, chatID, username string) error {
	if _, err := tx.exec(`UPDATE linked_accounts SET chat_id = ?, username = ?
		WHERE platform = ? AND platform_user_id = ?`, chatID, username, platform, userID); err != nil {
		return err
	}
	_, err := tx.exec(`UPDATE residents SET platform = ?, platform_user_id = ?, chat_id = ?, username = ?
		WHERE id = ? AND NOT (platform = ? AND platform_user_id = ?)`,
		platform, userID, chatID, username, id, platform, userID)
	return err
}

// SetDeliverVia makes what the bot sends on its own reach a linked
// resident on platform ("" = the messenger they used last). It returns
// ErrInvalid when the resident has no linked account on platform.
func (tx *Tx) SetDeliverVia(residentID int64, platform string) error {
	if platform != "" {
		n, err := tx.count(`SELECT count(*) FROM linked_accounts WHERE resident_id = ? AND platform = ?`,
			residentID, platform)
		if err != nil {
			return fmt.Errorf("deliver via %s: %w", platform, err)
		}
		if n == 0 {
			return fmt.Errorf("deliver via %s: no linked account there: %w", platform, ErrInvalid)
		}
	}
	if err := tx.execOne(`UPDATE residents SET deliver_via = ? WHERE id = ?`, platform, residentID); err != nil {
		return fmt.Errorf("deliver via %s: %w", platform, err)
	}
	return nil
}
