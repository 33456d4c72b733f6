package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func importHotlines(t *testing.T, db *DB, csv string) (HotlineImportResult, error) {
	t.Helper()
	return db.ImportHotlines(context.Background(), strings.NewReader(csv))
}

// hotlineList returns a unit's hotlines as "label|phone|hours", in order.
func hotlineList(t *testing.T, db *DB, code string) []string {
	t.Helper()
	id := unitID(t, db, code)
	var out []string
	view(t, db, func(tx *Tx) error {
		got, err := tx.HotlinesFor([]int64{id})
		for _, h := range got[id] {
			out = append(out, h.Label+"|"+h.Phone+"|"+h.Hours)
		}
		return err
	})
	return out
}

// hotlineIDs returns the ids of a unit's hotlines, in order.
func hotlineIDs(t *testing.T, db *DB, code string) []int64 {
	t.Helper()
	id := unitID(t, db, code)
	var out []int64
	view(t, db, func(tx *Tx) error {
		got, err := tx.HotlinesFor([]int64{id})
		for _, h := range got[id] {
			out = append(out, h.ID)
		}
		return err
	})
	return out
}

const wardHotlines = "\ufeffunit_code,label,phone,hours\r\n" +
	"HN-TM,UBND phường,024 3863 1234,7:30–17:00\r\n" +
	"HN-TM,\"Công an phường, trực ban\",024.3863.5678,24/7\r\n" +
	"hn-tm,Trạm y tế,0912-000-111,\r\n" +
	"QN-MC1,Công an phường,+84 203 3881 113, 24/7 \r\n"

func TestImportHotlines(t *testing.T) {
	t.Run("a good file replaces the lists of the units it names", func(t *testing.T) {
		db, _ := openSample(t)
		hnBefore := hotlineList(t, db, "HN")
		res, err := importHotlines(t, db, wardHotlines)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := res, (HotlineImportResult{Units: 2, Added: 3}); got != want {
			t.Errorf("result = %+v, want %+v", got, want)
		}
		want := []string{"UBND phường|024 3863 1234|7:30–17:00", "Công an phường, trực ban|024.3863.5678|24/7", "Trạm y tế|0912-000-111|"}
		if got := hotlineList(t, db, "HN-TM"); !slices.Equal(got, want) {
			t.Errorf("HN-TM = %q, want %q", got, want)
		}
		if got, want := hotlineList(t, db, "QN-MC1"), []string{"Công an phường|+84 203 3881 113|24/7"}; !slices.Equal(got, want) {
			t.Errorf("QN-MC1 = %q, want %q", got, want)
		}
		if got := hotlineList(t, db, "HN"); !slices.Equal(got, hnBefore) {
			t.Errorf("HN, not in the file, changed to %q, want %q", got, hnBefore)
		}
	})
	t.Run("importing the same file again changes nothing", func(t *testing.T) {
		db, _ := openSample(t)
		if _, err := importHotlines(t, db, wardHotlines); err != nil {
			t.Fatal(err)
		}
		ids := hotlineIDs(t, db, "HN-TM")
		res, err := importHotlines(t, db, wardHotlines)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := res, (HotlineImportResult{Units: 2}); got != want {
			t.Errorf("result = %+v, want %+v", got, want)
		}
		if got := hotlineIDs(t, db, "HN-TM"); !slices.Equal(got, ids) {
			t.Errorf("ids = %v, want the same %v", got, ids)
		}
	})
	t.Run("a new list keeps the lines it repeats, in its own order", func(t *testing.T) {
		db, _ := openSample(t)
		if _, err := importHotlines(t, db, wardHotlines); err != nil {
			t.Fatal(err)
		}
		ids := hotlineIDs(t, db, "HN-TM")
		res, err := importHotlines(t, db, "unit_code,label,phone,hours\n"+
			"HN-TM,Trạm y tế,0912-000-111,\n"+
			"HN-TM,UBND phường,024 3863 1234,7:30–17:30\n") // hours changed
		if err != nil {
			t.Fatal(err)
		}
		if got, want := res, (HotlineImportResult{Units: 1, Added: 1, Removed: 2}); got != want {
			t.Errorf("result = %+v, want %+v", got, want)
		}
		want := []string{"Trạm y tế|0912-000-111|", "UBND phường|024 3863 1234|7:30–17:30"}
		if got := hotlineList(t, db, "HN-TM"); !slices.Equal(got, want) {
			t.Errorf("HN-TM = %q, want %q", got, want)
		}
		if got := hotlineIDs(t, db, "HN-TM"); got[0] != ids[2] {
			t.Errorf("the kept line has id %d, want %d", got[0], ids[2])
		}
		if got, want := len(hotlineList(t, db, "QN-MC1")), 1; got != want {
			t.Errorf("QN-MC1 has %d lines, want %d (not in the file)", got, want)
		}
	})
	t.Run("reads the older header without hours", func(t *testing.T) {
		db, _ := openSample(t)
		res, err := importHotlines(t, db, "Unit_Code, Label, Phone\nHN-DC,Công an phường,069 123 4567\n")
		if err != nil {
			t.Fatal(err)
		}
		if got, want := res, (HotlineImportResult{Units: 1, Added: 1}); got != want {
			t.Errorf("result = %+v, want %+v", got, want)
		}
		if got, want := hotlineList(t, db, "HN-DC"), []string{"Công an phường|069 123 4567|"}; !slices.Equal(got, want) {
			t.Errorf("HN-DC = %q, want %q", got, want)
		}
	})
	t.Run("a header alone names no unit and changes nothing", func(t *testing.T) {
		db, _ := openSample(t)
		res, err := importHotlines(t, db, "unit_code,label,phone,hours\n")
		if err != nil || res != (HotlineImportResult{}) {
			t.Errorf("= %+v, %v; want nothing done", res, err)
		}
	})
}

func TestImportHotlinesRejectsBadRows(t *testing.T) {
	const header = "unit_code,label,phone,hours\n"
	tests := []struct {
		label string
		csv   string
		lines []int
		want  string // in the first problem
	}{
		{"an empty file", "", []int{1}, "the file is empty"},
		{"a wrong header", "unit,label,phone\nHN,Công an,113\n", []int{1}, "the first line must be exactly unit_code,label,phone,hours"},
		{"an unknown unit", header + "HN,Công an,113,24/7\nNOWHERE,Công an,113,24/7\n", []int{3}, `unit_code "NOWHERE" is not in the database`},
		{"an empty unit code", header + ",Công an,113,\n", []int{2}, "unit_code is empty"},
		{"an empty label", header + "HN, ,113,\n", []int{2}, "label is empty"},
		{"an overlong label", header + "HN," + strings.Repeat("á", 201) + ",113,\n", []int{2}, "label is longer than 200 characters"},
		{"a control character in a label", header + "HN,\"Công\nan\",113,\n", []int{2}, "label contains a line break"},
		{"a zero-width space in a label", header + "HN,Công\u200ban,113,\n", []int{2}, "invisible formatting character"},
		{"a bidi override in a label", header + "HN,Công an \u202e311,113,\n", []int{2}, "invisible formatting character"},
		{"a bidi isolate in a label", header + "HN,\u2067Công an\u2069,113,\n", []int{2}, "invisible formatting character"},
		{"an empty phone", header + "HN,Công an,,\n", []int{2}, "phone is empty"},
		{"letters in a phone", header + "HN,Công an,gọi 113,\n", []int{2}, `phone "gọi 113" is not a phone number`},
		{"too few digits", header + "HN,Công an,11,\n", []int{2}, "is not a phone number"},
		{"too many digits", header + "HN,Công an,+84 1234 5678 901234,\n", []int{2}, "is not a phone number"},
		{"a plus inside a phone", header + "HN,Công an,024+3863,\n", []int{2}, "is not a phone number"},
		{"a trailing dash", header + "HN,Công an,113-,\n", []int{2}, "is not a phone number"},
		{"overlong hours", header + "HN,Công an,113," + strings.Repeat("7", 51) + "\n", []int{2}, "hours is longer than 50 characters"},
		{"a line break in hours", header + "HN,Công an,113,\"7:30\n17:00\"\n", []int{2}, "hours contains a line break"},
		{"an unquoted comma", header + "HN,Cứu hỏa, cứu nạn,114,24/7\n", []int{2}, "has 5 fields, want 4 (unit_code,label,phone,hours); put a label containing a comma in double quotes"},
		{"a missing field", header + "HN,Công an,113,24/7\nHN,Cấp cứu,115\n", []int{3}, "has 3 fields, want 4"},
		{"a stray quote", header + "HN,Công \"an,113,\n", []int{2}, "cannot be read"},
		{"a repeated phone for one unit", header + "HN-TM,UBND phường,024 3863 1234,\nHN-TM,Trực ban,024.3863.1234,24/7\n", []int{3}, `phone "024.3863.1234" is already listed for HN-TM on line 2`},
		{"every bad line, in order", header + "HN,,113,\nHN,Công an,113,\nNOWHERE,Công an,abc,\nHN,Cảnh sát,1 1 3,\n", []int{2, 4, 4, 5}, "label is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			db, _ := openSample(t)
			before := map[string][]string{}
			for _, code := range []string{"HN", "HN-TM", "QN"} {
				before[code] = hotlineList(t, db, code)
			}
			_, err := importHotlines(t, db, tt.csv)
			var ie *ImportError
			if !errors.As(err, &ie) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("error = %v, want an *ImportError matching ErrInvalid", err)
			}
			var lines []int
			for _, p := range ie.Problems {
				lines = append(lines, p.Line)
			}
			if !slices.Equal(lines, tt.lines) {
				t.Errorf("problem lines = %v, want %v:\n%v", lines, tt.lines, ie)
			}
			if !strings.Contains(ie.Problems[0].Msg, tt.want) {
				t.Errorf("first problem = %q, want it to say %q", ie.Problems[0].Msg, tt.want)
			}
			for code, want := range before {
				if got := hotlineList(t, db, code); !slices.Equal(got, want) {
					t.Errorf("%s changed to %q although nothing should be written", code, got)
				}
			}
		})
	}
}

func TestImportHotlinesWritesNothingWhenOneUnitIsBad(t *testing.T) {
	db, _ := openSample(t)
	before := hotlineList(t, db, "HN-TM")
	_, err := importHotlines(t, db, "unit_code,label,phone,hours\n"+
		"HN-DC,Công an phường,069 123 4567,24/7\n"+
		"HN-TM,UBND phường,not a phone,\n")
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("error = %v, want ErrInvalid", err)
	}
	if got := hotlineList(t, db, "HN-DC"); len(got) != 0 {
		t.Errorf("HN-DC got %q from a rejected file", got)
	}
	if got := hotlineList(t, db, "HN-TM"); !slices.Equal(got, before) {
		t.Errorf("HN-TM = %q, want it unchanged %q", got, before)
	}
}

func TestPlausiblePhone(t *testing.T) {
	for _, tc := range []struct {
		phone string
		want  bool
	}{
		{"113", true},
		{"1022", true},
		{"024 3863 1234", true},
		{"024.3863.1234", true},
		{"0912-000-111", true},
		{"+84 24 3863 1234", true},
		{"024 - 3863 1234", true},
		{"12", false},
		{"1234567890123456", false},
		{"+", false},
		{"", false},
		{" 113", false},
		{"113 ", false},
		{"(024) 3863 1234", false},
		{"024/3863", false},
		{"１１３", false}, // full-width digits
		{"11\u200b3", false},
	} {
		t.Run(fmt.Sprintf("%q", tc.phone), func(t *testing.T) {
			if got := plausiblePhone(tc.phone); got != tc.want {
				t.Errorf("plausiblePhone(%q) = %v, want %v", tc.phone, got, tc.want)
			}
		})
	}
}
