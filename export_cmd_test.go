package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/chungsuc/chungsuc/storage"
)

// seedExport stores in the sample a resident of HN-TM-T01 with a
// check-in with symptoms yesterday, a report and a help request today,
// and the same in another ward (HN-HL-T01), at the real clock.
func seedExport(t *testing.T, path string) {
	t.Helper()
	seedSample(t, path)
	ctx := context.Background()
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	hcm, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	yesterday := time.Now().In(hcm).AddDate(0, 0, -1).Format(time.DateOnly)
	err = db.Update(ctx, func(tx *storage.Tx) error {
		for i, code := range []string{"HN-TM-T01", "HN-HL-T01"} {
			r, err := tx.TouchResident("telegram", strings.Repeat("7", i+1), "c", "Cư dân "+code, "", "vi")
			if err != nil {
				return err
			}
			u, err := tx.UnitByCode(code)
			if err != nil {
				return err
			}
			if err := tx.SetResidentUnit(r.ID, u.ID); err != nil {
				return err
			}
			if _, _, err := tx.SaveCheckin(storage.Checkin{ResidentID: r.ID, Day: yesterday, Health: storage.HealthF1,
				Need: storage.NeedNone}); err != nil {
				return err
			}
			if _, err := tx.CreateDeed(storage.Deed{ResidentID: r.ID, UnitID: u.ID, Subject: storage.SubjectSelf,
				Description: "Phát gạo cho bà con"}); err != nil {
				return err
			}
			if _, err := tx.CreateHelpRequest(storage.HelpRequest{ResidentID: r.ID, UnitID: u.ID, Kind: storage.NeedMedicine,
				Source: storage.HelpFromSupport}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestExportCommand(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "e.db")
	seedExport(t, db)

	t.Run("a workbook of a ward's check-ins, health included", func(t *testing.T) {
		file := filepath.Join(dir, "khai-bao.xlsx")
		code, out, errs := runCmd(t, "", "export", "checkins", "--unit", "HN-TM", "-db", db, file)
		if code != 0 || !strings.Contains(out, "1 row of HN-TM") {
			t.Fatalf("exit %d, out %q, stderr %q", code, out, errs)
		}
		if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("the file: %v, %v", st, err)
		}
		f, err := excelize.OpenFile(file)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows(f.GetSheetList()[0])
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || len(rows[0]) != 11 || rows[1][2] != "HN-TM-T01" || rows[1][7] != "F1" || rows[1][9] != "F1" {
			t.Errorf("rows %q", rows)
		}
	})
	t.Run("a CSV file of requests in English, flags after the file", func(t *testing.T) {
		file := filepath.Join(dir, "requests.csv")
		code, out, errs := runCmd(t, "", "export", "requests", file, "--unit", "hn-hl", "-db", db, "-lang", "en")
		if code != 0 || !strings.Contains(out, "1 row of HN-HL") {
			t.Fatalf("exit %d, out %q, stderr %q", code, out, errs)
		}
		content, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		rest, ok := bytes.CutPrefix(content, []byte("\xEF\xBB\xBF"))
		if !ok {
			t.Fatal("no byte-order mark")
		}
		rows, err := csv.NewReader(bytes.NewReader(rest)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"Reference", "Sent at", "Unit code", "Unit", "Kind", "Status", "Taken on at", "Done at",
			"Hours to resolve"}; len(rows) != 2 || !slices.Equal(rows[0], want) {
			t.Fatalf("rows %q", rows)
		}
		if got := rows[1]; got[0] != "HT-000002" || got[2] != "HN-HL-T01" || got[4] != "Medicine" ||
			got[5] != "Waiting to be taken on" || got[8] != "" {
			t.Errorf("row %q", got)
		}
	})
	t.Run("an empty range still has its header", func(t *testing.T) {
		file := filepath.Join(dir, "old.csv")
		code, out, errs := runCmd(t, "", "export", "deeds", "--unit", "HN", "--from", "01/01/2021", "--to", "2021-01-31", "-db", db, file)
		content, _ := os.ReadFile(file)
		if code != 0 || !strings.Contains(out, "0 rows") || strings.Count(string(content), "\r\n") != 1 {
			t.Errorf("exit %d, out %q, stderr %q, file %q", code, out, errs, content)
		}
	})
	t.Run("the export is audited", func(t *testing.T) {
		d, err := storage.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		var list []storage.AuditEntry
		err = d.View(context.Background(), func(tx *storage.Tx) (err error) {
			list, err = tx.AuditIn(storage.Scope{All: true}, 10, 0)
			return err
		})
		n := 0
		for _, e := range list {
			if strings.HasPrefix(e.Action, "export_") && e.Actor == storage.ActorOperator {
				n++
			}
		}
		if err != nil || n != 3 {
			t.Errorf("%d exports audited, want 3 (%v)", n, err)
		}
	})
	t.Run("mistakes are named, and nothing is written", func(t *testing.T) {
		for _, c := range []struct {
			args []string
			want string
		}{
			{[]string{"export", "stats", "--unit", "HN", "x.csv"}, `"stats" is not something to export`},
			{[]string{"export", "deeds", "x.csv"}, "--unit is missing"},
			{[]string{"export", "deeds", "--unit", "HN", "x.pdf"}, "must end in .xlsx"},
			{[]string{"export", "deeds", "--unit", "XX", "x.csv"}, `no unit with code "XX"`},
			{[]string{"export", "deeds", "--unit", "HN", "--from", "31/02/2021", "x.csv"}, `--from "31/02/2021" is not a date`},
			{[]string{"export", "deeds", "--unit", "HN", "--from", "01/01/2020", "--to", "01/01/2021", "x.csv"}, "at most 366 days"},
			{[]string{"export", "deeds", "--unit", "HN", "--from", "02/01/2021", "--to", "01/01/2021", "x.csv"}, "after the last day"},
			{[]string{"export", "deeds", "--unit", "HN", "--from", "01/01/2999", "x.csv"}, "has not come yet"},
			{[]string{"export", "deeds", "--unit", "HN"}, "give what to export"},
		} {
			args := append(c.args, "-db", db)
			code, _, errs := runCmd(t, "", args...)
			if code != 2 || !strings.Contains(errs, c.want) {
				t.Errorf("%v: exit %d, stderr %q, want %q", c.args, code, errs, c.want)
			}
		}
		if _, err := os.Stat("x.csv"); err == nil {
			t.Error("x.csv was written")
		}
	})
	t.Run("-h prints the usage and no secret", func(t *testing.T) {
		t.Setenv("TELEGRAM_TOKEN", "999999:SECRET_VALUE_THAT_MUST_NOT_LEAK")
		t.Setenv("ZALO_TOKEN", "888888:ANOTHER_SECRET")
		for _, args := range [][]string{{"export", "-h"}, {"export", "deeds", "-h"}, {"export", "deeds", "--bogus"}} {
			_, out, errs := runCmd(t, "", args...)
			if !strings.Contains(out+errs, "chungsuc export deeds|checkins|requests") ||
				strings.Contains(out+errs, "SECRET") {
				t.Errorf("%v:\n%s", args, out+errs)
			}
		}
	})
}
