package storage

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestWaitingInScope(t *testing.T) {
	db, _ := openTest(t)
	csv := "code,name,kind,parent_code\nC,Thành phố,city,\nW1,Phường 1,ward,C\nG1,Tổ 1,group,W1\nW2,Phường 2,ward,C\nG2,Tổ 2,group,W2\n"
	if _, err := db.ImportUnits(context.Background(), strings.NewReader(csv)); err != nil {
		t.Fatal(err)
	}
	g1, g2, w1 := unitID(t, db, "G1"), unitID(t, db, "G2"), unitID(t, db, "W1")
	var coord, resident int64
	update(t, db, func(tx *Tx) error {
		c, err := tx.TouchResident("telegram", "1", "1", "Cán bộ", "", "vi")
		if err != nil {
			return err
		}
		r, err := tx.TouchResident("telegram", "2", "2", "Dân", "", "vi")
		if err != nil {
			return err
		}
		coord, resident = c.ID, r.ID
		if _, err := tx.GrantRole(coord, RoleCoordinator, w1, 0); err != nil {
			return err
		}
		for _, d := range []Deed{
			{ResidentID: resident, UnitID: g1, Subject: SubjectSelf, Description: "trong phạm vi"},
			{ResidentID: resident, UnitID: g2, Subject: SubjectSelf, Description: "ngoài phạm vi"},
			{ResidentID: coord, UnitID: g1, Subject: SubjectSelf, Description: "của chính cán bộ"},
		} {
			if _, err := tx.CreateDeed(d); err != nil {
				return err
			}
		}
		if _, err := tx.CreateHelpRequest(HelpRequest{ResidentID: resident, UnitID: g1, Kind: NeedFood, Source: HelpFromSupport}); err != nil {
			return err
		}
		h, err := tx.CreateHelpRequest(HelpRequest{ResidentID: resident, UnitID: g1, Kind: NeedMedicine, Source: HelpFromSupport})
		if err != nil {
			return err
		}
		_, err = tx.ClaimHelpRequest(h.ID, coord)
		return err
	})
	view(t, db, func(tx *Tx) error {
		scope, err := tx.ScopeOf(coord, RoleCoordinator)
		if err != nil {
			return err
		}
		w, err := tx.WaitingIn(scope, coord)
		if err != nil {
			return err
		}
		if w != (Waiting{Deeds: 1, Help: 1}) {
			t.Errorf("coordinator of W1 waits on %+v, want 1 report and 1 request", w)
		}
		deeds, err := tx.WaitingDeeds(scope, coord, 10)
		if err != nil {
			return err
		}
		if len(deeds) != 1 || deeds[0].Description != "trong phạm vi" {
			t.Errorf("waiting reports = %+v", deeds)
		}
		all, err := tx.WaitingIn(Scope{All: true}, 0)
		if err != nil {
			return err
		}
		if all != (Waiting{Deeds: 3, Help: 1}) {
			t.Errorf("everywhere: %+v, want 3 reports and 1 request", all)
		}
		none, err := tx.WaitingIn(Scope{}, 0)
		if err != nil || none != (Waiting{}) {
			t.Errorf("empty scope: %+v, %v", none, err)
		}
		return nil
	})
}

// queueWorld is a city with two wards, a coordinator of the first, and a
// resident who reports and asks in both.
type queueWorld struct {
	g1, g2, w1    int64
	coord, author Resident
	scope         Scope // the coordinator's
}

func newQueueWorld(t *testing.T) (*DB, queueWorld) {
	t.Helper()
	db, _ := openTest(t)
	csv := "code,name,kind,parent_code\nC,Thành phố,city,\nW1,Phường 1,ward,C\nG1,Tổ 1,group,W1\nW2,Phường 2,ward,C\nG2,Tổ 2,group,W2\n"
	if _, err := db.ImportUnits(context.Background(), strings.NewReader(csv)); err != nil {
		t.Fatal(err)
	}
	q := queueWorld{g1: unitID(t, db, "G1"), g2: unitID(t, db, "G2"), w1: unitID(t, db, "W1")}
	q.coord, q.author = joined(t, db, "coord", "W1"), joined(t, db, "author", "G1")
	update(t, db, func(tx *Tx) (err error) {
		if err = grant(tx, q.coord.ID, RoleCoordinator, q.w1, 0); err != nil {
			return err
		}
		q.scope, err = tx.ScopeOf(q.coord.ID, RoleCoordinator)
		return err
	})
	return db, q
}

func TestNextPendingDeed(t *testing.T) {
	db, q := newQueueWorld(t)
	deed := func(by, unit int64, photos ...DeedPhoto) int64 {
		return createDeed(t, db, Deed{ResidentID: by, UnitID: unit, Subject: SubjectSelf, Description: "x", Photos: photos}).ID
	}
	first := deed(q.author.ID, q.g1, DeedPhoto{FileID: "f1", FileUniqueID: "same"})
	own := deed(q.coord.ID, q.g1)      // the coordinator's own
	outside := deed(q.author.ID, q.g2) // another ward
	inWard := deed(q.author.ID, q.w1, DeedPhoto{FileID: "f2", FileUniqueID: "same"})
	approved := deed(q.author.ID, q.g1)
	update(t, db, func(tx *Tx) error { _, err := tx.DecideDeed(approved, DeedApproved, "", q.coord.ID); return err })
	orphan := deed(0, q.g1) // its reporter was forgotten
	for _, tc := range []struct {
		label  string
		scope  Scope
		except int64
		skip   []int64
		want   int64
		count  int
	}{
		{"gives the oldest pending report in scope, not one's own", q.scope, q.coord.ID, nil, first, 3},
		{"skips the reports put aside", q.scope, q.coord.ID, []int64{first}, inWard, 2},
		{"keeps reports whose reporter was forgotten", q.scope, q.coord.ID, []int64{first, inWard}, orphan, 1},
		{"sees every unit for the whole scope", Scope{All: true}, 0, []int64{first, 9999}, own, 4},
		{"reports none waiting as not found", q.scope, q.coord.ID, []int64{first, inWard, orphan}, 0, 0},
		{"reports an empty scope as not found", Scope{}, 0, nil, 0, 0},
	} {
		t.Run(tc.label, func(t *testing.T) {
			var d Deed
			var n int
			err := db.View(t.Context(), func(tx *Tx) (err error) {
				d, n, err = tx.NextPendingDeed(tc.scope, tc.except, tc.skip)
				return err
			})
			if tc.want == 0 {
				if !errors.Is(err, ErrNotFound) {
					t.Errorf("NextPendingDeed = %d, %v; want ErrNotFound", d.ID, err)
				}
				return
			}
			if err != nil || d.ID != tc.want || n != tc.count {
				t.Errorf("NextPendingDeed = %d, %d, %v; want %d, %d", d.ID, n, err, tc.want, tc.count)
			}
		})
	}
	t.Run("loads the photos and marks those reported twice", func(t *testing.T) {
		var d Deed
		view(t, db, func(tx *Tx) (err error) { d, _, err = tx.NextPendingDeed(q.scope, q.coord.ID, nil); return err })
		if len(d.Photos) != 1 || d.Photos[0].FileID != "f1" || d.Photos[0].DuplicateOf != inWard {
			t.Errorf("photos %+v, want f1, a duplicate of %d", d.Photos, inWard)
		}
	})
	t.Run("the operator (except 0) still counts reports whose reporter was forgotten", func(t *testing.T) {
		view(t, db, func(tx *Tx) error {
			w, err := tx.WaitingIn(Scope{All: true}, 0)
			if w.Deeds != 5 {
				t.Errorf("WaitingIn = %+v, want 5 reports", w)
			}
			list, err2 := tx.WaitingDeeds(Scope{All: true}, 0, 10)
			if len(list) != 5 {
				t.Errorf("WaitingDeeds = %d reports, want 5", len(list))
			}
			return errors.Join(err, err2)
		})
	})
	t.Run("leaves out another ward's reports", func(t *testing.T) {
		var d Deed
		view(t, db, func(tx *Tx) (err error) {
			d, _, err = tx.NextPendingDeed(q.scope, q.coord.ID, []int64{first, inWard})
			return err
		})
		if d.ID == outside {
			t.Errorf("NextPendingDeed gave the report of another ward")
		}
	})
}

func TestOpenHelpIn(t *testing.T) {
	db, q := newQueueWorld(t)
	help := func(by, unit int64) int64 {
		return createHelp(t, db, HelpRequest{ResidentID: by, UnitID: unit, Kind: NeedFood, Source: HelpFromSupport}).ID
	}
	open := help(q.author.ID, q.g1)
	claimed := help(q.author.ID, q.g1)
	resolved := help(q.author.ID, q.g1)
	help(q.coord.ID, q.g1)            // the coordinator's own
	help(q.author.ID, q.g2)           // another ward
	unseen := help(q.author.ID, q.w1) // reached no coordinator when made
	gone := joined(t, db, "gone", "G1")
	help(gone.ID, q.g1)
	update(t, db, func(tx *Tx) error {
		_, err1 := tx.ClaimHelpRequest(claimed, q.coord.ID)
		_, err2 := tx.ResolveHelpRequest(resolved, q.coord.ID)
		return errors.Join(err1, err2, tx.SetHelpNotified(open, q.w1), tx.DeleteResident(gone.ID))
	})
	for _, tc := range []struct {
		label         string
		scope         Scope
		limit, offset int
		want          []int64
		total         int
	}{
		{"gives open and claimed requests in scope, oldest first", q.scope, 10, 0, []int64{open, claimed, unseen}, 3},
		{"gives a page", q.scope, 2, 0, []int64{open, claimed}, 3},
		{"gives the next page", q.scope, 2, 2, []int64{unseen}, 3},
		{"gives nothing past the end", q.scope, 2, 4, nil, 3},
		{"gives nothing for an empty scope", Scope{}, 10, 0, nil, 0},
	} {
		t.Run(tc.label, func(t *testing.T) {
			view(t, db, func(tx *Tx) error {
				list, n, err := tx.OpenHelpIn(tc.scope, q.coord.ID, tc.limit, tc.offset)
				if got := helpIDs(list); !slices.Equal(got, tc.want) || n != tc.total {
					t.Errorf("OpenHelpIn = %v, %d; want %v, %d", got, n, tc.want, tc.total)
				}
				return err
			})
		})
	}
}
