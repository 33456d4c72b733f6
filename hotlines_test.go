package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHotlinesImportCommand(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	seedSample(t, db)
	good := filepath.Join(dir, "good.csv")
	bad := filepath.Join(dir, "bad.csv")
	write := func(path, body string) {
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(good, "\ufeffunit_code,label,phone,hours\n"+
		"HN-TM,UBND phường,024 3863 1234,7:30–17:00\n"+
		"HN-TM,Trạm y tế,0912 000 111,\n"+
		"HN-DC,Công an phường,024 3864 0000,24/7\n")
	write(bad, "unit_code,label,phone,hours\n"+
		"HN-TM,UBND phường,gọi ngay,\n"+
		"NOWHERE,Công an,113,24/7\n"+
		"HN,Cứu hỏa, cứu nạn,114,24/7\n")

	t.Run("a good file says what it changed", func(t *testing.T) {
		code, out, errs := runCmd(t, "", "hotlines", "import", "-db", db, good)
		if want := good + ": 2 units, 2 lines added, 0 removed\n"; code != 0 || out != want {
			t.Errorf("exit %d, out %q, want %q; stderr %q", code, out, want, errs)
		}
	})
	t.Run("the same file again changes nothing", func(t *testing.T) {
		code, out, errs := runCmd(t, "", "hotlines", "import", "-db", db, good)
		if want := good + ": 2 units, 0 lines added, 0 removed\n"; code != 0 || out != want {
			t.Errorf("exit %d, out %q, want %q; stderr %q", code, out, want, errs)
		}
	})
	t.Run("bad rows are listed by line and nothing is imported", func(t *testing.T) {
		code, out, errs := runCmd(t, "", "hotlines", "import", "-db", db, bad)
		if code != 1 || out != "" {
			t.Errorf("exit %d, out %q; want 1 and nothing on stdout", code, out)
		}
		for _, want := range []string{bad + ": nothing was imported; fix these rows and run again:",
			"line 2: phone \"gọi ngay\" is not a phone number", "line 3: unit_code \"NOWHERE\"",
			"line 4: has 5 fields", "double quotes"} {
			if !strings.Contains(errs, want) {
				t.Errorf("stderr lacks %q:\n%s", want, errs)
			}
		}
	})
	t.Run("a missing file is named", func(t *testing.T) {
		code, _, errs := runCmd(t, "", "hotlines", "import", "-db", db, filepath.Join(dir, "missing.csv"))
		if code != 1 || !strings.Contains(errs, "open hotlines file") {
			t.Errorf("exit %d, stderr %q", code, errs)
		}
	})
	t.Run("usage", func(t *testing.T) {
		for _, tc := range []struct {
			args []string
			code int
			want string
		}{
			{[]string{"hotlines"}, 2, "chungsuc hotlines import [flags] FILE.csv"},
			{[]string{"hotlines", "export"}, 2, "chungsuc hotlines import [flags] FILE.csv"},
			{[]string{"hotlines", "-h"}, 0, "chungsuc hotlines import [flags] FILE.csv"},
			{[]string{"hotlines", "import", "-h"}, 0, "unit_code,label,phone,hours"},
			{[]string{"hotlines", "import", "-db", db}, 2, "Usage: chungsuc hotlines import"},
			{[]string{"-h"}, 0, "chungsuc hotlines import FILE.csv"},
		} {
			code, out, errs := runCmd(t, "", tc.args...)
			if code != tc.code || !strings.Contains(out+errs, tc.want) {
				t.Errorf("%v: exit %d (want %d), output lacks %q:\n%s", tc.args, code, tc.code, tc.want, out+errs)
			}
		}
	})
}
