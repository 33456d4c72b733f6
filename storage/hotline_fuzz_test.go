package storage

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// hotlineSeeds are hotlines files, good and bad, for FuzzImportHotlines.
var hotlineSeeds = []string{
	"",
	"unit_code,label,phone,hours\n",
	string(sampleHotlines),
	wardHotlines,
	"unit_code,label,phone\nHN,Công an,113\n",
	"\ufeff Unit_Code , LABEL,phone,Hours\r\nHN-TM, UBND phường ,024 3863 1234, 7:30–17:00 \r\n",
	"unit_code,label,phone,hours\nHN,Cứu hỏa, cứu nạn,114,24/7\nHN,Cấp cứu,115\n",
	"unit_code,label,phone,hours\nNOWHERE,Công an,113,\n,Công an,113,\nHN,,113,\n",
	"unit_code,label,phone,hours\nHN,Công an,gọi 113,\nHN,Công an,11,\nHN,Công an,+84 1234 5678 901234,\n",
	"unit_code,label,phone,hours\nHN,Công\u200ban,113,\nHN,\u202eCông an,114,\nHN,\"Công\nan\",115,\n",
	"unit_code,label,phone,hours\nHN-TM,A,024 3863 1234,\nHN-TM,B,024.3863.1234,\nhn-tm,C,02438631234,\n",
	"unit_code,label,phone,hours\nHN,\"Công \"\"an\",113,\nHN,\"chưa đóng,113,\n",
	"unit_code,label,phone,hours\nHN,\xff\xfe,113,\n",
	"unit_code;label;phone;hours\nHN;Công an;113;\n",
	"\"unit_code,label,phone,hours\n",
}

// FuzzImportHotlines feeds any bytes to ImportHotlines on the sample: it
// never panics, refuses a file only with an *ImportError whose problems
// are on line 1 or later, stores only lines that pass the checks, and
// importing an accepted file again changes nothing.
func FuzzImportHotlines(f *testing.F) {
	for _, s := range hotlineSeeds {
		f.Add(s)
	}
	db, _ := openSample(f)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, data string) {
		_, err := db.ImportHotlines(ctx, strings.NewReader(data))
		if err != nil {
			var ie *ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v (%T), want an *ImportError", err, err)
			}
			if len(ie.Problems) == 0 {
				t.Fatalf("an *ImportError without problems")
			}
			for _, p := range ie.Problems {
				if p.Line < 1 {
					t.Errorf("problem %q is on line %d, want 1 or later", p.Msg, p.Line)
				}
			}
			return
		}
		again, err := db.ImportHotlines(ctx, strings.NewReader(data))
		if err != nil || again.Added != 0 || again.Removed != 0 {
			t.Errorf("importing again = %+v, %v; want nothing added or removed", again, err)
		}
		view(t, db, func(tx *Tx) error {
			units, err := tx.UnitTree(0)
			if err != nil {
				return err
			}
			ids := make([]int64, len(units))
			for i, u := range units {
				ids[i] = u.ID
			}
			all, err := tx.HotlinesFor(ids)
			for _, list := range all {
				for _, h := range list {
					if p := hotlineProblem(h.Label, h.Phone, h.Hours); p != "" {
						t.Errorf("stored %+v: %s", h, p)
					}
				}
			}
			return err
		})
	})
}
