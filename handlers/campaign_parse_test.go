package handlers

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chungsuc/chungsuc/storage"
)

// TestParseCampaignInput reads days, lists, criteria and times of day as
// coordinators and officials type them.
func TestParseCampaignInput(t *testing.T) {
	now := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	for in, want := range map[string]string{
		"01/12/2026": "2026-12-01", "1/2/2027": "2027-02-01", "1.12": "2026-12-01", "2027-03-05": "2027-03-05",
		"31/02/2027": "", "01/13/2026": "", "hôm nay": "", "1/1/1999": "", "": "",
	} {
		got, ok := parseDay(in, now)
		if got != want || ok != (want != "") {
			t.Errorf("parseDay(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
	crit, problem := parseCriteria("1. Giúp đỡ bà con khó khăn: 3\n- Tiếp sức tuyến đầu - 2 điểm\n• Sáng kiến (4đ)\nỦng hộ | 1 point")
	if problem != nil || len(crit) != 4 || crit[0] != (storage.Criterion{Label: "Giúp đỡ bà con khó khăn", Points: 3}) ||
		crit[1].Points != 2 || crit[2] != (storage.Criterion{Label: "Sáng kiến", Points: 4}) || crit[3].Label != "Ủng hộ" {
		t.Errorf("criteria %+v %+v", crit, problem)
	}
	if crit, p := parseCriteria("Tuyên truyền phòng, chống Covid-19: 2\nGiúp đỡ bà con khó khăn: 3; Sáng kiến, cách làm hay: 4"); p != nil ||
		len(crit) != 3 || crit[0] != (storage.Criterion{Label: "Tuyên truyền phòng, chống Covid-19", Points: 2}) || crit[2].Points != 4 {
		t.Errorf("a number in the label, and two criteria on a line: %+v %+v", crit, p)
	}
	for in, key := range map[string]string{"Giúp đỡ": "campaign.no_points", "A: 0": "campaign.bad_points",
		"Tuyên truyền phòng, chống Covid-19": "campaign.no_points",
		"": "campaign.bad_criteria", "A: 101": "campaign.bad_points"} {
		if _, p := parseCriteria(in); p == nil || p.key != key {
			t.Errorf("parseCriteria(%q) = %+v, want %s", in, p, key)
		}
	}
	if tasks, p := parseTasks("1. Giữ 5K\n\n2) Khai báo\n"); p != nil || strings.Join(tasks, "|") != "Giữ 5K|Khai báo" {
		t.Errorf("tasks %q %+v", tasks, p)
	}
	for in, want := range map[string]string{"": digestDailySpec, "18:30": "30 18 * * *", "7h": "0 7 * * *",
		"7g05": "5 7 * * *", "hằng ngày 06:00": "0 6 * * *"} {
		if got, _ := digestSpec(digestDaily, in); got != want {
			t.Errorf("digestSpec(daily, %q) = %q, want %q", in, got, want)
		}
	}
	if got, _ := digestSpec(digestWeekly, "16:00"); got != "0 16 * * 1" {
		t.Errorf("a weekly time: %q", got)
	}
}

// FuzzCampaignParsers: whatever is typed, a day read is a real day, a
// criterion read can be stored, and a time of day is one.
func FuzzCampaignParsers(f *testing.F) {
	for _, s := range []string{"01/12/2026", "1.2", "2026-02-29", "Giúp đỡ: 3", "A - 4 điểm\nB (2đ)", "18:30", "7h", "99:99"} {
		f.Add(s)
	}
	now := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		if day, ok := parseDay(s, now); ok {
			if _, err := time.Parse(time.DateOnly, day); err != nil {
				t.Errorf("parseDay(%q) = %q: %v", s, day, err)
			}
		}
		if crit, p := parseCriteria(s); p == nil {
			c := storage.Campaign{Title: "x", Starts: "2026-12-01", Ends: "2026-12-31", Criteria: crit}
			if err := storage.CheckCampaign(c); err != nil && utf8.ValidString(s) {
				t.Errorf("parseCriteria(%q) gave %+v: %v", s, crit, err)
			}
		}
		if tasks, p := parseTasks(s); p == nil {
			c := storage.Campaign{Title: "x", Starts: "2026-12-01", Ends: "2026-12-31", Tasks: tasks}
			if err := storage.CheckCampaign(c); err != nil && utf8.ValidString(s) {
				t.Errorf("parseTasks(%q) gave %q: %v", s, tasks, err)
			}
		}
		if h, m, ok := clockTime(s); ok && (h < 0 || h > 23 || m < 0 || m > 59) {
			t.Errorf("clockTime(%q) = %d:%d", s, h, m)
		}
	})
}
