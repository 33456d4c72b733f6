package storage

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"testing"
)

func TestSecret(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	secret := func(key string, n int) []byte {
		t.Helper()
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		v, err := db.Secret(ctx, key, n)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	first := secret("invite-key", 32)
	t.Run("has the requested length", func(t *testing.T) {
		if got, want := len(first), 32; got != want {
			t.Errorf("len = %d, want %d", got, want)
		}
	})
	t.Run("is stable across reopen", func(t *testing.T) {
		if got := secret("invite-key", 32); !bytes.Equal(got, first) {
			t.Errorf("secret changed after reopen")
		}
	})
	t.Run("differs per key", func(t *testing.T) {
		if got := secret("other", 32); bytes.Equal(got, first) {
			t.Errorf("two keys share a secret")
		}
	})
	t.Run("refuses a zero length", func(t *testing.T) {
		db, _ := openTest(t)
		if _, err := db.Secret(ctx, "k", 0); !errors.Is(err, ErrInvalid) {
			t.Errorf("error = %v, want ErrInvalid", err)
		}
	})
}

func TestSettings(t *testing.T) {
	db, _ := openTest(t)
	update(t, db, func(tx *Tx) error {
		if _, err := tx.Setting("commands"); !errors.Is(err, ErrNotFound) {
			t.Errorf("missing setting error = %v, want ErrNotFound", err)
		}
		for _, v := range []string{"v1", "v2"} {
			if err := tx.SetSetting("commands", []byte(v)); err != nil {
				return err
			}
		}
		v, err := tx.Setting("commands")
		if got, want := string(v), "v2"; got != want {
			t.Errorf("setting = %q, want %q", got, want)
		}
		return err
	})
}
