package storage

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func audit(t *testing.T, db *DB, entries ...AuditEntry) {
	t.Helper()
	update(t, db, func(tx *Tx) error {
		for _, e := range entries {
			if err := tx.Audit(e); err != nil {
				return err
			}
		}
		return nil
	})
}

func auditIn(t *testing.T, db *DB, scope Scope, limit int, before int64) []AuditEntry {
	t.Helper()
	var list []AuditEntry
	view(t, db, func(tx *Tx) (err error) {
		list, err = tx.AuditIn(scope, limit, before)
		return err
	})
	return list
}

func auditTargets(list []AuditEntry) []string {
	var out []string
	for _, e := range list {
		out = append(out, e.Target)
	}
	return out
}

func TestAudit(t *testing.T) {
	db, clock := openSample(t)
	ward := unitID(t, db, "HN-TM")
	coord, r := joined(t, db, "coord", "HN-TM"), joined(t, db, "r", "HN-TM-T01")
	long := strings.Repeat("đ", 400)
	earlier := clock.Now().Add(-time.Hour)
	audit(t, db,
		AuditEntry{ActorID: coord.ID, Action: AuditDeedApprove, UnitID: ward, SubjectID: r.ID, Target: DeedRef(7),
			Outcome: AuditOK, Detail: long},
		AuditEntry{At: earlier, Actor: ActorOperator, Action: AuditGrant, Target: "role 3", Outcome: AuditOK,
			Detail: " dòng 1\ndòng 2\x00 "})
	var got []AuditEntry
	view(t, db, func(tx *Tx) (err error) {
		got, err = tx.auditEntries(`SELECT ` + auditCols + ` FROM audit_log ORDER BY id`)
		return err
	})
	if len(got) != 2 {
		t.Fatalf("%d entries, want 2", len(got))
	}
	t.Run("stores an entry at now", func(t *testing.T) {
		want := AuditEntry{ID: got[0].ID, At: clock.Now(), ActorID: coord.ID, Action: AuditDeedApprove, UnitID: ward,
			SubjectID: r.ID, Target: "VT-000007", Outcome: AuditOK, Detail: got[0].Detail}
		if got[0] != want {
			t.Errorf("stored %+v\nwant   %+v", got[0], want)
		}
	})
	t.Run("cuts a long detail to 300 characters", func(t *testing.T) {
		if n := utf8.RuneCountInString(got[0].Detail); n != 300 || !strings.HasSuffix(got[0].Detail, "…") {
			t.Errorf("detail of %d characters ending %q, want 300 ending …", n, got[0].Detail[len(got[0].Detail)-3:])
		}
	})
	t.Run("keeps the time given, the operator, and one line of detail", func(t *testing.T) {
		if !got[1].At.Equal(earlier) || got[1].Actor != ActorOperator || got[1].ActorID != 0 || got[1].Detail != "dòng 1 dòng 2" {
			t.Errorf("stored %+v", got[1])
		}
	})
	ok := AuditEntry{ActorID: coord.ID, Action: AuditRoleDenied, Outcome: AuditRefused}
	for _, tc := range []struct {
		label string
		edit  func(e *AuditEntry)
		want  error
	}{
		{"an entry without actor", func(e *AuditEntry) { e.ActorID = 0 }, ErrInvalid},
		{"an entry with two actors", func(e *AuditEntry) { e.Actor = ActorSystem }, ErrInvalid},
		{"an unknown kind of actor", func(e *AuditEntry) { e.ActorID, e.Actor = 0, "admin" }, ErrInvalid},
		{"an empty action", func(e *AuditEntry) { e.Action = "" }, ErrInvalid},
		{"an action that is not a short lowercase word", func(e *AuditEntry) { e.Action = "Grant role" }, ErrInvalid},
		{"an unknown outcome", func(e *AuditEntry) { e.Outcome = "maybe" }, ErrInvalid},
		{"an unknown unit", func(e *AuditEntry) { e.UnitID = 9999 }, ErrNotFound},
		{"an unknown actor", func(e *AuditEntry) { e.ActorID = 9999 }, ErrNotFound},
		{"an unknown subject", func(e *AuditEntry) { e.SubjectID = 9999 }, ErrNotFound},
	} {
		t.Run("refuses "+tc.label, func(t *testing.T) {
			e := ok
			tc.edit(&e)
			if err := db.Update(t.Context(), func(tx *Tx) error { return tx.Audit(e) }); !errors.Is(err, tc.want) {
				t.Errorf("Audit = %v, want %v", err, tc.want)
			}
		})
	}
	t.Run("keeps the entries of a forgotten resident, without them", func(t *testing.T) {
		audit(t, db, AuditEntry{ActorID: r.ID, Action: AuditButtonBad, Outcome: AuditRefused, Target: "button"})
		for _, x := range []Resident{coord, r} {
			update(t, db, func(tx *Tx) error { _, err := tx.ForgetResident(x.ID); return err })
		}
		list := auditIn(t, db, Scope{All: true}, 10, 0)
		if len(list) != 3 {
			t.Fatalf("%d entries after forgetting, want 3", len(list))
		}
		for _, e := range list {
			if e.ActorID != 0 || e.SubjectID != 0 {
				t.Errorf("entry %s still names resident %d and %d", e.Target, e.ActorID, e.SubjectID)
			}
		}
	})
}

func TestAuditIn(t *testing.T) {
	db, _ := openSample(t)
	units := map[string]int64{}
	for _, code := range []string{"HN", "HN-TM", "HN-TM-T01", "HN-TM-T02", "HN-HL"} {
		units[code] = unitID(t, db, code)
	}
	for _, target := range []string{"HN-TM", "HN-TM-T01", "", "HN-HL", "HN-TM-T02", "HN", "HN-TM-T01"} {
		audit(t, db, AuditEntry{Actor: ActorSystem, Action: AuditHelpClaim, UnitID: units[target], Target: "at " + target, Outcome: AuditOK})
		// Target is trimmed: the entry without unit is "at".
	}
	tm := Scope{Units: []int64{units["HN-TM"]}}
	for _, tc := range []struct {
		label  string
		scope  Scope
		limit  int
		before int
		want   []string
	}{
		{"a ward sees its own and its groups', newest first", tm, 10, 0,
			[]string{"at HN-TM-T01", "at HN-TM-T02", "at HN-TM-T01", "at HN-TM"}},
		{"a group sees its own", Scope{Units: []int64{units["HN-TM-T01"]}}, 10, 0, []string{"at HN-TM-T01", "at HN-TM-T01"}},
		{"two units see both", Scope{Units: []int64{units["HN-TM-T02"], units["HN-HL"]}}, 10, 0, []string{"at HN-TM-T02", "at HN-HL"}},
		{"the whole scope sees every entry, those without unit too", Scope{All: true}, 10, 0,
			[]string{"at HN-TM-T01", "at HN", "at HN-TM-T02", "at HN-HL", "at", "at HN-TM-T01", "at HN-TM"}},
		{"a page stops at the limit", tm, 2, 0, []string{"at HN-TM-T01", "at HN-TM-T02"}},
		{"the next page starts before the last entry seen", tm, 2, 5, []string{"at HN-TM-T01", "at HN-TM"}},
		{"paging works for the whole scope", Scope{All: true}, 3, 4, []string{"at", "at HN-TM-T01", "at HN-TM"}},
		{"an empty scope sees nothing", Scope{}, 10, 0, nil},
		{"a limit of 0 gives nothing", tm, 0, 0, nil},
	} {
		t.Run(tc.label, func(t *testing.T) {
			if got := auditTargets(auditIn(t, db, tc.scope, tc.limit, int64(tc.before))); !slices.Equal(got, tc.want) {
				t.Errorf("AuditIn = %q, want %q", got, tc.want)
			}
		})
	}
}
