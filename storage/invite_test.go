package storage

import (
	"crypto/sha256"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
)

func createInvite(t *testing.T, db *DB, role string, unitID, by int64, ttl time.Duration) (string, Invite) {
	t.Helper()
	var token string
	var inv Invite
	update(t, db, func(tx *Tx) (err error) {
		token, inv, err = tx.CreateInvite(role, unitID, by, ttl)
		return err
	})
	return token, inv
}

func inviteByToken(t *testing.T, db *DB, token string) (inv Invite, err error) {
	t.Helper()
	err = db.View(t.Context(), func(tx *Tx) error { inv, err = tx.InviteByToken(token); return err })
	return inv, err
}

func useInvite(t *testing.T, db *DB, id, residentID int64) (inv Invite, err error) {
	t.Helper()
	err = db.Update(t.Context(), func(tx *Tx) error { inv, err = tx.UseInvite(id, residentID); return err })
	return inv, err
}

func TestCreateInvite(t *testing.T) {
	db, clock := openSample(t)
	ward := unitID(t, db, "HN-TM")
	admin := joined(t, db, "admin", "HN-TM")
	token, inv := createInvite(t, db, RoleCoordinator, ward, admin.ID, 48*time.Hour)
	t.Run("gives a token that fits a Telegram deep link", func(t *testing.T) {
		if !regexp.MustCompile(`^[A-Za-z0-9_-]{32}$`).MatchString(token) || len(token) != InviteTokenLen {
			t.Errorf("token %q, want 32 characters of [A-Za-z0-9_-]", token)
		}
		if n := len("inv_" + token); n > 64 {
			t.Errorf("deep link parameter of %d characters, Telegram takes 64", n)
		}
	})
	t.Run("gives a new token each time", func(t *testing.T) {
		seen := map[string]bool{token: true}
		for range 20 {
			other, _ := createInvite(t, db, RoleOfficial, ward, 0, time.Hour)
			if seen[other] {
				t.Fatalf("token %q given twice", other)
			}
			seen[other] = true
		}
	})
	t.Run("stores the invitation, its token only as a hash", func(t *testing.T) {
		want := Invite{ID: inv.ID, Role: RoleCoordinator, UnitID: ward, CreatedBy: admin.ID,
			CreatedAt: clock.Now(), ExpiresAt: clock.Now().Add(48 * time.Hour)}
		if inv != want {
			t.Errorf("returned %+v\nwant     %+v", inv, want)
		}
		sum := sha256.Sum256([]byte(token))
		if n := countRows(t, db, `SELECT count(*) FROM invites WHERE id = ? AND token_hash = ?`, inv.ID, sum[:]); n != 1 {
			t.Errorf("the invitation is not stored under its token's SHA-256")
		}
		for _, hit := range leftoversOf(t, db, "invites", token) {
			t.Errorf("the token is stored: %s", hit)
		}
	})
	for _, tc := range []struct {
		label string
		role  string
		unit  int64
		by    int64
		ttl   time.Duration
		want  error
	}{
		{"an unknown role", "admin", ward, 0, time.Hour, ErrInvalid},
		{"an unknown unit", RoleCoordinator, 9999, 0, time.Hour, ErrInvalid},
		{"no lifetime", RoleCoordinator, ward, 0, 0, ErrInvalid},
		{"an unknown creator", RoleCoordinator, ward, 9999, time.Hour, ErrNotFound},
	} {
		t.Run("refuses "+tc.label, func(t *testing.T) {
			err := db.Update(t.Context(), func(tx *Tx) error {
				_, _, err := tx.CreateInvite(tc.role, tc.unit, tc.by, tc.ttl)
				return err
			})
			if !errors.Is(err, tc.want) {
				t.Errorf("CreateInvite = %v, want %v", err, tc.want)
			}
		})
	}
}

// leftoversOf lists the columns of table whose text holds s.
func leftoversOf(t *testing.T, db *DB, table, s string) []string {
	t.Helper()
	var hits []string
	view(t, db, func(tx *Tx) error {
		rows, err := tx.query(`SELECT * FROM ` + table)
		if err != nil {
			return err
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			for i, v := range vals {
				var text string
				switch x := v.(type) {
				case string:
					text = x
				case []byte:
					text = string(x)
				}
				if strings.Contains(text, s) {
					hits = append(hits, table+"."+cols[i])
				}
			}
		}
		return rows.Err()
	})
	return hits
}

func TestInviteByToken(t *testing.T) {
	db, _ := openSample(t)
	token, inv := createInvite(t, db, RoleOfficial, unitID(t, db, "HN"), 0, time.Hour)
	t.Run("finds the invitation of a token", func(t *testing.T) {
		got, err := inviteByToken(t, db, token)
		if err != nil || got != inv {
			t.Errorf("InviteByToken = %+v, %v; want %+v", got, err, inv)
		}
	})
	for _, tc := range []struct{ label, token string }{
		{"an unknown token", strings.Repeat("A", InviteTokenLen)},
		{"an empty token", ""},
		{"a token with its deep-link prefix", "inv_" + token},
		{"a cut token", token[:len(token)-1]},
		{"a padded token", token[:len(token)-1] + "="},
		{"a token with a space", " " + token[1:]},
		{"a token with a letter not in base64url", token[:len(token)-1] + "đ"},
		{"a token in standard base64", token[:len(token)-1] + "+"},
	} {
		t.Run("reports "+tc.label+" as not found", func(t *testing.T) {
			if _, err := inviteByToken(t, db, tc.token); !errors.Is(err, ErrNotFound) {
				t.Errorf("InviteByToken(%q) = %v, want ErrNotFound", tc.token, err)
			}
		})
	}
}

func TestUseInvite(t *testing.T) {
	db, clock := openSample(t)
	ward := unitID(t, db, "HN-TM")
	a, b := joined(t, db, "a", "HN-TM"), joined(t, db, "b", "HN-TM")
	token, inv := createInvite(t, db, RoleCoordinator, ward, 0, time.Hour)
	clock.Advance(time.Minute)
	t.Run("is taken once", func(t *testing.T) {
		used, err := useInvite(t, db, inv.ID, a.ID)
		if err != nil || used.UsedBy != a.ID || !used.UsedAt.Equal(clock.Now()) || !used.Used() {
			t.Fatalf("UseInvite = %+v, %v; want used by %d now", used, err, a.ID)
		}
		again, err := useInvite(t, db, inv.ID, b.ID)
		if !errors.Is(err, ErrConflict) || again.UsedBy != a.ID {
			t.Errorf("UseInvite again = %+v, %v; want ErrConflict, used by %d", again, err, a.ID)
		}
	})
	t.Run("still finds a used invitation, to say so", func(t *testing.T) {
		got, err := inviteByToken(t, db, token)
		if err != nil || !got.Used() || got.UsedBy != a.ID {
			t.Errorf("InviteByToken = %+v, %v", got, err)
		}
	})
	t.Run("grants no role", func(t *testing.T) {
		if n := countRows(t, db, `SELECT count(*) FROM roles WHERE resident_id = ?`, a.ID); n != 0 {
			t.Errorf("%d roles after using an invitation, want 0 (the caller grants)", n)
		}
	})
	_, late := createInvite(t, db, RoleCoordinator, ward, 0, time.Hour)
	clock.Advance(time.Hour)
	t.Run("is refused once expired, at the very end of its lifetime", func(t *testing.T) {
		got, err := useInvite(t, db, late.ID, b.ID)
		if !errors.Is(err, ErrConflict) || got.Used() || !got.Expired(clock.Now()) {
			t.Errorf("UseInvite = %+v, %v; want ErrConflict, unused and expired", got, err)
		}
		if !strings.Contains(err.Error(), "expired") {
			t.Errorf("error %q does not say it expired", err)
		}
	})
	_, fresh := createInvite(t, db, RoleCoordinator, ward, 0, time.Hour)
	for _, tc := range []struct {
		label    string
		id, user int64
	}{
		{"an unknown invitation", 9999, b.ID},
		{"an unknown resident", fresh.ID, 9999},
	} {
		t.Run("reports "+tc.label+" as not found", func(t *testing.T) {
			if _, err := useInvite(t, db, tc.id, tc.user); !errors.Is(err, ErrNotFound) {
				t.Errorf("UseInvite = %v, want ErrNotFound", err)
			}
		})
	}
	_, mine := createInvite(t, db, RoleOfficial, ward, b.ID, time.Hour)
	if _, err := useInvite(t, db, mine.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	_, pending := createInvite(t, db, RoleCoordinator, ward, b.ID, time.Hour)
	c := joined(t, db, "c", "HN-TM")
	for _, r := range []Resident{a, b} {
		update(t, db, func(tx *Tx) error { _, err := tx.ForgetResident(r.ID); return err })
	}
	t.Run("keeps invitations without a forgotten creator or user", func(t *testing.T) {
		var got [2]Invite
		view(t, db, func(tx *Tx) (err error) {
			if got[0], err = tx.InviteByID(inv.ID); err != nil {
				return err
			}
			got[1], err = tx.InviteByID(mine.ID)
			return err
		})
		if got[0].UsedBy != 0 || !got[0].Used() || got[1].CreatedBy != 0 || got[1].UsedBy != 0 {
			t.Errorf("invitations after forgetting = %+v", got)
		}
	})
	t.Run("expires the invitations of a forgotten creator nobody took", func(t *testing.T) {
		got, err := useInvite(t, db, pending.ID, c.ID)
		if !errors.Is(err, ErrConflict) || got.CreatedBy != 0 || !got.Expired(clock.Now()) {
			t.Errorf("UseInvite = %+v, %v; want ErrConflict, expired", got, err)
		}
	})
}
