package storage

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable clock for DB.Now.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock {
	return &fakeClock{t: time.Date(2021, 8, 1, 8, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// openTest opens a database in a new temporary directory with a fake clock.
func openTest(tb testing.TB) (*DB, *fakeClock) {
	tb.Helper()
	db, err := Open(context.Background(), filepath.Join(tb.TempDir(), "chungsuc.db"))
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	clock := newClock()
	db.Now = clock.Now
	return db, clock
}

// openSample opens a test database holding the sample units and hotlines.
func openSample(tb testing.TB) (*DB, *fakeClock) {
	tb.Helper()
	db, clock := openTest(tb)
	if _, err := db.ImportSample(context.Background()); err != nil {
		tb.Fatalf("ImportSample: %v", err)
	}
	return db, clock
}

func update(tb testing.TB, db *DB, fn func(tx *Tx) error) {
	tb.Helper()
	if err := db.Update(context.Background(), fn); err != nil {
		tb.Fatalf("Update: %v", err)
	}
}

func view(tb testing.TB, db *DB, fn func(tx *Tx) error) {
	tb.Helper()
	if err := db.View(context.Background(), fn); err != nil {
		tb.Fatalf("View: %v", err)
	}
}

// unitID returns the id of the unit with that code.
func unitID(tb testing.TB, db *DB, code string) int64 {
	tb.Helper()
	var id int64
	view(tb, db, func(tx *Tx) error {
		u, err := tx.UnitByCode(code)
		id = u.ID
		return err
	})
	return id
}

func TestOpen(t *testing.T) {
	ctx := context.Background()
	t.Run("uses WAL", func(t *testing.T) {
		db, _ := openTest(t)
		for name, pool := range map[string]*sql.DB{"writer": db.write, "reader": db.read} {
			var mode string
			if err := pool.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
				t.Fatal(err)
			}
			if got, want := mode, "wal"; got != want {
				t.Errorf("%s: journal_mode = %q, want %q", name, got, want)
			}
		}
	})
	t.Run("applies pragmas on every reader connection", func(t *testing.T) {
		db, _ := openTest(t)
		for i := 0; i < maxReaders; i++ {
			conn, err := db.read.Conn(ctx) // held open, so each is a new connection
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			var fk, timeout int
			if err := conn.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
				t.Fatal(err)
			}
			if err := conn.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&timeout); err != nil {
				t.Fatal(err)
			}
			if got, want := fk, 1; got != want {
				t.Errorf("connection %d: foreign_keys = %d, want %d", i, got, want)
			}
			if got, want := timeout, 5000; got != want {
				t.Errorf("connection %d: busy_timeout = %d, want %d", i, got, want)
			}
		}
	})
	t.Run("readers cannot write", func(t *testing.T) {
		db, _ := openTest(t)
		err := db.View(ctx, func(tx *Tx) error { return tx.SetSetting("k", []byte("v")) })
		if err == nil {
			t.Error("SetSetting in View succeeded, want an error")
		}
	})
	t.Run("a second open on the same file sees the first one's writes", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "shared.db")
		first, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer first.Close()
		second, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("second Open: %v", err)
		}
		defer second.Close()
		update(t, first, func(tx *Tx) error { return tx.SetSetting("k", []byte("v")) })
		view(t, second, func(tx *Tx) error {
			v, err := tx.Setting("k")
			if got, want := string(v), "v"; got != want {
				t.Errorf("setting = %q, want %q", got, want)
			}
			return err
		})
	})
	t.Run("keeps spaces and special characters in the path", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "a b#c?d%20e")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "chung sức.db")
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		db.Close()
		if _, err := os.Stat(path); err != nil {
			t.Errorf("database file not at the given path: %v", err)
		}
	})
	t.Run("refuses an in-memory database", func(t *testing.T) {
		for _, path := range []string{":memory:", "file::memory:", ""} {
			db, err := Open(ctx, path)
			if err == nil {
				db.Close()
			}
			if got, want := errors.Is(err, ErrInvalid), true; got != want {
				t.Errorf("Open(%q) = %v, want ErrInvalid", path, err)
			}
		}
	})
}

func TestMigrations(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	list, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	applied := func() map[int]int64 {
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		out := map[int]int64{}
		rows, err := db.read.QueryContext(ctx, "SELECT version, applied_at FROM schema_migrations")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var v int
			var at int64
			if err := rows.Scan(&v, &at); err != nil {
				t.Fatal(err)
			}
			out[v] = at
		}
		return out
	}
	first := applied()
	t.Run("records every migration", func(t *testing.T) {
		if got, want := len(first), len(list); got != want {
			t.Errorf("%d migrations recorded, want %d", got, want)
		}
		if _, ok := first[1]; !ok {
			t.Error("migration 1 not recorded")
		}
	})
	t.Run("applies nothing again on reopen", func(t *testing.T) {
		again := applied()
		if got, want := len(again), len(first); got != want {
			t.Errorf("%d migrations recorded, want %d", got, want)
		}
		for v, at := range first {
			if got, want := again[v], at; got != want {
				t.Errorf("migration %d applied_at = %d, want %d (unchanged)", v, got, want)
			}
		}
	})
	t.Run("sorts numerically", func(t *testing.T) {
		for i := 1; i < len(list); i++ {
			if list[i-1].version >= list[i].version {
				t.Errorf("migration %d before %d", list[i-1].version, list[i].version)
			}
		}
	})
}

func TestUpdate(t *testing.T) {
	ctx := context.Background()
	errBoom := errors.New("boom")
	hasSetting := func(db *DB, key string) bool {
		var found bool
		view(t, db, func(tx *Tx) error {
			_, err := tx.Setting(key)
			found = err == nil
			if errors.Is(err, ErrNotFound) {
				return nil
			}
			return err
		})
		return found
	}
	t.Run("commits when fn returns nil", func(t *testing.T) {
		db, _ := openTest(t)
		update(t, db, func(tx *Tx) error { return tx.SetSetting("k", []byte("v")) })
		if got, want := hasSetting(db, "k"), true; got != want {
			t.Errorf("setting kept = %v, want %v", got, want)
		}
	})
	t.Run("rolls back and returns fn's error", func(t *testing.T) {
		db, _ := openTest(t)
		err := db.Update(ctx, func(tx *Tx) error {
			if err := tx.SetSetting("k", []byte("v")); err != nil {
				return err
			}
			return errBoom
		})
		if got, want := errors.Is(err, errBoom), true; got != want {
			t.Errorf("Update error = %v, want boom", err)
		}
		if got, want := hasSetting(db, "k"), false; got != want {
			t.Errorf("setting kept = %v, want %v", got, want)
		}
	})
	t.Run("rolls back on panic and panics again", func(t *testing.T) {
		db, _ := openTest(t)
		func() {
			defer func() {
				if got, want := recover(), any("boom"); got != want {
					t.Errorf("recovered %v, want %v", got, want)
				}
			}()
			_ = db.Update(ctx, func(tx *Tx) error {
				if err := tx.SetSetting("k", []byte("v")); err != nil {
					return err
				}
				panic("boom")
			})
		}()
		if got, want := hasSetting(db, "k"), false; got != want {
			t.Errorf("setting kept = %v, want %v", got, want)
		}
		// The writer connection is usable again.
		update(t, db, func(tx *Tx) error { return tx.SetSetting("after", nil) })
	})
	t.Run("reads the clock once per transaction", func(t *testing.T) {
		db, clock := openTest(t)
		view(t, db, func(tx *Tx) error {
			if got, want := tx.Now, clock.Now(); !got.Equal(want) {
				t.Errorf("tx.Now = %v, want %v", got, want)
			}
			return nil
		})
	})
	t.Run("serialises concurrent writers without busy errors", func(t *testing.T) {
		db, _ := openTest(t)
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for i := 0; i < 20; i++ {
			wg.Add(2)
			go func() {
				defer wg.Done()
				errs <- db.Update(ctx, func(tx *Tx) error {
					_, err := tx.TouchResident("telegram", "1", "1", "An", "", "vi")
					return err
				})
			}()
			go func() {
				defer wg.Done()
				errs <- db.View(ctx, func(tx *Tx) error { _, err := tx.CountResidents(0); return err })
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
	})
}

// TestDatabaseFilesArePrivate checks that the database, its WAL and its
// shared-memory file are readable by their owner only, also when an older
// release left the database readable by everyone.
func TestDatabaseFilesArePrivate(t *testing.T) {
	for _, label := range []string{"new", "existing 0644"} {
		t.Run(label, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "private.db")
			if label != "new" {
				if err := os.WriteFile(path, nil, 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(path, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			db, err := Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			update(t, db, func(tx *Tx) error { return tx.SetSetting("k", []byte("v")) })
			for _, p := range []string{path, path + "-wal", path + "-shm"} {
				st, err := os.Stat(p)
				if err != nil {
					t.Fatal(err)
				}
				if got := st.Mode().Perm(); got&0o077 != 0 {
					t.Errorf("%s has mode %o, want no access for group or others", filepath.Base(p), got)
				}
			}
		})
	}
}

// TestWriteStats: write transactions are counted with how long they held
// the writer; reads are not.
func TestWriteStats(t *testing.T) {
	db, _ := openTest(t)
	db.ResetWriteStats()
	update(t, db, func(tx *Tx) error { time.Sleep(5 * time.Millisecond); return nil })
	update(t, db, func(tx *Tx) error { return nil })
	view(t, db, func(tx *Tx) error { return nil })
	st := db.WriteStats()
	if st.Count != 2 || st.Max < 5*time.Millisecond || st.Total < st.Max {
		t.Errorf("stats %+v, want 2 writes, the longest at least 5 ms", st)
	}
	db.ResetWriteStats()
	if st := db.WriteStats(); st != (WriteStats{}) {
		t.Errorf("after reset: %+v", st)
	}
}

// A durable transaction syncs the WAL at its commit (synchronous FULL);
// the dispatcher's records do not wait for the disk (NORMAL), and the
// switch back and forth keeps each kind at its level.
func TestSynchronousLevels(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	level := func(relaxed bool) int {
		t.Helper()
		var n int
		// not through the statement cache: a prepared PRAGMA keeps the
		// value it was prepared with
		read := func(tx *Tx) error { return tx.tx.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&n) }
		var err error
		if relaxed {
			err = db.updateRelaxed(ctx, read)
		} else {
			err = db.Update(ctx, read)
		}
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	const normal, full = 1, 2
	for i, tc := range []struct {
		relaxed bool
		want    int
	}{{false, full}, {true, normal}, {true, normal}, {false, full}, {true, normal}, {false, full}} {
		if got := level(tc.relaxed); got != tc.want {
			t.Errorf("transaction %d (relaxed %v): synchronous = %d, want %d", i, tc.relaxed, got, tc.want)
		}
	}
}
