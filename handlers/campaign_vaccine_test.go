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
