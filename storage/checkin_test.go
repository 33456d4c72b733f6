package storage

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"
)

// joined creates a resident who joined the unit with that code.
func joined(tb testing.TB, db *DB, userID, code string) Resident {
	tb.Helper()
	r := touch(tb, db, userID, "Cư dân "+userID)
	unit := unitID(tb, db, code)
	update(tb, db, func(tx *Tx) error { return tx.SetResidentUnit(r.ID, unit) })
	r.UnitID = unit
	return r
}

// checkIn saves a well check-in for the resident on each day.
func checkIn(tb testing.TB, db *DB, residentID int64, days ...string) {
	tb.Helper()
	update(tb, db, func(tx *Tx) error {
		for _, day := range days {
			c := Checkin{ResidentID: residentID, Day: day, Health: HealthWell, Need: NeedNone}
			if _, _, err := tx.SaveCheckin(c); err != nil {
				return err
			}
		}
		return nil
	})
}

func countRows(tb testing.TB, db *DB, query string, args ...any) int64 {
	tb.Helper()
	var n int64
	view(tb, db, func(tx *Tx) (err error) {
		n, err = tx.count(query, args...)
		return err
	})
	return n
}

func TestSaveCheckin(t *testing.T) {
	db, clock := openSample(t)
	r := joined(t, db, "1", "HN-TM-T01")
	save := func(c Checkin) (Checkin, bool) {
		t.Helper()
		var saved Checkin
		var created bool
		update(t, db, func(tx *Tx) (err error) {
			saved, created, err = tx.SaveCheckin(c)
			return err
		})
		return saved, created
	}
	first, created := save(Checkin{ResidentID: r.ID, Day: "2021-08-01", Health: HealthSymptoms,
		Symptoms: []string{"fever", " cough ", ""}, Need: NeedFood})
	t.Run("creates the day's check-in in the resident's unit", func(t *testing.T) {
		want := Checkin{ID: first.ID, ResidentID: r.ID, UnitID: r.UnitID, Day: "2021-08-01",
			Health: HealthSymptoms, Symptoms: []string{"fever", "cough"}, Need: NeedFood,
			CreatedAt: clock.Now(), UpdatedAt: clock.Now()}
		if got, want := fmt.Sprintf("%+v", first), fmt.Sprintf("%+v", want); got != want {
			t.Errorf("saved %s\nwant  %s", got, want)
		}
		if got, want := created, true; got != want {
			t.Errorf("created = %v, want %v", got, want)
		}
	})
	t.Run("updates the same day's check-in", func(t *testing.T) {
		clock.Advance(time.Hour)
		second, created := save(Checkin{ResidentID: r.ID, UnitID: r.UnitID, Day: "2021-08-01",
			Health: HealthWell, Pledge5K: true, Need: NeedNone})
		if got, want := created, false; got != want {
			t.Errorf("created = %v, want %v", got, want)
		}
		want := Checkin{ID: first.ID, ResidentID: r.ID, UnitID: r.UnitID, Day: "2021-08-01",
			Health: HealthWell, Pledge5K: true, Need: NeedNone,
			CreatedAt: first.CreatedAt, UpdatedAt: clock.Now()}
		if got, want := fmt.Sprintf("%+v", second), fmt.Sprintf("%+v", want); got != want {
			t.Errorf("saved %s\nwant  %s", got, want)
		}
		if got, want := countRows(t, db, `SELECT count(*) FROM checkins`), int64(1); got != want {
			t.Errorf("%d check-ins stored, want %d", got, want)
		}
	})
	t.Run("keeps different days apart", func(t *testing.T) {
		next, created := save(Checkin{ResidentID: r.ID, Day: "2021-08-02", Health: HealthF1, Need: NeedMedicine})
		if got, want := created, true; got != want {
			t.Errorf("created = %v, want %v", got, want)
		}
		view(t, db, func(tx *Tx) error {
			c, err := tx.CheckinOn(r.ID, "2021-08-01")
			if got, want := c.Health, HealthWell; got != want {
				t.Errorf("2021-08-01 health = %q, want %q", got, want)
			}
			list, err2 := tx.CheckinsOf(r.ID)
			var ids []int64
			for _, c := range list {
				ids = append(ids, c.ID)
			}
			if got, want := ids, []int64{next.ID, first.ID}; !slices.Equal(got, want) {
				t.Errorf("CheckinsOf = %v, want newest first %v", got, want)
			}
			return errors.Join(err, err2)
		})
	})
	t.Run("reports a day without check-in as not found", func(t *testing.T) {
		err := db.View(t.Context(), func(tx *Tx) error { _, err := tx.CheckinOn(r.ID, "2021-07-01"); return err })
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("CheckinOn = %v, want ErrNotFound", err)
		}
	})
	loner := touch(t, db, "2", "Chưa vào tổ")
	ok := Checkin{ResidentID: r.ID, Day: "2021-08-03", Health: HealthWell, Need: NeedNone}
	for _, tc := range []struct {
		label string
		edit  func(c *Checkin)
		want  error
	}{
		{"an unknown health", func(c *Checkin) { c.Health = "sick" }, ErrInvalid},
		{"an unknown need", func(c *Checkin) { c.Need = "money" }, ErrInvalid},
		{"a malformed day", func(c *Checkin) { c.Day = "3/8/2021" }, ErrInvalid},
		{"an impossible day", func(c *Checkin) { c.Day = "2021-02-30" }, ErrInvalid},
		{"a symptom key with a comma", func(c *Checkin) { c.Symptoms = []string{"a,b"} }, ErrInvalid},
		{"a resident in no unit", func(c *Checkin) { c.ResidentID = loner.ID }, ErrInvalid},
		{"an unknown resident", func(c *Checkin) { c.ResidentID = 9999 }, ErrNotFound},
		{"an unknown unit", func(c *Checkin) { c.UnitID = 9999 }, ErrNotFound},
	} {
		t.Run("refuses "+tc.label, func(t *testing.T) {
			c := ok
			tc.edit(&c)
			err := db.Update(t.Context(), func(tx *Tx) error { _, _, err := tx.SaveCheckin(c); return err })
			if !errors.Is(err, tc.want) {
				t.Errorf("SaveCheckin = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestCheckinStreak(t *testing.T) {
	db, _ := openSample(t)
	gaps := joined(t, db, "1", "HN-TM-T01")
	edges := joined(t, db, "2", "HN-TM-T01")
	other := joined(t, db, "3", "HN-TM-T01")
	checkIn(t, db, gaps.ID, "2021-08-01", "2021-08-02", "2021-08-03", "2021-08-05", "2021-08-06")
	checkIn(t, db, edges.ID, "2021-07-30", "2021-07-31", "2021-08-01",
		"2021-09-30", "2021-10-01", "2021-12-31", "2022-01-01", "2024-02-28", "2024-02-29", "2024-03-01")
	checkIn(t, db, other.ID, "2021-08-04", "2021-08-07", "2021-07-31")
	for _, tc := range []struct {
		label    string
		resident int64
		day      string
		want     int
	}{
		{"counts back to the last gap", gaps.ID, "2021-08-06", 2},
		{"counts one just after a gap", gaps.ID, "2021-08-05", 1},
		{"counts a run", gaps.ID, "2021-08-03", 3},
		{"is zero on a day without check-in", gaps.ID, "2021-08-04", 0},
		{"is zero the day after", gaps.ID, "2021-08-07", 0},
		{"ignores other residents' check-ins", gaps.ID, "2021-08-01", 1},
		{"crosses a 31-day month's end", edges.ID, "2021-08-01", 3},
		{"crosses a 30-day month's end", edges.ID, "2021-10-01", 2},
		{"crosses a year's end", edges.ID, "2022-01-01", 2},
		{"crosses a leap day", edges.ID, "2024-03-01", 3},
	} {
		t.Run(tc.label, func(t *testing.T) {
			view(t, db, func(tx *Tx) error {
				n, err := tx.CheckinStreak(tc.resident, tc.day)
				if got, want := n, tc.want; got != want {
					t.Errorf("streak on %s = %d, want %d", tc.day, got, want)
				}
				return err
			})
		})
	}
}

func TestParticipation(t *testing.T) {
	db, _ := openSample(t)
	const day = "2021-08-01"
	in := joined(t, db, "in", "HN-TM-T01")
	notYet := joined(t, db, "notyet", "HN-TM-T01")
	stopped := joined(t, db, "stopped", "HN-TM-T01")
	blocked := joined(t, db, "blocked", "HN-TM-T01")
	neighbour := joined(t, db, "neighbour", "HN-TM-T02")
	checkIn(t, db, in.ID, day)
	checkIn(t, db, notYet.ID, "2021-07-31")
	checkIn(t, db, stopped.ID, day)
	checkIn(t, db, blocked.ID, day)
	checkIn(t, db, neighbour.ID, day)
	update(t, db, func(tx *Tx) error {
		if err := tx.SetResidentStopped(stopped.ID, true); err != nil {
			return err
		}
		_, err := tx.exec(`UPDATE residents SET blocked_at = 1 WHERE id = ?`, blocked.ID)
		return err
	})
	for _, tc := range []struct {
		label                    string
		unit                     string
		checkedIn, residentCount int
	}{
		// the check-ins made in the unit that day: a resident who stopped or
		// blocked the bot after checking in still counts that day, but
		// never more than the people
		{"counts the day's check-ins of the unit over its active residents", "HN-TM-T01", 2, 2},
		{"counts another unit apart", "HN-TM-T02", 1, 1},
		{"does not add the units below", "HN-TM", 0, 0},
	} {
		t.Run(tc.label, func(t *testing.T) {
			view(t, db, func(tx *Tx) error {
				checked, total, err := tx.Participation(unitID(t, db, tc.unit), day)
				if got, want := fmt.Sprint(checked, "/", total), fmt.Sprint(tc.checkedIn, "/", tc.residentCount); got != want {
					t.Errorf("participation = %s, want %s", got, want)
				}
				return err
			})
		})
	}
}

func TestHouseholdCheckins(t *testing.T) {
	db, _ := openSample(t)
	r := joined(t, db, "1", "HN-TM-T01")
	other := joined(t, db, "2", "HN-TM-T01")
	lan := addDependant(t, db, r.ID, "Bà Lan")
	na := addDependant(t, db, r.ID, "Bé Na")
	theirs := addDependant(t, db, other.ID, "Ông Hai")
	save := func(c Checkin) (Checkin, bool, error) {
		var saved Checkin
		var created bool
		err := db.Update(t.Context(), func(tx *Tx) (err error) {
			saved, created, err = tx.SaveCheckin(c)
			return err
		})
		return saved, created, err
	}
	const day = "2021-08-02"
	own, _, err := save(Checkin{ResidentID: r.ID, Day: day, Health: HealthWell, Need: NeedNone})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("keeps each person's check-in of the day apart", func(t *testing.T) {
		first, created, err := save(Checkin{ResidentID: r.ID, DependantID: lan.ID, Day: day, Health: HealthF1, Need: NeedFood})
		if err != nil || !created || first.DependantID != lan.ID || first.ID == own.ID {
			t.Fatalf("SaveCheckin for Bà Lan = %+v, %v, %v; want a new check-in of hers", first, created, err)
		}
		again, created, err := save(Checkin{ResidentID: r.ID, DependantID: lan.ID, Day: day, Health: HealthWell, Need: NeedNone})
		if err != nil || created || again.ID != first.ID || again.Health != HealthWell {
			t.Errorf("SaveCheckin again = %+v, %v, %v; want her check-in %d updated", again, created, err, first.ID)
		}
		view(t, db, func(tx *Tx) error {
			mine, err := tx.CheckinOn(r.ID, day)
			if mine.ID != own.ID || mine.DependantID != 0 {
				t.Errorf("CheckinOn = %+v, want the resident's own %d", mine, own.ID)
			}
			hers, err2 := tx.CheckinFor(r.ID, lan.ID, day)
			if hers.ID != first.ID {
				t.Errorf("CheckinFor Bà Lan = %+v, want %d", hers, first.ID)
			}
			_, err3 := tx.CheckinFor(r.ID, na.ID, day)
			if !errors.Is(err3, ErrNotFound) {
				t.Errorf("CheckinFor Bé Na = %v, want ErrNotFound", err3)
			}
			return errors.Join(err, err2)
		})
	})
	t.Run("refuses a family member who is not the resident's", func(t *testing.T) {
		for _, id := range []int64{theirs.ID, 9999} {
			if _, _, err := save(Checkin{ResidentID: r.ID, DependantID: id, Day: day, Health: HealthWell, Need: NeedNone}); !errors.Is(err, ErrNotFound) {
				t.Errorf("SaveCheckin for family member %d = %v, want ErrNotFound", id, err)
			}
		}
		if _, _, err := save(Checkin{ResidentID: r.ID, DependantID: -1, Day: day, Health: HealthWell, Need: NeedNone}); !errors.Is(err, ErrInvalid) {
			t.Errorf("SaveCheckin for family member -1 = %v, want ErrInvalid", err)
		}
	})
	checkInFor(t, db, r.ID, na.ID, "2021-07-31", "2021-08-01", day)
	checkIn(t, db, r.ID, "2021-08-01")
	t.Run("counts a streak per person", func(t *testing.T) {
		view(t, db, func(tx *Tx) error {
			var got []int
			for _, id := range []int64{0, lan.ID, na.ID} {
				n, err := tx.CheckinStreakFor(r.ID, id, day)
				if err != nil {
					return err
				}
				got = append(got, n)
			}
			own, err := tx.CheckinStreak(r.ID, day)
			if want := []int{2, 1, 3}; !slices.Equal(got, want) || own != 2 {
				t.Errorf("streaks of the resident, Bà Lan, Bé Na = %v (own %d), want %v", got, own, want)
			}
			return err
		})
	})
	t.Run("lists the household's check-ins", func(t *testing.T) {
		view(t, db, func(tx *Tx) error {
			today, err := tx.HouseholdCheckinsOn(r.ID, day)
			var who []int64
			for _, c := range today {
				who = append(who, c.DependantID)
			}
			if want := []int64{0, lan.ID, na.ID}; !slices.Equal(who, want) {
				t.Errorf("HouseholdCheckinsOn = %v, want %v", who, want)
			}
			all, err2 := tx.CheckinsOf(r.ID)
			var got []string
			for _, c := range all {
				got = append(got, fmt.Sprint(c.Day[8:], "/", c.DependantID))
			}
			want := []string{"02/0", fmt.Sprint("02/", lan.ID), fmt.Sprint("02/", na.ID), "01/0", fmt.Sprint("01/", na.ID), fmt.Sprint("31/", na.ID)}
			if !slices.Equal(got, want) {
				t.Errorf("CheckinsOf = %v, want %v", got, want)
			}
			return errors.Join(err, err2)
		})
	})
}

func TestParticipationCountsFamilyMembers(t *testing.T) {
	db, _ := openSample(t)
	const day = "2021-08-01"
	in := joined(t, db, "in", "HN-TM-T01")
	notYet := joined(t, db, "notyet", "HN-TM-T01")
	stopped := joined(t, db, "stopped", "HN-TM-T01")
	neighbour := joined(t, db, "neighbour", "HN-TM-T02")
	lan := addDependant(t, db, in.ID, "Bà Lan")
	addDependant(t, db, in.ID, "Bé Na") // not checked in
	hai := addDependant(t, db, notYet.ID, "Ông Hai")
	gone := addDependant(t, db, stopped.ID, "Bà Tư")
	far := addDependant(t, db, neighbour.ID, "Cụ Năm")
	checkIn(t, db, in.ID, day)
	checkInFor(t, db, in.ID, lan.ID, day)
	checkInFor(t, db, notYet.ID, hai.ID, day) // for a family member, not themself
	checkInFor(t, db, stopped.ID, gone.ID, day)
	checkInFor(t, db, neighbour.ID, far.ID, day)
	update(t, db, func(tx *Tx) error { return tx.SetResidentStopped(stopped.ID, true) })
	for _, tc := range []struct {
		label             string
		unit              string
		checkedIn, people int
	}{
		// in, Bà Lan, Ông Hai, and Bà Tư (checked in before her resident
		// stopped: the day's check-ins stand)
		{"counts active residents and their family members", "HN-TM-T01", 4, 5},
		{"counts another unit apart", "HN-TM-T02", 1, 2},
	} {
		t.Run(tc.label, func(t *testing.T) {
			view(t, db, func(tx *Tx) error {
				checked, total, err := tx.Participation(unitID(t, db, tc.unit), day)
				if got, want := fmt.Sprint(checked, "/", total), fmt.Sprint(tc.checkedIn, "/", tc.people); got != want {
					t.Errorf("participation = %s, want %s", got, want)
				}
				return err
			})
		})
	}
}

// BenchmarkSaveCheckin measures one resident's daily check-in among 10,000
// residents with two weeks of history: the check-in, its streak and the
// unit's participation, in one write transaction.
func BenchmarkSaveCheckin(b *testing.B) {
	db, _ := openSample(b)
	const residents, history = 10000, 14
	start := time.Date(2021, 8, 1, 0, 0, 0, 0, time.UTC)
	var ids []int64
	update(b, db, func(tx *Tx) error {
		units, err := tx.units(`SELECT ` + unitCols + ` FROM units WHERE kind = 'group' ORDER BY id`)
		if err != nil {
			return err
		}
		for i := range residents {
			unit := units[i%len(units)].ID
			var id int64
			err := tx.queryRow(`INSERT INTO residents (platform, platform_user_id, chat_id, unit_id,
				created_at, updated_at, last_seen_at) VALUES ('telegram', ?, ?, ?, 0, 0, 0) RETURNING id`,
				fmt.Sprint(i), fmt.Sprint(i), unit).Scan(&id)
			if err != nil {
				return err
			}
			ids = append(ids, id)
			for d := range history {
				if _, err := tx.exec(`INSERT INTO checkins (resident_id, unit_id, day, health, need,
					created_at, updated_at) VALUES (?, ?, ?, 'well', 'none', 0, 0)`,
					id, unit, start.AddDate(0, 0, d).Format(dayLayout)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	day := start.AddDate(0, 0, history).Format(dayLayout)
	for i := 0; b.Loop(); i++ {
		update(b, db, func(tx *Tx) error {
			c, _, err := tx.SaveCheckin(Checkin{ResidentID: ids[i%residents], Day: day,
				Health: HealthWell, Pledge5K: true, Need: NeedNone})
			if err != nil {
				return err
			}
			if _, err := tx.CheckinStreak(c.ResidentID, day); err != nil {
				return err
			}
			_, _, err = tx.Participation(c.UnitID, day)
			return err
		})
	}
}
