package storage

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestBackupUnderLoad takes a backup while another goroutine keeps
// writing, and checks that the copy is sound and holds every write
// committed before the backup began.
func TestBackupUnderLoad(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	var committed atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 1; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			id := strconv.Itoa(i)
			if err := db.Update(ctx, func(tx *Tx) error {
				_, err := tx.TouchResident("telegram", id, id, "Cư dân "+id, "", "vi")
				return err
			}); err != nil {
				t.Error(err)
				return
			}
			committed.Store(int64(i))
		}
	})
	for committed.Load() < 50 {
		time.Sleep(time.Millisecond)
	}
	before := committed.Load()
	path := filepath.Join(t.TempDir(), "copy.db")
	b, err := db.Backup(ctx, path)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("Backup: %v", err)
	}
	if b.Path != path || b.Bytes <= 0 {
		t.Errorf("Backup = %+v", b)
	}
	if err := CheckFile(ctx, path); err != nil {
		t.Fatalf("the backup fails its check: %v", err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("the backup's mode is %v, want 0600", st.Mode().Perm())
	}
	copied, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer copied.Close()
	o, err := copied.Ops(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if int64(o.Residents) < before || int64(o.Residents) > committed.Load() {
		t.Errorf("the backup holds %d residents; %d were committed before it began, %d in all",
			o.Residents, before, committed.Load())
	}
	last, ok, err := db.LastBackup(ctx)
	if err != nil || !ok || last.Path != path {
		t.Errorf("LastBackup = %+v, %v, %v", last, ok, err)
	}
	if _, err := db.Backup(ctx, path); !errors.Is(err, ErrConflict) {
		t.Errorf("a backup over an existing file: %v, want ErrConflict", err)
	}
	if _, err := os.Stat(path + ".partial"); !os.IsNotExist(err) {
		t.Errorf("a partial file was left: %v", err)
	}
}

// TestCheckFileRefuses checks that CheckFile refuses what is not a sound
// Chung Sức database, and changes none of them.
func TestCheckFileRefuses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, _ := openTest(t)
	good := filepath.Join(dir, "good.db")
	if _, err := db.Backup(ctx, good); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	damaged := append([]byte(nil), data...)
	for i := 4096; i < len(damaged) && i < 4096*6; i++ { // pages after the first
		damaged[i] ^= 0x5a
	}
	other := filepath.Join(dir, "other.db")
	plain, err := sql.Open("sqlite", "file:"+other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plain.Exec(`CREATE TABLE notes (x TEXT)`); err != nil {
		t.Fatal(err)
	}
	plain.Close()
	files := map[string][]byte{
		"text.db":      []byte("this is not a database at all, only some text"),
		"empty.db":     {},
		"truncated.db": data[:len(data)/2],
		"damaged.db":   damaged,
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"text.db", "empty.db", "truncated.db", "damaged.db", "other.db", "missing.db"} {
		p := filepath.Join(dir, name)
		before, _ := os.ReadFile(p)
		if err := CheckFile(ctx, p); err == nil {
			t.Errorf("CheckFile(%s) = nil, want a refusal", name)
		}
		if after, _ := os.ReadFile(p); !bytes.Equal(before, after) {
			t.Errorf("CheckFile changed %s", name)
		}
	}
}

// TestRestore restores a backup over a database changed since, keeping
// the replaced one beside it, and refuses a damaged file without touching
// anything.
func TestRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "bot.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	touch := func(db *DB, id string) {
		if err := db.Update(ctx, func(tx *Tx) error {
			_, err := tx.TouchResident("telegram", id, id, "Cư dân", "", "vi")
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	touch(db, "1")
	backup := filepath.Join(dir, "yesterday.db")
	if _, err := db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	touch(db, "2")
	db.Close()

	bad := filepath.Join(dir, "bad.db")
	if err := os.WriteFile(bad, []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	if _, err := Restore(ctx, bad, path, time.Now()); err == nil {
		t.Fatal("a damaged backup was restored")
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("a refused restore changed the database")
	}

	kept, err := Restore(ctx, backup, path, time.Date(2026, 12, 3, 9, 30, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if want := path + ".before-restore-20261203-093000"; kept != want {
		t.Errorf("kept = %q, want %q", kept, want)
	}
	count := func(p string) int {
		d, err := Open(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		o, err := d.Ops(ctx, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		return o.Residents
	}
	if n := count(path); n != 1 {
		t.Errorf("the restored database has %d residents, want 1 (yesterday's)", n)
	}
	if n := count(kept); n != 2 {
		t.Errorf("the database kept aside has %d residents, want 2", n)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("the restored database's mode is %v, want 0600", st.Mode().Perm())
	}
}

// TestRestoreKeepsTheLogOfTheSource restores a database whose last
// commits are still in its write-ahead log (its files copied while it was
// open, as a bot stopped at once leaves them): they are restored too.
func TestRestoreKeepsTheLogOfTheSource(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := Open(ctx, filepath.Join(dir, "live.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, id := range []string{"1", "2"} {
		if err := db.Update(ctx, func(tx *Tx) error {
			_, err := tx.TouchResident("telegram", id, id, "Cư dân", "", "vi")
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	aside := filepath.Join(dir, "aside.db")
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(db.Path() + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if suffix == "-wal" && len(b) == 0 {
			t.Fatal("the log is empty: nothing to test")
		}
		if err := os.WriteFile(aside+suffix, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	target := filepath.Join(dir, "bot.db")
	if _, err := Restore(ctx, aside, target, time.Now()); err != nil {
		t.Fatal(err)
	}
	restored, err := Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	o, err := restored.Ops(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if o.Residents != 2 {
		t.Errorf("the restored database has %d residents, want the 2 committed (some only in the log)", o.Residents)
	}
}
