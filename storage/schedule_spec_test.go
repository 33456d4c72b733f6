package storage

import (
	"errors"
	"testing"
	"time"
)

var hcm, _ = time.LoadLocation("Asia/Ho_Chi_Minh")

func TestParsePreset(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"hằng ngày 08:00", "0 8 * * *"},
		{"Hằng ngày 8h30", "30 8 * * *"},
		{"hang ngay luc 17:00", "0 17 * * *"},
		{"thứ Hai 08:00", "0 8 * * 1"},
		{"Chủ nhật 7:15", "15 7 * * 0"},
		{"thứ bảy hằng tuần 09:00", "0 9 * * 6"},
		{"ngày 1 hằng tháng 09:00", "0 9 1 * *"},
		{"ngày 15 hàng tháng 18:30", "30 18 15 * *"},
		{"daily 06:00", "0 6 * * *"},
		{"monday 08:00", "0 8 * * 1"},
	} {
		if got, ok := ParsePreset(tt.in); !ok || got != tt.want {
			t.Errorf("ParsePreset(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
	for _, bad := range []string{"", "hằng ngày", "hằng ngày 25:00", "hằng ngày 8:61", "thứ Tám 08:00", "ngày 32 hằng tháng 09:00",
		"0 8 * * *", "mỗi khi trời mưa"} {
		if got, ok := ParsePreset(bad); ok {
			t.Errorf("ParsePreset(%q) = %q, want no preset", bad, got)
		}
	}
}

func TestParseSpecAndNextRuns(t *testing.T) {
	from := time.Date(2026, 12, 2, 0, 30, 0, 0, time.UTC) // 07:30 in Hà Nội
	runs, err := NextRuns("0 8 * * *", "Asia/Ho_Chi_Minh", from, 3)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range runs {
		if local := r.In(hcm); local.Hour() != 8 || local.Minute() != 0 || local.Day() != 2+i {
			t.Errorf("run %d at %v, want 08:00 on day %d in Hà Nội", i, local, 2+i)
		}
	}
	if runs, _ := NextRuns("CRON_TZ=UTC 0 8 * * *", "Asia/Ho_Chi_Minh", from, 1); runs[0].Hour() != 8 {
		t.Errorf("CRON_TZ= does not win: %v", runs[0])
	}
	for _, bad := range []string{"", "0 8 * *", "* * * * * *", "61 8 * * *", "0 8 * * 8", "hằng ngày", "@sometimes", "TZ=", "CRON_TZ=Asia/Ho_Chi_Minh"} {
		if _, err := ParseSpec(bad, "Asia/Ho_Chi_Minh"); !errors.Is(err, ErrSpec) {
			t.Errorf("ParseSpec(%q) = %v, want ErrSpec", bad, err)
		}
	}
	if _, err := ParseSpec("0 8 * * *", "Mars/Olympus"); !errors.Is(err, ErrSpec) {
		t.Errorf("an unknown time zone: %v", err)
	}
}

// TestDue walks a daily 08:00 reminder through a fake clock: due at its
// slot, not twice, a slot missed by less than the catch-up runs once
// late, one missed by more is skipped, a paused one neither.
func TestDue(t *testing.T) {
	created := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) // 07:00 in Hà Nội
	s := Schedule{Kind: ScheduleReminder, Spec: "0 8 * * *", TZ: "Asia/Ho_Chi_Minh", CreatedAt: created}
	slot := time.Date(2026, 12, 1, 1, 0, 0, 0, time.UTC) // 08:00 in Hà Nội
	at := func(now time.Time, last time.Time, hasLast bool) Decision {
		t.Helper()
		d, err := Due(s, last, hasLast, now, DefaultCatchUp)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	if d := at(slot.Add(-time.Minute), time.Time{}, false); !d.Run.IsZero() || !d.Next.Equal(slot) {
		t.Errorf("a minute before: %+v", d)
	}
	if d := at(slot, time.Time{}, false); !d.Run.Equal(slot) || !d.Next.Equal(slot.AddDate(0, 0, 1)) {
		t.Errorf("at the slot: %+v", d)
	}
	if d := at(slot.Add(time.Minute), slot, true); !d.Run.IsZero() || !d.Skip.IsZero() {
		t.Errorf("once claimed, due again: %+v", d)
	}
	if d := at(slot.Add(50*time.Minute), time.Time{}, false); !d.Run.Equal(slot) {
		t.Errorf("50 minutes late (the bot was down): %+v, want it run", d)
	}
	if d := at(slot.Add(3*time.Hour), time.Time{}, false); !d.Run.IsZero() || !d.Skip.Equal(slot) {
		t.Errorf("3 hours late: %+v, want it skipped", d)
	}
	// Down for three days, back 10 minutes after the third slot: only that one runs.
	third := slot.AddDate(0, 0, 2)
	if d := at(third.Add(10*time.Minute), slot, true); !d.Run.Equal(third) {
		t.Errorf("back after days: %+v, want only the latest slot", d)
	}
	s.Paused = true
	if d := at(slot, time.Time{}, false); !d.Run.IsZero() || !d.Skip.IsZero() || d.Next.IsZero() {
		t.Errorf("paused: %+v", d)
	}
	once := Schedule{Kind: ScheduleAppeal, OnceAt: slot, TZ: "Asia/Ho_Chi_Minh", CreatedAt: created}
	if d, _ := Due(once, time.Time{}, false, slot.Add(time.Second), DefaultCatchUp); !d.Run.Equal(slot) || !d.Next.IsZero() {
		t.Errorf("once, at its time: %+v", d)
	}
	if d, _ := Due(once, slot, true, slot.Add(time.Hour*24), DefaultCatchUp); !d.Run.IsZero() || !d.Skip.IsZero() {
		t.Errorf("once, after it ran: %+v", d)
	}
}

// FuzzParseSpec reads any text as a spec and as a preset: never a panic,
// and whatever parses has a next run.
func FuzzParseSpec(f *testing.F) {
	for _, s := range []string{"0 8 * * *", "*/5 * * * *", "@daily", "CRON_TZ=UTC 0 8 * * 1-5", "hằng ngày 08:00",
		"thứ Hai 8h", "ngày 31 hằng tháng 23:59", "0 0 30 2 *", "", "\x00"} {
		f.Add(s)
	}
	from := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, text string) {
		if spec, ok := ParsePreset(text); ok {
			if _, err := ParseSpec(spec, "Asia/Ho_Chi_Minh"); err != nil {
				t.Fatalf("preset %q gave a spec %q that does not parse: %v", text, spec, err)
			}
		}
		if s, err := ParseSpec(text, "Asia/Ho_Chi_Minh"); err == nil {
			_ = s.Next(from) // may be zero for a date that never comes (Feb 30)
		}
	})
}
