package storage

import (
	"context"
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
