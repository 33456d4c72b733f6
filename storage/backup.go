package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// LastBackup is what the database remembers of its last backup.
type LastBackup struct {
	At    time.Time `json:"at"`
	Path  string    `json:"path"`
	Bytes int64     `json:"bytes"`
}

// lastBackupKey is the setting that holds the LastBackup.
const lastBackupKey = "last_backup"

// Backup writes a consistent copy of the database to path while the bot
// may be running (VACUUM INTO reads one snapshot: the writes committed
// before it began, none after), checks the copy (CheckFile), and only then
// gives it its name: path never holds a partial or unchecked copy. path
// must not exist. The copy is readable by its owner only, like the
// database. The backup is remembered for /status.
func (db *DB) Backup(ctx context.Context, path string) (LastBackup, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return LastBackup{}, fmt.Errorf("backup: %w", err)
	}
	if _, err := os.Lstat(abs); err == nil {
		return LastBackup{}, fmt.Errorf("backup: %s already exists: %w", abs, ErrConflict)
	}
	if abs == db.path {
		return LastBackup{}, fmt.Errorf("backup: %s is the database itself: %w", abs, ErrInvalid)
	}
	tmp := abs + ".partial"
	_ = os.Remove(tmp) // left by a backup cut short
	if err := privateEmpty(tmp); err != nil {
		return LastBackup{}, fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(tmp)
	if err := db.vacuumInto(ctx, tmp); err != nil {
		return LastBackup{}, fmt.Errorf("backup to %s: %w", abs, err)
	}
	if err := CheckFile(ctx, tmp); err != nil {
		return LastBackup{}, fmt.Errorf("backup: the copy failed its check: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		return LastBackup{}, fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(tmp, abs); err != nil {
		return LastBackup{}, fmt.Errorf("backup: %w", err)
	}
	if err := syncDir(filepath.Dir(abs)); err != nil {
		return LastBackup{}, fmt.Errorf("backup: %w", err)
	}
	b := LastBackup{At: db.now(), Path: abs, Bytes: fileSize(abs)}
	v, _ := json.Marshal(b)
	if err := db.Update(ctx, func(tx *Tx) error { return tx.SetSetting(lastBackupKey, v) }); err != nil {
		return b, fmt.Errorf("backup written to %s, but not remembered: %w", abs, err)
	}
	return b, nil
}

// vacuumInto writes a copy of the database to path with VACUUM INTO, on
// a reader: it only reads this database, and the bot's writer goes on
// meanwhile. Readers are query-only, which VACUUM INTO refuses (it writes
// a file): the connection is let write for it, then made query-only
// again, or dropped.
func (db *DB) vacuumInto(ctx context.Context, path string) error {
	conn, err := db.read.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA query_only = 0`); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `VACUUM INTO ?`, path)
	if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA query_only = 1`); rerr != nil {
		// never back in the pool able to write
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	return err
}

// LastBackup returns the last backup made, ok false if none was.
func (db *DB) LastBackup(ctx context.Context) (b LastBackup, ok bool, err error) {
	var v []byte
	err = db.View(ctx, func(tx *Tx) error {
		v, err = tx.Setting(lastBackupKey)
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return b, false, nil
	}
	if err != nil {
		return b, false, fmt.Errorf("last backup: %w", err)
	}
	if err := json.Unmarshal(v, &b); err != nil {
		return b, false, fmt.Errorf("last backup: %w", err)
	}
	return b, true, nil
}

// CheckFile opens the SQLite file at path read-only and checks that it is
// sound (PRAGMA integrity_check) and that it is a Chung Sức database (it
// has the migrations' table). It changes nothing.
func CheckFile(ctx context.Context, path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	if !st.Mode().IsRegular() || st.Size() == 0 {
		return fmt.Errorf("check %s: not a database file: %w", path, ErrInvalid)
	}
	base, err := fileURI(path)
	if err != nil {
		return err
	}
	pool, err := sql.Open("sqlite", base+"?mode=ro&_pragma=query_only(1)")
	if err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	defer pool.Close()
	var result string
	rows, err := pool.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("check %s: not a sound SQLite database: %v: %w", path, err, ErrInvalid)
	}
	var problems []string
	for rows.Next() {
		if err := rows.Scan(&result); err != nil {
			rows.Close()
			return fmt.Errorf("check %s: %w", path, err)
		}
		if result != "ok" {
			problems = append(problems, result)
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("check %s: not a sound SQLite database: %v: %w", path, err, ErrInvalid)
	}
	if len(problems) > 0 {
		return fmt.Errorf("check %s: damaged: %s: %w", path, strings.Join(problems[:min(len(problems), 3)], "; "), ErrInvalid)
	}
	var n int
	if err := pool.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n == 0 {
		return fmt.Errorf("check %s: not a Chung Sức database (no migrations recorded): %w", path, ErrInvalid)
	}
	return nil
}

// privateEmpty creates an empty file at path, readable by its owner only,
// for VACUUM INTO to fill (it takes an empty file): the copy of health
// data is never readable by others, even half written.
func privateEmpty(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	return f.Close()
}

// syncFile flushes the file at path to the disk.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// syncDir flushes a directory's entries (a rename) to the disk.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}

// Restore replaces the database at dbPath with the backup at from, which
// it checks first (CheckFile): a file that fails the check is refused and
// nothing is touched. The database being replaced, with its -wal and -shm
// files, is kept beside it as dbPath.before-restore-<time>, whose name it
// returns ("" when there was none). No bot may use dbPath meanwhile: the
// caller holds its lock. The next Open applies the migrations a backup
// from an older version lacks.
func Restore(ctx context.Context, from, dbPath string, now time.Time) (kept string, err error) {
	if err := CheckFile(ctx, from); err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	fromAbs, err1 := filepath.Abs(from)
	dbAbs, err2 := filepath.Abs(dbPath)
	if err := errors.Join(err1, err2); err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	if fromAbs == dbAbs {
		return "", fmt.Errorf("restore: %s is the database itself: %w", from, ErrInvalid)
	}
	tmp := dbAbs + ".partial"
	_ = os.Remove(tmp) // left by a restore cut short
	if err := copyDatabase(ctx, fromAbs, tmp); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("restore: %w", err)
	}
	defer os.Remove(tmp)
	if _, err := os.Stat(dbAbs); err == nil {
		kept = dbAbs + ".before-restore-" + now.UTC().Format("20060102-150405")
		if err := moveSet(dbAbs, kept); err != nil {
			return "", fmt.Errorf("restore: keep the database being replaced: %w", err)
		}
	}
	if err := os.Rename(tmp, dbAbs); err != nil {
		if kept != "" {
			err = errors.Join(err, moveSet(kept, dbAbs))
		}
		return "", fmt.Errorf("restore: %w", err)
	}
	if err := syncDir(filepath.Dir(dbAbs)); err != nil {
		return kept, fmt.Errorf("restore: %w", err)
	}
	return kept, nil
}

// moveSet renames a database file with its -wal and -shm files, those
// that exist.
func moveSet(from, to string) error {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		err := os.Rename(from+suffix, to+suffix)
		if err != nil && !(suffix != "" && errors.Is(err, os.ErrNotExist)) {
			return err
		}
	}
	return nil
}

// copyDatabase writes a copy of the database at from, its write-ahead
// log included (a database set aside by a restore, or by a copy of the
// files of a stopped bot, may hold its last commits there), to a new
// file to, readable by its owner only, and flushes it to the disk. It
// reads from without changing it.
func copyDatabase(ctx context.Context, from, to string) error {
	base, err := fileURI(from)
	if err != nil {
		return err
	}
	pool, err := sql.Open("sqlite", base+"?mode=ro")
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := privateEmpty(to); err != nil {
		return err
	}
	if _, err := pool.ExecContext(ctx, `VACUUM INTO ?`, to); err != nil {
		return err
	}
	return syncFile(to)
}
