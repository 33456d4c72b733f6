package storage

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestUnitPeopleFollowsEveryChange makes random changes to the residents
// of a few groups (joining, moving, stopping and coming back, blocking
// the bot and writing again, family members added and removed, accounts
// merged, residents forgotten or deleted) and checks after each that the
// count kept by the triggers (unit_people) is the count made from
// scratch, unit by unit.
func TestUnitPeopleFollowsEveryChange(t *testing.T) {
	db, _ := openSample(t)
	units := []int64{unitID(t, db, "HN-TM-T01"), unitID(t, db, "HN-TM-T02"), unitID(t, db, "HN-TM-T03")}
	rng := rand.New(rand.NewPCG(1, 2))
	var people []Resident
	next := 0
	join := func() {
		// half on each messenger, so that some can be merged
		platform := []string{"telegram", "zalo"}[next%2]
		var r Resident
		update(t, db, func(tx *Tx) (err error) {
			id := fmt.Sprint("p", next)
			if r, err = tx.TouchResident(platform, id, id, "Cư dân "+id, "", ""); err != nil {
				return err
			}
			return tx.SetResidentUnit(r.ID, units[next%len(units)])
		})
		people = append(people, r)
		next++
	}
	for range 12 {
		join()
	}
	done := map[string]int{}
	for step := range 400 {
		if len(people) < 6 {
			join()
		}
		i := rng.IntN(len(people))
		r := people[i]
		var what string
		err := db.Update(t.Context(), func(tx *Tx) error {
			switch rng.IntN(10) {
			case 0:
				what = "moves to another group"
				return tx.SetResidentUnit(r.ID, units[rng.IntN(len(units))])
			case 1:
				what = "stops or comes back"
				return tx.SetResidentStopped(r.ID, rng.IntN(2) == 0)
			case 2:
				what = "blocks the bot"
				_, err := tx.exec(`UPDATE residents SET blocked_at = ? WHERE id = ?`, ms(tx.Now), r.ID)
				return err
			case 3:
				what = "writes again"
				_, err := tx.exec(`UPDATE residents SET last_seen_at = 0 WHERE id = ?`, r.ID)
				if err != nil {
					return err
				}
				_, err = tx.TouchResident(r.Platform, r.UserID, r.ChatID, "", "", "")
				return err
			case 4, 5:
				what = "adds a family member"
				_, err := tx.AddDependant(r.ID, fmt.Sprint("Người nhà ", step))
				return err
			case 6:
				what = "removes a family member"
				ds, err := tx.DependantsOf(r.ID)
				if err != nil || len(ds) == 0 {
					return err
				}
				_, _, err = tx.RemoveDependant(r.ID, ds[0].ID)
				return err
			case 7:
				j := rng.IntN(len(people))
				if people[j].Platform == r.Platform {
					return nil
				}
				what = "merges another account into theirs"
				_, err := tx.MergeResidents(r.ID, people[j].ID)
				if errors.Is(err, ErrLinkSamePlatform) || errors.Is(err, ErrLinkTaken) {
					return nil // already merged with an account there
				}
				if err != nil {
					return err
				}
				people = append(people[:j], people[j+1:]...)
				return nil
			case 8:
				what = "is forgotten"
				if _, err := tx.ForgetResident(r.ID); err != nil {
					return err
				}
				people = append(people[:i], people[i+1:]...)
				return nil
			default:
				what = "is deleted"
				if err := tx.DeleteResident(r.ID); err != nil {
					return err
				}
				people = append(people[:i], people[i+1:]...)
				return nil
			}
		})
		if err != nil {
			t.Fatalf("step %d: resident %d %s: %v", step, r.ID, what, err)
		}
		if what != "" {
			done[what]++
		}
		view(t, db, func(tx *Tx) error {
			for _, u := range units {
				var kept, counted int
				if err := tx.queryRow(`SELECT COALESCE((SELECT people FROM unit_people WHERE unit_id = ?), 0)`, u).Scan(&kept); err != nil {
					return err
				}
				if err := tx.queryRow(`SELECT
						(SELECT count(*) FROM residents WHERE unit_id = ?1 AND stopped_at IS NULL AND blocked_at IS NULL)
						+ (SELECT count(*) FROM dependants d JOIN residents r ON r.id = d.resident_id
							WHERE r.unit_id = ?1 AND r.stopped_at IS NULL AND r.blocked_at IS NULL)`, u).Scan(&counted); err != nil {
					return err
				}
				if kept != counted {
					t.Fatalf("step %d: after resident %d %s, unit %d counts %d people, want %d", step, r.ID, what, u, kept, counted)
				}
			}
			return nil
		})
	}
	if len(done) != 9 {
		t.Errorf("changes made: %v, want each of the 9 kinds", done)
	}
}
