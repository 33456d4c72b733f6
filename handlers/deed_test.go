package handlers

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
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
