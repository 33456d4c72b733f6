package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestUnitsListCommand(t *testing.T) {
	clearEnv(t)
	db := filepath.Join(t.TempDir(), "u.db")
	t.Run("an empty database says how to load units", func(t *testing.T) {
		code, out, _ := runCmd(t, "", "units", "list", "-db", db)
		if code != 0 || !strings.Contains(out, "chungsuc units import") {
			t.Errorf("exit %d, out %q", code, out)
		}
	})
	seedSample(t, db)
	t.Run("the whole tree, indented by level, with a count", func(t *testing.T) {
		code, out, errs := runCmd(t, "", "units", "list", "-db", db)
		if code != 0 {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		for _, want := range []string{
			"HN  Thành phố Hà Nội (city)",
			"  HN-TM  Phường Tương Mai (ward)",
			"    HN-TM-T01  Tổ dân phố 1 (group)",
			"QN  Tỉnh Quảng Ninh (province)",
			"    QN-MC1-K3  Khu 3 (group)",
		} {
			if !strings.Contains("\n"+out, "\n"+want+"\n") {
				t.Errorf("no line %q in:\n%s", want, out)
			}
		}
		if got, want := lines[0], "HN  Thành phố Hà Nội (city)"; got != want {
			t.Errorf("first line %q, want %q", got, want)
		}
		if got, want := lines[len(lines)-1], "17 units"; got != want {
			t.Errorf("last line %q, want %q", got, want)
		}
	})
	t.Run("a code lists its subtree from depth 0", func(t *testing.T) {
		code, out, errs := runCmd(t, "", "units", "list", "-db", db, "hn-hl")
		want := "HN-HL  Phường Hoàng Liệt (ward)\n" +
			"  HN-HL-T01  Tổ dân phố 1 (group)\n" +
			"  HN-HL-T02  Tổ dân phố 2 (group)\n" +
			"  HN-HL-T03  Tổ dân phố 3 (group)\n" +
			"4 units\n"
		if code != 0 || out != want {
			t.Errorf("exit %d, out:\n%s\nwant:\n%s\nstderr %q", code, out, want, errs)
		}
	})
	t.Run("a leaf is one unit", func(t *testing.T) {
		code, out, _ := runCmd(t, "", "units", "list", "-db", db, "HN-DC")
		if want := "HN-DC  Phường Định Công (ward)\n1 unit\n"; code != 0 || out != want {
			t.Errorf("exit %d, out %q, want %q", code, out, want)
		}
	})
	t.Run("an unknown code is named", func(t *testing.T) {
		code, out, errs := runCmd(t, "", "units", "list", "-db", db, "HN-HM")
		if code != 2 || out != "" || !strings.Contains(errs, `there is no unit with code "HN-HM"`) {
			t.Errorf("exit %d, out %q, stderr %q", code, out, errs)
		}
	})
	t.Run("usage names both subcommands", func(t *testing.T) {
		for _, args := range [][]string{{"units"}, {"units", "-h"}, {"units", "remove"}} {
			_, out, errs := runCmd(t, "", args...)
			for _, want := range []string{"chungsuc units import", "chungsuc units list"} {
				if !strings.Contains(out+errs, want) {
					t.Errorf("%v: output lacks %q:\n%s", args, want, out+errs)
				}
			}
		}
		if code, _, _ := runCmd(t, "", "units", "list", "-db", db, "HN", "QN"); code != 2 {
			t.Errorf("two codes: exit %d, want 2", code)
		}
	})
}
