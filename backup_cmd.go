package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/chungsuc/chungsuc/handlers"
	"github.com/chungsuc/chungsuc/storage"
)

const backupUsage = `Make a consistent copy of the database, even while the bot runs.

The copy is one snapshot (every update committed before it began, none
after), written beside FILE and checked (PRAGMA integrity_check) before it
takes FILE's name. FILE must not exist. The copy holds personal and
health data: it is readable by its owner only; keep it as safe as the
database. Flags may come before or after FILE.
Example:
  chungsuc backup /var/backups/chungsuc/2026-12-03.db`

const restoreUsage = `Put a backup in place of the database. Stop the bot first.

The backup is checked first; a damaged file, or one that is no Chung Sức
database, is refused and nothing is touched. The database it replaces is
kept beside it, as DB.before-restore-<time>. Start the bot again
afterwards: it applies the migrations an older backup lacks.
Example:
  systemctl stop chungsuc
  chungsuc restore /var/backups/chungsuc/2026-12-02.db
  systemctl start chungsuc`

// cmdBackup runs "chungsuc backup FILE".
func cmdBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg config
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	cfg.commonFlags(fs)
	words, err := parseInterleaved(fs, args, stderr, "chungsuc backup [flags] FILE\n\n"+backupUsage)
	if err != nil {
		return err
	}
	if err := cfg.check(); err != nil {
		return err
	}
	if len(words) != 1 {
		return badSetting("give the FILE to write the backup to, e.g. chungsuc backup chungsuc-2026-12-03.db")
	}
	if err := existingDB(cfg.DB); err != nil {
		return err
	}
	db, err := openDB(ctx, cfg.DB, newLogger(stderr, slog.LevelWarn))
	if err != nil {
		return err
	}
	defer db.Close()
	began := time.Now()
	b, err := db.Backup(ctx, words[0])
	if errors.Is(err, storage.ErrConflict) {
		return badSetting("%s already exists: choose a new file, a backup never overwrites one", words[0])
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: a backup of %s (%s), checked sound, in %s\n", b.Path, cfg.DB, handlers.SizeText(b.Bytes),
		time.Since(began).Round(time.Millisecond))
	return nil
}

// cmdRestore runs "chungsuc restore FILE".
func cmdRestore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg config
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	cfg.commonFlags(fs)
	words, err := parseInterleaved(fs, args, stderr, "chungsuc restore [flags] FILE\n\n"+restoreUsage)
	if err != nil {
		return err
	}
	if err := cfg.check(); err != nil {
		return err
	}
	if len(words) != 1 {
		return badSetting("give the backup FILE to restore, e.g. chungsuc restore chungsuc-2026-12-02.db")
	}
	unlock, err := lockDB(cfg.DB) // no bot may start meanwhile
	if err != nil {
		if isConfigError(err) {
			return badSetting("a Chung Sức bot is running on %s: stop it first (systemctl stop chungsuc), then restore", cfg.DB)
		}
		return err
	}
	defer unlock()
	kept, err := storage.Restore(ctx, words[0], cfg.DB, time.Now())
	if errors.Is(err, storage.ErrInvalid) || errors.Is(err, os.ErrNotExist) {
		return badSetting("%v; nothing was changed", err)
	}
	if err != nil {
		return err
	}
	// Open it as the bot will: the migrations an older backup lacks.
	db, err := openDB(ctx, cfg.DB, newLogger(stderr, slog.LevelWarn))
	if err != nil {
		return fmt.Errorf("restored, but the database does not open: %w (the replaced one is %s)", err, kept)
	}
	db.Close()
	fmt.Fprintf(stdout, "%s restored from %s\n", cfg.DB, words[0])
	if kept != "" {
		fmt.Fprintf(stdout, "the database it replaced is kept as %s\n", kept)
	}
	return nil
}

// existingDB refuses a database file that does not exist, rather than
// making an empty one.
func existingDB(path string) error {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return badSetting("there is no database at %s: set CHUNGSUC_DB (or -db) to the bot's database file", path)
	}
	return nil
}
