package main

import (
	"path/filepath"
	"testing"
)

// TestOneBotPerDatabase: the lock is taken once, seen from outside, and
// free again once released.
func TestOneBotPerDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "lock.db")
	if botRunning(db) {
		t.Fatal("a bot is running on a database never opened")
	}
	release, err := lockDB(db)
	if err != nil {
		t.Fatal(err)
	}
	if !botRunning(db) {
		t.Error("the running bot is not seen")
	}
	if _, err := lockDB(db); err == nil || !isConfigError(err) {
		t.Errorf("a second bot on the same database: %v, want a refusal", err)
	}
	release()
	if botRunning(db) {
		t.Error("the bot is still seen once stopped")
	}
	again, err := lockDB(db)
	if err != nil {
		t.Fatalf("the lock cannot be taken again: %v", err)
	}
	again()
}
