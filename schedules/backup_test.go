package schedules

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/chungsuc/chungsuc/storage"
)

// TestDailyBackup runs the backup job on five days with three kept: each
// run leaves a sound backup, the oldest go, and a file of another name
// in the folder is never touched.
func TestDailyBackup(t *testing.T) {
	if _, err := cron.ParseStandard(BackupSpec); err != nil {
		t.Fatalf("BackupSpec: %v", err)
	}
	db, f, logs, _ := storedEnv(t)
	dir := filepath.Join(t.TempDir(), "backups")
	s := New(Config{App: f, DB: db, Location: time.UTC, Log: slog.New(slog.NewTextHandler(logs, nil)),
		BackupDir: dir, BackupKeep: 3})
	ctx := context.Background()
	day := time.Date(2026, 12, 1, 2, 30, 0, 0, time.UTC)
	db.Now = func() time.Time { return day }
	if !s.backupDue(day) {
		t.Error("no backup yet, and none due")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	mine := filepath.Join(dir, "chungsuc-old-copy.db")
	if err := os.WriteFile(mine, []byte("kept by the operator"), 0o600); err != nil {
		t.Fatal(err)
	}
	crashed := filepath.Join(dir, "chungsuc-20261130-023000.db.partial")
	if err := os.WriteFile(crashed, []byte("cut short"), 0o600); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if err := s.runBackup(ctx, day); err != nil {
			t.Fatalf("day %d: %v", i, err)
		}
		if s.backupDue(day.Add(time.Hour)) {
			t.Errorf("day %d: a backup is due an hour after one", i)
		}
		day = day.AddDate(0, 0, 1)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{"chungsuc-20261203-023000.db", "chungsuc-20261204-023000.db", "chungsuc-20261205-023000.db",
		"chungsuc-old-copy.db"}
	if !slices.Equal(names, want) {
		t.Errorf("the folder holds %v, want %v", names, want)
	}
	for _, name := range want[:3] {
		if err := storage.CheckFile(ctx, filepath.Join(dir, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if !s.backupDue(day.Add(25 * time.Hour)) {
		t.Error("no backup due a day and more after the last")
	}
}
