package storage

import (
	"errors"
	"slices"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestFold(t *testing.T) {
	for _, tc := range []struct {
		label, in, want string
	}{
		{"strips diacritics and đ", "Mai Động", "mai dong"},
		{"lower-cases capital Đ", "ĐỐNG ĐA", "dong da"},
		{"collapses and trims spaces", "  Tổ  dân   phố 1 ", "to dan pho 1"},
		{"ward name", "Phường Hoàng Liệt", "phuong hoang liet"},
		{"decomposed input", norm.NFD.String("Phường Móng Cái"), "phuong mong cai"},
		{"tabs and newlines are spaces", "Hà\tNội\n", "ha noi"},
		{"already folded", "khu 3", "khu 3"},
		{"zero-width space inside a word", "Mai\u200bĐộng", "maidong"},
		{"zero-width joiner and BOM", "\ufeffHoàng\u200d Liệt", "hoang liet"},
		{"bidi marks and overrides", "\u202eMai Động\u202c\u200e", "mai dong"},
		{"soft hyphen", "Hoàng\u00adLiệt", "hoangliet"},
		{"fullwidth letters and digits", "Ｍａｉ Ｄｏｎｇ １", "mai dong 1"},
		{"no-break and ideographic spaces", "Mai\u00a0Động\u3000Tổ 1", "mai dong to 1"},
		{"empty", "", ""},
	} {
		t.Run(tc.label, func(t *testing.T) {
			if got, want := Fold(tc.in), tc.want; got != want {
				t.Errorf("Fold(%q) = %q, want %q", tc.in, got, want)
			}
		})
	}
	t.Run("NFC and NFD give the same result", func(t *testing.T) {
		s := "Tổ dân phố Hoàng Liệt Đông"
		if got, want := Fold(norm.NFD.String(s)), Fold(norm.NFC.String(s)); got != want {
			t.Errorf("Fold(NFD) = %q, Fold(NFC) = %q", got, want)
		}
	})
}

func codes(units []Unit) []string {
	var out []string
	for _, u := range units {
		out = append(out, u.Code)
	}
	return out
}

func TestSearchUnits(t *testing.T) {
	db, _ := openSample(t)
	for _, tc := range []struct {
		label, query string
		limit        int
		want         []string
	}{
		{"finds a ward without diacritics", "tuong mai", 0, []string{"HN-TM"}},
		{"finds groups by number in every ward", "to dan pho 3", 0, []string{"HN-TM-T03", "HN-HL-T03"}},
		{"matches words in any order", "mai tuong", 0, []string{"HN-TM"}},
		{"ignores case and diacritics in the query", "HÀ NỘI", 0, []string{"HN"}},
		{"ranks higher units first", "pho", 2, []string{"HN", "HN-TM-T01"}},
		{"ranks an exact match first", "khu 1", 0, []string{"QN-MC1-K1"}},
		{"respects the limit", "to dan pho", 2, []string{"HN-TM-T01", "HN-TM-T02"}},
		{"treats % and _ literally", "50%_", 0, nil},
		{"expands the common abbreviation tdp", "tdp 3", 0, []string{"HN-TM-T03", "HN-HL-T03"}},
		{"splits a word glued to its number", "to3", 0, []string{"HN-TM-T03", "HN-HL-T03"}},
		{"a zero-width space still separates nothing", "to\u200b 3", 0, []string{"HN-TM-T03", "HN-HL-T03"}},
		{"finds nothing for an empty query", "   ", 0, nil},
	} {
		t.Run(tc.label, func(t *testing.T) {
			view(t, db, func(tx *Tx) error {
				got, err := tx.SearchUnits(tc.query, tc.limit)
				if err != nil {
					return err
				}
				if !slices.Equal(codes(got), tc.want) {
					t.Errorf("SearchUnits(%q) = %v, want %v", tc.query, codes(got), tc.want)
				}
				return nil
			})
		})
	}
	t.Run("puts an exact name before longer ones", func(t *testing.T) {
		view(t, db, func(tx *Tx) error {
			got, err := tx.SearchUnits("phuong mong cai 1", 0)
			if err == nil && (len(got) == 0 || got[0].Code != "QN-MC1") {
				t.Errorf("first result = %v, want QN-MC1", codes(got))
			}
			return err
		})
	})
}

func TestUnitTree(t *testing.T) {
	db, _ := openSample(t)
	md, hn := unitID(t, db, "HN-TM"), unitID(t, db, "HN")
	t.Run("ancestors start with the unit and end at the root", func(t *testing.T) {
		view(t, db, func(tx *Tx) error {
			got, err := tx.Ancestors(unitID(t, db, "HN-TM-T02"))
			want := []string{"HN-TM-T02", "HN-TM", "HN"}
			if !slices.Equal(codes(got), want) {
				t.Errorf("Ancestors = %v, want %v", codes(got), want)
			}
			return err
		})
	})
	t.Run("children are in import order; 0 lists the roots", func(t *testing.T) {
		view(t, db, func(tx *Tx) error {
			for _, tc := range []struct {
				parent int64
				want   []string
			}{
				{0, []string{"HN", "QN"}},
				{md, []string{"HN-TM-T01", "HN-TM-T02", "HN-TM-T03", "HN-TM-T04", "HN-TM-T05"}},
				{unitID(t, db, "QN"), []string{"QN-MC1"}},
			} {
				got, err := tx.Children(tc.parent)
				if err != nil {
					return err
				}
				if !slices.Equal(codes(got), tc.want) {
					t.Errorf("Children(%d) = %v, want %v", tc.parent, codes(got), tc.want)
				}
				n, err := tx.CountChildren(tc.parent)
				if err != nil {
					return err
				}
				if got, want := n, len(tc.want); got != want {
					t.Errorf("CountChildren(%d) = %d, want %d", tc.parent, got, want)
				}
			}
			return nil
		})
	})
	t.Run("descendants include the unit and everything below", func(t *testing.T) {
		view(t, db, func(tx *Tx) error {
			got, err := tx.Descendants(hn)
			if err != nil {
				return err
			}
			if got, want := len(got), 12; got != want {
				t.Errorf("len(Descendants(HN)) = %d, want %d", got, want)
			}
			if got[0] != hn {
				t.Errorf("Descendants(HN)[0] = %d, want %d", got[0], hn)
			}
			leaf, err := tx.Descendants(unitID(t, db, "QN-MC1-K3"))
			if got, want := len(leaf), 1; got != want {
				t.Errorf("len(Descendants(leaf)) = %d, want %d", got, want)
			}
			return err
		})
	})
	t.Run("unknown units are not found", func(t *testing.T) {
		view(t, db, func(tx *Tx) error {
			_, err1 := tx.Ancestors(9999)
			_, err2 := tx.Descendants(9999)
			_, err3 := tx.UnitByID(9999)
			_, err4 := tx.UnitByCode("NOPE")
			for i, err := range []error{err1, err2, err3, err4} {
				if !errors.Is(err, ErrNotFound) {
					t.Errorf("call %d: error = %v, want ErrNotFound", i+1, err)
				}
			}
			return nil
		})
	})
	t.Run("codes are found regardless of case", func(t *testing.T) {
		if got, want := unitID(t, db, "hn-tm"), md; got != want {
			t.Errorf("UnitByCode(lower) = %d, want %d", got, want)
		}
	})
	t.Run("a zone is validated and stored", func(t *testing.T) {
		update(t, db, func(tx *Tx) error {
			if err := tx.SetUnitTZ(hn, "Mars/Olympus"); !errors.Is(err, ErrInvalid) {
				t.Errorf("SetUnitTZ(bad) = %v, want ErrInvalid", err)
			}
			if err := tx.SetUnitTZ(hn, "Asia/Ho_Chi_Minh"); err != nil {
				return err
			}
			u, err := tx.UnitByID(hn)
			if got, want := u.TZ, "Asia/Ho_Chi_Minh"; got != want {
				t.Errorf("TZ = %q, want %q", got, want)
			}
			return err
		})
	})
	t.Run("a tree loop in the data is an error, not a hang", func(t *testing.T) {
		update(t, db, func(tx *Tx) error {
			_, err := tx.exec(`UPDATE units SET parent_id = ? WHERE id = ?`, md, hn)
			return err
		})
		view(t, db, func(tx *Tx) error {
			if _, err := tx.Ancestors(md); err == nil {
				t.Error("Ancestors on a loop succeeded, want an error")
			}
			return nil
		})
	})
}
