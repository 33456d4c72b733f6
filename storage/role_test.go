package storage

import (
	"errors"
	"slices"
	"testing"
)

func TestCoordinatorsOf(t *testing.T) {
	db, _ := openSample(t)
	ward, city := touch(t, db, "w", "Cán bộ phường"), touch(t, db, "c", "Cán bộ thành phố")
	ward2, quit := touch(t, db, "w2", "Cán bộ phường 2"), touch(t, db, "q", "Đã nghỉ")
	md, hn, hl := unitID(t, db, "HN-TM"), unitID(t, db, "HN"), unitID(t, db, "HN-HL")
	update(t, db, func(tx *Tx) error {
		for _, g := range []struct {
			who  int64
			unit int64
		}{{ward.ID, md}, {ward2.ID, md}, {city.ID, hn}, {quit.ID, hl}} {
			if _, err := tx.GrantRole(g.who, RoleCoordinator, g.unit, 0); err != nil {
				return err
			}
		}
		if _, err := tx.GrantRole(city.ID, RoleOfficial, unitID(t, db, "QN"), ward.ID); err != nil {
			return err
		}
		return tx.SetResidentStopped(quit.ID, true)
	})
	for _, tc := range []struct {
		label, unit string
		want        []int64
		at          int64
	}{
		{"a group gets its ward's coordinators", "HN-TM-T01", []int64{ward.ID, ward2.ID}, md},
		{"the ward itself comes first", "HN-TM", []int64{ward.ID, ward2.ID}, md},
		{"a stopped coordinator is passed over for the city", "HN-HL-T02", []int64{city.ID}, hn},
		{"an official is not a coordinator", "QN-MC1-K1", nil, 0},
	} {
		t.Run(tc.label, func(t *testing.T) {
			view(t, db, func(tx *Tx) error {
				list, at, err := tx.CoordinatorsOf(unitID(t, db, tc.unit))
				var got []int64
				for _, r := range list {
					got = append(got, r.ID)
				}
				if !slices.Equal(got, tc.want) || at != tc.at {
					t.Errorf("CoordinatorsOf(%s) = %v at %d, want %v at %d", tc.unit, got, at, tc.want, tc.at)
				}
				return err
			})
		})
	}
	t.Run("an unknown unit is not found", func(t *testing.T) {
		view(t, db, func(tx *Tx) error {
			if _, _, err := tx.CoordinatorsOf(9999); !errors.Is(err, ErrNotFound) {
				t.Errorf("error = %v, want ErrNotFound", err)
			}
			return nil
		})
	})
}

func TestRoles(t *testing.T) {
	db, _ := openSample(t)
	r := touch(t, db, "1", "An")
	hm, md := unitID(t, db, "HN-TM"), unitID(t, db, "HN-TM-T01")
	var id int64
	update(t, db, func(tx *Tx) (err error) {
		id, err = tx.GrantRole(r.ID, RoleCoordinator, hm, 0)
		return err
	})
	t.Run("granting again returns the same grant", func(t *testing.T) {
		update(t, db, func(tx *Tx) error {
			again, err := tx.GrantRole(r.ID, RoleCoordinator, hm, 0)
			if again != id {
				t.Errorf("second grant id %d, want %d", again, id)
			}
			return err
		})
	})
	t.Run("a role covers the units below", func(t *testing.T) {
		view(t, db, func(tx *Tx) error {
			for _, tc := range []struct {
				unit int64
				want bool
			}{{hm, true}, {md, true}, {unitID(t, db, "HN"), false}, {unitID(t, db, "QN-MC1"), false}} {
				got, err := tx.HasRoleOver(r.ID, RoleCoordinator, tc.unit)
				if err != nil {
					return err
				}
				if got != tc.want {
					t.Errorf("HasRoleOver(unit %d) = %v, want %v", tc.unit, got, tc.want)
				}
			}
			return nil
		})
	})
	t.Run("lists active roles and forgets revoked ones", func(t *testing.T) {
		update(t, db, func(tx *Tx) error {
			roles, err := tx.RolesOf(r.ID)
			if err != nil {
				return err
			}
			if len(roles) != 1 || roles[0].Role != RoleCoordinator || roles[0].UnitID != hm {
				t.Errorf("RolesOf = %+v, want one coordinator role on %d", roles, hm)
			}
			if err := tx.RevokeRole(id); err != nil {
				return err
			}
			if roles, err = tx.RolesOf(r.ID); len(roles) != 0 {
				t.Errorf("RolesOf after revoke = %+v, want none", roles)
			}
			return err
		})
	})
	t.Run("refuses unknown roles, residents and units", func(t *testing.T) {
		for _, tc := range []struct {
			role      string
			who, unit int64
			want      error
		}{
			{"admin", r.ID, hm, ErrInvalid},
			{RoleOfficial, 9999, hm, ErrNotFound},
			{RoleOfficial, r.ID, 9999, ErrNotFound},
		} {
			err := db.Update(t.Context(), func(tx *Tx) error {
				_, err := tx.GrantRole(tc.who, tc.role, tc.unit, 0)
				return err
			})
			if !errors.Is(err, tc.want) {
				t.Errorf("GrantRole(%q, %d, %d) = %v, want %v", tc.role, tc.who, tc.unit, err, tc.want)
			}
		}
	})
}
