package storage

import (
	"errors"
	"testing"
)

func saveCampaign(tb testing.TB, db *DB, c Campaign) Campaign {
	tb.Helper()
	var saved Campaign
	update(tb, db, func(tx *Tx) (err error) {
		saved, err = tx.SaveCampaign(c)
		return err
	})
	return saved
}

func TestSaveCampaign(t *testing.T) {
	db, _ := openSample(t)
	ward := unitID(t, db, "HN-TM")
	good := Campaign{UnitID: ward, Title: " Chung sức ", Slogan: "Mỗi người dân là một chiến sĩ",
		Starts: "2021-08-01", Ends: "2021-10-31", Tasks: []string{"Giữ 5K", "Điểm danh hằng ngày"},
		Criteria: []Criterion{{"Giúp đỡ bà con", 3}, {"Tiếp sức tuyến đầu", 2}}}
	saved := saveCampaign(t, db, good)
	t.Run("stores fields, tasks and criteria in order", func(t *testing.T) {
		if saved.ID == 0 || saved.Title != "Chung sức" || len(saved.Tasks) != 2 || saved.Tasks[1] != "Điểm danh hằng ngày" ||
			len(saved.Criteria) != 2 || saved.Criteria[0] != (Criterion{"Giúp đỡ bà con", 3}) {
			t.Fatalf("saved %+v", saved)
		}
	})
	t.Run("an edit replaces the lists", func(t *testing.T) {
		edit := saved
		edit.Tasks = []string{"Một nhiệm vụ"}
		edit.Criteria = []Criterion{{"Sáng kiến", 5}}
		got := saveCampaign(t, db, edit)
		if got.ID != saved.ID || len(got.Tasks) != 1 || got.Criteria[0].Points != 5 {
			t.Fatalf("edited %+v", got)
		}
	})
	for name, change := range map[string]func(*Campaign){
		"an empty title":             func(c *Campaign) { c.Title = "  " },
		"an end before the start":    func(c *Campaign) { c.Ends = "2021-07-01" },
		"a day that is not a day":    func(c *Campaign) { c.Starts = "01/08/2021" },
		"a criterion without points": func(c *Campaign) { c.Criteria = []Criterion{{"Giúp đỡ", 0}} },
		"a criterion of 101 points":  func(c *Campaign) { c.Criteria = []Criterion{{"Giúp đỡ", 101}} },
		"an empty task":              func(c *Campaign) { c.Tasks = []string{""} },
	} {
		t.Run("refuses "+name, func(t *testing.T) {
			c := good
			change(&c)
			before := countRows(t, db, `SELECT count(*) FROM campaigns`)
			err := db.Update(t.Context(), func(tx *Tx) error { _, err := tx.SaveCampaign(c); return err })
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("err = %v, want ErrInvalid", err)
			}
			if after := countRows(t, db, `SELECT count(*) FROM campaigns`); after != before {
				t.Errorf("campaigns %d → %d", before, after)
			}
		})
	}
}

func TestActiveCampaign(t *testing.T) {
	db, _ := openSample(t)
	city, ward, group := unitID(t, db, "HN"), unitID(t, db, "HN-TM"), unitID(t, db, "HN-TM-T01")
	cityC := saveCampaign(t, db, Campaign{UnitID: city, Title: "Thành phố", Starts: "2021-08-01", Ends: "2021-12-31"})
	wardC := saveCampaign(t, db, Campaign{UnitID: ward, Title: "Phường", Starts: "2021-09-01", Ends: "2021-09-30"})
	active := func(unit int64, day string) int64 {
		t.Helper()
		var c Campaign
		err := db.View(t.Context(), func(tx *Tx) (err error) { c, err = tx.ActiveCampaign(unit, day); return err })
		if errors.Is(err, ErrNotFound) {
			return 0
		}
		if err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	for _, tc := range []struct {
		unit int64
		day  string
		want int64
	}{
		{group, "2021-08-15", cityC.ID}, // only the city's runs
		{group, "2021-09-15", wardC.ID}, // the nearest unit's wins
		{unitID(t, db, "HN-HL-T01"), "2021-09-15", cityC.ID},
		{group, "2021-07-31", 0}, // before any
		{group, "2022-01-01", 0}, // after
	} {
		if got := active(tc.unit, tc.day); got != tc.want {
			t.Errorf("campaign of unit %d on %s = %d, want %d", tc.unit, tc.day, got, tc.want)
		}
	}
	update(t, db, func(tx *Tx) error { return tx.EndCampaign(wardC.ID) })
	if got := active(group, "2021-09-15"); got != cityC.ID {
		t.Errorf("after the ward's ended: %d, want the city's %d", got, cityC.ID)
	}
}

func TestZoneStatus(t *testing.T) {
	db, _ := openSample(t)
	group := unitID(t, db, "HN-TM-T01")
	if err := db.Update(t.Context(), func(tx *Tx) error {
		return tx.SetZoneStatus(ZoneStatus{UnitID: group, Green: true, Reason: " "})
	}); !errors.Is(err, ErrInvalid) {
		t.Errorf("no reason: %v", err)
	}
	update(t, db, func(tx *Tx) error {
		return tx.SetZoneStatus(ZoneStatus{UnitID: group, Green: false, Reason: "Có ổ dịch mới", SetBy: 1})
	})
	update(t, db, func(tx *Tx) error {
		return tx.SetZoneStatus(ZoneStatus{UnitID: group, Green: true, Reason: "Đã dập dịch", SetBy: 1})
	})
	view(t, db, func(tx *Tx) error {
		all, err := tx.ZoneStatuses(unitID(t, db, "HN-TM"))
		if err != nil {
			return err
		}
		if z := all[group]; !z.Green || z.Reason != "Đã dập dịch" || len(all) != 1 {
			t.Errorf("statuses %+v", all)
		}
		return nil
	})
	update(t, db, func(tx *Tx) error {
		if was, err := tx.ClearZoneStatus(group); err != nil || !was {
			t.Errorf("clear: %v %v", was, err)
		}
		return nil
	})
}
