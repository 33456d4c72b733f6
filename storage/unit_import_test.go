package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func importCSV(t *testing.T, db *DB, csv string) (ImportResult, error) {
	t.Helper()
	return db.ImportUnits(context.Background(), strings.NewReader(csv))
}

func countUnits(t *testing.T, db *DB) int {
	t.Helper()
	n, err := db.CountUnits(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportUnits(t *testing.T) {
	t.Run("imports the sample with its tree", func(t *testing.T) {
		db, _ := openTest(t)
		res, err := db.ImportUnits(context.Background(), SampleUnits())
		if err != nil {
			t.Fatal(err)
		}
		if got, want := res, (ImportResult{Created: 17}); got != want {
			t.Errorf("result = %+v, want %+v", got, want)
		}
		view(t, db, func(tx *Tx) error {
			u, err := tx.UnitByCode("HN-TM-T05")
			if err != nil {
				return err
			}
			if got, want := u.Name, "Tổ dân phố 5"; got != want {
				t.Errorf("name = %q, want %q", got, want)
			}
			if got, want := u.Kind, "group"; got != want {
				t.Errorf("kind = %q, want %q", got, want)
			}
			if got, want := u.ParentID, unitID(t, db, "HN-TM"); got != want {
				t.Errorf("parent = %d, want %d", got, want)
			}
			return nil
		})
	})
	t.Run("tolerates a BOM, header case and spaces", func(t *testing.T) {
		db, _ := openTest(t)
		_, err := importCSV(t, db, "\ufeff Code , NAME,kind,Parent_Code\r\nHN, Thành phố Hà Nội ,City,\r\n")
		if err != nil {
			t.Fatal(err)
		}
		view(t, db, func(tx *Tx) error {
			u, err := tx.UnitByCode("HN")
			if got, want := u.Name+"/"+u.Kind, "Thành phố Hà Nội/city"; got != want {
				t.Errorf("unit = %q, want %q", got, want)
			}
			return err
		})
	})
	t.Run("reads quoted names with commas", func(t *testing.T) {
		db, _ := openTest(t)
		_, err := importCSV(t, db, "code,name,kind,parent_code\nX,\"Khu phố 1, 2 và 3\",group,\n")
		if err != nil {
			t.Fatal(err)
		}
		view(t, db, func(tx *Tx) error {
			u, err := tx.UnitByCode("X")
			if got, want := u.Name, "Khu phố 1, 2 và 3"; got != want {
				t.Errorf("name = %q, want %q", got, want)
			}
			return err
		})
	})
	t.Run("accepts parents after their children", func(t *testing.T) {
		db, _ := openTest(t)
		res, err := importCSV(t, db, "code,name,kind,parent_code\n"+
			"A-1-x,Tổ 1,group,A-1\nA-1,Phường 1,ward,A\nA,Tỉnh A,province,\n")
		if err != nil {
			t.Fatal(err)
		}
		if got, want := res.Created, 3; got != want {
			t.Errorf("created %d, want %d", got, want)
		}
		view(t, db, func(tx *Tx) error {
			got, err := tx.Ancestors(unitID(t, db, "A-1-x"))
			if want := []string{"A-1-x", "A-1", "A"}; !slices.Equal(codes(got), want) {
				t.Errorf("Ancestors = %v, want %v", codes(got), want)
			}
			return err
		})
	})
	t.Run("re-import updates without duplicating", func(t *testing.T) {
		db, _ := openSample(t)
		before := countUnits(t, db)
		res, err := importCSV(t, db, "code,name,kind,parent_code\n"+
			"HN-TM,Phường Tương Mai (mới),ward,HN\n"+ // renamed
			"hn-tm-t01,Tổ dân phố 1,group,HN-TM\n"+ // same, other case
			"QN-MC1-K3,Khu 3,group,HN-TM\n"+ // moved
			"HN-TM-T06,Tổ dân phố 6,group,HN-TM\n") // new
		if err != nil {
			t.Fatal(err)
		}
		if got, want := res, (ImportResult{Created: 1, Updated: 2, Unchanged: 1}); got != want {
			t.Errorf("result = %+v, want %+v", got, want)
		}
		if got, want := countUnits(t, db), before+1; got != want {
			t.Errorf("%d units, want %d", got, want)
		}
		view(t, db, func(tx *Tx) error {
			found, err := tx.SearchUnits("tuong mai moi", 0)
			if want := []string{"HN-TM"}; !slices.Equal(codes(found), want) {
				t.Errorf("search for the new name = %v, want %v", codes(found), want)
			}
			anc, err2 := tx.Ancestors(unitID(t, db, "QN-MC1-K3"))
			if got, want := len(anc), 3; got != want {
				t.Errorf("moved unit depth: %d ancestors, want %d", got, want)
			}
			return errors.Join(err, err2)
		})
	})
	t.Run("a loop through the database is refused", func(t *testing.T) {
		db, _ := openSample(t)
		_, err := importCSV(t, db, "code,name,kind,parent_code\nHN,Thành phố Hà Nội,city,HN-TM\n")
		var ie *ImportError
		if !errors.As(err, &ie) {
			t.Fatalf("error = %v, want an *ImportError", err)
		}
		if got, want := ie.Problems[0].Msg, "parent_code makes a loop: HN → HN-TM → HN"; got != want {
			t.Errorf("problem = %q, want %q", got, want)
		}
		view(t, db, func(tx *Tx) error {
			u, err := tx.UnitByCode("HN")
			if got, want := u.ParentID, int64(0); got != want {
				t.Errorf("HN parent = %d, want %d (unchanged)", got, want)
			}
			return err
		})
	})
	t.Run("sample import refuses a database with units", func(t *testing.T) {
		db, _ := openSample(t)
		if _, err := db.ImportSample(context.Background()); !errors.Is(err, ErrConflict) {
			t.Errorf("second ImportSample = %v, want ErrConflict", err)
		}
	})
}

func TestImportUnitsRejects(t *testing.T) {
	const header = "code,name,kind,parent_code\n"
	many := header
	for i := 0; i < 60; i++ {
		many += fmt.Sprintf("C%d,,group,\n", i)
	}
	for _, tc := range []struct {
		label, csv string
		lines      []int
		contains   string // in the first problem
	}{
		{"empty file", "", []int{1}, "empty"},
		{"header with too few columns", "code,name,kind\nHN,Hà Nội,city\n", []int{1}, "first line"},
		{"header with other names", "ma,ten,loai,cha\nHN,Hà Nội,city,\n", []int{1}, "first line"},
		{"wrong field count", header + "HN,Hà Nội,city\nA,Phường A,ward,HN,extra\n", []int{2, 3}, "has 3 fields, want 4"},
		{"empty name", header + "HN,Hà Nội,city,\nA,,ward,HN\n", []int{3}, "name is empty"},
		{"empty kind", header + "HN,Hà Nội, ,\n", []int{2}, "kind is empty"},
		{"name too long", header + "HN," + strings.Repeat("ạ", 201) + ",city,\n", []int{2}, "longer than 200"},
		{"bad code", header + "HN HM,Hoàng Mai,district,\nX/1,Y,group,\n", []int{2, 3}, `code "HN HM" is not valid`},
		{"code too long", header + strings.Repeat("A", 33) + ",Tên,group,\n", []int{2}, "is not valid"},
		{"duplicate code", header + "HN,Hà Nội,city,\nA,Phường A,ward,HN\nhn,Hà Nội,city,\n", []int{4}, `"hn" is already used on line 2`},
		{"unknown parent", header + "HN,Hà Nội,city,\nHN-A,Phường A,ward,HN-X\n", []int{3}, `parent_code "HN-X" is not in the file or the database`},
		{"cycle", header + "A,Phường A,ward,B\nB,Phường B,ward,C\nC,Phường C,ward,A\n", []int{2}, "loop: A → B → C → A"},
		{"own parent", header + "A,Phường A,ward,A\n", []int{2}, "loop: A → A"},
		{"invalid UTF-8", header + "HN,H\xe0 N\xf4i,city,\n", []int{2}, "UTF-8"},
		{"line break in a name", header + "HN,\"Hà\nNội\",city,\nQN,Quảng Ninh,province,\n", []int{2}, "control character"},
		{"zero-width space in a name", header + "HN,Hà\u200bNội,city,\n", []int{2}, "invisible formatting character"},
		{"bidi override in a name", header + "HN,Hà Nội,city,\nA,\u202ePhường A,ward,HN\n", []int{3}, "invisible formatting character"},
		{"bare quote", header + "HN,Hà \"Nội,city,\n", []int{2}, "cannot be read"},
		{"every problem, line after line", header + "HN,,city,\nA,Phường A,,HN\nB,Phường B,ward,Z\n", []int{2, 3, 4}, "name is empty"},
		{"at most 50 problems", many, nil, "name is empty"},
	} {
		t.Run(tc.label, func(t *testing.T) {
			db, _ := openTest(t)
			_, err := importCSV(t, db, tc.csv)
			var ie *ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("error = %v, want an *ImportError", err)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("errors.Is(err, ErrInvalid) = false")
			}
			var lines []int
			for _, p := range ie.Problems {
				lines = append(lines, p.Line)
			}
			if tc.lines != nil && !slices.Equal(lines, tc.lines) {
				t.Errorf("problem lines = %v, want %v\n%v", lines, tc.lines, err)
			}
			if tc.lines == nil && (len(ie.Problems) != maxProblems || ie.Omitted != 10) {
				t.Errorf("%d problems and %d omitted, want %d and 10", len(ie.Problems), ie.Omitted, maxProblems)
			}
			if got := ie.Problems[0].Msg; !strings.Contains(got, tc.contains) {
				t.Errorf("first problem = %q, want it to contain %q", got, tc.contains)
			}
			if got, want := countUnits(t, db), 0; got != want {
				t.Errorf("%d units written, want %d", got, want)
			}
		})
	}
	t.Run("the message names the line", func(t *testing.T) {
		db, _ := openTest(t)
		_, err := importCSV(t, db, header+"HN,Hà Nội,city,\nA,B,ward,C\nHN-X2,Y,ward,HN\nD,E,ward,HN-X\n")
		if got, want := err.Error(), `line 5: parent_code "HN-X" is not in the file or the database`; !strings.Contains(got, want) {
			t.Errorf("error = %q, want it to contain %q", got, want)
		}
	})
}
