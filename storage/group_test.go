package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
)

func TestGroupCommitRecordsEveryConcurrentWrite(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	const n = 200
	ids := make([]int64, n)
	err := db.Update(ctx, func(tx *Tx) error {
		for i := range ids {
			id, err := tx.Enqueue(OutboxMessage{Platform: "telegram", ChatID: "c" + string(rune('a'+i%26)) + string(rune('a'+i/26)), Kind: "send", Payload: []byte("{}")})
			if err != nil {
				return err
			}
			ids[i] = id
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	claimed, err := db.ClaimOutbox(ctx, "telegram", n)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(claimed), n; got != want {
		t.Fatalf("claimed %d, want %d", got, want)
	}

	t.Run("concurrent marks of sending share statements, and each gets its own outcome", func(t *testing.T) {
		var wg sync.WaitGroup
		errs := make([]error, n+1)
		for i, m := range claimed {
			wg.Go(func() { errs[i] = db.MarkSending(ctx, m.ID) })
		}
		wg.Go(func() { errs[n] = db.MarkSending(ctx, 1<<40) })
		wg.Wait()
		for i, err := range errs[:n] {
			if err != nil {
				t.Errorf("mark sending %d: %v", i, err)
			}
		}
		if !errors.Is(errs[n], ErrNotFound) {
			t.Errorf("marking an unknown message: got %v, want ErrNotFound", errs[n])
		}
		var started int
		err := db.View(ctx, func(tx *Tx) error {
			return tx.queryRow(`SELECT COUNT(*) FROM outbox WHERE status = 'sending' AND started_at IS NOT NULL`).Scan(&started)
		})
		if err != nil || started != n {
			t.Errorf("%d messages marked as started (%v), want %d", started, err, n)
		}
	})
	t.Run("concurrent marks all land, and a failing one undoes only itself", func(t *testing.T) {
		var wg sync.WaitGroup
		errs := make([]error, n+1)
		for i, m := range claimed {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = db.MarkSent(ctx, m.ID, fmt.Sprint("m", m.ID))
			}()
		}
		wg.Add(1)
		go func() { // a message that was never claimed: refused alone
			defer wg.Done()
			errs[n] = db.MarkSent(ctx, 1<<40, "x")
		}()
		wg.Wait()
		for i, err := range errs[:n] {
			if err != nil {
				t.Errorf("mark %d: %v", i, err)
			}
		}
		if !errors.Is(errs[n], ErrNotFound) {
			t.Errorf("marking an unknown message: got %v, want ErrNotFound", errs[n])
		}
		var sent int
		err := db.View(ctx, func(tx *Tx) error {
			return tx.queryRow(`SELECT COUNT(*) FROM outbox WHERE status = 'sent'
				AND platform_message_id = 'm' || id AND sent_at IS NOT NULL`).Scan(&sent)
		})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := sent, n; got != want {
			t.Errorf("%d messages recorded as sent, want %d", got, want)
		}
	})
	t.Run("a second mark of the same message is a conflict", func(t *testing.T) {
		if err := db.MarkSent(ctx, claimed[0].ID, "42"); !errors.Is(err, ErrConflict) {
			t.Errorf("got %v, want ErrConflict", err)
		}
	})
}

func TestTransientTellsRetryableDatabaseErrors(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	err := db.Update(ctx, func(tx *Tx) error {
		_, err := tx.exec(`INSERT INTO no_such_table VALUES (1)`)
		return err
	})
	if err == nil || Transient(err) {
		t.Errorf("a bad statement: err %v, Transient %v; want an error that is not transient", err, Transient(err))
	}
	if Transient(ErrNotFound) || Transient(nil) {
		t.Error("ErrNotFound or nil reported as transient")
	}
}

func TestTransientRecognisesABusyDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "busy.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	other, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	other.SetMaxOpenConns(1)
	ctx := context.Background()
	hold, err := db.write.BeginTx(ctx, nil) // the writer holds the write lock
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Rollback()
	if _, err := hold.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES ('k', x'00')`); err != nil {
		t.Fatal(err)
	}
	_, err = other.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES ('j', x'00')`)
	if err == nil || !Transient(err) {
		t.Errorf("a write while another connection writes: err %v, Transient %v; want a transient error", err, Transient(err))
	}
}
