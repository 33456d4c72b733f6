package storage

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestMigrationKeepsIDsAndNeverReusesThem builds a database as release 2
// left it, with rows in every table whose ids people see, applies the
// later migrations, and checks that every id and link is kept, that
// foreign keys still act, and that a deleted newest id is not handed out
// again.
func TestMigrationKeepsIDsAndNeverReusesThem(t *testing.T) {
	ctx := context.Background()
	old, path, clock := openAtVersion(t, 2)
	pool := old.write
	rows := []string{
		`INSERT INTO units (id, code, name, kind, search_key, created_at, updated_at) VALUES (1, 'W', 'Phường', 'ward', 'phuong', 0, 0)`,
		`INSERT INTO residents (id, platform, platform_user_id, chat_id, name, unit_id, created_at, updated_at, last_seen_at)
			VALUES (1, 'telegram', '11', '11', 'An', 1, 0, 0, 0), (2, 'telegram', '22', '22', 'Bình', 1, 0, 0, 0)`,
		`INSERT INTO roles (id, resident_id, role, unit_id, granted_at) VALUES (1, 2, 'coordinator', 1, 0)`,
		`INSERT INTO deeds (id, resident_id, unit_id, subject, description, created_at)
			VALUES (1, 1, 1, 'self', 'một việc tốt', 0), (2, 1, 1, 'self', 'việc tốt nữa', 0)`,
		`INSERT INTO deed_photos (deed_id, position, file_id) VALUES (2, 0, 'photo')`,
		`INSERT INTO help_requests (id, resident_id, unit_id, kind, source, created_at) VALUES (1, 1, 1, 'food', 'support', 0), (2, 1, 1, 'medicine', 'support', 0)`,
		`INSERT INTO checkins (resident_id, unit_id, day, health, created_at, updated_at) VALUES (1, 1, '2021-08-01', 'well', 0, 0)`,
		`INSERT INTO conversations (resident_id, flow, step, updated_at) VALUES (1, 'deed', 'category', 0)`,
		`INSERT INTO outbox (id, platform, chat_id, resident_id, kind, payload, not_before, created_at, about_resident_id)
			VALUES (1, 'telegram', '11', 1, 'send', x'', 0, 0, NULL), (2, 'telegram', '22', 2, 'send', x'', 0, 0, 1)`,
		`INSERT INTO hotlines (unit_id, label, phone, created_at) VALUES (1, 'Cấp cứu', '115', 0), (1, 'Phường', '0243', 0)`,
	}
	for _, q := range rows {
		if _, err := pool.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := old.migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	pool.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open migrated: %v", err)
	}
	defer db.Close()
	db.Now = clock.Now

	counts := map[string]int64{
		`SELECT count(*) FROM residents WHERE id IN (1, 2)`:                  2,
		`SELECT count(*) FROM roles WHERE id = 1 AND resident_id = 2`:        1,
		`SELECT count(*) FROM deeds WHERE id IN (1, 2) AND resident_id = 1`:  2,
		`SELECT count(*) FROM deed_photos WHERE deed_id = 2`:                 1,
		`SELECT count(*) FROM help_requests WHERE id IN (1, 2)`:              2,
		`SELECT count(*) FROM outbox WHERE id = 2 AND about_resident_id = 1`: 1,
		`SELECT count(*) FROM hotlines WHERE hours = '24/7'`:                 1,
		`PRAGMA foreign_keys`: 1,
	}
	view(t, db, func(tx *Tx) error {
		for q, want := range counts {
			if got, err := tx.count(q); err != nil || got != want {
				t.Errorf("%s = %d, %v; want %d", q, got, err, want)
			}
		}
		return nil
	})

	t.Run("a deleted newest id is never handed out again", func(t *testing.T) {
		var deed, again Deed
		var h HelpRequest
		update(t, db, func(tx *Tx) error {
			var err error
			if deed, err = tx.CreateDeed(Deed{ResidentID: 1, UnitID: 1, Subject: SubjectSelf, Description: "giúp bà cụ"}); err != nil {
				return err
			}
			h, err = tx.CreateHelpRequest(HelpRequest{ResidentID: 1, UnitID: 1, Kind: NeedFood, Source: HelpFromSupport})
			return err
		})
		// A margin of 1000 clears ids deleted before the migration.
		if deed.ID != 1003 || h.ID != 1003 {
			t.Fatalf("new ids = deed %d, help %d; want 1003 and 1003", deed.ID, h.ID)
		}
		update(t, db, func(tx *Tx) error {
			_, err := tx.exec(`DELETE FROM deeds WHERE id = 1003; DELETE FROM help_requests WHERE id = 1003`)
			return err
		})
		update(t, db, func(tx *Tx) error {
			var err error
			if again, err = tx.CreateDeed(Deed{ResidentID: 1, UnitID: 1, Subject: SubjectSelf, Description: "giúp bà cụ"}); err != nil {
				return err
			}
			h, err = tx.CreateHelpRequest(HelpRequest{ResidentID: 1, UnitID: 1, Kind: NeedFood, Source: HelpFromSupport})
			return err
		})
		if again.ID != 1004 || h.ID != 1004 {
			t.Errorf("after deleting the newest, ids = deed %d, help %d; want 1004 and 1004", again.ID, h.ID)
		}
	})

	t.Run("foreign keys still act on the rebuilt tables", func(t *testing.T) {
		update(t, db, func(tx *Tx) error {
			_, err := tx.exec(`DELETE FROM residents WHERE id = 1`)
			return err
		})
		view(t, db, func(tx *Tx) error {
			for q, want := range map[string]int64{
				`SELECT count(*) FROM conversations`:                           0,
				`SELECT count(*) FROM checkins`:                                0,
				`SELECT count(*) FROM deeds WHERE resident_id IS NULL`:         3, // 1, 2 and 1004 (1003 was deleted)
				`SELECT count(*) FROM help_requests WHERE resident_id IS NULL`: 3,
			} {
				if got, err := tx.count(q); err != nil || got != want {
					t.Errorf("%s = %d, %v; want %d", q, got, err, want)
				}
			}
			return nil
		})
	})
}

// TestOpenRefoldsStaleSearchKeys reopens a database whose search keys
// were made by an older Fold: they are made again, once.
func TestOpenRefoldsStaleSearchKeys(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "fold.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportUnits(ctx, strings.NewReader("code,name,kind,parent_code\nW,Phường Ｍａｉ Động,ward,\n")); err != nil {
		t.Fatal(err)
	}
	update(t, db, func(tx *Tx) error {
		_, err := tx.exec(`UPDATE units SET search_key = 'phuong ｍａｉ dong'; DELETE FROM settings WHERE key = 'fold_version'`)
		return err
	})
	db.Close()
	if db, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	view(t, db, func(tx *Tx) error {
		got, err := tx.SearchUnits("mai dong", 0)
		if err == nil && len(got) != 1 {
			t.Errorf("after reopening, a search finds %v; want the unit with its key made again", codes(got))
		}
		return err
	})
}

// openAtVersion opens a new database file with the migrations applied up
// to version only, as an older release left it; the caller fills it and
// then calls migrate.
func openAtVersion(t *testing.T, version int) (db *DB, path string, clock *fakeClock) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "old.db")
	base, err := fileURI(path)
	if err != nil {
		t.Fatal(err)
	}
	pool, err := openPool(context.Background(), base+"?"+pragmas+"&_txlock=immediate", 1)
	if err != nil {
		t.Fatal(err)
	}
	clock = newClock()
	db = &DB{write: pool, wcache: newStmtCache(pool), Now: clock.Now}
	if err := db.migrateTo(context.Background(), version); err != nil {
		t.Fatalf("migrate to %d: %v", version, err)
	}
	return db, path, clock
}
