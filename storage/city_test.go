package storage

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// tinyCity is a city small enough for a unit test.
var tinyCity = CitySpec{Code: "TP", Name: "Thành phố Nhỏ", Wards: 3, Groups: 4, Residents: 600, Families: 10,
	Days: 20, LastDay: "2026-12-01", CheckinShare: 40, Deeds: 120, Requests: 40, TZ: "Asia/Ho_Chi_Minh"}

// TestGenerateCity: the fixture has the units, residents, deeds and
// help requests of its spec, check-ins on about the share of days asked,
// unit_days equal to counting the check-ins, and the counting triggers
// and index back as the migrations made them (a check-in saved after it
// is counted); a second run on the same database is refused.
func TestGenerateCity(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "city.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	schema := func() map[string]string {
		out := map[string]string{}
		err := db.View(ctx, func(tx *Tx) error {
			rows, err := tx.tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL`)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var name, sql string
				if err := rows.Scan(&name, &sql); err != nil {
					return err
				}
				out[name] = sql
			}
			return rows.Err()
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	before := schema()
	if _, err := db.City(ctx); !errors.Is(err, ErrNotFound) {
		t.Errorf("the city of an empty database: got %v, want ErrNotFound", err)
	}
	if err := db.GenerateCity(ctx, tinyCity); err != nil {
		t.Fatal(err)
	}
	if spec, err := db.City(ctx); err != nil || spec != tinyCity {
		t.Errorf("the city recorded: got %+v, %v, want %+v", spec, err, tinyCity)
	}
	count := func(query string) int64 {
		t.Helper()
		var n int64
		if err := db.View(ctx, func(tx *Tx) error { return tx.queryRow(query).Scan(&n) }); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return n
	}
	for _, c := range []struct {
		what  string
		query string
		want  int64
	}{
		{"units", `SELECT count(*) FROM units`, 1 + 3 + 3*4},
		{"groups", `SELECT count(*) FROM units WHERE kind = 'group'`, 12},
		{"residents", `SELECT count(*) FROM residents WHERE joined_at IS NOT NULL
			AND unit_id IN (SELECT id FROM units WHERE kind = 'group')`, 600},
		{"deeds", `SELECT count(*) FROM deeds`, 120},
		{"deeds of the campaign", `SELECT count(*) FROM deeds d JOIN campaigns c ON c.id = d.campaign_id`, 120},
		{"help requests", `SELECT count(*) FROM help_requests`, 40},
		{"campaigns", `SELECT count(*) FROM campaigns WHERE starts_on = '2026-11-12'`, 1},
		{"criteria", `SELECT count(*) FROM campaign_criteria`, 5},
		{"check-ins outside the days", `SELECT count(*) FROM checkins WHERE day < '2026-11-12' OR day > '2026-12-01'`, 0},
		{"check-ins after stopping", `SELECT count(*) FROM checkins c JOIN residents r ON r.id = c.resident_id
			WHERE c.created_at >= coalesce(r.stopped_at, r.blocked_at, 1e18)`, 0},
		{"check-ins in another unit", `SELECT count(*) FROM checkins c JOIN residents r ON r.id = c.resident_id
			WHERE c.unit_id <> r.unit_id`, 0},
		{"resolved without a time", `SELECT count(*) FROM help_requests WHERE (status = 'resolved') <> (resolved_at IS NOT NULL)`, 0},
		{"decided without a time", `SELECT count(*) FROM deeds WHERE (status = 'pending') <> (decided_at IS NULL)`, 0},
		{"unit_days not counted", `SELECT count(*) FROM (
			SELECT unit_id, day, count(*), sum(health = 'symptoms'), sum(health = 'f0'), sum(health = 'f1')
				FROM checkins GROUP BY unit_id, day
			EXCEPT SELECT unit_id, day, checkins, symptoms, f0, f1 FROM unit_days)`, 0},
		{"unit_days too many", `SELECT count(*) FROM (SELECT unit_id, day, checkins, symptoms, f0, f1 FROM unit_days
			EXCEPT SELECT unit_id, day, count(*), sum(health = 'symptoms'), sum(health = 'f0'), sum(health = 'f1')
				FROM checkins GROUP BY unit_id, day)`, 0},
		{"unit_people not counted", `SELECT count(*) FROM (` + unitPeopleCount + `
			EXCEPT SELECT unit_id, people FROM unit_people WHERE people <> 0)`, 0},
		{"unit_people too many", `SELECT count(*) FROM (SELECT unit_id, people FROM unit_people WHERE people <> 0
			EXCEPT ` + unitPeopleCount + `)`, 0},
	} {
		if got := count(c.query); got != c.want {
			t.Errorf("%s: got %d, want %d", c.what, got, c.want)
		}
	}
	self := count(`SELECT count(*) FROM checkins WHERE dependant_id = 0`)
	if share := float64(self) / (600 * 20); share < 0.33 || share > 0.42 {
		t.Errorf("residents checked in on %.0f%% of days, want about 40%% (a few stopped)", share*100)
	}
	if n := count(`SELECT count(*) FROM checkins WHERE dependant_id <> 0`); n == 0 {
		t.Error("no family member checked in")
	}
	for _, health := range []string{"well", "symptoms", "f1", "f0"} {
		if n := count(`SELECT count(*) FROM checkins WHERE health = '` + health + `'`); n == 0 && health != "f0" {
			t.Errorf("no check-in is %s", health)
		}
	}
	if n := count(`SELECT count(*) FROM residents WHERE stopped_at IS NOT NULL OR blocked_at IS NOT NULL`); n == 0 || n > 60 {
		t.Errorf("%d residents stopped or blocked, want a few percent", n)
	}
	for _, status := range []string{"approved", "commended", "rejected", "pending"} {
		if n := count(`SELECT count(*) FROM deeds WHERE status = '` + status + `'`); n == 0 {
			t.Errorf("no deed is %s", status)
		}
	}

	after := schema()
	for name, sql := range before {
		if after[name] != sql {
			t.Errorf("%s: after the city\n%s\nwant\n%s", name, after[name], sql)
		}
	}
	for name := range after {
		if _, ok := before[name]; !ok {
			t.Errorf("%s: left in the schema by the city", name)
		}
	}

	t.Run("a check-in after it is counted", func(t *testing.T) {
		unit := count(`SELECT unit_id FROM residents WHERE id = 1`)
		was := count(`SELECT coalesce((SELECT checkins FROM unit_days WHERE unit_id = ` + itoa(unit) + ` AND day = '2026-12-02'), 0)`)
		err := db.Update(ctx, func(tx *Tx) error {
			_, _, err := tx.SaveCheckin(Checkin{ResidentID: 1, Day: "2026-12-02", Health: HealthF0, Need: NeedNone})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := count(`SELECT checkins + f0 FROM unit_days WHERE unit_id = ` + itoa(unit) + ` AND day = '2026-12-02'`); got != was+2 {
			t.Errorf("unit_days after a check-in: checkins + f0 = %d, want %d", got, was+2)
		}
	})
	t.Run("a database not empty is refused", func(t *testing.T) {
		if err := db.GenerateCity(ctx, tinyCity); !errors.Is(err, ErrConflict) {
			t.Errorf("got %v, want ErrConflict", err)
		}
	})
	t.Run("the end is 20:00 of the last day", func(t *testing.T) {
		end, err := tinyCity.CityEnd()
		if err != nil {
			t.Fatal(err)
		}
		if got, want := end.UTC(), time.Date(2026, 12, 1, 13, 0, 0, 0, time.UTC); !got.Equal(want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestPeopleBelowCountsAsTheRows: on the tiny city, the people counted
// below the city, a ward and a group (family members found from the
// residents or the other way round, by which are fewer) are what a plain
// count of the rows gives.
func TestPeopleBelowCountsAsTheRows(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "city.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.GenerateCity(ctx, tinyCity); err != nil {
		t.Fatal(err)
	}
	err = db.View(ctx, func(tx *Tx) error {
		for _, code := range []string{"TP", "TP-P02", "TP-P03-T04"} {
			unit, err := tx.UnitByCode(code)
			if err != nil {
				return err
			}
			people, err := tx.PeopleBelow(unit.ID)
			if err != nil {
				return err
			}
			got := people.ByUnit
			want := map[int64]Figures{}
			rows, err := tx.query(belowCTE+` SELECT down.top, count(*),
					sum(r.stopped_at IS NULL AND r.blocked_at IS NULL),
					sum(CASE WHEN r.stopped_at IS NULL AND r.blocked_at IS NULL
						THEN 1 + (SELECT count(*) FROM dependants d WHERE d.resident_id = r.id) ELSE 0 END)
				FROM down JOIN residents r ON r.unit_id = down.id WHERE r.joined_at IS NOT NULL GROUP BY down.top`, unit.ID)
			if err != nil {
				return err
			}
			for rows.Next() {
				var id int64
				var all, active, people int
				if err := rows.Scan(&id, &all, &active, &people); err != nil {
					rows.Close()
					return err
				}
				want[id] = Figures{People: people, Joined: active, Stopped: all - active}
			}
			rows.Close()
			for id, w := range want {
				g := got[id]
				if g == nil || g.People != w.People || g.Joined != w.Joined || g.Stopped != w.Stopped {
					t.Errorf("%s, unit %d: got %+v, want %+v", code, id, g, w)
				}
			}
			for id, g := range got {
				if _, ok := want[id]; !ok && (g.People != 0 || g.Joined != 0 || g.Stopped != 0) {
					t.Errorf("%s, unit %d: got %+v, want nobody", code, id, g)
				}
			}
			if len(want) == 0 {
				t.Errorf("%s: nobody below", code)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
