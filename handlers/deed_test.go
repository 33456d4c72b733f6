package handlers

import (
	"context"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"chungsuc/bot"
	"chungsuc/storage"
)

func TestDeedCatalogueSpeaksBothLanguages(t *testing.T) {
	verbs := regexp.MustCompile(`%[a-z]`)
	for key, vi := range viDeed {
		en, ok := enDeed[key]
		if !ok {
			t.Errorf("%s: no English", key)
			continue
		}
		if got, want := verbs.FindAllString(en, -1), verbs.FindAllString(vi, -1); strings.Join(got, "") != strings.Join(want, "") {
			t.Errorf("%s: English verbs %v, Vietnamese %v", key, got, want)
		}
	}
	for key := range enDeed {
		if _, ok := viDeed[key]; !ok {
			t.Errorf("%s: no Vietnamese", key)
		}
	}
	for _, k := range defaultDeedCategories {
		if _, ok := viDeed["deed.cat."+k]; !ok {
			t.Errorf("category %s has no label", k)
		}
	}
	for _, st := range []string{storage.DeedPending, storage.DeedApproved, storage.DeedRejected, storage.DeedCommended} {
		if _, ok := viDeed["deed.st."+st]; !ok {
			t.Errorf("status %s has no words for /mydeeds", st)
		}
		if _, ok := viDeed["deed.by."+st]; !ok && st != storage.DeedPending {
			t.Errorf("status %s has no words for coordinators", st)
		}
		if _, ok := viDeed["deed.told."+st]; !ok && st != storage.DeedPending {
			t.Errorf("status %s has no words for the reporter", st)
		}
	}
}

func TestDeedButtonsFitTelegramLimit(t *testing.T) {
	signer := bot.NewSigner([]byte("key"))
	nonce := strconv.FormatInt(1<<40-1, 36) // the longest a nonce gets
	tests := []struct {
		label  string
		action string
		params []string
	}{
		{"category", actDeedCat, []string{nonce, "initiative"}},
		{"subject", actDeedWho, []string{nonce, storage.SubjectOther}},
		{"subject unit", actDeedUnit, []string{nonce, deedUnitSame}},
		{"decision on a huge id", actDeedApprove, []string{strconv.FormatInt(1<<62, 10)}},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			if _, err := signer.Sign("12345678901234", tt.action, tt.params...); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestExcerpt(t *testing.T) {
	tests := []struct {
		label, in string
		n         int
		want      string
	}{
		{"short text is kept", "Giúp bà cụ", 10, "Giúp bà cụ"},
		{"lines are joined", "Giúp\n\nbà   cụ", 20, "Giúp bà cụ"},
		{"long text is cut on runes", "Ủng hộ gạo cho bà con", 8, "Ủng hộ…"},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			if got := excerpt(tt.in, tt.n); got != tt.want {
				t.Errorf("excerpt(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
			}
		})
	}
}

func TestCategoryName(t *testing.T) {
	rv := &Review{core: &core{Catalog: NewCatalog()}}
	tests := []struct {
		label string
		d     storage.Deed
		lang  string
		want  HTML
	}{
		{"a default kind in Vietnamese", storage.Deed{Category: "help", CategoryLabel: "x"}, "vi", HTML(viDeed["deed.cat.help"])},
		{"a default kind in English", storage.Deed{Category: "help"}, "en", HTML(enDeed["deed.cat.help"])},
		{"a campaign criterion keeps its label, escaped", storage.Deed{Category: "c7", CategoryLabel: "5K & vùng xanh"}, "vi", "5K &amp; vùng xanh"},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			if got := rv.categoryName(tt.lang, tt.d); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDeedDraftMakesTheReport(t *testing.T) {
	d := deedDraft{Category: "donation", Label: "Ủng hộ", Subject: storage.SubjectOther, Name: "Bà Lan",
		SubjectUnit: 9, Description: "Ủng hộ 50 kg gạo", Photos: []storage.DeedPhoto{{FileID: "f", FileUniqueID: "u"}}}
	got := d.deed(3, 7)
	if got.ResidentID != 3 || got.UnitID != 7 || got.Category != "donation" || got.SubjectName != "Bà Lan" ||
		got.SubjectUnitID != 9 || got.Status != storage.DeedPending || len(got.Photos) != 1 {
		t.Errorf("deed = %+v", got)
	}
}

// deedEnv is the application on a real database with the sample units,
// driven by button presses, for the review's corner cases.
type deedEnv struct {
	t      *testing.T
	ctx    context.Context
	db     *storage.DB
	app    *App
	signer *bot.Signer
	seq    int
}

func newDeedEnv(t *testing.T) *deedEnv {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "deed.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.ImportSample(ctx); err != nil {
		t.Fatal(err)
	}
	signer := bot.NewSigner([]byte("deed test key"))
	app := New(Config{DB: db, Signer: signer, Admins: map[string]bool{"telegram:3999": true}, Lang: "vi"})
	return &deedEnv{t: t, ctx: ctx, db: db, app: app, signer: signer}
}

// resident creates a Telegram user living in unit, coordinator of
// coordinates ("" for neither), and returns their id.
func (e *deedEnv) resident(userID, unit, coordinates string) int64 {
	e.t.Helper()
	var id int64
	err := e.db.Update(e.ctx, func(tx *storage.Tx) error {
		r, err := tx.TouchResident("telegram", userID, userID, "User "+userID, "", "vi")
		if err != nil {
			return err
		}
		id = r.ID
		for code, grant := range map[string]bool{unit: false, coordinates: true} {
			if code == "" {
				continue
			}
			u, err := tx.UnitByCode(code)
			if err != nil {
				return err
			}
			if grant {
				_, err = tx.GrantRole(r.ID, storage.RoleCoordinator, u.ID, 0)
			} else {
				err = tx.SetResidentUnit(r.ID, u.ID)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

// deed stores a pending report by reporter (0 for one whose data is gone)
// in the unit with code.
func (e *deedEnv) deed(reporter int64, code string) storage.Deed {
	e.t.Helper()
	var d storage.Deed
	err := e.db.Update(e.ctx, func(tx *storage.Tx) error {
		u, err := tx.UnitByCode(code)
		if err != nil {
			return err
		}
		d, err = tx.CreateDeed(storage.Deed{ResidentID: reporter, UnitID: u.ID, Category: "help",
			Subject: storage.SubjectSelf, Description: "Đi chợ hộ các gia đình cách ly."})
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return d
}

// press presses a decision button made for userID and returns what the
// update queued, by chat.
func (e *deedEnv) press(userID, action string, id int64) map[string][]bot.Outgoing {
	e.t.Helper()
	e.seq++
	data, err := e.signer.Sign(userID, action, strconv.FormatInt(id, 10))
	if err != nil {
		e.t.Fatal(err)
	}
	u := bot.Update{Source: "telegram:1", Platform: "telegram", ID: strconv.Itoa(e.seq), Kind: bot.KindCallback,
		From: bot.User{ID: userID, LanguageCode: "vi"}, Chat: bot.Chat{ID: userID, Private: true},
		MessageID: "77", Callback: &bot.Callback{ID: "q" + strconv.Itoa(e.seq), Data: data}}
	if err := e.app.Process(e.ctx, u); err != nil {
		e.t.Fatal(err)
	}
	out := map[string][]bot.Outgoing{}
	for {
		batch, err := e.db.ClaimOutbox(e.ctx, "telegram", 100)
		if err != nil {
			e.t.Fatal(err)
		}
		if len(batch) == 0 {
			return out
		}
		for _, m := range batch {
			msg, err := bot.DecodeOutgoing(m.Payload)
			if err != nil {
				e.t.Fatal(err)
			}
			out[msg.ChatID] = append(out[msg.ChatID], msg)
			if err := e.db.MarkSent(e.ctx, m.ID, "1"); err != nil {
				e.t.Fatal(err)
			}
		}
	}
}

func (e *deedEnv) status(id int64) string {
	e.t.Helper()
	var d storage.Deed
	err := e.db.View(e.ctx, func(tx *storage.Tx) (err error) {
		d, err = tx.DeedByID(id)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return d.Status
}

func TestDeedDecisionCornerCases(t *testing.T) {
	e := newDeedEnv(t)
	e.resident("3901", "", "HN-TM")
	e.resident("3902", "", "HN-HL")
	reporter := e.resident("3903", "QN-MC1-K1", "")

	t.Run("a reporter whose data is gone: decided, nobody else told", func(t *testing.T) {
		d := e.deed(0, "HN-TM-T01")
		out := e.press("3901", actDeedApprove, d.ID)
		if got := e.status(d.ID); got != storage.DeedApproved {
			t.Errorf("status = %q, want approved", got)
		}
		for chat := range out {
			if chat != "3901" {
				t.Errorf("a message went to chat %s: %+v", chat, out[chat])
			}
		}
		if edits := out["3901"]; len(edits) == 0 || !strings.Contains(edits[len(edits)-1].Text, viDeed["deed.reporter_gone"]) {
			t.Errorf("the coordinator's notice does not say the reporter is gone: %+v", edits)
		}
	})
	t.Run("a coordinator of another ward is refused", func(t *testing.T) {
		d := e.deed(0, "HN-TM-T02")
		out := e.press("3902", actDeedCommend, d.ID)
		if got := e.status(d.ID); got != storage.DeedPending {
			t.Errorf("status = %q, want pending", got)
		}
		if len(out["3902"]) != 1 || out["3902"][0].Kind != bot.OutAnswer || out["3902"][0].Text != viDeed["deed.not_allowed"] {
			t.Errorf("refusal = %+v", out["3902"])
		}
	})
	t.Run("an administrator may decide anywhere and the reporter is told", func(t *testing.T) {
		d := e.deed(reporter, "QN-MC1-K1")
		out := e.press("3999", actDeedApprove, d.ID)
		if got := e.status(d.ID); got != storage.DeedApproved {
			t.Errorf("status = %q, want approved", got)
		}
		if told := out["3903"]; len(told) != 1 || !strings.Contains(told[0].Text, "đã được duyệt") {
			t.Errorf("the reporter was told %+v", told)
		}
	})
	t.Run("an unknown report", func(t *testing.T) {
		out := e.press("3901", actDeedApprove, 999999)
		if len(out["3901"]) != 1 || out["3901"][0].Text != viDeed["deed.not_found"] {
			t.Errorf("answer = %+v", out["3901"])
		}
	})
}
