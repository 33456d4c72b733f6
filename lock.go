package main

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// A running bot holds an exclusive lock on a file beside its database
// (DB.lock), so that a second bot cannot serve the same database and the
// command line can tell whether one is running.

// lockPath is the lock file of a database.
func lockPath(dbPath string) string { return dbPath + ".lock" }

// lockDB takes the database's lock for a running bot; it fails when
// another bot holds it.
func lockDB(dbPath string) (release func(), err error) {
	f, err := os.OpenFile(lockPath(dbPath), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock database: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, badSetting("another Chung Sức is already running on %s: stop it first, or use another CHUNGSUC_DB", dbPath)
		}
		return nil, fmt.Errorf("lock database: %w", err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// botRunning reports whether a bot holds the database's lock now.
func botRunning(dbPath string) bool {
	f, err := os.Open(lockPath(dbPath))
	if err != nil {
		return false // never locked: no bot has run here
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB); err != nil {
		return errors.Is(err, syscall.EWOULDBLOCK)
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return false
}
