package handlers_test

import (
	"strings"
	"testing"
)

// TestCampaignFromTheTemplate: a ward's coordinator launches the 2021
// campaign in two taps; residents of its groups see its tasks and
// criteria, and report good deeds under its criteria with their points;
// the coordinator edits it, and bad edits are refused with an example,
// nothing stored; a group's coordinator cannot launch one; it ends.
func TestCampaignFromTheTemplate(t *testing.T) {
	forEachPlatform(t, func(t *testing.T, h *harness, platform string) {
		ward := h.member(platform, "7201", "Chị Mai", "", "HN-TM")
		group := h.member(platform, "7202", "Anh Tú", "", "HN-TM-T01")
		resident := h.member(platform, "7001", "An", "HN-TM-T01", "")

		resident.say("/phongtrao")
		if got := resident.unread(); !strings.Contains(got, "chưa có phong trào") {
			t.Errorf("no campaign yet: %q", got)
		}
		ward.say("/phongtrao")
		if got := ward.unread(); !strings.Contains(got, "chưa có phong trào") || !strings.Contains(got, "mẫu phong trào năm 2021") {
			t.Fatalf("the offer: %q", got)
		}
		ward.press("Dùng mẫu phong trào 2021") // tap 1
		if got := ward.unread(); !strings.Contains(got, "Toàn dân đoàn kết, chung sức thi đua phòng, chống và chiến thắng đại dịch Covid-19") ||
			!strings.Contains(got, "8. Phát hiện, biểu dương") || !strings.Contains(got, "Sáng kiến, cách làm hay: 4 điểm") {
			t.Fatalf("the template's preview: %q", got)
		}
		ward.press("Phát động") // tap 2
		if got := ward.unread(); !strings.Contains(got, "đã phát động") || !strings.Contains(got, "Từ 02/08/2021 đến 30/10/2021") {
			t.Errorf("launched: %q", got)
		}
		if n := h.count(`SELECT count(*) FROM campaigns WHERE template = 'covid2021' AND starts_on = '2021-08-02'`); n != 1 {
			t.Fatalf("%d campaigns stored", n)
		}

		resident.say("/phongtrao")
		got := resident.unread()
		for _, want := range []string{"Mỗi người dân là một chiến sĩ", "Nhiệm vụ", "1. Tự giác thực hiện nghiêm",
			"Tiêu chí chấm điểm", "Giúp đỡ bà con khó khăn: 3 điểm", "/baocao"} {
			if !strings.Contains(got, want) {
				t.Errorf("the resident's view lacks %q: %q", want, got)
			}
		}
		resident.say("/baocao")
		resident.press("Sáng kiến, cách làm hay")
		resident.press("Tôi")
		resident.say("Làm giàn phơi đồ chung cho cả ngõ, ai cũng dùng được")
		resident.press("Bỏ qua, không có ảnh")
		resident.press("✅ Gửi báo cáo")
		if n := h.count(`SELECT count(*) FROM deeds WHERE category = 'k5' AND points = 4 AND campaign_id IS NOT NULL
			AND category_label = 'Sáng kiến, cách làm hay'`); n != 1 {
			t.Errorf("the deed under the criterion: %d stored\n%s", n, resident.transcript())
		}

		group.say("/phongtrao mau")
		if got := group.unread(); !strings.Contains(got, "từ cấp phường trở lên") {
			t.Errorf("a group's coordinator launching: %q", got)
		}
		ward.say("/phongtrao tieuchi\nGiúp đỡ bà con\nSáng kiến: 4")
		if got := ward.unread(); !strings.Contains(got, "dòng 1") || !strings.Contains(got, "chưa có số điểm") {
			t.Errorf("a criterion without points: %q", got)
		}
		ward.say("/phongtrao ngay 01/09/2021 01/08/2021")
		if got := ward.unread(); !strings.Contains(got, "trước ngày bắt đầu") {
			t.Errorf("an end before the start: %q", got)
		}
		ward.say("/phongtrao ngay 01/07/2021 30/09/2021")
		if got := ward.unread(); !strings.Contains(got, "đã qua") {
			t.Errorf("a start in the past: %q", got)
		}
		ward.say("/phongtrao ngay 31/02/2021 30/09/2021")
		if got := ward.unread(); !strings.Contains(got, "ngày/tháng/năm") {
			t.Errorf("a day that does not exist: %q", got)
		}
		if n := h.count(`SELECT count(*) FROM campaign_criteria WHERE points = 4 AND label = 'Sáng kiến, cách làm hay'`); n != 1 {
			t.Errorf("a refused edit changed the criteria")
		}
		ward.say("/phongtrao tieuchi\n1. Giúp đỡ bà con khó khăn: 3\n2. Sáng kiến - 5 điểm")
		if got := ward.unread(); !strings.Contains(got, "Đã lưu các tiêu chí") || !strings.Contains(got, "Sáng kiến: 5 điểm") {
			t.Errorf("criteria saved: %q", got)
		}
		ward.say("/phongtrao ngay 02/08/2021 31/12/2021")
		if got := ward.unread(); !strings.Contains(got, "đến 31/12/2021") {
			t.Errorf("dates saved: %q", got)
		}
		ward.say("/phongtrao nhiemvu") // the list in the next message
		if got := ward.unread(); !strings.Contains(got, "Mời bạn gửi các nhiệm vụ") {
			t.Errorf("asking for the tasks: %q", got)
		}
		ward.say("1. Giữ 5K\n2. Khai báo y tế hằng ngày\n3. Giúp nhau vượt khó")
		if got := ward.unread(); !strings.Contains(got, "Đã lưu các nhiệm vụ") || !strings.Contains(got, "3. Giúp nhau vượt khó") {
			t.Errorf("the tasks from the next message: %q", got)
		}
		ward.say("/phongtrao tieuchi")
		ward.say("Giúp đỡ bà con")
		if got := ward.unread(); !strings.Contains(got, "chưa có số điểm") {
			t.Errorf("a criterion without points, in the flow: %q", got)
		}
		ward.say("Giúp đỡ bà con: 3\nSáng kiến: 5")
		if got := ward.unread(); !strings.Contains(got, "Đã lưu các tiêu chí") {
			t.Errorf("the criteria retried in the flow: %q", got)
		}
		ward.say("/phongtrao khauhieu Nhà giữ nhà, phố giữ phố")
		ward.say("/phongtrao ten Chung sức giữ phường xanh")
		resident.say("/phongtrao")
		if got := resident.unread(); !strings.Contains(got, "Chung sức giữ phường xanh") || !strings.Contains(got, "Nhà giữ nhà, phố giữ phố") {
			t.Errorf("after the edits: %q", got)
		}
		if n := h.count(`SELECT count(*) FROM audit_log WHERE action = 'campaign'`); n < 5 {
			t.Errorf("%d campaign changes audited", n)
		}

		ward.say("/phongtrao ketthuc")
		ward.press("Kết thúc phong trào")
		resident.say("/phongtrao")
		if got := resident.unread(); !strings.Contains(got, "chưa có phong trào") {
			t.Errorf("after the end: %q", got)
		}
		resident.say("/phongtrao moi Phong trào của tôi")
		if got := resident.unread(); !strings.Contains(got, "cán bộ phường") {
			t.Errorf("a resident editing: %q", got)
		}
	})
}
