package storage

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// exportFixture is a ward (HN-TM) with two residential groups and a
// resident in each, a resident of another ward (HN-HL), and their
// check-ins, reports and help requests over three days from 1 August
// 2021 (the fake clock's day), made an hour apart.
type exportFixture struct {
	db                 *DB
	clock              *fakeClock
	ward, group, other int64
	an, binh, chi      Resident
	grandma            Dependant
}

func newExportFixture(t *testing.T) exportFixture {
	t.Helper()
	db, clock := openSample(t)
	f := exportFixture{db: db, clock: clock, ward: unitID(t, db, "HN-TM"), group: unitID(t, db, "HN-TM-T01"),
		other: unitID(t, db, "HN-HL-T01")}
	f.an = joined(t, db, "1", "HN-TM-T01")
	f.binh = joined(t, db, "2", "HN-TM-T02")
	f.chi = joined(t, db, "3", "HN-HL-T01")
	update(t, db, func(tx *Tx) (err error) {
		f.grandma, err = tx.AddDependant(f.an.ID, "Bà Tư")
		return err
	})
	for i, day := range []string{"2021-08-01", "2021-08-02", "2021-08-03"} {
		update(t, db, func(tx *Tx) error {
			for _, c := range []Checkin{
				{ResidentID: f.an.ID, Day: day, Health: HealthSymptoms, Symptoms: []string{"fever", "cough"}, Need: NeedMedicine, Pledge5K: true},
				{ResidentID: f.an.ID, DependantID: f.grandma.ID, Day: day, Health: HealthWell, Need: NeedNone},
				{ResidentID: f.binh.ID, Day: day, Health: HealthF1, Need: NeedNone},
				{ResidentID: f.chi.ID, Day: day, Health: HealthWell, Need: NeedNone},
			} {
				if _, _, err := tx.SaveCheckin(c); err != nil {
					return err
				}
			}
			for _, r := range []Resident{f.an, f.binh, f.chi} {
				d, err := tx.CreateDeed(Deed{ResidentID: r.ID, UnitID: r.UnitID, Category: "help", CategoryLabel: "Giúp đỡ",
					Subject: SubjectSelf, Description: "Việc tốt ngày " + day})
				if err != nil {
					return err
				}
				if i == 0 && r.ID == f.binh.ID {
					if _, err := tx.DecideDeed(d.ID, DeedCommended, "", 0); err != nil {
						return err
					}
				}
				h, err := tx.CreateHelpRequest(HelpRequest{ResidentID: r.ID, UnitID: r.UnitID, Kind: NeedFood, Source: HelpFromSupport})
				if err != nil {
					return err
				}
				if i == 0 {
					if _, err := tx.ClaimHelpRequest(h.ID, 0); err != nil {
						return err
					}
				}
			}
			return nil
		})
		clock.Advance(time.Hour)
	}
	return f
}

// query is a query of the fixture's scope over its three days.
func (f exportFixture) query(scope Scope) ExportQuery {
	start := time.Date(2021, 8, 1, 0, 0, 0, 0, time.UTC)
	return ExportQuery{Scope: scope, From: start, To: start.AddDate(0, 0, 3), FromDay: "2021-08-01", ToDay: "2021-08-03"}
}

func TestExportDeeds(t *testing.T) {
	f := newExportFixture(t)
	ctx := context.Background()
	update(t, f.db, func(tx *Tx) error { // Bình forgets: their commended report stays, without their name
		_, err := tx.ForgetResident(f.binh.ID)
		return err
	})
	var got []DeedExport
	more, err := f.db.ExportDeeds(ctx, f.query(Scope{Units: []int64{f.ward}}), func(d DeedExport) error {
		got = append(got, d)
		return nil
	})
	if err != nil || more {
		t.Fatalf("ExportDeeds: more %v, %v", more, err)
	}
	if len(got) != 4 { // An's three, and Bình's commended one; none of the other ward's
		t.Fatalf("%d reports, want 4: %+v", len(got), got)
	}
	for i, d := range got {
		if i > 0 && d.CreatedAt.Before(got[i-1].CreatedAt) {
			t.Errorf("report %d is older than the one before it", d.ID)
		}
		if d.UnitCode == "HN-HL-T01" {
			t.Errorf("a report of another ward: %+v", d)
		}
	}
	var forgotten DeedExport
	for _, d := range got {
		if d.Status == DeedCommended {
			forgotten = d
		}
	}
	if forgotten.ID == 0 || forgotten.Reporter != "" || forgotten.UnitCode != "HN-TM-T02" {
		t.Errorf("the commended report of a forgotten resident: %+v", forgotten)
	}
	if d := got[0]; d.Reporter != "Cư dân 1" || d.UnitName != "Tổ dân phố 1" || d.CategoryLabel != "Giúp đỡ" ||
		d.Description != "Việc tốt ngày 2021-08-01" || d.Status != DeedPending {
		t.Errorf("first report: %+v", d)
	}

	t.Run("the range holds its start and not its end", func(t *testing.T) {
		q := f.query(Scope{Units: []int64{f.group}})
		q.From = time.Date(2021, 8, 1, 9, 0, 0, 0, time.UTC) // the second day's reports
		q.To = q.From.Add(time.Hour)
		n := 0
		if _, err := f.db.ExportDeeds(ctx, q, func(DeedExport) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("%d reports in one hour, want 1", n)
		}
	})
	t.Run("the limit stops early and says so", func(t *testing.T) {
		q := f.query(Scope{All: true})
		q.Limit = 2
		var ids []int64
		more, err := f.db.ExportDeeds(ctx, q, func(d DeedExport) error { ids = append(ids, d.ID); return nil })
		if err != nil || !more || len(ids) != 2 {
			t.Errorf("limit 2: %v, more %v, %v", ids, more, err)
		}
		q.Limit = 7 // every report of the three days: 9 made, Bình's 2 pending ones forgotten
		ids = nil
		more, err = f.db.ExportDeeds(ctx, q, func(d DeedExport) error { ids = append(ids, d.ID); return nil })
		if err != nil || more || len(ids) != 7 {
			t.Errorf("limit 7 of 7: %v, more %v, %v", ids, more, err)
		}
	})
	t.Run("the callback's error stops it", func(t *testing.T) {
		stop := errors.New("stop")
		n := 0
		_, err := f.db.ExportDeeds(ctx, f.query(Scope{All: true}), func(DeedExport) error { n++; return stop })
		if !errors.Is(err, stop) || n != 1 {
			t.Errorf("after %d rows: %v", n, err)
		}
	})
	t.Run("an empty scope reads nothing", func(t *testing.T) {
		more, err := f.db.ExportDeeds(ctx, f.query(Scope{}), func(DeedExport) error {
			t.Error("a row of an empty scope")
			return nil
		})
		if err != nil || more {
			t.Errorf("more %v, %v", more, err)
		}
	})
	t.Run("bad queries are refused", func(t *testing.T) {
		q := f.query(Scope{All: true})
		q.Limit = -1
		if _, err := f.db.ExportDeeds(ctx, q, func(DeedExport) error { return nil }); !errors.Is(err, ErrInvalid) {
			t.Errorf("a negative limit: %v", err)
		}
		if _, err := f.db.ExportDeeds(ctx, ExportQuery{Scope: Scope{All: true}}, func(DeedExport) error { return nil }); !errors.Is(err, ErrInvalid) {
			t.Errorf("no range: %v", err)
		}
	})
}

func TestExportCheckins(t *testing.T) {
	f := newExportFixture(t)
	ctx := context.Background()
	read := func(q ExportQuery) []CheckinExport {
		t.Helper()
		var got []CheckinExport
		if _, err := f.db.ExportCheckins(ctx, q, func(c CheckinExport) error { got = append(got, c); return nil }); err != nil {
			t.Fatal(err)
		}
		return got
	}
	t.Run("without health details", func(t *testing.T) {
		got := read(f.query(Scope{Units: []int64{f.ward}}))
		if len(got) != 9 { // An, their grandmother and Bình, three days
			t.Fatalf("%d check-ins, want 9: %+v", len(got), got)
		}
		for _, c := range got {
			if c.HasHealth || c.Health != "" || c.Symptoms != nil || c.Need != "" {
				t.Errorf("health details read without the right: %+v", c)
			}
		}
		var names []string
		for _, c := range got[:3] {
			names = append(names, c.Day+" "+c.UnitCode+" "+c.Name+" by "+c.By)
		}
		want := []string{"2021-08-01 HN-TM-T01 Bà Tư by Cư dân 1", "2021-08-01 HN-TM-T01 Cư dân 1 by ",
			"2021-08-01 HN-TM-T02 Cư dân 2 by "}
		if !slices.Equal(names, want) {
			t.Errorf("first day, by unit and name:\n got %q\nwant %q", names, want)
		}
		if !got[1].Pledge5K || got[0].Pledge5K {
			t.Errorf("5K pledges: %+v", got[:2])
		}
	})
	t.Run("health details only where the reader may see them", func(t *testing.T) {
		q := f.query(Scope{Units: []int64{f.ward}})
		q.Health = Scope{Units: []int64{f.group}}
		q.FromDay, q.ToDay = "2021-08-02", "2021-08-02"
		got := read(q)
		if len(got) != 3 {
			t.Fatalf("%d check-ins on one day, want 3: %+v", len(got), got)
		}
		an, binh := got[1], got[2]
		if !an.HasHealth || an.Health != HealthSymptoms || !slices.Equal(an.Symptoms, []string{"fever", "cough"}) ||
			an.Need != NeedMedicine || an.Day != "2021-08-02" {
			t.Errorf("An, in the reader's group: %+v", an)
		}
		if binh.HasHealth || binh.Health != "" {
			t.Errorf("Bình, in another group: %+v", binh)
		}
	})
	t.Run("every unit", func(t *testing.T) {
		q := f.query(Scope{All: true})
		q.Health = Scope{All: true}
		got := read(q)
		if len(got) != 12 {
			t.Fatalf("%d check-ins, want 12", len(got))
		}
		for _, c := range got {
			if !c.HasHealth || c.Health == "" {
				t.Errorf("no health details for an administrator: %+v", c)
			}
		}
	})
	t.Run("a malformed day is refused", func(t *testing.T) {
		q := f.query(Scope{All: true})
		q.ToDay = "03/08/2021"
		if _, err := f.db.ExportCheckins(ctx, q, func(CheckinExport) error { return nil }); !errors.Is(err, ErrInvalid) {
			t.Errorf("got %v", err)
		}
	})
}

func TestExportHelpRequests(t *testing.T) {
	f := newExportFixture(t)
	ctx := context.Background()
	update(t, f.db, func(tx *Tx) error {
		_, err := tx.ResolveHelpRequest(1, 0)
		return err
	})
	var got []HelpExport
	more, err := f.db.ExportHelpRequests(ctx, f.query(Scope{Units: []int64{f.group}}), func(h HelpExport) error {
		got = append(got, h)
		return nil
	})
	if err != nil || more {
		t.Fatalf("more %v, %v", more, err)
	}
	if len(got) != 3 {
		t.Fatalf("%d requests, want 3: %+v", len(got), got)
	}
	first := got[0]
	if first.ID != 1 || first.Status != HelpResolved || first.ClaimedAt.IsZero() || first.ResolvedAt.Sub(first.CreatedAt) != 3*time.Hour ||
		first.Kind != NeedFood || first.UnitCode != "HN-TM-T01" {
		t.Errorf("the first request: %+v", first)
	}
	if last := got[2]; last.Status != HelpOpen || !last.ClaimedAt.IsZero() || !last.ResolvedAt.IsZero() {
		t.Errorf("an open request: %+v", last)
	}
}

// TestExportQueriesUseIndexes: each export finds its rows through an
// index on unit and time (or day), never by reading a whole table.
func TestExportQueriesUseIndexes(t *testing.T) {
	db, _ := openSample(t)
	for _, c := range []struct {
		name, query, table string
		byDay              bool
	}{
		{"reports", exportDeedsQuery, "d", false},
		{"check-ins", exportCheckinsQuery, "c", true},
		{"help requests", exportHelpQuery, "h", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			q := ExportQuery{Scope: Scope{Units: []int64{1}}, From: time.Unix(0, 0), To: time.Unix(1, 0),
				FromDay: "2021-08-01", ToDay: "2021-08-02", Health: Scope{Units: []int64{1}}, Limit: 10}
			args, err := q.args(c.byDay)
			if err != nil {
				t.Fatal(err)
			}
			var plan []string
			view(t, db, func(tx *Tx) error {
				rows, err := tx.tx.QueryContext(tx.ctx, "EXPLAIN QUERY PLAN "+c.query, args...)
				if err != nil {
					return err
				}
				defer rows.Close()
				for rows.Next() {
					var id, parent, unused int
					var detail string
					if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
						return err
					}
					plan = append(plan, detail)
				}
				return rows.Err()
			})
			searched := false
			for _, line := range plan {
				if strings.HasPrefix(line, "SCAN "+c.table+" ") || line == "SCAN "+c.table {
					t.Errorf("reads the whole table: %q", line)
				}
				if strings.HasPrefix(line, "SEARCH "+c.table+" USING INDEX") && strings.Contains(line, "unit_id=?") {
					searched = true
				}
			}
			if !searched {
				t.Errorf("no search by unit:\n%s", strings.Join(plan, "\n"))
			}
		})
	}
}

// TestExportDoesNotWaitForWriters: an export reads while a write
// transaction is open (the bot applying an update), and the writer is
// not held up either.
func TestExportDoesNotWaitForWriters(t *testing.T) {
	f := newExportFixture(t)
	ctx := context.Background()
	inWrite, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- f.db.Update(ctx, func(tx *Tx) error {
			if _, err := tx.CreateDeed(Deed{ResidentID: f.an.ID, UnitID: f.group, Subject: SubjectSelf, Description: "mới"}); err != nil {
				return err
			}
			close(inWrite)
			<-release
			return nil
		})
	}()
	<-inWrite
	n := 0
	_, err := f.db.ExportDeeds(ctx, f.query(Scope{All: true}), func(DeedExport) error { n++; return nil })
	close(release)
	if err != nil || n != 9 {
		t.Errorf("an export during a write: %d rows, %v", n, err)
	}
	if err := <-done; err != nil {
		t.Errorf("the write: %v", err)
	}
}

// exportRequest is a request of r for the check-ins of their unit.
func exportRequest(r Resident) ExportRequest {
	return ExportRequest{ResidentID: r.ID, Platform: "telegram", ChatID: r.ChatID, Lang: "vi", Kind: "checkins",
		Scope: Scope{Units: []int64{r.UnitID}}, Health: Scope{All: true}, FromDay: "2021-08-01", ToDay: "2021-08-03",
		Format: "csv"}
}

func TestQueueExportRefuses(t *testing.T) {
	f := newExportFixture(t)
	for _, c := range []struct {
		label  string
		change func(*ExportRequest)
	}{
		{"no resident", func(r *ExportRequest) { r.ResidentID = 0 }},
		{"no chat", func(r *ExportRequest) { r.ChatID = "" }},
		{"no kind", func(r *ExportRequest) { r.Kind = "" }},
		{"no format", func(r *ExportRequest) { r.Format = "" }},
		{"no unit", func(r *ExportRequest) { r.Scope = Scope{} }},
		{"a malformed day", func(r *ExportRequest) { r.FromDay = "01/08/2021" }},
		{"days in the wrong order", func(r *ExportRequest) { r.FromDay, r.ToDay = r.ToDay, r.FromDay }},
	} {
		t.Run(c.label, func(t *testing.T) {
			r := exportRequest(f.an)
			c.change(&r)
			err := f.db.Update(t.Context(), func(tx *Tx) error { _, err := tx.QueueExport(r); return err })
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("QueueExport = %v, want ErrInvalid", err)
			}
		})
	}
}

// TestExportRequests: requests are claimed oldest first, each once; a
// claim left running longer than stale is taken over by the next, and
// only the newest claim can finish it; settled requests are pruned.
func TestExportRequests(t *testing.T) {
	f := newExportFixture(t)
	ctx := t.Context()
	const stale = 5 * time.Minute
	var first, second ExportRequest
	update(t, f.db, func(tx *Tx) (err error) {
		if first, err = tx.QueueExport(exportRequest(f.an)); err != nil {
			return err
		}
		r := exportRequest(f.binh)
		r.Scope, r.Health = Scope{All: true}, Scope{}
		second, err = tx.QueueExport(r)
		return err
	})
	t.Run("stores the request as asked", func(t *testing.T) {
		if first.Status != ExportPending || first.Attempts != 0 || !first.StartedAt.IsZero() ||
			!slices.Equal(first.Scope.Units, []int64{f.an.UnitID}) || !first.Health.All || first.FromDay != "2021-08-01" {
			t.Errorf("queued %+v", first)
		}
		if !second.Scope.All || second.Scope.Units != nil || !second.Health.Empty() {
			t.Errorf("queued %+v", second)
		}
		var open int
		view(t, f.db, func(tx *Tx) (err error) { open, err = tx.OpenExports(f.an.ID); return err })
		if open != 1 {
			t.Errorf("OpenExports = %d, want 1", open)
		}
	})
	a, err := f.db.ClaimExport(ctx, stale)
	if err != nil || a.ID != first.ID || a.Status != ExportRunning || a.Attempts != 1 || a.StartedAt.IsZero() {
		t.Fatalf("first claim: %+v, %v", a, err)
	}
	b, err := f.db.ClaimExport(ctx, stale)
	if err != nil || b.ID != second.ID {
		t.Fatalf("second claim: %+v, %v", b, err)
	}
	if _, err := f.db.ClaimExport(ctx, stale); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a third claim = %v, want ErrNotFound", err)
	}
	t.Run("finishes a request once", func(t *testing.T) {
		update(t, f.db, func(tx *Tx) error { return tx.FinishExport(a.ID, a.Attempts, ExportDone, "2 rows") })
		err := f.db.Update(ctx, func(tx *Tx) error { return tx.FinishExport(a.ID, a.Attempts, ExportDone, "again") })
		if !errors.Is(err, ErrConflict) {
			t.Errorf("finishing twice = %v, want ErrConflict", err)
		}
		err = f.db.Update(ctx, func(tx *Tx) error { return tx.FinishExport(b.ID, b.Attempts, ExportRunning, "") })
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("finishing as running = %v, want ErrInvalid", err)
		}
	})
	t.Run("a claim abandoned is taken over once stale, by the newest claim only", func(t *testing.T) {
		f.clock.Advance(stale - time.Second)
		if _, err := f.db.ClaimExport(ctx, stale); !errors.Is(err, ErrNotFound) {
			t.Fatalf("a claim still fresh was taken over: %v", err)
		}
		f.clock.Advance(time.Second)
		again, err := f.db.ClaimExport(ctx, stale)
		if err != nil || again.ID != second.ID || again.Attempts != 2 {
			t.Fatalf("taking over: %+v, %v", again, err)
		}
		err = f.db.Update(ctx, func(tx *Tx) error { return tx.FinishExport(b.ID, b.Attempts, ExportDone, "") })
		if !errors.Is(err, ErrConflict) {
			t.Errorf("the abandoned claim finished: %v", err)
		}
		update(t, f.db, func(tx *Tx) error { return tx.FinishExport(again.ID, again.Attempts, ExportFailed, "gave up") })
	})
	t.Run("prunes settled requests only, once old", func(t *testing.T) {
		update(t, f.db, func(tx *Tx) error { _, err := tx.QueueExport(exportRequest(f.chi)); return err })
		if n, err := f.db.PruneExports(ctx, f.clock.Now().Add(-stale-time.Minute)); err != nil || n != 0 {
			t.Errorf("pruned %d requests settled minutes ago (%v)", n, err)
		}
		f.clock.Advance(8 * 24 * time.Hour)
		if n, err := f.db.PruneExports(ctx, f.clock.Now().Add(-7*24*time.Hour)); err != nil || n != 2 {
			t.Errorf("pruned %d, want the 2 settled (%v)", n, err)
		}
		if n := countRows(t, f.db, `SELECT count(*) FROM export_requests WHERE status = 'pending'`); n != 1 {
			t.Errorf("%d pending requests left, want 1", n)
		}
	})
	t.Run("forgetting the resident removes theirs", func(t *testing.T) {
		update(t, f.db, func(tx *Tx) error { _, err := tx.ForgetResident(f.chi.ID); return err })
		if n := countRows(t, f.db, `SELECT count(*) FROM export_requests`); n != 0 {
			t.Errorf("%d requests left", n)
		}
	})
}
