package storage

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strconv"
	"time"
)

const maxSecretLen = 1024

// Setting returns the value stored under key, or ErrNotFound.
func (tx *Tx) Setting(key string) ([]byte, error) {
	var v []byte
	if err := tx.queryRow(`SELECT value FROM settings WHERE key = ?`, key).Scan(&v); err != nil {
		return nil, fmt.Errorf("get setting %q: %w", key, dbErr(err))
	}
	return v, nil
}

// SetSetting stores value under key, replacing any previous value.
func (tx *Tx) SetSetting(key string, value []byte) error {
	if value == nil {
		value = []byte{}
	}
	_, err := tx.exec(`INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("set setting %q: %w", key, err)
	}
	return nil
}

// Secret returns the random value stored under key, creating it on first
// use from n bytes of crypto/rand. Once created it never changes (whatever
// n later calls pass), also across restarts and concurrent first calls.
// It returns ErrInvalid when n is not between 1 and 1024.
func (db *DB) Secret(ctx context.Context, key string, n int) ([]byte, error) {
	if n <= 0 || n > maxSecretLen {
		return nil, fmt.Errorf("secret %q of %d bytes: %w", key, n, ErrInvalid)
	}
	var secret []byte
	err := db.Update(ctx, func(tx *Tx) error {
		v, err := tx.Setting(key)
		if err == nil {
			secret = v
			return nil
		}
		if !errors.Is(err, ErrNotFound) {
			return err
		}
		secret = make([]byte, n)
		if _, err := rand.Read(secret); err != nil {
			return err
		}
		return tx.SetSetting(key, secret)
	})
	if err != nil {
		return nil, fmt.Errorf("secret %q: %w", key, err)
	}
	return secret, nil
}

// Throttle reports whether the action named key may happen now: true when
// it never happened or last happened at least every ago, in which case now
// is recorded as its last time. It serves answers that must not repeat
// often (the bot's one reminder in a group that it works in private).
func (tx *Tx) Throttle(key string, every time.Duration) (bool, error) {
	last, err := tx.Setting(key)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return false, err
	}
	if t, perr := strconv.ParseInt(string(last), 10, 64); err == nil && perr == nil && tx.Now.Sub(time.UnixMilli(t)) < every {
		return false, nil
	}
	return true, tx.SetSetting(key, []byte(strconv.FormatInt(ms(tx.Now), 10)))
}
