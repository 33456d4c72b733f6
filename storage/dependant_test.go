package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// addDependant adds a family member to the resident's household.
func addDependant(tb testing.TB, db *DB, residentID int64, name string) Dependant {
	tb.Helper()
	var d Dependant
	update(tb, db, func(tx *Tx) (err error) {
		d, err = tx.AddDependant(residentID, name)
		return err
	})
	return d
}

// checkInFor saves a well check-in for the family member on each day.
func checkInFor(tb testing.TB, db *DB, residentID, dependantID int64, days ...string) {
	tb.Helper()
	update(tb, db, func(tx *Tx) error {
		for _, day := range days {
			c := Checkin{ResidentID: residentID, DependantID: dependantID, Day: day, Health: HealthWell, Need: NeedNone}
			if _, _, err := tx.SaveCheckin(c); err != nil {
				return err
			}
		}
		return nil
	})
}

func TestCleanDependantName(t *testing.T) {
	for _, tc := range []struct {
		label, in, want string
		err             error
	}{
		{"keeps a plain name", "Bà Nguyễn Thị Lan", "Bà Nguyễn Thị Lan", nil},
		{"tidies the spaces", "  Ông\t Trần   Văn\nHai ", "Ông Trần Văn Hai", nil},
		{"composes decomposed letters", norm.NFD.String("Bé Hà My"), "Bé Hà My", nil},
		{"takes two letters", "Bo", "Bo", nil},
		{"takes 100 letters", strings.Repeat("ữ", 100), strings.Repeat("ữ", 100), nil},
		{"refuses one letter", " A ", "", ErrInvalid},
		{"refuses only spaces", "   ", "", ErrInvalid},
		{"refuses 101 letters", strings.Repeat("a", 101), "", ErrInvalid},
		{"refuses a control character", "Bà\x07Lan", "", ErrInvalid},
		{"refuses an invisible format character", "Bà\u200bLan", "", ErrInvalid},
		{"refuses a direction override", "Bà \u202eLan", "", ErrInvalid},
		{"refuses broken UTF-8", "Bà \xffLan", "", ErrInvalid},
	} {
		t.Run(tc.label, func(t *testing.T) {
			got, err := CleanDependantName(tc.in)
			if got != tc.want || !errors.Is(err, tc.err) || (tc.err == nil && err != nil) {
				t.Errorf("CleanDependantName(%q) = %q, %v; want %q, %v", tc.in, got, err, tc.want, tc.err)
			}
		})
	}
}

func TestAddDependant(t *testing.T) {
	db, clock := openSample(t)
	r := joined(t, db, "1", "HN-TM-T01")
	other := joined(t, db, "2", "HN-TM-T01")
	lan := addDependant(t, db, r.ID, "  Bà  Nguyễn Thị Lan ")
	t.Run("stores the cleaned name", func(t *testing.T) {
		want := Dependant{ID: lan.ID, ResidentID: r.ID, Name: "Bà Nguyễn Thị Lan", CreatedAt: clock.Now()}
		if got := lan; got != want {
			t.Errorf("AddDependant = %+v, want %+v", got, want)
		}
	})
	add := func(residentID int64, name string) error {
		return db.Update(t.Context(), func(tx *Tx) error { _, err := tx.AddDependant(residentID, name); return err })
	}
	for _, tc := range []struct {
		label    string
		resident int64
		name     string
		want     error
	}{
		{"refuses the same name again", r.ID, "Bà Nguyễn Thị Lan", ErrConflict},
		{"refuses it in other letter case", r.ID, "BÀ NGUYỄN THỊ LAN", ErrConflict},
		{"refuses it decomposed", r.ID, norm.NFD.String("bà nguyễn thị lan"), ErrConflict},
		{"refuses a bad name", r.ID, "L", ErrInvalid},
		{"refuses an unknown resident", 9999, "Bé Na", ErrNotFound},
		{"lets another household use the name", other.ID, "Bà Nguyễn Thị Lan", nil},
	} {
		t.Run(tc.label, func(t *testing.T) {
			if err := add(tc.resident, tc.name); !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
				t.Errorf("AddDependant(%q) = %v, want %v", tc.name, err, tc.want)
			}
		})
	}
	t.Run("takes at most MaxDependants", func(t *testing.T) {
		for i := 2; i <= MaxDependants; i++ {
			if err := add(r.ID, fmt.Sprintf("Cháu %d", i)); err != nil {
				t.Fatalf("family member %d: %v", i, err)
			}
		}
		if err := add(r.ID, "Một người nữa"); !errors.Is(err, ErrConflict) {
			t.Errorf("family member %d: %v, want ErrConflict", MaxDependants+1, err)
		}
	})
	t.Run("lists them in the order they were added", func(t *testing.T) {
		view(t, db, func(tx *Tx) error {
			list, err := tx.DependantsOf(r.ID)
			if got, want := len(list), MaxDependants; got != want {
				t.Fatalf("%d family members, want %d", got, want)
			}
			if got, want := list[0].Name+"|"+list[1].Name+"|"+list[9].Name, "Bà Nguyễn Thị Lan|Cháu 2|Cháu 10"; got != want {
				t.Errorf("order = %s, want %s", got, want)
			}
			return err
		})
	})
}

func TestRemoveDependant(t *testing.T) {
	db, _ := openSample(t)
	r := joined(t, db, "1", "HN-TM-T01")
	other := joined(t, db, "2", "HN-TM-T01")
	lan := addDependant(t, db, r.ID, "Bà Lan")
	na := addDependant(t, db, r.ID, "Bé Na")
	theirs := addDependant(t, db, other.ID, "Ông Hai")
	checkIn(t, db, r.ID, "2021-08-01", "2021-08-02")
	checkInFor(t, db, r.ID, lan.ID, "2021-08-01", "2021-08-02", "2021-08-03")
	checkInFor(t, db, r.ID, na.ID, "2021-08-02")
	checkInFor(t, db, other.ID, theirs.ID, "2021-08-02")
	remove := func(residentID, id int64) (Dependant, int, error) {
		var d Dependant
		var n int
		err := db.Update(t.Context(), func(tx *Tx) (err error) {
			d, n, err = tx.RemoveDependant(residentID, id)
			return err
		})
		return d, n, err
	}
	t.Run("refuses another household's family member", func(t *testing.T) {
		if _, _, err := remove(r.ID, theirs.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("RemoveDependant = %v, want ErrNotFound", err)
		}
		if _, _, err := remove(r.ID, 9999); !errors.Is(err, ErrNotFound) {
			t.Errorf("RemoveDependant of an unknown id = %v, want ErrNotFound", err)
		}
	})
	t.Run("deletes them with their check-ins only", func(t *testing.T) {
		d, n, err := remove(r.ID, lan.ID)
		if err != nil || d.Name != "Bà Lan" || n != 3 {
			t.Fatalf("RemoveDependant = %+v, %d, %v; want Bà Lan, 3 check-ins", d, n, err)
		}
		for q, want := range map[string]int64{
			`SELECT count(*) FROM dependants`:                                          2,
			`SELECT count(*) FROM checkins WHERE dependant_id = ` + fmt.Sprint(lan.ID): 0,
			`SELECT count(*) FROM checkins WHERE dependant_id = 0`:                     2,
			`SELECT count(*) FROM checkins WHERE dependant_id <> 0`:                    2,
		} {
			if got := countRows(t, db, q); got != want {
				t.Errorf("%s = %d, want %d", q, got, want)
			}
		}
		if _, _, err := remove(r.ID, lan.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("removing again = %v, want ErrNotFound", err)
		}
	})
	t.Run("a removed id is never handed out again", func(t *testing.T) {
		if _, _, err := remove(other.ID, theirs.ID); err != nil {
			t.Fatal(err)
		}
		if got := addDependant(t, db, other.ID, "Ông Hai"); got.ID <= theirs.ID {
			t.Errorf("new family member id %d, want above %d", got.ID, theirs.ID)
		}
	})
	t.Run("deleting the resident deletes their household", func(t *testing.T) {
		update(t, db, func(tx *Tx) error {
			_, err := tx.exec(`DELETE FROM residents WHERE id = ?`, r.ID)
			return err
		})
		for q, want := range map[string]int64{
			`SELECT count(*) FROM dependants WHERE resident_id = ` + fmt.Sprint(r.ID): 0,
			`SELECT count(*) FROM checkins WHERE resident_id = ` + fmt.Sprint(r.ID):   0,
		} {
			if got := countRows(t, db, q); got != want {
				t.Errorf("%s = %d, want %d", q, got, want)
			}
		}
	})
}

// TestMigrationFamilyKeepsCheckins builds a database as release 3 left it,
// applies 004_family, and checks that every check-in keeps its id and
// becomes the resident's own, and that ids are no longer reused.
func TestMigrationFamilyKeepsCheckins(t *testing.T) {
	ctx := context.Background()
	old, path, clock := openAtVersion(t, 3)
	pool := old.write
	for _, q := range []string{
		`INSERT INTO units (id, code, name, kind, search_key, created_at, updated_at) VALUES (1, 'W', 'Phường', 'ward', 'phuong', 0, 0)`,
		`INSERT INTO residents (id, platform, platform_user_id, chat_id, name, unit_id, created_at, updated_at, last_seen_at)
			VALUES (1, 'telegram', '11', '11', 'An', 1, 0, 0, 0)`,
		`INSERT INTO checkins (id, resident_id, unit_id, day, health, symptoms, need, created_at, updated_at)
			VALUES (3, 1, 1, '2021-08-01', 'symptoms', 'fever', 'food', 5, 6), (7, 1, 1, '2021-08-02', 'well', '', 'none', 7, 8)`,
	} {
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

	var got []string
	view(t, db, func(tx *Tx) error {
		list, err := tx.CheckinsOf(1)
		for _, c := range list {
			got = append(got, fmt.Sprintf("%d %s %d %s %v %s", c.ID, c.Day, c.DependantID, c.Health, c.Symptoms, c.Need))
		}
		return err
	})
	if want := "7 2021-08-02 0 well [] none|3 2021-08-01 0 symptoms [fever] food"; strings.Join(got, "|") != want {
		t.Errorf("check-ins after the migration = %q, want %q", strings.Join(got, "|"), want)
	}
	lan := addDependant(t, db, 1, "Bà Lan")
	checkInFor(t, db, 1, lan.ID, "2021-08-02")
	update(t, db, func(tx *Tx) error {
		_, err := tx.exec(`DELETE FROM checkins WHERE id = (SELECT max(id) FROM checkins)`)
		return err
	})
	checkInFor(t, db, 1, lan.ID, "2021-08-02")
	if got, want := countRows(t, db, `SELECT max(id) FROM checkins`), int64(9); got != want {
		t.Errorf("newest check-in id = %d, want 9 (8 was deleted, and is not reused)", got)
	}
	if got, want := countRows(t, db, `PRAGMA foreign_keys`), int64(1); got != want {
		t.Errorf("foreign_keys = %d after the migration, want %d", got, want)
	}
}
