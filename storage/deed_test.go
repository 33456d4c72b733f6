package storage

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// photos returns deed photos whose file unique ids are the given ones.
func photos(uniqueIDs ...string) []DeedPhoto {
	var list []DeedPhoto
	for i, u := range uniqueIDs {
		list = append(list, DeedPhoto{FileID: fmt.Sprintf("file-%d-%s", i, u), FileUniqueID: u})
	}
	return list
}

// duplicates returns each photo's DuplicateOf.
func duplicates(d Deed) []int64 {
	var out []int64
	for _, p := range d.Photos {
		out = append(out, p.DuplicateOf)
	}
	return out
}

func createDeed(tb testing.TB, db *DB, d Deed) Deed {
	tb.Helper()
	update(tb, db, func(tx *Tx) (err error) {
		d, err = tx.CreateDeed(d)
		return err
	})
	return d
}

func TestDeedRef(t *testing.T) {
	for _, tc := range []struct {
		id   int64
		want string
	}{
		{1, "VT-000001"},
		{123, "VT-000123"},
		{999999, "VT-999999"},
		{1234567, "VT-1234567"},
	} {
		t.Run(fmt.Sprintf("writes %d as %s", tc.id, tc.want), func(t *testing.T) {
			if got, want := DeedRef(tc.id), tc.want; got != want {
				t.Errorf("DeedRef(%d) = %q, want %q", tc.id, got, want)
			}
			if got, ok := ParseDeedRef(tc.want); got != tc.id || !ok {
				t.Errorf("ParseDeedRef(%q) = %d, %v, want %d, true", tc.want, got, ok, tc.id)
			}
		})
	}
}

func TestParseDeedRef(t *testing.T) {
	for _, tc := range []struct {
		in     string
		want   int64
		wantOK bool
	}{
		{"VT-000123", 123, true},
		{"vt-123", 123, true},
		{"Vt123", 123, true},
		{" 123 ", 123, true},
		{"#VT-42", 42, true},
		{"VT-1234567", 1234567, true},
		{"", 0, false},
		{"VT-", 0, false},
		{"VT-0", 0, false},
		{"VT--5", 0, false},
		{"HT-000123", 0, false},
		{"12a", 0, false},
		{"+12", 0, false},
		{"99999999999999999999", 0, false},
	} {
		t.Run(fmt.Sprintf("reads %q", tc.in), func(t *testing.T) {
			got, ok := ParseDeedRef(tc.in)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("ParseDeedRef(%q) = %d, %v, want %d, %v", tc.in, got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestCreateDeed(t *testing.T) {
	db, clock := openSample(t)
	r := joined(t, db, "1", "HN-TM-T01")
	first := createDeed(t, db, Deed{ResidentID: r.ID, UnitID: r.UnitID, Category: "food",
		CategoryLabel: "Tặng gạo", Subject: SubjectOther, SubjectName: " Bà Lan ",
		Description: "  Tặng 50 kg gạo cho tổ  ", Photos: photos("A", "B")})
	t.Run("stores a pending report with its photos in order", func(t *testing.T) {
		got, err := viewDeed(t, db, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := Deed{ID: first.ID, ResidentID: r.ID, UnitID: r.UnitID, Category: "food",
			CategoryLabel: "Tặng gạo", Subject: SubjectOther, SubjectName: "Bà Lan",
			Description: "Tặng 50 kg gạo cho tổ", Status: DeedPending, CreatedAt: clock.Now(),
			Photos: photos("A", "B"), Points: 1}
		if got, want := fmt.Sprintf("%+v", got), fmt.Sprintf("%+v", want); got != want {
			t.Errorf("stored %s\nwant   %s", got, want)
		}
		if got, want := fmt.Sprintf("%+v", first), fmt.Sprintf("%+v", want); got != want {
			t.Errorf("returned %s\nwant     %s", got, want)
		}
	})
	second := createDeed(t, db, Deed{ResidentID: r.ID, UnitID: r.UnitID, Subject: SubjectSelf,
		Description: "Phát khẩu trang", Photos: photos("C", "A", "C", "")})
	t.Run("marks a photo already in an earlier deed", func(t *testing.T) {
		if got, want := duplicates(second), []int64{0, first.ID, 0, 0}; !slices.Equal(got, want) {
			t.Errorf("DuplicateOf = %v, want %v (a photo twice in one deed is no duplicate)", got, want)
		}
	})
	t.Run("marks the earlier deed's photo too, as a duplicate of the later", func(t *testing.T) {
		got, err := viewDeed(t, db, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := duplicates(got), []int64{second.ID, 0}; !slices.Equal(got, want) {
			t.Errorf("DuplicateOf = %v, want %v", got, want)
		}
	})
	t.Run("names the lowest other deed", func(t *testing.T) {
		third := createDeed(t, db, Deed{UnitID: r.UnitID, Subject: SubjectSelf, Description: "x",
			Photos: photos("A", "C")})
		if got, want := duplicates(third), []int64{first.ID, second.ID}; !slices.Equal(got, want) {
			t.Errorf("DuplicateOf = %v, want %v", got, want)
		}
	})
	ok := Deed{ResidentID: r.ID, UnitID: r.UnitID, Subject: SubjectSelf, Description: "Giúp"}
	for _, tc := range []struct {
		label string
		edit  func(d *Deed)
		want  error
	}{
		{"an empty description", func(d *Deed) { d.Description = " \n " }, ErrInvalid},
		{"an unknown subject", func(d *Deed) { d.Subject = "them" }, ErrInvalid},
		{"more than five photos", func(d *Deed) { d.Photos = photos("1", "2", "3", "4", "5", "6") }, ErrInvalid},
		{"a photo without file id", func(d *Deed) { d.Photos = []DeedPhoto{{FileUniqueID: "u"}} }, ErrInvalid},
		{"an unknown unit", func(d *Deed) { d.UnitID = 9999 }, ErrNotFound},
		{"an unknown resident", func(d *Deed) { d.ResidentID = 9999 }, ErrNotFound},
	} {
		t.Run("refuses "+tc.label, func(t *testing.T) {
			d := ok
			tc.edit(&d)
			err := db.Update(t.Context(), func(tx *Tx) error { _, err := tx.CreateDeed(d); return err })
			if !errors.Is(err, tc.want) {
				t.Errorf("CreateDeed = %v, want %v", err, tc.want)
			}
		})
	}
	t.Run("accepts five photos", func(t *testing.T) {
		d := ok
		d.Photos = photos("1", "2", "3", "4", "5")
		if got, want := len(createDeed(t, db, d).Photos), 5; got != want {
			t.Errorf("%d photos, want %d", got, want)
		}
	})
}

func viewDeed(tb testing.TB, db *DB, id int64) (d Deed, err error) {
	tb.Helper()
	err = db.View(tb.Context(), func(tx *Tx) error {
		d, err = tx.DeedByID(id)
		return err
	})
	return d, err
}

func TestDeedsOf(t *testing.T) {
	db, _ := openSample(t)
	r := joined(t, db, "1", "HN-TM-T01")
	other := joined(t, db, "2", "HN-TM-T01")
	var ids []int64
	for i := range 3 {
		d := createDeed(t, db, Deed{ResidentID: r.ID, UnitID: r.UnitID, Subject: SubjectSelf,
			Description: fmt.Sprint("deed ", i), Photos: photos(fmt.Sprint("p", i))})
		ids = append(ids, d.ID)
	}
	createDeed(t, db, Deed{ResidentID: other.ID, UnitID: r.UnitID, Subject: SubjectSelf, Description: "x"})
	for _, tc := range []struct {
		label string
		limit int
		want  []int64
	}{
		{"returns all, newest first, when no limit", 0, []int64{ids[2], ids[1], ids[0]}},
		{"returns the newest up to the limit", 2, []int64{ids[2], ids[1]}},
	} {
		t.Run(tc.label, func(t *testing.T) {
			view(t, db, func(tx *Tx) error {
				list, err := tx.DeedsOf(r.ID, tc.limit)
				var got []int64
				for _, d := range list {
					got = append(got, d.ID)
					if len(d.Photos) != 1 {
						t.Errorf("deed %d has %d photos, want 1", d.ID, len(d.Photos))
					}
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("DeedsOf = %v, want %v", got, tc.want)
				}
				return err
			})
		})
	}
}

func TestDecideDeed(t *testing.T) {
	db, clock := openSample(t)
	r := joined(t, db, "1", "HN-TM-T01")
	newDeed := func() int64 {
		return createDeed(t, db, Deed{ResidentID: r.ID, UnitID: r.UnitID, Subject: SubjectSelf, Description: "x"}).ID
	}
	decide := func(id int64, status, reason string, by int64) (d Deed, err error) {
		err = db.Update(t.Context(), func(tx *Tx) error {
			d, err = tx.DecideDeed(id, status, reason, by)
			return err
		})
		return d, err
	}
	for _, tc := range []struct {
		label       string
		first       string // "" = leave pending
		then        string
		want        error
		wantStatus  string
		wantDecider int64
	}{
		{"approves a pending deed", "", DeedApproved, nil, DeedApproved, 8},
		{"rejects a pending deed", "", DeedRejected, nil, DeedRejected, 8},
		{"commends a pending deed", "", DeedCommended, nil, DeedCommended, 8},
		{"commends an approved deed", DeedApproved, DeedCommended, nil, DeedCommended, 8},
		{"keeps the first approval", DeedApproved, DeedApproved, ErrConflict, DeedApproved, 7},
		{"keeps an approval against a rejection", DeedApproved, DeedRejected, ErrConflict, DeedApproved, 7},
		{"keeps a rejection", DeedRejected, DeedApproved, ErrConflict, DeedRejected, 7},
		{"keeps a rejection against a commendation", DeedRejected, DeedCommended, ErrConflict, DeedRejected, 7},
		{"keeps a commendation", DeedCommended, DeedRejected, ErrConflict, DeedCommended, 7},
	} {
		t.Run(tc.label, func(t *testing.T) {
			id := newDeed()
			if tc.first != "" {
				if _, err := decide(id, tc.first, "lý do 1", 7); err != nil {
					t.Fatal(err)
				}
			}
			clock.Advance(time.Minute)
			d, err := decide(id, tc.then, "lý do 2", 8)
			if !errors.Is(err, tc.want) {
				t.Errorf("DecideDeed = %v, want %v", err, tc.want)
			}
			if got, want := d.Status, tc.wantStatus; got != want {
				t.Errorf("returned status %q, want %q", got, want)
			}
			stored, _ := viewDeed(t, db, id)
			if got, want := stored.Status+fmt.Sprint(stored.DecidedBy), tc.wantStatus+fmt.Sprint(tc.wantDecider); got != want {
				t.Errorf("stored status and decider %q, want %q", got, want)
			}
		})
	}
	t.Run("records reason, decider and time", func(t *testing.T) {
		id := newDeed()
		d, err := decide(id, DeedRejected, "  Ảnh không rõ ", 8)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := fmt.Sprint(d.Reason, "|", d.DecidedBy, "|", d.DecidedAt), fmt.Sprint("Ảnh không rõ|8|", clock.Now()); got != want {
			t.Errorf("reason|by|at = %q, want %q", got, want)
		}
	})
	for _, tc := range []struct {
		label          string
		status, reason string
		want           error
	}{
		{"a rejection without reason", DeedRejected, "  ", ErrInvalid},
		{"a move back to pending", DeedPending, "", ErrInvalid},
		{"an unknown status", "deleted", "", ErrInvalid},
	} {
		t.Run("refuses "+tc.label, func(t *testing.T) {
			id := newDeed()
			if _, err := decide(id, tc.status, tc.reason, 8); !errors.Is(err, tc.want) {
				t.Errorf("DecideDeed = %v, want %v", err, tc.want)
			}
			if d, _ := viewDeed(t, db, id); d.Status != DeedPending {
				t.Errorf("status %q, want still pending", d.Status)
			}
		})
	}
	t.Run("reports an unknown deed as not found", func(t *testing.T) {
		if _, err := decide(9999, DeedApproved, "", 8); !errors.Is(err, ErrNotFound) {
			t.Errorf("DecideDeed = %v, want ErrNotFound", err)
		}
	})
	t.Run("says which state it is in", func(t *testing.T) {
		id := newDeed()
		if _, err := decide(id, DeedApproved, "", 8); err != nil {
			t.Fatal(err)
		}
		_, err := decide(id, DeedApproved, "", 8)
		if err == nil || !strings.Contains(err.Error(), "already approved") {
			t.Errorf("DecideDeed = %v, want it to say already approved", err)
		}
	})
}

func TestDecideDeedFirstDecisionWins(t *testing.T) {
	db, clock := openSample(t)
	r := joined(t, db, "1", "HN-TM-T01")
	id := createDeed(t, db, Deed{ResidentID: r.ID, UnitID: r.UnitID, Subject: SubjectSelf, Description: "x"}).ID
	update(t, db, func(tx *Tx) error { _, err := tx.DecideDeed(id, DeedApproved, "", 7); return err })
	first := clock.Now()
	clock.Advance(time.Minute)
	// Two coordinators pressed at once: the second learns who decided,
	// when and how, from the deed returned with the conflict.
	var d Deed
	err := db.Update(t.Context(), func(tx *Tx) (err error) { d, err = tx.DecideDeed(id, DeedRejected, "trùng", 8); return err })
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("second decision = %v, want ErrConflict", err)
	}
	if d.DecidedBy != 7 || d.Status != DeedApproved || !d.DecidedAt.Equal(first) || d.Reason != "" {
		t.Errorf("returned %+v; want approved by 7 at %v", d, first)
	}
	if got, _ := viewDeed(t, db, id); got.DecidedBy != 7 || got.Status != DeedApproved {
		t.Errorf("stored %+v; want the first decision", got)
	}
}

func TestSetDeedConsent(t *testing.T) {
	db, _ := openSample(t)
	r := joined(t, db, "1", "HN-TM-T01")
	id := createDeed(t, db, Deed{ResidentID: r.ID, UnitID: r.UnitID, Subject: SubjectOther, SubjectName: "Bà Lan", Description: "x"}).ID
	yes, no := true, false
	show := func(b *bool) string {
		if b == nil {
			return "not asked"
		}
		return fmt.Sprint(*b)
	}
	for _, tc := range []struct {
		label             string
		reporter, subject *bool
		want              string
	}{
		{"starts not asked", nil, nil, "not asked|not asked"},
		{"records the reporter's answer", &yes, nil, "true|not asked"},
		{"records the subject's answer and keeps the reporter's", nil, &no, "true|false"},
		{"changes both", &no, &yes, "false|true"},
	} {
		t.Run(tc.label, func(t *testing.T) {
			update(t, db, func(tx *Tx) error { return tx.SetDeedConsent(id, tc.reporter, tc.subject) })
			d, err := viewDeed(t, db, id)
			if got := show(d.ReporterConsent) + "|" + show(d.SubjectConsent); err != nil || got != tc.want {
				t.Errorf("consent = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
	t.Run("reports an unknown deed as not found", func(t *testing.T) {
		err := db.Update(t.Context(), func(tx *Tx) error { return tx.SetDeedConsent(9999, &yes, nil) })
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("SetDeedConsent = %v, want ErrNotFound", err)
		}
	})
	t.Run("exports consent only when asked", func(t *testing.T) {
		asked, _ := viewDeed(t, db, id)
		fresh := createDeed(t, db, Deed{ResidentID: r.ID, UnitID: r.UnitID, Subject: SubjectSelf, Description: "y"})
		for _, tc := range []struct {
			d    Deed
			want []string
			not  []string
		}{
			{asked, []string{`"reporter_consent":false`, `"subject_consent":true`}, []string{"published_appeal_id"}},
			{fresh, nil, []string{"reporter_consent", "subject_consent", "published_appeal_id"}},
		} {
			out, err := json.Marshal(tc.d)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("%s lacks %s", out, w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(string(out), n) {
					t.Errorf("%s holds %s", out, n)
				}
			}
		}
	})
}

func TestSetDeedPublished(t *testing.T) {
	db, _ := openSample(t)
	r := joined(t, db, "1", "HN-TM-T01")
	newDeed := func(status string) int64 {
		id := createDeed(t, db, Deed{ResidentID: r.ID, UnitID: r.UnitID, Subject: SubjectSelf, Description: "x"}).ID
		if status != DeedPending {
			update(t, db, func(tx *Tx) error { _, err := tx.DecideDeed(id, status, "lý do", 7); return err })
		}
		return id
	}
	commended := newDeed(DeedCommended)
	appeal := createAppeal(t, db, Appeal{UnitID: r.UnitID, Audience: AudienceAll, Kind: AppealKindExample,
		DeedID: commended, Text: "Gương người tốt việc tốt"})
	publish := func(id, appealID int64) error {
		return db.Update(t.Context(), func(tx *Tx) error { return tx.SetDeedPublished(id, appealID) })
	}
	t.Run("records the appeal that published a commended deed", func(t *testing.T) {
		if err := publish(commended, appeal.ID); err != nil {
			t.Fatal(err)
		}
		d, _ := viewDeed(t, db, commended)
		if d.PublishedAppealID != appeal.ID {
			t.Errorf("PublishedAppealID = %d, want %d", d.PublishedAppealID, appeal.ID)
		}
		out, _ := json.Marshal(d)
		if want := fmt.Sprintf(`"published_appeal_id":%d`, appeal.ID); !strings.Contains(string(out), want) {
			t.Errorf("%s lacks %s", out, want)
		}
	})
	for _, tc := range []struct {
		label    string
		id       int64
		appealID int64
		want     error
	}{
		{"a deed already published", commended, appeal.ID, ErrConflict},
		{"a deed only approved", newDeed(DeedApproved), appeal.ID, ErrConflict},
		{"a pending deed", newDeed(DeedPending), appeal.ID, ErrConflict},
		{"an unknown deed", 9999, appeal.ID, ErrNotFound},
		{"an unknown appeal", newDeed(DeedCommended), 9999, ErrNotFound},
	} {
		t.Run("refuses "+tc.label, func(t *testing.T) {
			if err := publish(tc.id, tc.appealID); !errors.Is(err, tc.want) {
				t.Errorf("SetDeedPublished = %v, want %v", err, tc.want)
			}
		})
	}
}
