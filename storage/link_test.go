package storage

import (
	"errors"
	"testing"
)

func TestLinkTwoAccountsIntoOneResident(t *testing.T) {
	db, clock := openSample(t)
	var a, b Resident
	var t02, t03 Unit
	update(t, db, func(tx *Tx) error {
		var err error
		t02, _ = tx.UnitByCode("HN-TM-T02")
		t03, _ = tx.UnitByCode("HN-TM-T03")
		a, _ = tx.TouchResident("telegram", "111", "111", "An", "an_tg", "vi")
		b, _ = tx.TouchResident("zalo", "z1", "z1", "An Zalo", "", "")
		if err = tx.SetResidentUnit(a.ID, t02.ID); err != nil {
			return err
		}
		if err = tx.SetResidentUnit(b.ID, t03.ID); err != nil {
			return err
		}
		lanA, _ := tx.AddDependant(a.ID, "Bà Lan")
		lanB, _ := tx.AddDependant(b.ID, "bà lan")
		ongB, _ := tx.AddDependant(b.ID, "Ông Tư")
		for _, c := range []Checkin{
			{ResidentID: a.ID, UnitID: t02.ID, Day: "2026-12-01", Health: HealthWell, Need: NeedNone},
			{ResidentID: a.ID, DependantID: lanA.ID, UnitID: t02.ID, Day: "2026-12-01", Health: HealthWell, Need: NeedNone},
			{ResidentID: b.ID, UnitID: t03.ID, Day: "2026-12-01", Health: HealthSymptoms, Need: NeedNone}, // same day: A's stays
			{ResidentID: b.ID, UnitID: t03.ID, Day: "2026-12-02", Health: HealthWell, Need: NeedNone},
			{ResidentID: b.ID, DependantID: lanB.ID, UnitID: t03.ID, Day: "2026-12-02", Health: HealthWell, Need: NeedNone},
			{ResidentID: b.ID, DependantID: ongB.ID, UnitID: t03.ID, Day: "2026-12-02", Health: HealthWell, Need: NeedNone},
		} {
			if _, _, err := tx.SaveCheckin(c); err != nil {
				return err
			}
		}
		if _, err := tx.GrantRole(b.ID, RoleCoordinator, t03.ID, 0); err != nil {
			return err
		}
		return tx.SetResidentStopped(b.ID, true) // /stop on Zalo
	})

	var code string
	update(t, db, func(tx *Tx) error {
		var err error
		code, _, err = tx.CreateLinkCode(a.ID, "telegram")
		return err
	})
	t.Run("refused: wrong, own, same messenger", func(t *testing.T) {
		update(t, db, func(tx *Tx) error {
			wrong := "000000"
			if code == wrong {
				wrong = "000001"
			}
			if _, err := tx.UseLinkCode(wrong, b.ID, "zalo"); !errors.Is(err, ErrNotFound) {
				t.Errorf("a wrong code: %v", err)
			}
			if _, err := tx.UseLinkCode(code, a.ID, "telegram"); !errors.Is(err, ErrLinkSelf) {
				t.Errorf("one's own code: %v", err)
			}
			c, _ := tx.TouchResident("telegram", "222", "222", "Other", "", "")
			if _, err := tx.UseLinkCode(code, c.ID, "telegram"); !errors.Is(err, ErrLinkSamePlatform) {
				t.Errorf("a code from the same messenger: %v", err)
			}
			return nil
		})
	})
	t.Run("five wrong guesses burn the code", func(t *testing.T) {
		var burnt string
		update(t, db, func(tx *Tx) error {
			other, _ := tx.TouchResident("telegram", "333", "333", "Ba", "", "")
			burnt, _, _ = tx.CreateLinkCode(other.ID, "telegram")
			for i := 0; i < LinkCodeTries; i++ {
				guess := "99999" + string(rune('0'+i))
				if guess == burnt {
					guess = "888888"
				}
				_, _ = tx.UseLinkCode(guess, b.ID, "zalo")
			}
			if _, err := tx.UseLinkCode(burnt, b.ID, "zalo"); !errors.Is(err, ErrNotFound) {
				t.Errorf("a code after %d wrong guesses still works: %v", LinkCodeTries, err)
			}
			return nil
		})
		update(t, db, func(tx *Tx) error { // the first code was burnt too: make another
			var err error
			code, _, err = tx.CreateLinkCode(a.ID, "telegram")
			return err
		})
	})
	t.Run("an expired code", func(t *testing.T) {
		clock.Advance(LinkCodeTTL + 1)
		update(t, db, func(tx *Tx) error {
			if _, err := tx.UseLinkCode(code, b.ID, "zalo"); !errors.Is(err, ErrNotFound) {
				t.Errorf("an expired code: %v", err)
			}
			var err error
			code, _, err = tx.CreateLinkCode(a.ID, "telegram")
			return err
		})
	})

	var merged Resident
	update(t, db, func(tx *Tx) error {
		var err error
		merged, err = tx.UseLinkCode(code, b.ID, "zalo")
		return err
	})
	update(t, db, func(tx *Tx) error {
		if merged.ID != a.ID || merged.UnitID != t02.ID || merged.Platform != "zalo" || merged.ChatID != "z1" {
			t.Errorf("merged: %+v (want A's record and unit, reached on Zalo, used last)", merged)
		}
		if merged.StoppedAt.IsZero() {
			t.Errorf("the /stop of one account was lost in the merge")
		}
		if _, err := tx.ResidentByID(b.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("the other record is still there: %v", err)
		}
		for _, acc := range [][2]string{{"telegram", "111"}, {"zalo", "z1"}} {
			if r, err := tx.ResidentByPlatformUser(acc[0], acc[1]); err != nil || r.ID != a.ID {
				t.Errorf("%s:%s leads to %+v, %v", acc[0], acc[1], r, err)
			}
		}
		deps, _ := tx.DependantsOf(a.ID)
		if len(deps) != 2 {
			t.Errorf("family members: %+v, want Bà Lan once and Ông Tư", deps)
		}
		cks, _ := tx.CheckinsOf(a.ID)
		if len(cks) != 5 {
			t.Errorf("%d check-ins, want 5 (one a day each for An, Bà Lan, Ông Tư; A's kept on the day both did)", len(cks))
		}
		for _, c := range cks {
			if c.Day == "2026-12-01" && c.DependantID == 0 && c.Health != HealthWell {
				t.Errorf("the day both checked in kept the other's: %+v", c)
			}
		}
		roles, _ := tx.RoleHistory(a.ID)
		if len(roles) != 1 || roles[0].UnitID != t03.ID {
			t.Errorf("roles: %+v", roles)
		}
		accounts, _ := tx.LinkedAccounts(a.ID)
		if len(accounts) != 2 {
			t.Errorf("accounts: %+v", accounts)
		}
		// Back on Telegram: messages go there now.
		r, err := tx.TouchResident("telegram", "111", "111", "An", "an_tg", "vi")
		if err != nil || r.ID != a.ID || r.Platform != "telegram" {
			t.Errorf("back on Telegram: %+v %v", r, err)
		}
		return nil
	})
	t.Run("a third account on a linked messenger is refused", func(t *testing.T) {
		update(t, db, func(tx *Tx) error {
			c, _ := tx.TouchResident("zalo", "z2", "z2", "Someone", "", "")
			code, _, _ := tx.CreateLinkCode(c.ID, "zalo")
			if _, err := tx.UseLinkCode(code, a.ID, "telegram"); !errors.Is(err, ErrLinkTaken) {
				t.Errorf("linking a second Zalo account: %v", err)
			}
			return nil
		})
	})
	t.Run("forgetting the resident forgets both accounts", func(t *testing.T) {
		update(t, db, func(tx *Tx) error {
			if _, err := tx.ForgetResident(a.ID); err != nil {
				return err
			}
			for _, acc := range [][2]string{{"telegram", "111"}, {"zalo", "z1"}} {
				if _, err := tx.ResidentByPlatformUser(acc[0], acc[1]); !errors.Is(err, ErrNotFound) {
					t.Errorf("%s:%s still leads somewhere: %v", acc[0], acc[1], err)
				}
			}
			return nil
		})
	})
}
