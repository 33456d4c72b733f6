package handlers_test

import (
	"strings"
	"testing"

	"github.com/chungsuc/chungsuc/storage"
)

// TestDailyCheckin: the daily check-in of a resident, with their ward's
// coordinator on the other messenger, who hears of what needs care and
// nothing else.
func TestDailyCheckin(t *testing.T) {
	cast := []actor{{name: "Lan", unit: "HN-TM-T01"}, {name: "Hùng", coordinates: "HN-TM", elsewhere: true}}
	runJourneys(t, []journey{
		{
			label: "well, in three choices",
			cast:  cast,
			steps: []step{
				{who: "Lan", do: says("/checkin"), reads: []string{"Sức khỏe của bạn hôm nay thế nào?"},
					offers: []string{"😊 Khỏe mạnh", "🤒 Có triệu chứng", "🔴 F0", "🟡 F1", "❌ Hủy"}},
				{who: "Lan", do: presses("😊"), reads: []string{"Thực hiện 5K"},
					offers: []string{"✅ Tôi thực hiện 5K hôm nay", "Hôm nay tôi chưa thực hiện đủ"}},
				{who: "Lan", do: presses("✅ Tôi thực hiện 5K"), reads: []string{"có cần hỗ trợ gì không"},
					offers: []string{"👍 Không cần hỗ trợ", "🍚 Thực phẩm"}},
				{who: "Lan", do: presses("👍"), reads: []string{"Đã ghi nhận khai báo y tế hôm nay", "Khỏe mạnh",
					"5K: đã thực hiện", "1 ngày khai báo liên tiếp", "Tổ dân phố 1 hôm nay: 1/1 cư dân đã khai báo"}},
				{who: "Hùng", lacks: []string{"Lan"}},
				{who: "Lan", do: says("/khaibao"), reads: []string{"Hôm nay bạn đã khai báo lúc", "Sức khỏe của bạn"}},
				{who: "Lan", do: presses("😊")},
				{who: "Lan", do: presses("Hôm nay tôi chưa"), reads: []string{"có cần hỗ trợ gì không"}},
				{who: "Lan", do: presses("👍"), reads: []string{"Đã cập nhật khai báo y tế hôm nay", "chưa thực hiện đủ"}},
			},
			after: func(t *testing.T, h *harness, cast map[string]*person) {
				if n := h.count(`SELECT COUNT(*) FROM checkins`); n != 1 {
					t.Errorf("%d check-ins stored, want one, updated", n)
				}
			},
		},
		{
			label: "symptoms, ticked and unticked, alert the coordinator",
			cast:  append(cast[:len(cast):len(cast)], actor{name: "Mai", coordinates: "HN-HL"}),
			steps: []step{
				{who: "Lan", do: says("/checkin")},
				{who: "Lan", do: presses("🤒"), reads: []string{"Bạn có những triệu chứng nào?"},
					offers: []string{"☐ Sốt", "☐ Ho", "☐ Khó thở", "✔ Xong", "❌ Hủy"}},
				{who: "Lan", do: presses("☐ Sốt"), offers: []string{"☑ Sốt", "☐ Ho"}},
				{who: "Lan", do: presses("☐ Ho"), offers: []string{"☑ Sốt", "☑ Ho"}},
				{who: "Lan", do: presses("☑ Sốt"), offers: []string{"☐ Sốt", "☑ Ho"}},
				{who: "Lan", do: presses("☐ Sốt"), offers: []string{"☑ Sốt", "☑ Ho", "✔ Xong"}},
				{who: "Lan", do: presses("✔ Xong"), reads: []string{"Thực hiện 5K"}},
				{who: "Lan", do: presses("✅ Tôi thực hiện")},
				{who: "Lan", do: presses("👍"), reads: []string{"Đã ghi nhận khai báo y tế hôm nay", "Ho, Sốt",
					"đã báo cán bộ phụ trách khu vực"}},
				{who: "Hùng", reads: []string{"Khai báo y tế cần quan tâm", "Lan", "Ho, Sốt", "Tổ dân phố 1, Phường Tương Mai"}},
				// A coordinator of another ward hears nothing of it.
				{who: "Mai", lacks: []string{"Khai báo y tế cần quan tâm", "Sốt", "Lan"}},
			},
		},
		{
			label: "Done with no symptom ticked is refused",
			cast:  cast,
			steps: []step{
				{who: "Lan", do: says("/checkin")},
				{who: "Lan", do: presses("🤒")},
				{who: "Lan", do: presses("✔ Xong"), reads: []string{"Mời bạn chọn ít nhất một triệu chứng"}},
				{who: "Lan", do: presses("☐ Khó thở"), offers: []string{"☑ Khó thở"}},
				{who: "Lan", do: presses("✔ Xong"), reads: []string{"Thực hiện 5K"}},
			},
		},
		{
			label: "a need opens a help request the coordinator takes on",
			cast:  cast,
			steps: []step{
				{who: "Lan", do: says("/checkin")},
				{who: "Lan", do: presses("😊")},
				{who: "Lan", do: presses("✅ Tôi thực hiện")},
				{who: "Lan", do: presses("💊 Thuốc"), reads: []string{"Đã ghi nhận khai báo y tế hôm nay",
					"Chung Sức đã chuyển đề nghị hỗ trợ HT-000001"}},
				{who: "Hùng", reads: []string{"Đề nghị hỗ trợ HT-000001", "thuốc", "Lan"},
					offers: []string{"✋ Tiếp nhận", "✅ Đã xong"}},
				{who: "Hùng", do: presses("✋ Tiếp nhận"), reads: []string{"Bạn đã tiếp nhận đề nghị HT-000001"}},
				{who: "Lan", reads: []string{"Hùng đã tiếp nhận đề nghị hỗ trợ HT-000001"}},
			},
			after: func(t *testing.T, h *harness, cast map[string]*person) {
				if n := h.count(`SELECT COUNT(*) FROM help_requests WHERE status = ?`, storage.HelpClaimed); n != 1 {
					t.Errorf("%d requests taken on, want 1", n)
				}
			},
		},
		{
			label: "for a family member, then for oneself",
			cast:  cast,
			steps: []step{
				{who: "Lan", do: says("/giadinh"), reads: []string{"Mời bạn gõ họ tên người thân"}},
				{who: "Lan", do: says("Bà Nguyễn Thị Tư"), reads: []string{"Đã thêm Bà Nguyễn Thị Tư"},
					offers: []string{"📝 Khai báo y tế cho Bà Nguyễn Thị Tư ngay", "✔ Xong"}},
				{who: "Lan", do: presses("✔ Xong"), reads: []string{"Đã đóng danh sách người thân"}},
				{who: "Lan", do: says("/checkin"), reads: []string{"Bạn khai báo cho ai?"},
					offers: []string{"👤 Bản thân tôi", "👤 Bà Nguyễn Thị Tư"}},
				{who: "Lan", do: presses("👤 Bà Nguyễn Thị Tư"), reads: []string{"Sức khỏe của Bà Nguyễn Thị Tư hôm nay thế nào?"}},
				{who: "Lan", do: presses("🤒")},
				{who: "Lan", do: presses("☐ Ho")},
				{who: "Lan", do: presses("✔ Xong")},
				{who: "Lan", do: presses("✅ Có thực hiện 5K")},
				{who: "Lan", do: presses("👍"), reads: []string{"Đã ghi nhận khai báo y tế hôm nay cho Bà Nguyễn Thị Tư"},
					offers: []string{"➡️ Khai báo tiếp cho bản thân"}},
				{who: "Hùng", reads: []string{"Bà Nguyễn Thị Tư (người thân của Lan)", "Ho"}},
				{who: "Lan", do: presses("➡️ Khai báo tiếp cho bản thân"), reads: []string{"Sức khỏe của bạn hôm nay thế nào?"}},
			},
		},
		{
			label: "text where a choice is expected shows the choices again",
			cast:  cast,
			steps: []step{
				{who: "Lan", do: says("/checkin")},
				{who: "Lan", do: says("khỏe"), reads: []string{"Ở bước này, bạn chỉ cần chọn một mục"}, offers: []string{"😊 Khỏe mạnh"}},
				{who: "Lan", do: presses("😊"), reads: []string{"Thực hiện 5K"}},
				{who: "Lan", do: says("có"), reads: []string{"Ở bước này"}, offers: []string{"✅ Tôi thực hiện 5K hôm nay"}},
			},
		},
		{
			label: "Cancel ends it and nothing is kept",
			cast:  cast,
			steps: []step{
				{who: "Lan", do: says("/checkin")},
				{who: "Lan", do: presses("🤒")},
				{who: "Lan", do: presses("☐ Sốt")},
				{who: "Lan", do: presses("❌ Hủy"), reads: []string{"Đã hủy việc khai báo y tế"}},
				{who: "Hùng", lacks: []string{"Lan"}},
			},
			after: func(t *testing.T, h *harness, cast map[string]*person) {
				if n := h.count(`SELECT COUNT(*) FROM checkins`); n != 0 {
					t.Errorf("%d check-ins stored, want none", n)
				}
			},
		},
	})
}

// TestAlertLinksToTheResident: the coordinator's alert about a resident's
// symptoms opens a chat with the resident where their messenger has links
// to people (Telegram), and names them where it has none.
func TestAlertLinksToTheResident(t *testing.T) {
	forEachPlatform(t, func(t *testing.T, h *harness, platform string) {
		lan := h.member(platform, "7001", "Lan", "HN-TM-T01", "")
		hung := h.member(platform, "7101", "Hùng", "", "HN-TM")
		lan.say("/checkin")
		lan.press("🤒")
		lan.press("☐ Sốt")
		lan.press("✔ Xong")
		lan.press("✅ Tôi thực hiện")
		lan.press("👍")
		var alert string
		for _, s := range to(h.delivered, hung.id) {
			if strings.Contains(s.text, "Khai báo y tế cần quan tâm") {
				alert = s.msg.Text
			}
		}
		if !strings.Contains(alert, "Lan") {
			t.Fatalf("no alert naming Lan reached the coordinator:\n%s", hung.transcript())
		}
		link := strings.Contains(alert, `tg://user?id=7001`)
		if want := testPlatforms.Of(platform).UserLink != ""; link != want {
			t.Errorf("a link to chat with the resident: %v, want %v:\n%s", link, want, alert)
		}
	})
}
