package main

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/storage"
)

// TestDigestCommand: `chungsuc digest` prints a unit's quick report with
// its figures and writes its chart as a PNG; an unknown unit and a chart
// that is not a .png are refused with what to type.
func TestDigestCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "chungsuc.db")
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportSample(ctx); err != nil {
		t.Fatal(err)
	}
	today := time.Now().In(mustZone(t, "Asia/Ho_Chi_Minh")).Format(time.DateOnly)
	err = db.Update(ctx, func(tx *storage.Tx) error {
		unit, err := tx.UnitByCode("HN-TM-T01")
		if err != nil {
			return err
		}
		for i, health := range []string{storage.HealthWell, storage.HealthF0, ""} {
			r, err := tx.TouchResident("telegram", string(rune('a'+i)), "1", "Cư dân", "", "vi")
			if err != nil {
				return err
			}
			if err := tx.SetResidentUnit(r.ID, unit.ID); err != nil {
				return err
			}
			if health == "" {
				continue
			}
			if _, _, err := tx.SaveCheckin(storage.Checkin{ResidentID: r.ID, Day: today, Health: health,
				Need: storage.NeedNone}); err != nil {
				return err
			}
		}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	chart := filepath.Join(dir, "bao-cao.png")
	var stdout, stderr bytes.Buffer
	if code := run(ctx, []string{"digest", "--db", path, "--unit", "hn-tm", "--chart", chart}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"Báo cáo nhanh trong ngày: Phường Tương Mai", "Cư dân: 3 đang tham gia",
		"Khai báo y tế hôm nay: 67%", "1 F0", "Tổ dân phố 1: hôm nay 67%"} {
		if !strings.Contains(out, want) {
			t.Errorf("the digest lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "<b>") {
		t.Errorf("markup in the printed digest:\n%s", out)
	}
	b, err := os.ReadFile(chart)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(b)); err != nil {
		t.Errorf("the chart: %v", err)
	}
	for _, bad := range [][]string{{"--unit", "NOPE"}, {"--unit", "HN-TM", "--chart", "x.jpg"}, {}} {
		stderr.Reset()
		if code := run(ctx, append([]string{"digest", "--db", path}, bad...), nil, &stdout, &stderr); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", bad, code, stderr.String())
		}
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
