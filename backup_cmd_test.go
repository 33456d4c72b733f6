package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
	"github.com/chungsuc/chungsuc/storage"
)

// TestBackupAndRestoreCommands takes a backup with `chungsuc backup`
// while the bot applies updates, checks that `restore` refuses while the
// bot runs and refuses a damaged file, then restores the backup once the
// bot has stopped.
func TestBackupAndRestoreCommands(t *testing.T) {
	clearEnv(t)
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	b := startBot(t, fake, "")
	dir := t.TempDir()
	lan := newPerson(t, fake, 801, "Lan", "vi")
	lan.join("HN-TM-T01")
	pushHelp(fake, 300) // a load while the backup runs
	backup := filepath.Join(dir, "today.db")
	code, out, errs := runCmd(t, "", "backup", "-db", b.dbPath, backup)
	if code != 0 || !strings.Contains(out, "checked sound") {
		t.Fatalf("backup: exit %d\n%s%s", code, out, errs)
	}
	if err := storage.CheckFile(context.Background(), backup); err != nil {
		t.Fatalf("the backup: %v", err)
	}
	if code, _, errs := runCmd(t, "", "backup", "-db", b.dbPath, backup); code != 2 || !strings.Contains(errs, "already exists") {
		t.Errorf("a backup over a file: exit %d, %q", code, errs)
	}
	if code, _, errs := runCmd(t, "", "restore", "-db", b.dbPath, backup); code != 2 || !strings.Contains(errs, "stop it first") {
		t.Errorf("restore while the bot runs: exit %d, %q", code, errs)
	}
	if code := b.stop(); code != 0 {
		t.Fatalf("the bot exited with %d", code)
	}

	damaged := filepath.Join(dir, "damaged.db")
	data, _ := os.ReadFile(backup)
	if err := os.WriteFile(damaged, data[:len(data)/3], 0o600); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(b.dbPath)
	if code, _, errs := runCmd(t, "", "restore", "-db", b.dbPath, damaged); code != 2 || !strings.Contains(errs, "nothing was changed") {
		t.Errorf("restore of a damaged file: exit %d, %q", code, errs)
	}
	if after, _ := os.ReadFile(b.dbPath); !bytes.Equal(before, after) {
		t.Error("a refused restore changed the database")
	}
	code, out, errs = runCmd(t, "", "restore", "-db", b.dbPath, backup)
	if code != 0 || !strings.Contains(out, "restored from") || !strings.Contains(out, ".before-restore-") {
		t.Fatalf("restore: exit %d\n%s%s", code, out, errs)
	}
	db, err := storage.Open(context.Background(), b.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	o, err := db.Ops(context.Background(), db.Now())
	if err != nil {
		t.Fatal(err)
	}
	if o.Residents < 1 {
		t.Errorf("the restored database has %d residents: Lan, who joined before the backup, is missing", o.Residents)
	}
}
