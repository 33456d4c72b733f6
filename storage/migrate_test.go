package storage

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

// TestMigration005 builds a database as release 4 left it, with rows in
// the tables 005 touches or points at, applies 005, and checks that the
// deeds keep everything (their consent not asked, none published), that
// foreign keys hold, and that the new tables work on the old rows.
func TestMigration005(t *testing.T) {
	ctx := context.Background()
	old, path, clock := openAtVersion(t, 4)
	pool := old.write
	for _, q := range []string{
		`INSERT INTO units (id, code, name, kind, search_key, created_at, updated_at) VALUES (1, 'W', 'Phường', 'ward', 'phuong', 0, 0)`,
		`INSERT INTO units (id, code, name, kind, parent_id, search_key, depth, created_at, updated_at) VALUES (2, 'W-1', 'Tổ 1', 'group', 1, 'to 1', 1, 0, 0)`,
		`INSERT INTO residents (id, platform, platform_user_id, chat_id, name, unit_id, created_at, updated_at, last_seen_at)
			VALUES (1, 'telegram', '11', '11', 'An', 2, 0, 0, 0), (2, 'telegram', '22', '22', 'Bình', 1, 0, 0, 0)`,
		`INSERT INTO roles (id, resident_id, role, unit_id, granted_at) VALUES (1, 2, 'coordinator', 1, 0)`,
		`INSERT INTO deeds (id, resident_id, unit_id, subject, description, status, decided_by, created_at)
			VALUES (1, 1, 2, 'self', 'một việc tốt', 'commended', 2, 0), (2, 1, 2, 'other', 'việc tốt nữa', 'pending', NULL, 0)`,
		`INSERT INTO deed_photos (deed_id, position, file_id) VALUES (1, 0, 'photo')`,
		`INSERT INTO help_requests (id, resident_id, unit_id, kind, source, created_at) VALUES (1, 1, 2, 'food', 'support', 0)`,
		`INSERT INTO dependants (id, resident_id, name, created_at) VALUES (1, 1, 'Bà', 0)`,
		`INSERT INTO checkins (resident_id, dependant_id, unit_id, day, health, created_at, updated_at) VALUES (1, 1, 2, '2021-08-01', 'well', 0, 0)`,
		`INSERT INTO outbox (id, platform, chat_id, resident_id, kind, payload, not_before, created_at, batch_id)
			VALUES (1, 'telegram', '11', 1, 'send', x'', 0, 0, 7)`,
	} {
		if _, err := pool.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := old.migrateTo(ctx, 5); err != nil {
		t.Fatalf("migrate to 5: %v", err)
	}
	update(t, old, func(tx *Tx) error { // the old handle has no readers
		if n, err := tx.count(`SELECT max(version) FROM schema_migrations`); err != nil || n != 5 {
			t.Errorf("schema version %d, %v; want 5", n, err)
		}
		return tx.checkForeignKeys()
	})
	pool.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open migrated: %v", err)
	}
	defer db.Close()
	db.Now = clock.Now

	t.Run("keeps the deeds, their consent not asked and none published", func(t *testing.T) {
		for id, want := range map[int64]string{1: "commended|1|2|1|<nil>|<nil>|0", 2: "pending|1|0|0|<nil>|<nil>|0"} {
			d, err := viewDeed(t, db, id)
			got := fmt.Sprintf("%s|%d|%d|%d|%v|%v|%d", d.Status, d.ResidentID, d.DecidedBy, len(d.Photos),
				d.ReporterConsent, d.SubjectConsent, d.PublishedAppealID)
			if err != nil || got != want {
				t.Errorf("deed %d = %s, %v; want %s", id, got, err, want)
			}
		}
	})
	t.Run("works with the old rows", func(t *testing.T) {
		update(t, db, func(tx *Tx) error {
			yes := true
			if err := tx.SetDeedConsent(1, &yes, &yes); err != nil {
				return err
			}
			a, err := tx.CreateAppeal(Appeal{SenderID: 2, UnitID: 1, Audience: AudienceAll, Kind: AppealKindExample,
				DeedID: 1, Text: "Gương người tốt việc tốt"})
			if err != nil {
				return err
			}
			if a.Total != 2 {
				t.Errorf("the appeal reaches %d, want 2", a.Total)
			}
			if _, _, err := tx.CreateInvite(RoleOfficial, 1, 2, time.Hour); err != nil {
				return err
			}
			return errors.Join(tx.SetDeedPublished(1, a.ID),
				tx.Audit(AuditEntry{ActorID: 2, Action: AuditDeedPublish, UnitID: 2, SubjectID: 1, Target: DeedRef(1), Outcome: AuditOK}))
		})
	})
	t.Run("still forgets a resident", func(t *testing.T) {
		update(t, db, func(tx *Tx) error { _, err := tx.ForgetResident(2); return err })
		for q, want := range map[string]int64{
			`SELECT count(*) FROM appeals WHERE sender_id IS NULL`:     1,
			`SELECT count(*) FROM invites WHERE created_by IS NULL`:    1,
			`SELECT count(*) FROM audit_log WHERE actor_id IS NULL`:    1,
			`SELECT count(*) FROM deeds WHERE published_appeal_id = 1`: 1,
			`PRAGMA foreign_keys`: 1,
		} {
			if got := countRows(t, db, q); got != want {
				t.Errorf("%s = %d, want %d", q, got, want)
			}
		}
	})
}
