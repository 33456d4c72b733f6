package storage

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"
)

func createHelp(tb testing.TB, db *DB, h HelpRequest) HelpRequest {
	tb.Helper()
	update(tb, db, func(tx *Tx) (err error) {
		h, err = tx.CreateHelpRequest(h)
		return err
	})
	return h
}

func helpIDs(list []HelpRequest) []int64 {
	var ids []int64
	for _, h := range list {
		ids = append(ids, h.ID)
	}
	return ids
}

func TestHelpRef(t *testing.T) {
	for _, tc := range []struct {
		id   int64
		want string
	}{{45, "HT-000045"}, {1234567, "HT-1234567"}} {
		t.Run(tc.want, func(t *testing.T) {
			if got, want := HelpRef(tc.id), tc.want; got != want {
				t.Errorf("HelpRef(%d) = %q, want %q", tc.id, got, want)
			}
		})
	}
}

func TestCreateHelpRequest(t *testing.T) {
	db, clock := openSample(t)
	r := joined(t, db, "1", "HN-TM-T01")
	h := createHelp(t, db, HelpRequest{ResidentID: r.ID, UnitID: r.UnitID, Kind: NeedMedicine,
		Description: " Cần thuốc hạ sốt ", Phone: " 0912 345 678 ", Source: HelpFromSupport,
		Status: HelpResolved, ClaimedBy: 5})
	t.Run("stores an open request, whatever status it is given", func(t *testing.T) {
		want := HelpRequest{ID: h.ID, ResidentID: r.ID, UnitID: r.UnitID, Kind: NeedMedicine,
			Description: "Cần thuốc hạ sốt", Phone: "0912 345 678", Source: HelpFromSupport,
			Status: HelpOpen, CreatedAt: clock.Now()}
		var got HelpRequest
		view(t, db, func(tx *Tx) (err error) {
			got, err = tx.HelpRequestByID(h.ID)
			return err
		})
		if got, want := fmt.Sprintf("%+v", got), fmt.Sprintf("%+v", want); got != want {
			t.Errorf("stored %s\nwant   %s", got, want)
		}
		if got, want := fmt.Sprintf("%+v", h), fmt.Sprintf("%+v", want); got != want {
			t.Errorf("returned %s\nwant     %s", got, want)
		}
	})
	t.Run("lists a resident's requests newest first", func(t *testing.T) {
		second := createHelp(t, db, HelpRequest{ResidentID: r.ID, UnitID: r.UnitID, Kind: NeedFood, Source: HelpFromCheckin})
		createHelp(t, db, HelpRequest{UnitID: r.UnitID, Kind: NeedFood, Source: HelpFromCheckin})
		view(t, db, func(tx *Tx) error {
			all, err := tx.HelpRequestsOf(r.ID, 0)
			if got, want := helpIDs(all), []int64{second.ID, h.ID}; !slices.Equal(got, want) {
				t.Errorf("HelpRequestsOf(0) = %v, want %v", got, want)
			}
			one, err2 := tx.HelpRequestsOf(r.ID, 1)
			if got, want := helpIDs(one), []int64{second.ID}; !slices.Equal(got, want) {
				t.Errorf("HelpRequestsOf(1) = %v, want %v", got, want)
			}
			return errors.Join(err, err2)
		})
	})
	t.Run("records whose coordinators were told", func(t *testing.T) {
		update(t, db, func(tx *Tx) error { return tx.SetHelpNotified(h.ID, r.UnitID) })
		view(t, db, func(tx *Tx) error {
			got, err := tx.HelpRequestByID(h.ID)
			if got, want := got.NotifiedUnitID, r.UnitID; got != want {
				t.Errorf("notified unit %d, want %d", got, want)
			}
			return err
		})
	})
	ok := HelpRequest{ResidentID: r.ID, UnitID: r.UnitID, Kind: NeedFood, Source: HelpFromSupport}
	for _, tc := range []struct {
		label string
		edit  func(h *HelpRequest)
		want  error
	}{
		{"the need none", func(h *HelpRequest) { h.Kind = NeedNone }, ErrInvalid},
		{"an unknown kind", func(h *HelpRequest) { h.Kind = "money" }, ErrInvalid},
		{"an unknown source", func(h *HelpRequest) { h.Source = "" }, ErrInvalid},
		{"a phone with letters", func(h *HelpRequest) { h.Phone = "call me" }, ErrInvalid},
		{"an unknown unit", func(h *HelpRequest) { h.UnitID = 9999 }, ErrNotFound},
		{"an unknown resident", func(h *HelpRequest) { h.ResidentID = 9999 }, ErrNotFound},
	} {
		t.Run("refuses "+tc.label, func(t *testing.T) {
			h := ok
			tc.edit(&h)
			err := db.Update(t.Context(), func(tx *Tx) error { _, err := tx.CreateHelpRequest(h); return err })
			if !errors.Is(err, tc.want) {
				t.Errorf("CreateHelpRequest = %v, want %v", err, tc.want)
			}
		})
	}
	t.Run("reports unknown ids as not found", func(t *testing.T) {
		for name, fn := range map[string]func(tx *Tx) error{
			"HelpRequestByID": func(tx *Tx) error { _, err := tx.HelpRequestByID(9999); return err },
			"SetHelpNotified": func(tx *Tx) error { return tx.SetHelpNotified(9999, 1) },
			"MarkEscalated":   func(tx *Tx) error { return tx.MarkEscalated(9999, 1) },
			"Claim":           func(tx *Tx) error { _, err := tx.ClaimHelpRequest(9999, 1); return err },
			"Resolve":         func(tx *Tx) error { _, err := tx.ResolveHelpRequest(9999, 1); return err },
		} {
			if err := db.Update(t.Context(), fn); !errors.Is(err, ErrNotFound) {
				t.Errorf("%s = %v, want ErrNotFound", name, err)
			}
		}
	})
}

func TestHelpRequestStatus(t *testing.T) {
	db, clock := openSample(t)
	r := joined(t, db, "1", "HN-TM-T01")
	newHelp := func() int64 {
		return createHelp(t, db, HelpRequest{ResidentID: r.ID, UnitID: r.UnitID, Kind: NeedFood, Source: HelpFromSupport}).ID
	}
	claim := func(id, by int64) (h HelpRequest, err error) {
		err = db.Update(t.Context(), func(tx *Tx) error { h, err = tx.ClaimHelpRequest(id, by); return err })
		return h, err
	}
	resolve := func(id, by int64) (h HelpRequest, err error) {
		err = db.Update(t.Context(), func(tx *Tx) error { h, err = tx.ResolveHelpRequest(id, by); return err })
		return h, err
	}
	t.Run("claims an open request once; the first claimant keeps it", func(t *testing.T) {
		id := newHelp()
		claimedAt := clock.Now()
		h, err := claim(id, 7)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := fmt.Sprint(h.Status, h.ClaimedBy, h.ClaimedAt), fmt.Sprint(HelpClaimed, 7, claimedAt); got != want {
			t.Errorf("status, by, at = %q, want %q", got, want)
		}
		clock.Advance(time.Minute)
		again, err := claim(id, 8)
		if !errors.Is(err, ErrConflict) {
			t.Errorf("second claim = %v, want ErrConflict", err)
		}
		if got, want := fmt.Sprint(again.Status, again.ClaimedBy, again.ClaimedAt), fmt.Sprint(HelpClaimed, 7, claimedAt); got != want {
			t.Errorf("after a second claim: status, by, at = %q, want %q", got, want)
		}
	})
	for _, tc := range []struct {
		label   string
		claimed bool
	}{{"resolves an open request", false}, {"resolves a claimed request", true}} {
		t.Run(tc.label, func(t *testing.T) {
			id := newHelp()
			if tc.claimed {
				if _, err := claim(id, 7); err != nil {
					t.Fatal(err)
				}
			}
			h, err := resolve(id, 8)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := fmt.Sprint(h.Status, h.ResolvedBy, h.ResolvedAt), fmt.Sprint(HelpResolved, 8, clock.Now()); got != want {
				t.Errorf("status, by, at = %q, want %q", got, want)
			}
		})
	}
	t.Run("refuses to resolve or claim a resolved request", func(t *testing.T) {
		id := newHelp()
		if _, err := resolve(id, 8); err != nil {
			t.Fatal(err)
		}
		h, err := resolve(id, 9)
		if !errors.Is(err, ErrConflict) || h.ResolvedBy != 8 {
			t.Errorf("second resolve = %+v, %v; want resolved by 8 and ErrConflict", h, err)
		}
		if h, err := claim(id, 9); !errors.Is(err, ErrConflict) || h.Status != HelpResolved {
			t.Errorf("claim of a resolved request = %q, %v; want resolved and ErrConflict", h.Status, err)
		}
	})
}

func TestEscalationDue(t *testing.T) {
	db, clock := openSample(t)
	r := joined(t, db, "1", "HN-TM-T01")
	start := clock.Now()
	var ids []int64
	for range 4 {
		ids = append(ids, createHelp(t, db, HelpRequest{ResidentID: r.ID, UnitID: r.UnitID,
			Kind: NeedMedical, Source: HelpFromCheckin}).ID)
		clock.Advance(10 * time.Minute)
	}
	// ids[0..3] were created at start, +10, +20 and +30 minutes.
	update(t, db, func(tx *Tx) error {
		_, err := tx.ClaimHelpRequest(ids[1], 7)
		return err
	})
	due := func(before time.Time, limit int) []int64 {
		t.Helper()
		var list []HelpRequest
		view(t, db, func(tx *Tx) (err error) {
			list, err = tx.EscalationDue(before, limit)
			return err
		})
		return helpIDs(list)
	}
	for _, tc := range []struct {
		label  string
		before time.Time
		limit  int
		want   []int64
	}{
		{"returns open requests created by the time, oldest first", start.Add(20 * time.Minute), 10, []int64{ids[0], ids[2]}},
		{"returns none created later", start.Add(-time.Millisecond), 10, nil},
		{"respects the limit", start.Add(time.Hour), 1, []int64{ids[0]}},
		{"returns nothing for no limit", start.Add(time.Hour), 0, nil},
	} {
		t.Run(tc.label, func(t *testing.T) {
			if got, want := due(tc.before, tc.limit), tc.want; !slices.Equal(got, want) {
				t.Errorf("EscalationDue = %v, want %v", got, want)
			}
		})
	}
	t.Run("no longer returns an escalated request", func(t *testing.T) {
		ward := unitID(t, db, "HN-TM")
		update(t, db, func(tx *Tx) error { return tx.MarkEscalated(ids[0], ward) })
		if got, want := due(start.Add(time.Hour), 10), []int64{ids[2], ids[3]}; !slices.Equal(got, want) {
			t.Errorf("EscalationDue = %v, want %v", got, want)
		}
		view(t, db, func(tx *Tx) error {
			h, err := tx.HelpRequestByID(ids[0])
			if got, want := fmt.Sprint(h.EscalatedAt, h.NotifiedUnitID), fmt.Sprint(clock.Now(), ward); got != want {
				t.Errorf("escalated at, notified unit = %q, want %q", got, want)
			}
			return err
		})
	})
}
