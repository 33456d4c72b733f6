package handlers_test

import (
	"strings"
	"testing"
)

// TestCampaignScoresVaccination: the 2021 template scores vaccination
// (its criterion shown to residents); a group where everyone has two
// doses gets the whole part in /top, a group without doses none; a
// coordinator's list naming "Tiêm chủng: N" sets its points.
func TestCampaignScoresVaccination(t *testing.T) {
	forEachPlatform(t, func(t *testing.T, h *harness, platform string) {
		ward := h.member(platform, "7301", "Chị Mai", "", "HN-TM")
		lan := h.member(platform, "7302", "Lan", "HN-TM-T01", "")
		h.member(platform, "7303", "Bình", "HN-TM-T02", "")
		ward.say("/phongtrao")
		ward.press("Dùng mẫu phong trào 2021")
		if got := ward.unread(); !strings.Contains(got, "Tiêm chủng (tỷ lệ người đã tiêm từ 2 mũi, ghi bằng /tiemchung): 20 điểm") {
			t.Fatalf("the template's preview lacks vaccination: %q", got)
		}
		ward.press("Phát động")
		lan.say("/mohinh")
		if got := lan.unread(); !strings.Contains(got, "Siêu thị 0 đồng (Phường Tương Mai) · ví dụ từ năm 2021") ||
			!strings.Contains(got, "“4 tại chỗ”") || !strings.Contains(got, "Túi an sinh") {
			t.Errorf("the 2021 examples: %q", got)
		}
		if n := h.count(`SELECT count(*) FROM practices WHERE example = 1`); n != 4 {
			t.Errorf("%d examples stored, want 4", n)
		}
		for _, dose := range []string{"mũi 1", "mũi 2"} {
			lan.say("/tiemchung")
			lan.press("💉 Ghi mũi tiêm")
			lan.press(dose)
			lan.press("Hôm nay")
		}
		lan.say("/xephang")
		got := lan.unread()
		if !strings.Contains(got, "Tổ dân phố 1") || !strings.Contains(got, "Tiêm chủng 20,0 (100% từ 2 mũi)") ||
			!strings.Contains(got, "Tiêm chủng 0,0 (0% từ 2 mũi)") {
			t.Errorf("the leaderboard: %q", got)
		}
		ward.say("/phongtrao tieuchi\nGiúp đỡ bà con khó khăn: 3\nTiêm vắc xin đủ mũi: 40")
		ward.unread()
		if n := h.count(`SELECT count(*) FROM campaigns WHERE vaccine_points = 40`); n != 1 {
			t.Errorf("the criterion did not set the points of vaccination")
		}
		if n := h.count(`SELECT count(*) FROM campaign_criteria WHERE label LIKE 'Tiêm%'`); n != 0 {
			t.Errorf("vaccination was stored as a kind of good deed too")
		}
	})
}
