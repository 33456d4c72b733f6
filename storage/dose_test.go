package storage

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestRecordDose checks the rules of a dose: its number, its day (not
// before the campaign, not after today, a real date), a family member of
// the resident's own, and a dose recorded again correcting its date.
func TestRecordDose(t *testing.T) {
	db, _ := openSample(t)
	const today = "2021-08-02"
	update(t, db, func(tx *Tx) error {
		lan, err := tx.TouchResident("telegram", "1", "1", "Lan", "", "vi")
		if err != nil {
			return err
		}
		other, err := tx.TouchResident("telegram", "2", "2", "Bình", "", "vi")
		if err != nil {
			return err
		}
		grandma, err := tx.AddDependant(lan.ID, "Bà Tư")
		if err != nil {
			return err
		}
		strangers, err := tx.AddDependant(other.ID, "Ông Năm")
		if err != nil {
			return err
		}
		for _, bad := range []Dose{
			{ResidentID: lan.ID, Number: 0, GivenOn: "2021-07-01"},
			{ResidentID: lan.ID, Number: 5, GivenOn: "2021-07-01"},
			{ResidentID: lan.ID, Number: 1, GivenOn: "2021-02-28"},
			{ResidentID: lan.ID, Number: 1, GivenOn: "2021-08-03"},
			{ResidentID: lan.ID, Number: 1, GivenOn: "2021-02-30"},
			{ResidentID: lan.ID, Number: 1, GivenOn: "1/7/2021"},
		} {
			if _, _, err := tx.RecordDose(bad, today); !errors.Is(err, ErrInvalid) {
				t.Errorf("RecordDose(%+v) = %v, want ErrInvalid", bad, err)
			}
		}
		if _, _, err := tx.RecordDose(Dose{ResidentID: lan.ID, DependantID: strangers.ID, Number: 1, GivenOn: today}, today); !errors.Is(err, ErrNotFound) {
			t.Errorf("a dose for another household's member: %v, want ErrNotFound", err)
		}
		d, prev, err := tx.RecordDose(Dose{ResidentID: lan.ID, Number: 1, GivenOn: "2021-07-01"}, today)
		if err != nil || prev != "" || d.ID == 0 {
			t.Fatalf("first dose: %+v %q %v", d, prev, err)
		}
		d, prev, err = tx.RecordDose(Dose{ResidentID: lan.ID, Number: 1, GivenOn: "2021-07-03"}, today)
		if err != nil || prev != "2021-07-01" || d.GivenOn != "2021-07-03" {
			t.Fatalf("first dose corrected: %+v %q %v", d, prev, err)
		}
		if _, _, err := tx.RecordDose(Dose{ResidentID: lan.ID, DependantID: grandma.ID, Number: 2, GivenOn: today, RecordedBy: other.ID}, today); err != nil {
			t.Fatal(err)
		}
		doses, err := tx.DosesOf(lan.ID)
		if err != nil {
			return err
		}
		if len(doses) != 2 || doses[0].DependantID != 0 || doses[1].DependantID != grandma.ID || doses[1].RecordedBy != other.ID {
			t.Errorf("DosesOf = %+v", doses)
		}
		if _, err := tx.DeleteDose(other.ID, doses[0].ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("deleting another's dose: %v, want ErrNotFound", err)
		}
		if _, _, err := tx.RemoveDependant(lan.ID, grandma.ID); err != nil {
			return err
		}
		if doses, _ := tx.DosesOf(lan.ID); len(doses) != 1 {
			t.Errorf("after the family member was removed: %+v, want Lan's dose alone", doses)
		}
		data, err := tx.ResidentData(lan.ID)
		if err != nil || len(data.Doses) != 1 {
			t.Errorf("ResidentData's doses = %+v, %v", data.Doses, err)
		}
		res, err := tx.ForgetResident(lan.ID)
		if err != nil || res.Doses != 1 {
			t.Errorf("ForgetResident = %+v, %v; want 1 dose deleted", res, err)
		}
		if n, _ := tx.count(`SELECT count(*) FROM doses`); n != 0 {
			t.Errorf("%d doses left after the forget", n)
		}
		return nil
	})
}

// TestCoverageBelow gives random doses to random people of a ward (some
// residents stopped, some family members) and checks each group's
// coverage against a count made here.
func TestCoverageBelow(t *testing.T) {
	db, _ := openSample(t)
	ward := unitID(t, db, "HN-TM")
	r := rand.New(rand.NewPCG(7, 17))
	type want struct{ people, one, two int }
	wants := map[int64]*want{}
	update(t, db, func(tx *Tx) error {
		groups, err := tx.Children(ward)
		if err != nil {
			return err
		}
		for i := range 300 {
			g := groups[r.IntN(len(groups))]
			res, err := tx.TouchResident("telegram", fmt.Sprint(i+10), fmt.Sprint(i+10), "Cư dân", "", "vi")
			if err != nil {
				return err
			}
			if err := tx.SetResidentUnit(res.ID, g.ID); err != nil {
				return err
			}
			w := wants[g.ID]
			if w == nil {
				w = &want{}
				wants[g.ID] = w
			}
			persons := []int64{0}
			if r.IntN(3) == 0 {
				d, err := tx.AddDependant(res.ID, fmt.Sprintf("Người thân %d", i))
				if err != nil {
					return err
				}
				persons = append(persons, d.ID)
			}
			stopped := r.IntN(10) == 0
			for _, p := range persons {
				top := 0
				for n := DoseFirst; n <= DoseBooster; n++ {
					if r.IntN(2) == 0 {
						if _, _, err := tx.RecordDose(Dose{ResidentID: res.ID, DependantID: p, Number: n, GivenOn: "2021-07-01"}, "2021-08-02"); err != nil {
							return err
						}
						top = n
					}
				}
				if stopped {
					continue
				}
				w.people++
				if top >= 1 {
					w.one++
				}
				if top >= 2 {
					w.two++
				}
			}
			if stopped {
				if err := tx.SetResidentStopped(res.ID, true); err != nil {
					return err
				}
			}
		}
		return nil
	})
	view(t, db, func(tx *Tx) error {
		got, err := tx.CoverageBelow(ward)
		if err != nil {
			return err
		}
		for id, w := range wants {
			c := got[id]
			if c == nil || c.People != w.people || c.OneDose != w.one || c.TwoDoses != w.two {
				t.Errorf("unit %d: got %+v, want %+v", id, c, *w)
			}
		}
		return nil
	})
}

// TestDoseDue sets next doses, checks their range, finds those due for a
// reminder once, and lets a moved day be reminded of again.
func TestDoseDue(t *testing.T) {
	db, _ := openSample(t)
	const today = "2021-08-02"
	update(t, db, func(tx *Tx) error {
		lan, err := tx.TouchResident("telegram", "1", "1", "Lan", "", "vi")
		if err != nil {
			return err
		}
		grandma, err := tx.AddDependant(lan.ID, "Bà Tư")
		if err != nil {
			return err
		}
		for _, bad := range []string{"2021-08-01", "2022-08-04", "2021-02-30", "tomorrow"} {
			if err := tx.SetDoseDue(DoseDue{ResidentID: lan.ID, DueOn: bad}, today); !errors.Is(err, ErrInvalid) {
				t.Errorf("SetDoseDue(%q) = %v, want ErrInvalid", bad, err)
			}
		}
		if err := tx.SetDoseDue(DoseDue{ResidentID: lan.ID, DueOn: "2021-08-02"}, today); err != nil {
			return err
		}
		if err := tx.SetDoseDue(DoseDue{ResidentID: lan.ID, DependantID: grandma.ID, DueOn: "2021-08-20"}, today); err != nil {
			return err
		}
		due, err := tx.DueForReminder("2021-08-02", 10)
		if err != nil || len(due) != 1 || due[0].DependantID != 0 {
			t.Fatalf("due on the 2nd: %+v, %v", due, err)
		}
		if err := tx.MarkDoseReminded(lan.ID, 0); err != nil {
			return err
		}
		if due, _ := tx.DueForReminder("2021-08-19", 10); len(due) != 0 {
			t.Errorf("reminded again: %+v", due)
		}
		if err := tx.SetDoseDue(DoseDue{ResidentID: lan.ID, DueOn: "2021-08-10"}, today); err != nil {
			return err
		}
		if due, _ := tx.DueForReminder("2021-08-20", 10); len(due) != 2 {
			t.Errorf("a moved day and the family member's, due by the 20th: %+v", due)
		}
		if _, _, err := tx.RemoveDependant(lan.ID, grandma.ID); err != nil {
			return err
		}
		if all, _ := tx.DosesDueOf(lan.ID); len(all) != 1 {
			t.Errorf("after the family member was removed: %+v", all)
		}
		if _, err := tx.ForgetResident(lan.ID); err != nil {
			return err
		}
		if n, _ := tx.count(`SELECT count(*) FROM dose_due`); n != 0 {
			t.Errorf("%d next doses left after the forget", n)
		}
		return nil
	})
}

// TestMergeKeepsDoses links two accounts of one person: their doses and
// next doses, and those of a family member both accounts named, follow
// to the resident kept; a dose both recorded keeps the kept account's.
func TestMergeKeepsDoses(t *testing.T) {
	db, _ := openSample(t)
	const today = "2021-08-02"
	update(t, db, func(tx *Tx) error {
		keep, err := tx.TouchResident("telegram", "111", "111", "An", "", "vi")
		if err != nil {
			return err
		}
		drop, err := tx.TouchResident("zalo", "z1", "z1", "An Zalo", "", "")
		if err != nil {
			return err
		}
		kGran, err := tx.AddDependant(keep.ID, "Bà Tư")
		if err != nil {
			return err
		}
		dGran, err := tx.AddDependant(drop.ID, "bà tư")
		if err != nil {
			return err
		}
		dKid, err := tx.AddDependant(drop.ID, "Bé Na")
		if err != nil {
			return err
		}
		record := func(r, dep int64, n int, day string) {
			if _, _, err := tx.RecordDose(Dose{ResidentID: r, DependantID: dep, Number: n, GivenOn: day}, today); err != nil {
				t.Fatal(err)
			}
		}
		record(keep.ID, 0, 1, "2021-07-01")
		record(drop.ID, 0, 1, "2021-07-05")
		record(drop.ID, 0, 2, "2021-08-01")
		record(drop.ID, dGran.ID, 1, "2021-07-10")
		record(drop.ID, dKid.ID, 1, "2021-07-11")
		record(keep.ID, kGran.ID, 1, "2021-07-10") // both accounts recorded it
		if err := tx.SetDoseDue(DoseDue{ResidentID: drop.ID, DependantID: dGran.ID, DueOn: "2021-09-01"}, today); err != nil {
			return err
		}
		if _, err := tx.MergeResidents(keep.ID, drop.ID); err != nil {
			return err
		}
		doses, err := tx.DosesOf(keep.ID)
		if err != nil {
			return err
		}
		got := map[string]string{}
		for _, d := range doses {
			got[fmt.Sprintf("%d/%d", d.DependantID, d.Number)] = d.GivenOn
		}
		want := map[string]string{"0/1": "2021-07-01", "0/2": "2021-08-01",
			fmt.Sprintf("%d/1", kGran.ID): "2021-07-10", fmt.Sprintf("%d/1", dKid.ID): "2021-07-11"}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("doses after the merge = %v, want %v", got, want)
		}
		due, err := tx.DosesDueOf(keep.ID)
		if err != nil || len(due) != 1 || due[0].DependantID != kGran.ID {
			t.Errorf("next doses after the merge = %+v, %v", due, err)
		}
		if n, _ := tx.count(`SELECT count(*) FROM doses WHERE resident_id <> ?`, keep.ID); n != 0 {
			t.Errorf("%d doses left on the dropped account", n)
		}
		checkTopDoses(t, tx)
		return nil
	})
}

// checkTopDoses checks each person's top_dose (kept by triggers) against
// their doses.
func checkTopDoses(t *testing.T, tx *Tx) {
	t.Helper()
	for _, q := range []string{
		`SELECT count(*) FROM residents r WHERE top_dose <> COALESCE((SELECT max(dose) FROM doses d
			WHERE d.resident_id = r.id AND d.dependant_id = 0), 0)`,
		`SELECT count(*) FROM dependants p WHERE top_dose <> COALESCE((SELECT max(dose) FROM doses d
			WHERE d.resident_id = p.resident_id AND d.dependant_id = p.id), 0)`,
	} {
		if n, err := tx.count(q); err != nil || n != 0 {
			t.Errorf("%d people whose top dose is not their doses' (%v)", n, err)
		}
	}
}

// TestTopDoseFollowsDoses records, deletes and removes: each person's
// highest dose, and the coverage read from it, follows.
func TestTopDoseFollowsDoses(t *testing.T) {
	db, _ := openSample(t)
	group := unitID(t, db, "HN-TM-T01")
	const today = "2021-08-02"
	update(t, db, func(tx *Tx) error {
		res, err := tx.TouchResident("telegram", "41", "41", "Lan", "", "vi")
		if err != nil {
			return err
		}
		if err := tx.SetResidentUnit(res.ID, group); err != nil {
			return err
		}
		gran, err := tx.AddDependant(res.ID, "Bà Tư")
		if err != nil {
			return err
		}
		coverage := func(step string, people, one, two int) {
			t.Helper()
			checkTopDoses(t, tx)
			all, err := tx.CoverageBelow(unitID(t, db, "HN-TM"))
			if err != nil {
				t.Fatal(err)
			}
			c := all[group]
			if c == nil {
				c = &Coverage{}
			}
			if c.People != people || c.OneDose != one || c.TwoDoses != two {
				t.Errorf("%s: coverage %+v, want %d people, %d and %d", step, *c, people, one, two)
			}
		}
		var ids []int64
		for _, d := range []Dose{{DependantID: 0, Number: 1}, {DependantID: 0, Number: 2}, {DependantID: gran.ID, Number: 4}} {
			d.ResidentID, d.GivenOn = res.ID, "2021-07-01"
			saved, _, err := tx.RecordDose(d, today)
			if err != nil {
				return err
			}
			ids = append(ids, saved.ID)
		}
		coverage("three doses", 2, 2, 2)
		if _, err := tx.DeleteDose(res.ID, ids[1]); err != nil {
			return err
		}
		coverage("the second deleted", 2, 2, 1)
		if _, _, err := tx.RemoveDependant(res.ID, gran.ID); err != nil {
			return err
		}
		coverage("the family member removed", 1, 1, 0)
		if _, err := tx.DeleteDose(res.ID, ids[0]); err != nil {
			return err
		}
		coverage("the first deleted", 1, 0, 0)
		return nil
	})
}
