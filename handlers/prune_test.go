package handlers_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/handlers"
	"github.com/chungsuc/chungsuc/storage"
)

// TestPruneForgetsWhatNoLongerNeedsKeeping: a loose photo older than a
// day and an update id older than two days go; newer ones stay.
func TestPruneForgetsWhatNoLongerNeedsKeeping(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)
	at := now.Add(-handlers.KeepLoosePhotos - time.Minute)
	db.Now = func() time.Time { return at }
	old, _ := db.PutMedia(ctx, "image/png", []byte("\\x89PNG old"))
	if err := db.Update(ctx, func(tx *storage.Tx) error {
		return tx.RecordUpdate("zalo:1", "m-old", 0)
	}); err != nil {
		t.Fatal(err)
	}
	at = now.Add(-time.Minute)
	fresh, _ := db.PutMedia(ctx, "image/png", []byte("\\x89PNG new"))
	app := handlers.New(handlers.Config{DB: db, Now: func() time.Time { return now }})
	if err := app.Prune(ctx, now); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.Media(ctx, old); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("a loose photo older than a day is kept: %v", err)
	}
	if _, _, err := db.Media(ctx, fresh); err != nil {
		t.Errorf("a photo of a minute ago went: %v", err)
	}
	if err := app.Prune(ctx, now.Add(handlers.KeepUpdateIDs)); err != nil {
		t.Fatal(err)
	}
	var seen bool
	_ = db.View(ctx, func(tx *storage.Tx) error {
		seen, err = tx.UpdateSeen("zalo:1", "m-old")
		return err
	})
	if seen {
		t.Errorf("an update id older than two days is kept")
	}
}
