package storage

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"
)

// forgetSomeone stores a resident named name with a help request that
// holds phone, writes others around them (so their pages are shared),
// checkpoints, then forgets them.
func forgetSomeone(t *testing.T, db *DB, name, phone string) {
	t.Helper()
	unit := unitID(t, db, "HN-TM-T01")
	var id int64
	update(t, db, func(tx *Tx) error {
		for i := range 30 {
			uid := fmt.Sprint(100 + i)
			r, err := tx.TouchResident("telegram", uid, uid, fmt.Sprintf("Cư dân số %d", i), "", "vi")
			if err != nil {
				return err
			}
			if i == 15 {
				if r, err = tx.TouchResident("telegram", "999", "999", name, "", "vi"); err != nil {
					return err
				}
				id = r.ID
				if err := tx.SetResidentUnit(r.ID, unit); err != nil {
					return err
				}
				if _, err := tx.CreateHelpRequest(HelpRequest{ResidentID: r.ID, UnitID: unit, Kind: NeedMedicine,
					Description: "Cần thuốc cho " + name, Phone: phone, Source: HelpFromSupport}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if _, err := db.write.Exec(`PRAGMA wal_checkpoint(PASSIVE)`); err != nil {
		t.Fatal(err)
	}
	update(t, db, func(tx *Tx) error { _, err := tx.ForgetResident(id); return err })
}

// inFiles returns which of the database's files hold any of the texts.
func inFiles(t *testing.T, db *DB, texts ...string) []string {
	t.Helper()
	var found []string
	for _, p := range []string{db.Path(), db.Path() + "-wal"} {
		b, err := os.ReadFile(p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range texts {
			if bytes.Contains(b, []byte(s)) {
				found = append(found, fmt.Sprintf("%s holds %q", p, s))
			}
		}
	}
	return found
}

// TestForgetLeavesNothingInTheFiles forgets a resident and scans the
// database file and its write-ahead log for their name and phone once
// the scrub that follows the forget is done.
func TestForgetLeavesNothingInTheFiles(t *testing.T) {
	db, _ := openSample(t)
	const name, phone = "Trần Thị Bí Mật", "0912345678"
	forgetSomeone(t, db, name, phone)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := db.WaitScrubbed(ctx); err != nil {
		t.Fatal(err)
	}
	if found := inFiles(t, db, name, phone); len(found) > 0 {
		t.Errorf("after the forget and its scrub:\n%v", found)
	}
	// the others are still there
	var n int64
	view(t, db, func(tx *Tx) (err error) { n, err = tx.count(`SELECT count(*) FROM residents`); return err })
	if n != 30 {
		t.Errorf("%d residents left, want 30", n)
	}
}

// TestScrubWaitsForALongReader holds a read transaction open on another
// connection, as a replication tool such as Litestream does, while a
// resident is forgotten: the bot's writes go on (the scrub holds the
// writer a moment at a time), and once the reader lets go, the next try
// completes and the files are clean.
func TestScrubWaitsForALongReader(t *testing.T) {
	db, _ := openSample(t)
	reader, err := sql.Open("sqlite", "file:"+db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	rtx, err := reader.Begin()
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := rtx.QueryRow(`SELECT count(*) FROM units`).Scan(&n); err != nil { // the read mark is taken
		t.Fatal(err)
	}
	const name, phone = "Lê Văn Riêng Tư", "0987001122"
	forgetSomeone(t, db, name, phone)
	if err := db.Scrub(context.Background()); !errors.Is(err, ErrBusy) {
		t.Errorf("Scrub with a reader in the log = %v, want ErrBusy", err)
	}
	// writes go on while the scrub retries
	for i := range 20 {
		began := time.Now()
		update(t, db, func(tx *Tx) error {
			_, err := tx.TouchResident("telegram", fmt.Sprint(5000+i), "c", "Người mới", "", "vi")
			return err
		})
		if d := time.Since(began); d > 5*time.Second {
			t.Fatalf("a write waited %s behind the scrub", d)
		}
	}
	if err := rtx.Rollback(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := db.WaitScrubbed(ctx); err != nil {
		t.Fatal(err)
	}
	if found := inFiles(t, db, name, phone); len(found) > 0 {
		t.Errorf("after the reader let go and the scrub completed:\n%v", found)
	}
}
