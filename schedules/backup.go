package schedules

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"time"
)

// BackupSpec is when the daily backup runs, in the units' time zone: at
// half past two, when few people write.
const BackupSpec = "30 2 * * *"

// DefaultBackupKeep is how many daily backups are kept by default.
const DefaultBackupKeep = 7

// backupTimeout bounds one backup: a city's database takes a minute or
// two on a slow disk.
const backupTimeout = 30 * time.Minute

// backupName is the name of the backups this job makes, and the only
// files of BackupDir it ever removes.
var backupName = regexp.MustCompile(`^chungsuc-\d{8}-\d{6}\.db$`)

// partialName is a backup cut short (the process killed while it wrote).
var partialName = regexp.MustCompile(`^chungsuc-\d{8}-\d{6}\.db\.partial$`)

// runBackup makes the day's backup in BackupDir, then removes the oldest
// of its backups beyond BackupKeep.
func (s *Scheduler) runBackup(ctx context.Context, now time.Time) error {
	dir := s.cfg.BackupDir
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	path := filepath.Join(dir, "chungsuc-"+now.In(s.cfg.Location).Format("20060102-150405")+".db")
	b, err := s.cfg.DB.Backup(ctx, path)
	if err != nil {
		return err
	}
	s.cfg.Log.Info("backup made", "path", b.Path, "bytes", b.Bytes)
	removed, err := pruneBackups(dir, s.cfg.BackupKeep)
	for _, name := range removed {
		s.cfg.Log.Info("old backup removed", "path", filepath.Join(dir, name))
	}
	return err
}

// backupDue reports whether the last backup is more than a day old (or
// there is none): a bot that was down at BackupSpec's time makes one at
// start.
func (s *Scheduler) backupDue(now time.Time) bool {
	last, ok, err := s.cfg.DB.LastBackup(s.ctx)
	if err != nil {
		s.cfg.Log.Warn("last backup not read; making one", "err", err)
		return true
	}
	return !ok || now.Sub(last.At) > 24*time.Hour
}

// pruneBackups removes the oldest backups of dir (by their names, which
// hold their time) beyond keep, and the backups left partial by a crash,
// and returns the names removed.
func pruneBackups(dir string, keep int) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("prune backups: %w", err)
	}
	var names, removed []string
	for _, e := range entries {
		switch {
		case !e.Type().IsRegular():
		case backupName.MatchString(e.Name()):
			names = append(names, e.Name())
		case partialName.MatchString(e.Name()): // this job's, and it runs once at a time
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return removed, fmt.Errorf("prune backups: %w", err)
			}
			removed = append(removed, e.Name())
		}
	}
	slices.Sort(names)
	if len(names) <= keep {
		return removed, nil
	}
	for _, name := range names[:len(names)-keep] {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			return removed, fmt.Errorf("prune backups: %w", err)
		}
		removed = append(removed, name)
	}
	return removed, nil
}
