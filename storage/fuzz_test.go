package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The fuzz targets of this file cover what storage reads from outside: the
// units CSV an administrator uploads and the unit names people type to
// search. `go test` runs their seeds; .ci/run fuzzes each for a few
// seconds, and the README says how to fuzz longer.

// csvSeeds are units files, good and bad, that the CSV targets start from.
var csvSeeds = []string{
	"",
	"code,name,kind,parent_code\n",
	strings.Join(strings.SplitAfter(string(sampleUnits), "\n")[:6], ""), // a short file, as seeds should be
	"\ufeff Code , NAME,kind,Parent_Code\r\nHN, Thành phố Hà Nội ,City,\r\n",
	"code,name,kind,parent_code\nX,\"Khu phố 1, 2 và 3\",group,\n",
	"code,name,kind,parent_code\nA-1-x,Tổ 1,group,A-1\nA-1,Phường 1,ward,A\nA,Tỉnh A,province,\n",
	"code,name,kind,parent_code\nA,Tỉnh A,province,B\nB,Tỉnh B,province,A\n",
	"code,name,kind,parent_code\nA,Tổ 1,group,\na,Tổ 1 (trùng),group,\n",
	"code,name,kind,parent_code\nA,Phường Mai Động,ward,NOPE\n",
	"code,name,kind,parent_code\nA,Tổ 1,group\nB,Tổ, 2,group,\n",
	"code,name,kind,parent_code\nA,\"Tổ \"\"1\",group,\nB,\"chưa đóng,group,\n",
	"code,name,kind,parent_code\nA B,Tổ 1,group,\nđ,Tổ 2,group,\n" + strings.Repeat("x", 33) + ",Tổ 3,group,\n",
	"code,name,kind,parent_code\nA,,,\nB,\"dòng\nhai\",group,\nC,Tổ\x00,group,\n",
	"code,name,kind,parent_code\nA," + strings.Repeat("đ", 201) + "," + strings.Repeat("k", 51) + ",\n",
	"code,name,kind,parent_code\nA,Phu\u031bo\u031b\u0300ng Mai,ward,\nB,Mai\u200bĐộng\u202e,group,A\n",
	"code,name,kind,parent_code\nA,\xff\xfe,group,\n",
	"code;name;kind;parent_code\nA;Tổ 1;group;\n",
	"name,code,kind,parent_code\n",
	"\"code,name,kind,parent_code\n",
}

func FuzzReadUnitRows(f *testing.F) {
	for _, s := range csvSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		rows, probs, err := readUnitRows(strings.NewReader(data))
		if err != nil {
			t.Fatalf("readUnitRows: %v; only a failing reader may return an error", err)
		}
		for _, p := range probs {
			if p.Line < 1 {
				t.Errorf("problem %q is on line %d, want 1 or later", p.Msg, p.Line)
			}
		}
		lastLine := 1
		for _, r := range rows {
			if r.line <= lastLine {
				t.Errorf("row %q is on line %d, after line %d", r.code, r.line, lastLine)
			}
			lastLine = r.line
			if !codePattern.MatchString(r.code) || r.key != strings.ToLower(r.code) {
				t.Errorf("line %d: code %q (key %q) should have been refused", r.line, r.code, r.key)
			}
			if r.invalid {
				if !slices.ContainsFunc(probs, func(p LineProblem) bool { return p.Line == r.line }) {
					t.Errorf("line %d is marked invalid without a problem on that line", r.line)
				}
				continue
			}
			hidden := func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }
			if !validUnitText(r.name, maxNameRunes) || strings.IndexFunc(r.name, hidden) >= 0 {
				t.Errorf("line %d: name %q should have been refused", r.line, r.name)
			}
			if !validUnitText(r.kind, maxKindRunes) || r.kind != strings.ToLower(r.kind) {
				t.Errorf("line %d: kind %q should have been refused", r.line, r.kind)
			}
			if r.parent != "" && (!codePattern.MatchString(r.parent) || r.parentKey != strings.ToLower(r.parent)) {
				t.Errorf("line %d: parent_code %q should have been refused", r.line, r.parent)
			}
		}
	})
}

// validUnitText reports whether s is trimmed, valid UTF-8, and holds 1 to
// max characters.
func validUnitText(s string, max int) bool {
	n := utf8.RuneCountInString(s)
	return utf8.ValidString(s) && s == strings.TrimSpace(s) && n >= 1 && n <= max
}

func FuzzImportUnits(f *testing.F) {
	for _, s := range csvSeeds {
		f.Add(s)
	}
	// One database for the whole fuzzing process keeps each run cheap.
	// What a run imports stays, so later runs also update and re-parent
	// units that exist already.
	db, _ := openTest(f)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, data string) {
		res, err := db.ImportUnits(ctx, strings.NewReader(data))
		var ie *ImportError
		switch {
		case errors.As(err, &ie):
			checkImportError(t, ie, err)
			return
		case err != nil:
			t.Fatalf("ImportUnits: %v; want nil or an *ImportError", err)
		}
		rows, _, _ := readUnitRows(strings.NewReader(data))
		if got, want := res.Created+res.Updated+res.Unchanged, len(rows); got != want {
			t.Errorf("result %+v counts %d units, want the %d in the file", res, got, want)
		}
		view(t, db, func(tx *Tx) error {
			for _, r := range rows {
				checkImported(t, tx, r)
			}
			return nil
		})
	})
}

// checkImportError checks that a refused import says why, line by line.
func checkImportError(t *testing.T, ie *ImportError, err error) {
	t.Helper()
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("ImportUnits error %v does not match ErrInvalid", err)
	}
	if len(ie.Problems) == 0 || len(ie.Problems) > maxProblems {
		t.Errorf("ImportUnits error lists %d problems, want 1 to %d", len(ie.Problems), maxProblems)
	}
	if !slices.IsSortedFunc(ie.Problems, func(a, b LineProblem) int { return a.Line - b.Line }) {
		t.Errorf("problems are not in line order: %v", ie.Problems)
	}
	for _, p := range ie.Problems {
		if p.Line < 1 {
			t.Errorf("problem %q is on line %d, want 1 or later", p.Msg, p.Line)
		}
	}
}

// checkImported checks that the unit of row r is stored as the row says.
func checkImported(t *testing.T, tx *Tx, r unitRow) {
	t.Helper()
	u, err := tx.UnitByCode(r.code)
	if err != nil {
		t.Errorf("line %d: imported code %q is not found: %v", r.line, r.code, err)
		return
	}
	if u.Name != r.name || u.Kind != r.kind {
		t.Errorf("line %d: unit %q is %q (%s), want %q (%s)", r.line, r.code, u.Name, u.Kind, r.name, r.kind)
	}
	var parent string
	if u.ParentID != 0 {
		p, err := tx.UnitByID(u.ParentID)
		if err != nil {
			t.Errorf("line %d: parent of %q: %v", r.line, r.code, err)
		}
		parent = p.Code
	}
	if !strings.EqualFold(parent, r.parent) {
		t.Errorf("line %d: parent of %q is %q, want %q", r.line, r.code, parent, r.parent)
	}
}

// foldSeeds are unit names and queries, tidy and hostile.
var foldSeeds = []string{
	"",
	"Phường Mai Động",
	"PHƯỜNG MAI ĐỘNG",
	"phuong mai dong",
	"Phu\u031bo\u031b\u0300ng Mai \u0110o\u0302\u0323ng", // NFD
	"Tổ dân phố 5 — Khu 3",
	"  Xã   Đông\tHòa\n",
	"Ðông Hòa",                      // Ð is eth, not Đ
	"Mai\u200bĐộng\u200e\u202e",     // zero-width space, bidi marks
	"\ufeffQuảng Ninh\u2066x\u2069", // BOM, isolates
	"Ｍａｉ　Ｄｏｎｇ",                      // fullwidth, ideographic space
	"Ǆ İ ẞ Ω Å ﬁ",
	"àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ",
	"ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ",
	"\u0300\u0301 a\u0323\u0302",
	"\xff\xfeMai \xc3\x28Động",
	strings.Repeat("Tổ dân phố ", 10),
}

// vietnameseMarked holds every Vietnamese letter with a diacritic, in both
// cases, and the combining marks that make them in NFD.
const vietnameseMarked = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ" +
	"ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ" +
	"\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323"

func FuzzFold(f *testing.F) {
	for _, s := range foldSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if !utf8.ValidString(got) {
			t.Errorf("Fold(%s) = %s, not valid UTF-8", quoteShort(s), quoteShort(got))
		}
		if again := Fold(got); again != got {
			t.Errorf("Fold(%s) = %s, but Fold of that is %s", quoteShort(s), quoteShort(got), quoteShort(again))
		}
		if lower := strings.ToLower(got); lower != got {
			t.Errorf("Fold(%s) = %s, not lower-case (%s)", quoteShort(s), quoteShort(got), quoteShort(lower))
		}
		if i := strings.IndexAny(got, vietnameseMarked); i >= 0 {
			t.Errorf("Fold(%s) = %s, keeps a diacritic at byte %d", quoteShort(s), quoteShort(got), i)
		}
		if got != strings.Join(strings.Fields(got), " ") {
			t.Errorf("Fold(%s) = %s, spaces not collapsed", quoteShort(s), quoteShort(got))
		}
		if utf8.ValidString(s) {
			if nfd, nfc := Fold(norm.NFD.String(s)), Fold(norm.NFC.String(s)); nfd != got || nfc != got {
				t.Errorf("Fold(%s) = %s, but in NFD %s and in NFC %s", quoteShort(s), quoteShort(got), quoteShort(nfd), quoteShort(nfc))
			}
		}
	})
}

// FuzzFoldIgnoresFormatCharacters is kept apart from FuzzFold so that each
// fuzzes on while the other fails.
func FuzzFoldIgnoresFormatCharacters(f *testing.F) {
	for _, s := range foldSeeds {
		f.Add(s, uint16(0))
		f.Add(s, uint16(len(s)/2))
	}
	f.Fuzz(func(t *testing.T, s string, at uint16) {
		if !utf8.ValidString(s) {
			return
		}
		// Format characters (Unicode Cf: zero-width space U+200B, the
		// bidi marks U+200E and U+202E) are invisible, so a name pasted
		// with them must fold as if they were not there. This is the
		// property Fold gains when it strips Cf characters.
		i := runeStart(s, int(at)%(len(s)+1))
		hidden := "\u200b" + s[:i] + "\u200e" + s[i:] + "\u202e"
		if got, want := Fold(hidden), Fold(s); got != want {
			t.Errorf("Fold(%s) = %s, want %s as for %s", quoteShort(hidden), quoteShort(got), quoteShort(want), quoteShort(s))
		}
	})
}

// runeStart returns the start of the rune of s that holds byte i.
func runeStart(s string, i int) int {
	for i > 0 && i < len(s) && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

// quoteShort quotes s for a failure message, cut short if it is long.
func quoteShort(s string) string {
	if len(s) <= 200 {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%q... (%d bytes)", s[:runeStart(s, 200)], len(s))
}

// FuzzValidHotlinePhone feeds any text to ValidHotlinePhone: it never
// panics, and what it accepts is trimmed, accepted again unchanged, holds
// only digits, separators and a leading +, and is a phone AddHotline (and
// the hotlines import) stores.
func FuzzValidHotlinePhone(f *testing.F) {
	for _, s := range []string{"", "113", "1022", " 0912 345 678 ", "+84 912 345 678", "84912345678",
		"024 3863 1234", "+84 24.3863-1234", "1800 599 920", "1900-9095", "0162 345 678", "+84 0912 345 678",
		"(024) 3863 1234", "gọi 113", "1 1 3", "0912  345--678", "+", "++84", "+84", "+840", "84", "８４", "\u00a0113\u00a0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := ValidHotlinePhone(s)
		if !ok {
			if got != "" {
				t.Errorf("ValidHotlinePhone(%q) refused it but returned %q", s, got)
			}
			return
		}
		if got != strings.TrimSpace(got) || !strings.Contains(s, got) {
			t.Errorf("ValidHotlinePhone(%q) = %q, want s trimmed", s, got)
		}
		if again, ok := ValidHotlinePhone(got); !ok || again != got {
			t.Errorf("ValidHotlinePhone(%q) = %q, %v; want it accepted unchanged", got, again, ok)
		}
		if strings.Trim(got, "0123456789 .-+") != "" || strings.LastIndex(got, "+") > 0 {
			t.Errorf("ValidHotlinePhone accepted %q", got)
		}
		if p := hotlineProblem("Đường dây nóng", got, ""); p != "" {
			t.Errorf("ValidHotlinePhone accepted %q, which AddHotline refuses: %s", got, p)
		}
	})
}
