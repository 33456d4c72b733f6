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
// hold their time) beyond keep, and returns the names removed.
func pruneBackups(dir string, keep int) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("prune backups: %w", err)
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && backupName.MatchString(e.Name()) {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	if len(names) <= keep {
		return nil, nil
	}
	old := names[:len(names)-keep]
	for _, name := range old {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			return nil, fmt.Errorf("prune backups: %w", err)
		}
	}
	return old, nil
}
