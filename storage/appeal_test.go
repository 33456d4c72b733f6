package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// seedWard imports a ward W of groups groups (W-G01…) and n residents
// joined to them in turn, with ids 1…n.
func seedWard(tb testing.TB, db *DB, groups, n int) {
	tb.Helper()
	var csv strings.Builder
	csv.WriteString("code,name,kind,parent_code\nW,Phường,ward,\n")
	for g := 1; g <= groups; g++ {
		fmt.Fprintf(&csv, "W-G%02d,Tổ %d,group,W\n", g, g)
	}
	if _, err := db.ImportUnits(context.Background(), strings.NewReader(csv.String())); err != nil {
		tb.Fatal(err)
	}
	update(tb, db, func(tx *Tx) error {
		_, err := tx.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
			INSERT INTO residents (platform, platform_user_id, chat_id, name, unit_id, joined_at,
				created_at, updated_at, last_seen_at)
			SELECT 'telegram', 'u' || i, 'c' || i, 'Cư dân ' || i,
				(SELECT id FROM units WHERE code = printf('W-G%02d', 1 + (i - 1) % ?)), 0, 0, 0, 0
			FROM n`, n, groups)
		return err
	})
}

// audienceWorld is a small tree with people in every position an
// audience must tell apart.
type audienceWorld struct {
	w, g1, g2, w2 int64
	// residents by name: r1 in G1, r2 in G2, r3 in W itself, r4 in W2,
	// stopped and blocked in G1; c1 coordinates G1 and lives in W2, c2
	// coordinates W and lives in G1, c3 was a coordinator of G2 (revoked),
	// c4 coordinates W2, o1 is an official of W and joined no unit.
	ids map[string]int64
}

func newAudienceWorld(t *testing.T) (*DB, *fakeClock, audienceWorld) {
	t.Helper()
	db, clock := openTest(t)
	csv := "code,name,kind,parent_code\nC,Thành phố,city,\nW,Phường 1,ward,C\nG1,Tổ 1,group,W\nG2,Tổ 2,group,W\nW2,Phường 2,ward,C\n"
	if _, err := db.ImportUnits(context.Background(), strings.NewReader(csv)); err != nil {
		t.Fatal(err)
	}
	aw := audienceWorld{w: unitID(t, db, "W"), g1: unitID(t, db, "G1"), g2: unitID(t, db, "G2"),
		w2: unitID(t, db, "W2"), ids: map[string]int64{}}
	people := []struct {
		name, unit string
	}{
		{"r1", "G1"}, {"r2", "G2"}, {"r3", "W"}, {"r4", "W2"}, {"stopped", "G1"}, {"blocked", "G1"},
		{"c1", "W2"}, {"c2", "G1"}, {"c3", "W2"}, {"c4", "W2"},
	}
	for _, p := range people {
		aw.ids[p.name] = joined(t, db, p.name, p.unit).ID
	}
	aw.ids["o1"] = touch(t, db, "o1", "Lãnh đạo").ID
	update(t, db, func(tx *Tx) error {
		c3, err := tx.GrantRole(aw.ids["c3"], RoleCoordinator, aw.g2, 0)
		return errors.Join(err, tx.RevokeRole(c3),
			grant(tx, aw.ids["c1"], RoleCoordinator, aw.g1, 0), grant(tx, aw.ids["c2"], RoleCoordinator, aw.w, 0),
			grant(tx, aw.ids["c4"], RoleCoordinator, aw.w2, 0), grant(tx, aw.ids["o1"], RoleOfficial, aw.w, 0),
			tx.SetResidentStopped(aw.ids["stopped"], true))
	})
	update(t, db, func(tx *Tx) error {
		_, err := tx.exec(`UPDATE residents SET blocked_at = 1 WHERE id = ?`, aw.ids["blocked"])
		return err
	})
	return db, clock, aw
}

func (aw audienceWorld) names(ids []int64) []string {
	var out []string
	for _, id := range ids {
		for name, x := range aw.ids {
			if x == id {
				out = append(out, name)
			}
		}
	}
	slices.Sort(out)
	return out
}

// expandAll runs NextAppealChunk and AdvanceAppeal until the appeal is
// written, enqueuing a delivery per recipient, and returns the recipients'
// ids in the order they came.
func expandAll(t *testing.T, db *DB, limit int) (Appeal, []int64) {
	t.Helper()
	var ids []int64
	var a Appeal
	for {
		var last bool
		update(t, db, func(tx *Tx) error {
			var list []Recipient
			var err error
			if a, list, err = tx.NextAppealChunk(limit); err != nil {
				return err
			}
			cursor := a.Cursor
			for _, r := range list {
				ids = append(ids, r.ResidentID)
				cursor = r.ResidentID
				if _, err := tx.Enqueue(OutboxMessage{Platform: r.Platform, ChatID: r.ChatID, ResidentID: r.ResidentID,
					Priority: AppealPriority, Kind: "send", BatchID: a.ID}); err != nil {
					return err
				}
			}
			last = len(list) < limit
			return tx.AdvanceAppeal(a.ID, cursor, len(list), last)
		})
		if last {
			return a, ids
		}
	}
}

func TestCountAudience(t *testing.T) {
	db, _, aw := newAudienceWorld(t)
	for _, tc := range []struct {
		label    string
		unit     int64
		audience string
		want     []string
	}{
		{"residents of a ward are those of its groups and of the ward itself", aw.w, AudienceResidents, []string{"c2", "r1", "r2", "r3"}},
		{"residents of a group", aw.g1, AudienceResidents, []string{"c2", "r1"}},
		{"coordinators of a ward include those of its groups", aw.w, AudienceCoordinators, []string{"c1", "c2"}},
		{"coordinators of a group leave out those above it", aw.g1, AudienceCoordinators, []string{"c1"}},
		{"all counts a coordinator who lives there once", aw.w, AudienceAll, []string{"c1", "c2", "r1", "r2", "r3"}},
		{"residents of another ward", aw.w2, AudienceResidents, []string{"c1", "c3", "c4", "r4"}},
		{"coordinators of another ward", aw.w2, AudienceCoordinators, []string{"c4"}},
	} {
		t.Run(tc.label, func(t *testing.T) {
			var n int
			view(t, db, func(tx *Tx) (err error) {
				n, err = tx.CountAudience(tc.unit, tc.audience)
				return err
			})
			if got, want := n, len(tc.want); got != want {
				t.Errorf("CountAudience = %d, want %d (%v)", got, want, tc.want)
			}
			update(t, db, func(tx *Tx) error {
				_, err := tx.CreateAppeal(Appeal{UnitID: tc.unit, Audience: tc.audience, Text: "Kêu gọi"})
				return err
			})
			a, ids := expandAll(t, db, 2)
			if got := aw.names(ids); !slices.Equal(got, tc.want) {
				t.Errorf("expanded to %v, want %v", got, tc.want)
			}
			if !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != len(ids) {
				t.Errorf("recipients %v are not in increasing id order, each once", ids)
			}
			if a.Total != len(tc.want) {
				t.Errorf("Total = %d, want %d", a.Total, len(tc.want))
			}
		})
	}
	for _, tc := range []struct {
		label    string
		unit     int64
		audience string
		want     error
	}{
		{"an unknown audience", aw.w, "everyone", ErrInvalid},
		{"an unknown unit", 9999, AudienceAll, ErrNotFound},
	} {
		t.Run("refuses "+tc.label, func(t *testing.T) {
			err := db.View(t.Context(), func(tx *Tx) error { _, err := tx.CountAudience(tc.unit, tc.audience); return err })
			if !errors.Is(err, tc.want) {
				t.Errorf("CountAudience = %v, want %v", err, tc.want)
			}
		})
	}
}

func createAppeal(t *testing.T, db *DB, a Appeal) Appeal {
	t.Helper()
	update(t, db, func(tx *Tx) (err error) {
		a, err = tx.CreateAppeal(a)
		return err
	})
	return a
}

func TestCreateAppeal(t *testing.T) {
	db, clock, aw := newAudienceWorld(t)
	sender := aw.ids["c2"]
	a := createAppeal(t, db, Appeal{SenderID: sender, UnitID: aw.w, Audience: AudienceResidents, Urgent: true,
		Text: "Mời bà con &lt;tiêm&gt; vắc-xin", Lang: LangVietnamese, Status: AppealDone, Sent: 9, Cursor: 5})
	t.Run("stores a queued appeal starting now, with its audience counted", func(t *testing.T) {
		got, err := func() (got Appeal, err error) {
			err = db.View(t.Context(), func(tx *Tx) error { got, err = tx.AppealByID(a.ID); return err })
			return got, err
		}()
		if err != nil {
			t.Fatal(err)
		}
		want := Appeal{ID: a.ID, SenderID: sender, UnitID: aw.w, Audience: AudienceResidents, Urgent: true,
			Kind: AppealKindAppeal, Text: "Mời bà con &lt;tiêm&gt; vắc-xin", Lang: LangVietnamese,
			Status: AppealQueued, CreatedAt: clock.Now(), StartAt: clock.Now(), Total: 4}
		if got != want {
			t.Errorf("stored   %+v\nwant     %+v", got, want)
		}
		if a != want {
			t.Errorf("returned %+v\nwant     %+v", a, want)
		}
	})
	commended := createDeed(t, db, Deed{ResidentID: aw.ids["r1"], UnitID: aw.g1, Subject: SubjectSelf, Description: "x"})
	t.Run("stores an example with its deed and a photo alone", func(t *testing.T) {
		ex := createAppeal(t, db, Appeal{UnitID: aw.w, Audience: AudienceAll, Kind: AppealKindExample,
			DeedID: commended.ID, Photo: "file-1", PhotoPlatform: "telegram"})
		if ex.Kind != AppealKindExample || ex.DeedID != commended.ID || ex.SenderID != 0 || ex.Total != 5 {
			t.Errorf("example = %+v", ex)
		}
	})
	ok := Appeal{UnitID: aw.w, Audience: AudienceResidents, Text: "x"}
	for _, tc := range []struct {
		label string
		edit  func(a *Appeal)
		want  error
	}{
		{"neither text nor photo", func(a *Appeal) { a.Text = " \n " }, ErrInvalid},
		{"an unknown audience", func(a *Appeal) { a.Audience = "everyone" }, ErrInvalid},
		{"an unknown unit", func(a *Appeal) { a.UnitID = 9999 }, ErrInvalid},
		{"an unknown kind", func(a *Appeal) { a.Kind = "notice" }, ErrInvalid},
		{"an example without its deed", func(a *Appeal) { a.Kind = AppealKindExample }, ErrInvalid},
		{"an example of an unknown deed", func(a *Appeal) { a.Kind, a.DeedID = AppealKindExample, 9999 }, ErrInvalid},
		{"an appeal with a deed", func(a *Appeal) { a.DeedID = commended.ID }, ErrInvalid},
		{"a photo without its platform", func(a *Appeal) { a.Photo = "file-1" }, ErrInvalid},
		{"an unknown language", func(a *Appeal) { a.Lang = "fr" }, ErrInvalid},
		{"an overlong text", func(a *Appeal) { a.Text = strings.Repeat("x", maxAppealBytes+1) }, ErrInvalid},
		{"an unknown sender", func(a *Appeal) { a.SenderID = 9999 }, ErrNotFound},
	} {
		t.Run("refuses "+tc.label, func(t *testing.T) {
			a := ok
			tc.edit(&a)
			err := db.Update(t.Context(), func(tx *Tx) error { _, err := tx.CreateAppeal(a); return err })
			if !errors.Is(err, tc.want) {
				t.Errorf("CreateAppeal = %v, want %v", err, tc.want)
			}
		})
	}
	t.Run("reports an unknown appeal as not found", func(t *testing.T) {
		err := db.View(t.Context(), func(tx *Tx) error { _, err := tx.AppealByID(9999); return err })
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("AppealByID = %v, want ErrNotFound", err)
		}
	})
}

// nextChunk calls NextAppealChunk in its own transaction.
func nextChunk(t *testing.T, db *DB, limit int) (a Appeal, ids []int64, err error) {
	t.Helper()
	err = db.Update(t.Context(), func(tx *Tx) error {
		var list []Recipient
		a, list, err = tx.NextAppealChunk(limit)
		for _, r := range list {
			ids = append(ids, r.ResidentID)
		}
		return err
	})
	return a, ids, err
}

func TestNextAppealChunk(t *testing.T) {
	db, clock, aw := newAudienceWorld(t)
	later := createAppeal(t, db, Appeal{UnitID: aw.w, Audience: AudienceResidents, Text: "sáng mai",
		StartAt: clock.Now().Add(time.Hour)})
	t.Run("waits for an appeal's start", func(t *testing.T) {
		if _, _, err := nextChunk(t, db, 2); !errors.Is(err, ErrNotFound) {
			t.Errorf("NextAppealChunk = %v, want ErrNotFound", err)
		}
	})
	now := createAppeal(t, db, Appeal{UnitID: aw.g1, Audience: AudienceResidents, Text: "ngay"})
	t.Run("starts an appeal due, and gives its recipients from the start", func(t *testing.T) {
		a, ids, err := nextChunk(t, db, 1)
		if err != nil {
			t.Fatal(err)
		}
		if a.ID != now.ID || a.Status != AppealExpanding || len(ids) != 1 {
			t.Errorf("chunk = appeal %d %s, %v; want appeal %d expanding with one recipient", a.ID, a.Status, ids, now.ID)
		}
	})
	t.Run("gives the same chunk again until the cursor moves", func(t *testing.T) {
		first, _, _ := nextChunk(t, db, 1)
		_, ids, err := nextChunk(t, db, 1)
		if err != nil || first.Cursor != 0 || len(ids) != 1 {
			t.Errorf("chunk again = %v, %v", ids, err)
		}
	})
	clock.Advance(time.Hour)
	t.Run("keeps to the appeal under way when an older one comes due", func(t *testing.T) {
		a, _, err := nextChunk(t, db, 1)
		if err != nil || a.ID != now.ID {
			t.Errorf("chunk of appeal %d, %v; want %d", a.ID, err, now.ID)
		}
	})
	_, ids := expandAll(t, db, 1)
	if got, want := aw.names(ids), []string{"c2", "r1"}; !slices.Equal(got, want) {
		t.Errorf("first appeal expanded to %v, want %v", got, want)
	}
	t.Run("moves on to the next appeal once one is written", func(t *testing.T) {
		a, _, err := nextChunk(t, db, 10)
		if err != nil || a.ID != later.ID {
			t.Errorf("chunk of appeal %d, %v; want %d", a.ID, err, later.ID)
		}
	})
	t.Run("refuses a limit of 0", func(t *testing.T) {
		if _, _, err := nextChunk(t, db, 0); !errors.Is(err, ErrInvalid) {
			t.Errorf("NextAppealChunk(0) = %v, want ErrInvalid", err)
		}
	})
}

func TestAdvanceAppeal(t *testing.T) {
	db, _, aw := newAudienceWorld(t)
	queued := createAppeal(t, db, Appeal{UnitID: aw.w, Audience: AudienceResidents, Text: "x", StartAt: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
	a := createAppeal(t, db, Appeal{UnitID: aw.w, Audience: AudienceResidents, Text: "x"})
	if _, _, err := nextChunk(t, db, 2); err != nil {
		t.Fatal(err)
	}
	advance := func(id, cursor int64, added int, last bool) error {
		return db.Update(t.Context(), func(tx *Tx) error { return tx.AdvanceAppeal(id, cursor, added, last) })
	}
	if err := advance(a.ID, 5, 2, false); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		label  string
		id     int64
		cursor int64
		added  int
		want   error
	}{
		{"a cursor moving back", a.ID, 4, 1, ErrInvalid},
		{"a negative count", a.ID, 6, -1, ErrInvalid},
		{"an appeal not being expanded", queued.ID, 6, 1, ErrConflict},
		{"an unknown appeal", 9999, 6, 1, ErrNotFound},
	} {
		t.Run("refuses "+tc.label, func(t *testing.T) {
			if err := advance(tc.id, tc.cursor, tc.added, false); !errors.Is(err, tc.want) {
				t.Errorf("AdvanceAppeal = %v, want %v", err, tc.want)
			}
		})
	}
	t.Run("moves the cursor, counts, and ends the expansion when last", func(t *testing.T) {
		if err := advance(a.ID, 9, 1, true); err != nil {
			t.Fatal(err)
		}
		var got Appeal
		view(t, db, func(tx *Tx) (err error) { got, err = tx.AppealByID(a.ID); return err })
		if got.Cursor != 9 || got.Expanded != 3 || got.Status != AppealSending {
			t.Errorf("cursor %d, expanded %d, status %s; want 9, 3, sending", got.Cursor, got.Expanded, got.Status)
		}
		if err := advance(a.ID, 10, 1, true); !errors.Is(err, ErrConflict) {
			t.Errorf("AdvanceAppeal after the last = %v, want ErrConflict", err)
		}
	})
}

// settle sets the outbox status of the appeal's deliveries in id order:
// the first to statuses[0], and so on.
func settle(t *testing.T, db *DB, appealID int64, statuses ...string) {
	t.Helper()
	update(t, db, func(tx *Tx) error {
		for _, st := range statuses {
			if _, err := tx.exec(`UPDATE outbox SET status = ? WHERE id = (SELECT min(id) FROM outbox
				WHERE batch_id = ? AND status = 'pending')`, st, appealID); err != nil {
				return err
			}
		}
		return nil
	})
}

func figures(t *testing.T, db *DB, id int64) AppealFigures {
	t.Helper()
	var f AppealFigures
	view(t, db, func(tx *Tx) (err error) { f, err = tx.AppealFigures(id); return err })
	return f
}

func TestAppealFiguresAndFinish(t *testing.T) {
	db, clock, aw := newAudienceWorld(t)
	createAppeal(t, db, Appeal{UnitID: aw.w, Audience: AudienceAll, Text: "x"})
	a, ids := expandAll(t, db, 2)
	if len(ids) != 5 {
		t.Fatalf("expanded to %d, want 5", len(ids))
	}
	// Neither a message without batch nor another batch counts.
	enqueue(t, db, OutboxMessage{ChatID: "sender"},
		OutboxMessage{ChatID: "other", Priority: AppealPriority, BatchID: a.ID + 100})
	settle(t, db, a.ID, StatusSent, StatusSent, StatusFailed, StatusBlocked)
	t.Run("counts the deliveries by status", func(t *testing.T) {
		if got, want := figures(t, db, a.ID), (AppealFigures{Pending: 1, Sent: 2, Failed: 1, Blocked: 1}); got != want {
			t.Errorf("AppealFigures = %+v, want %+v", got, want)
		}
	})
	t.Run("will not finish while a delivery is pending", func(t *testing.T) {
		err := db.Update(t.Context(), func(tx *Tx) error { return tx.FinishAppeal(a.ID, figures(t, db, a.ID)) })
		if !errors.Is(err, ErrConflict) {
			t.Errorf("FinishAppeal = %v, want ErrConflict", err)
		}
	})
	settle(t, db, a.ID, StatusCancelled)
	clock.Advance(time.Minute)
	t.Run("finishes with the final figures", func(t *testing.T) {
		f := figures(t, db, a.ID)
		update(t, db, func(tx *Tx) error { return tx.FinishAppeal(a.ID, f) })
		var got Appeal
		view(t, db, func(tx *Tx) (err error) { got, err = tx.AppealByID(a.ID); return err })
		if s := fmt.Sprintln(got.Status, got.Sent, got.Failed, got.Blocked, got.Dropped, got.FinishedAt.Equal(clock.Now())); s != "done 2 1 1 1 true\n" {
			t.Errorf("status, sent, failed, blocked, dropped, finished now = %q", s)
		}
	})
	t.Run("finishes once", func(t *testing.T) {
		err := db.Update(t.Context(), func(tx *Tx) error { return tx.FinishAppeal(a.ID, AppealFigures{}) })
		if !errors.Is(err, ErrConflict) {
			t.Errorf("FinishAppeal again = %v, want ErrConflict", err)
		}
	})
	t.Run("reports an unknown appeal as not found", func(t *testing.T) {
		for name, fn := range map[string]func(tx *Tx) error{
			"AppealFigures": func(tx *Tx) error { _, err := tx.AppealFigures(9999); return err },
			"FinishAppeal":  func(tx *Tx) error { return tx.FinishAppeal(9999, AppealFigures{}) },
			"CancelAppeal":  func(tx *Tx) error { _, err := tx.CancelAppeal(9999, 0); return err },
			"SetAppealProgress": func(tx *Tx) error {
				return tx.SetAppealProgress(9999, "telegram", "1", "", clock.Now(), "x")
			},
		} {
			if err := db.Update(t.Context(), fn); !errors.Is(err, ErrNotFound) {
				t.Errorf("%s = %v, want ErrNotFound", name, err)
			}
		}
	})
}

// TestAppealFiguresResent counts the deliveries put back to be sent again
// (the outbox's resent column, migration 006).
func TestAppealFiguresResent(t *testing.T) {
	db, _, aw := newAudienceWorld(t)
	createAppeal(t, db, Appeal{UnitID: aw.g1, Audience: AudienceResidents, Text: "x"})
	a, _ := expandAll(t, db, 10)
	update(t, db, func(tx *Tx) error {
		_, err := tx.exec(`UPDATE outbox SET resent = id - (SELECT min(id) FROM outbox WHERE batch_id = ?1) + 1,
			status = 'sent' WHERE batch_id = ?1`, a.ID)
		return err
	})
	if got, want := figures(t, db, a.ID), (AppealFigures{Sent: 2, Resent: 3}); got != want {
		t.Errorf("AppealFigures = %+v, want %+v", got, want)
	}
}

func TestCancelAppeal(t *testing.T) {
	db, clock, aw := newAudienceWorld(t)
	by := aw.ids["c2"]
	cancel := func(id int64) (n int, err error) {
		err = db.Update(t.Context(), func(tx *Tx) error { n, err = tx.CancelAppeal(id, by); return err })
		return n, err
	}
	createAppeal(t, db, Appeal{UnitID: aw.w, Audience: AudienceAll, Text: "x"})
	sending, _ := expandAll(t, db, 10)
	settle(t, db, sending.ID, StatusSent, StatusSending, StatusSending)
	// Of the two claimed, one's request has started (it is in flight and
	// will finish); the other is only held by the dispatcher: dropped.
	update(t, db, func(tx *Tx) error {
		_, err := tx.exec(`UPDATE outbox SET started_at = 1 WHERE id = (SELECT min(id) FROM outbox
			WHERE batch_id = ? AND status = 'sending')`, sending.ID)
		return err
	})
	other := createAppeal(t, db, Appeal{UnitID: aw.w, Audience: AudienceAll, Text: "y"})
	expandAll(t, db, 10)
	clock.Advance(time.Minute)
	t.Run("drops the deliveries not started, and only those of the appeal", func(t *testing.T) {
		n, err := cancel(sending.ID)
		if err != nil || n != 3 {
			t.Fatalf("CancelAppeal = %d, %v; want 3 dropped", n, err)
		}
		if got, want := figures(t, db, sending.ID), (AppealFigures{Sending: 1, Sent: 1, Cancelled: 3}); got != want {
			t.Errorf("figures after cancelling %+v, want %+v", got, want)
		}
		if got := figures(t, db, other.ID); got.Pending != 5 {
			t.Errorf("the other appeal's figures %+v, want 5 pending", got)
		}
		var a Appeal
		view(t, db, func(tx *Tx) (err error) { a, err = tx.AppealByID(sending.ID); return err })
		if s := fmt.Sprintln(a.Status, a.CancelledBy == by, a.CancelledAt.Equal(clock.Now()), a.Sent, a.Dropped); s != "cancelled true true 1 3\n" {
			t.Errorf("status, by, at, sent, dropped = %q", s)
		}
	})
	t.Run("cancels a queued appeal before it starts", func(t *testing.T) {
		q := createAppeal(t, db, Appeal{UnitID: aw.w, Audience: AudienceAll, Text: "z", StartAt: clock.Now().Add(time.Hour)})
		if n, err := cancel(q.ID); err != nil || n != 0 {
			t.Errorf("CancelAppeal = %d, %v; want 0 dropped", n, err)
		}
		clock.Advance(2 * time.Hour)
		if a, _, err := nextChunk(t, db, 10); err == nil && a.ID == q.ID {
			t.Errorf("a cancelled appeal is still expanded")
		}
	})
	t.Run("refuses an appeal already cancelled or done", func(t *testing.T) {
		if _, err := cancel(sending.ID); !errors.Is(err, ErrConflict) {
			t.Errorf("CancelAppeal again = %v, want ErrConflict", err)
		}
		settle(t, db, other.ID, StatusSent, StatusSent, StatusSent, StatusSent, StatusSent)
		update(t, db, func(tx *Tx) error { return tx.FinishAppeal(other.ID, figures(t, db, other.ID)) })
		if _, err := cancel(other.ID); !errors.Is(err, ErrConflict) {
			t.Errorf("CancelAppeal of a finished appeal = %v, want ErrConflict", err)
		}
	})
}

func TestAppealLists(t *testing.T) {
	db, clock, aw := newAudienceWorld(t)
	inW := createAppeal(t, db, Appeal{UnitID: aw.w, Audience: AudienceAll, Text: "W"})
	inG1 := createAppeal(t, db, Appeal{UnitID: aw.g1, Audience: AudienceAll, Text: "G1"})
	inW2 := createAppeal(t, db, Appeal{UnitID: aw.w2, Audience: AudienceAll, Text: "W2"})
	update(t, db, func(tx *Tx) error { _, err := tx.CancelAppeal(inG1.ID, 0); return err })
	ids := func(list []Appeal) []int64 {
		var out []int64
		for _, a := range list {
			out = append(out, a.ID)
		}
		return out
	}
	for _, tc := range []struct {
		label string
		get   func(tx *Tx) ([]Appeal, error)
		want  []int64
	}{
		{"active appeals, oldest first", func(tx *Tx) ([]Appeal, error) { return tx.ActiveAppeals() }, []int64{inW.ID, inW2.ID}},
		{"appeals in a ward and below, newest first", func(tx *Tx) ([]Appeal, error) {
			return tx.AppealsIn(Scope{Units: []int64{aw.w}}, 10)
		}, []int64{inG1.ID, inW.ID}},
		{"appeals in a group leave out the ward above", func(tx *Tx) ([]Appeal, error) {
			return tx.AppealsIn(Scope{Units: []int64{aw.g1}}, 10)
		}, []int64{inG1.ID}},
		{"every appeal, up to the limit", func(tx *Tx) ([]Appeal, error) { return tx.AppealsIn(Scope{All: true}, 2) }, []int64{inW2.ID, inG1.ID}},
		{"none in an empty scope", func(tx *Tx) ([]Appeal, error) { return tx.AppealsIn(Scope{}, 10) }, nil},
	} {
		t.Run(tc.label, func(t *testing.T) {
			view(t, db, func(tx *Tx) error {
				list, err := tc.get(tx)
				if got := ids(list); !slices.Equal(got, tc.want) {
					t.Errorf("got %v, want %v", got, tc.want)
				}
				return err
			})
		})
	}
	t.Run("records the sender's progress message", func(t *testing.T) {
		update(t, db, func(tx *Tx) error {
			return tx.SetAppealProgress(inW.ID, "telegram", "chat-c2", "42", clock.Now(), "Đã gửi 3/5")
		})
		var a Appeal
		view(t, db, func(tx *Tx) (err error) { a, err = tx.AppealByID(inW.ID); return err })
		if s := fmt.Sprintln(a.ProgressPlatform, a.ProgressChat, a.ProgressMessageID, a.ProgressAt.Equal(clock.Now()), a.ProgressText); s != "telegram chat-c2 42 true Đã gửi 3/5\n" {
			t.Errorf("progress = %q", s)
		}
	})
}

// TestAppealChunkPlan checks that a chunk walks the residents in id order
// from the cursor: a plan that sorts would read every resident left at
// every chunk.
func TestAppealChunkPlan(t *testing.T) {
	db, _ := openTest(t)
	seedWard(t, db, 20, 2000)
	update(t, db, func(tx *Tx) error { _, err := tx.exec(`ANALYZE`); return err })
	for _, audience := range []string{AudienceResidents, AudienceCoordinators, AudienceAll} {
		t.Run(audience, func(t *testing.T) {
			cond, _ := audienceCond(audience)
			view(t, db, func(tx *Tx) error {
				rows, err := tx.tx.QueryContext(tx.ctx, `EXPLAIN QUERY PLAN `+inScope+`
					SELECT r.id FROM residents r WHERE r.id > ?3 AND `+cond+` ORDER BY r.id LIMIT ?4`,
					"[1]", 0, 0, 500)
				if err != nil {
					return err
				}
				defer rows.Close()
				var plan []string
				for rows.Next() {
					var id, parent, unused int
					var detail string
					if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
						return err
					}
					plan = append(plan, detail)
					if parent == 0 && strings.Contains(detail, "B-TREE FOR ORDER BY") {
						t.Errorf("the chunk sorts its residents")
					}
				}
				if !strings.Contains(strings.Join(plan, "\n"), "USING INTEGER PRIMARY KEY") {
					t.Errorf("the chunk does not walk residents by id:\n%s", strings.Join(plan, "\n"))
				}
				return rows.Err()
			})
		})
	}
}

// BenchmarkAppealChunk writes one chunk of 500 deliveries of an appeal to
// a ward of 100,000 residents in 20 groups, as the expander does: pick the
// chunk, enqueue a delivery per recipient, move the cursor, commit.
func BenchmarkAppealChunk(b *testing.B) {
	const residents, chunk = 100_000, 500
	db, _ := openTest(b)
	seedWard(b, db, 20, residents)
	ward := unitID(b, db, "W")
	newAppeal := func() {
		update(b, db, func(tx *Tx) error {
			_, err := tx.CreateAppeal(Appeal{UnitID: ward, Audience: AudienceResidents, Text: "Kêu gọi tiêm vắc-xin"})
			return err
		})
	}
	newAppeal()
	payload := []byte(`{"text":"Kêu gọi tiêm vắc-xin","parse_mode":"HTML"}`)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var last bool
		update(b, db, func(tx *Tx) error {
			a, list, err := tx.NextAppealChunk(chunk)
			if err != nil {
				return err
			}
			cursor := a.Cursor
			for _, r := range list {
				if _, err := tx.Enqueue(OutboxMessage{Platform: r.Platform, ChatID: r.ChatID, ResidentID: r.ResidentID,
					Priority: AppealPriority, Kind: "send", Payload: payload, BatchID: a.ID}); err != nil {
					return err
				}
				cursor = r.ResidentID
			}
			last = len(list) < chunk
			return tx.AdvanceAppeal(a.ID, cursor, len(list), last)
		})
		if last {
			b.StopTimer()
			newAppeal()
			b.StartTimer()
		}
	}
}

// BenchmarkAppealFigures counts the figures of an appeal with 100,000
// deliveries, as a progress message does.
func BenchmarkAppealFigures(b *testing.B) {
	const residents = 100_000
	db, _ := openTest(b)
	seedWard(b, db, 20, residents)
	ward := unitID(b, db, "W")
	var id int64
	update(b, db, func(tx *Tx) error {
		a, err := tx.CreateAppeal(Appeal{UnitID: ward, Audience: AudienceResidents, Text: "x"})
		if err != nil {
			return err
		}
		id = a.ID
		_, err = tx.exec(`INSERT INTO outbox (platform, chat_id, resident_id, priority, kind, payload, status,
				not_before, created_at, batch_id)
			SELECT platform, chat_id, id, ?, 'send', x'', CASE id % 3 WHEN 0 THEN 'sent' ELSE 'pending' END, 0, 0, ?
			FROM residents`, AppealPriority, id)
		return err
	})
	b.Run("CountAudience", func(b *testing.B) {
		for b.Loop() {
			view(b, db, func(tx *Tx) error { _, err := tx.CountAudience(ward, AudienceAll); return err })
		}
	})
	b.Run("AppealFigures", func(b *testing.B) {
		for b.Loop() {
			view(b, db, func(tx *Tx) error { _, err := tx.AppealFigures(id); return err })
		}
	})
}
