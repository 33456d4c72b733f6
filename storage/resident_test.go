package storage

import (
	"errors"
	"slices"
	"testing"
	"time"
)

func touch(tb testing.TB, db *DB, userID, name string) Resident {
	tb.Helper()
	var r Resident
	update(tb, db, func(tx *Tx) (err error) {
		r, err = tx.TouchResident("telegram", userID, "chat-"+userID, name, "user"+userID, "vi")
		return err
	})
	return r
}

func TestTouchResident(t *testing.T) {
	db, clock := openTest(t)
	first := touch(t, db, "1", "Nguyễn Văn An")
	t.Run("creates a resident on first contact", func(t *testing.T) {
		want := Resident{ID: first.ID, Platform: "telegram", UserID: "1", ChatID: "chat-1",
			Name: "Nguyễn Văn An", Username: "user1", PlatformLanguage: "vi",
			CreatedAt: clock.Now(), LastSeenAt: clock.Now()}
		if got := first; got != want {
			t.Errorf("got  %+v\nwant %+v", got, want)
		}
	})
	t.Run("returns the same resident and refreshes what the platform says", func(t *testing.T) {
		clock.Advance(time.Hour)
		var r Resident
		update(t, db, func(tx *Tx) (err error) {
			r, err = tx.TouchResident("telegram", "1", "chat-9", "", "newname", "")
			return err
		})
		if got, want := r.ID, first.ID; got != want {
			t.Errorf("id = %d, want %d", got, want)
		}
		if got, want := r.ChatID+"|"+r.Name+"|"+r.Username+"|"+r.PlatformLanguage,
			"chat-9|Nguyễn Văn An|newname|vi"; got != want {
			t.Errorf("chat|name|username|language = %q, want %q", got, want)
		}
		if got, want := r.LastSeenAt, clock.Now(); !got.Equal(want) {
			t.Errorf("last seen %v, want %v", got, want)
		}
		if got, want := r.CreatedAt, first.CreatedAt; !got.Equal(want) {
			t.Errorf("created %v, want %v", got, want)
		}
	})
	t.Run("keeps platforms apart", func(t *testing.T) {
		var z Resident
		update(t, db, func(tx *Tx) (err error) {
			z, err = tx.TouchResident("zalo", "1", "1", "An", "", "")
			return err
		})
		if z.ID == first.ID {
			t.Errorf("zalo user 1 got telegram user 1's id %d", z.ID)
		}
	})
	t.Run("a blocked resident who writes again is unblocked", func(t *testing.T) {
		update(t, db, func(tx *Tx) error {
			_, err := tx.exec(`UPDATE residents SET blocked_at = 1 WHERE id = ?`, first.ID)
			return err
		})
		if got, want := touch(t, db, "1", "An").Stopped(), false; got != want {
			t.Errorf("Stopped() = %v, want %v", got, want)
		}
	})
	t.Run("refuses an empty user id", func(t *testing.T) {
		err := db.Update(t.Context(), func(tx *Tx) error {
			_, err := tx.TouchResident("telegram", "", "c", "", "", "")
			return err
		})
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("error = %v, want ErrInvalid", err)
		}
	})
}

func TestResidentSettings(t *testing.T) {
	db, clock := openSample(t)
	r := touch(t, db, "1", "An")
	md := unitID(t, db, "HN-TM")
	update(t, db, func(tx *Tx) error {
		if err := tx.SetResidentUnit(r.ID, md); err != nil {
			return err
		}
		if err := tx.SetResidentLanguage(r.ID, "en"); err != nil {
			return err
		}
		return tx.SetResidentPhone(r.ID, "+84 912 345 678")
	})
	view(t, db, func(tx *Tx) error {
		got, err := tx.ResidentByPlatformUser("telegram", "1")
		if err != nil {
			return err
		}
		if got.UnitID != md || !got.JoinedAt.Equal(clock.Now()) || got.Language != "en" || got.Phone != "+84 912 345 678" {
			t.Errorf("resident = %+v, want unit %d joined now, language en, phone set", got, md)
		}
		return nil
	})
	for _, tc := range []struct {
		label string
		fn    func(tx *Tx) error
		want  error
	}{
		{"unknown language", func(tx *Tx) error { return tx.SetResidentLanguage(r.ID, "fr") }, ErrInvalid},
		{"bad phone", func(tx *Tx) error { return tx.SetResidentPhone(r.ID, "call me") }, ErrInvalid},
		{"unknown unit", func(tx *Tx) error { return tx.SetResidentUnit(r.ID, 9999) }, ErrNotFound},
		{"unknown resident", func(tx *Tx) error { return tx.SetResidentLanguage(9999, "vi") }, ErrNotFound},
		{"unknown resident by user", func(tx *Tx) error { _, err := tx.ResidentByPlatformUser("zalo", "x"); return err }, ErrNotFound},
	} {
		t.Run("refuses "+tc.label, func(t *testing.T) {
			if err := db.Update(t.Context(), tc.fn); !errors.Is(err, tc.want) {
				t.Errorf("error = %v, want %v", err, tc.want)
			}
		})
	}
	t.Run("counts active residents per unit", func(t *testing.T) {
		touch(t, db, "2", "Bình")
		stopped := touch(t, db, "3", "Chi")
		update(t, db, func(tx *Tx) error {
			if err := tx.SetResidentUnit(stopped.ID, md); err != nil {
				return err
			}
			return tx.SetResidentStopped(stopped.ID, true)
		})
		view(t, db, func(tx *Tx) error {
			for _, tc := range []struct {
				unit int64
				want int
			}{{md, 1}, {0, 2}, {unitID(t, db, "QN"), 0}} {
				n, err := tx.CountResidents(tc.unit)
				if err != nil {
					return err
				}
				if n != tc.want {
					t.Errorf("CountResidents(%d) = %d, want %d", tc.unit, n, tc.want)
				}
			}
			return nil
		})
	})
}

func TestSetResidentStopped(t *testing.T) {
	db, _ := openTest(t)
	r := touch(t, db, "1", "An")
	ids := enqueue(t, db,
		OutboxMessage{ChatID: r.ChatID, ResidentID: r.ID, Priority: 0},
		OutboxMessage{ChatID: r.ChatID, ResidentID: r.ID, Priority: 5},
	)
	update(t, db, func(tx *Tx) error { return tx.SetResidentStopped(r.ID, true) })
	t.Run("cancels pending bulk messages but not replies", func(t *testing.T) {
		if got, want := outboxStatus(t, db, ids...), []string{"pending", "cancelled"}; !slices.Equal(got, want) {
			t.Errorf("statuses %v, want %v", got, want)
		}
	})
	t.Run("start again clears the stop", func(t *testing.T) {
		update(t, db, func(tx *Tx) error { return tx.SetResidentStopped(r.ID, false) })
		view(t, db, func(tx *Tx) error {
			got, err := tx.ResidentByID(r.ID)
			if got.Stopped() {
				t.Error("still stopped")
			}
			return err
		})
	})
}

func TestDeleteResident(t *testing.T) {
	db, _ := openSample(t)
	r := touch(t, db, "1", "An")
	ids := enqueue(t, db, OutboxMessage{ChatID: r.ChatID, ResidentID: r.ID})
	update(t, db, func(tx *Tx) error {
		if _, err := tx.GrantRole(r.ID, RoleCoordinator, unitID(t, db, "HN"), 0); err != nil {
			return err
		}
		if err := tx.SaveConversation(Conversation{ResidentID: r.ID, Flow: "deed", Step: "photo"}); err != nil {
			return err
		}
		return tx.DeleteResident(r.ID)
	})
	view(t, db, func(tx *Tx) error {
		if _, err := tx.ResidentByID(r.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("resident still there: %v", err)
		}
		if _, err := tx.Conversation(r.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("conversation still there: %v", err)
		}
		roles, err := tx.RolesOf(r.ID)
		if len(roles) != 0 {
			t.Errorf("roles still there: %v", roles)
		}
		return err
	})
	if got, want := outboxStatus(t, db, ids...)[0], "cancelled"; got != want {
		t.Errorf("pending message status %q, want %q", got, want)
	}
}
