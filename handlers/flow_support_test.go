package handlers_test

import (
	"strings"
	"testing"

	"github.com/chungsuc/chungsuc/storage"
)

// TestHelpRequest: a resident asks for help in three steps (kind,
// description, phone), and a coordinator on the other messenger takes it
// on and marks it done. Where there is no contact button, the phone step
// asks to type the number and offers no such button.
func TestHelpRequest(t *testing.T) {
	cast := []actor{{name: "Lan", unit: "HN-TM-T01"}, {name: "Hùng", coordinates: "HN-TM", elsewhere: true}}
	ask := []step{
		{who: "Lan", do: says("/support"), reads: []string{"Bạn cần hỗ trợ về việc gì?"},
			offers: []string{"🍚 Thực phẩm", "💊 Thuốc", "🩺 Hỗ trợ y tế", "🤝 Khác", "❌ Hủy"}},
		{who: "Lan", do: presses("💊"), reads: []string{"Loại hỗ trợ: thuốc", "từ 10 đến 1.000 ký tự"}},
		{who: "Lan", do: says("Cần thuốc hạ sốt cho con nhỏ."), reads: []string{"để lại số điện thoại", "0912345678"},
			typed: []string{"gõ số của bạn", "chọn Bỏ qua"}, typedLacks: []string{"Chia sẻ số điện thoại", "bấm"},
			offers: []string{"Bỏ qua"}, buttons: []string{"📱 Chia sẻ số điện thoại"}},
	}
	// phoneStep is the journey from /support to the phone step, then these.
	phoneStep := func(then ...step) []step { return append(ask[:len(ask):len(ask)], then...) }
	hasPhone := func(phone string) func(t *testing.T, h *harness, cast map[string]*person) {
		return func(t *testing.T, h *harness, cast map[string]*person) {
			if n := h.count(`SELECT COUNT(*) FROM help_requests WHERE phone = ?`, phone); n != 1 {
				t.Errorf("%d requests with phone %q, want 1", n, phone)
			}
		}
	}
	runJourneys(t, []journey{
		{
			label: "with a typed number, taken on and done",
			cast:  cast,
			steps: phoneStep(
				step{who: "Lan", do: says("+84 987 654 321"), reads: []string{"Chung Sức đã gửi đề nghị hỗ trợ HT-000001",
					"Cần thuốc hạ sốt", "0987654321"}},
				step{who: "Hùng", reads: []string{"Đề nghị hỗ trợ HT-000001", "Người đề nghị: Lan", "Điện thoại: 0987654321"},
					offers: []string{"✋ Tiếp nhận", "✅ Đã xong"}},
				step{who: "Hùng", do: presses("✋ Tiếp nhận"), reads: []string{"Bạn đã tiếp nhận đề nghị HT-000001",
					"Hùng đã tiếp nhận lúc"}, offers: []string{"✅ Đã xong"}},
				step{who: "Lan", reads: []string{"Hùng đã tiếp nhận đề nghị hỗ trợ HT-000001"}},
				step{who: "Hùng", do: presses("✅ Đã xong"), reads: []string{"đề nghị HT-000001 đã xong"}},
				step{who: "Lan", reads: []string{"Đề nghị hỗ trợ HT-000001 của bạn đã được giải quyết xong"}},
			),
			after: func(t *testing.T, h *harness, cast map[string]*person) {
				hasPhone("0987654321")(t, h, cast)
				if n := h.count(`SELECT COUNT(*) FROM help_requests WHERE status = ?`, storage.HelpResolved); n != 1 {
					t.Errorf("%d requests done, want 1", n)
				}
			},
		},
		{
			label: "with one's own number, the way the messenger allows",
			cast:  cast,
			steps: phoneStep(
				step{who: "Lan", do: givesPhone, reads: []string{"HT-000001", "0912345678"}},
				step{who: "Hùng", reads: []string{"Điện thoại: 0912345678"}},
			),
			after: hasPhone("0912345678"),
		},
		{
			label: "skipping the phone",
			cast:  cast,
			steps: phoneStep(
				step{who: "Lan", do: presses("Bỏ qua"), reads: []string{"HT-000001", "bạn không để lại"}},
				step{who: "Hùng", reads: []string{"Điện thoại: không để lại"}},
			),
			after: hasPhone(""),
		},
		{
			label: "a wrong number says the format and the step waits",
			cast:  cast,
			steps: phoneStep(
				step{who: "Lan", do: says("0912"), reads: []string{"Số điện thoại chưa đúng", "0912345678"},
					typed: []string{"chọn Bỏ qua"}, typedLacks: []string{"Chia sẻ số điện thoại", "bấm"}, lacks: []string{"HT-"},
					offers: []string{"Bỏ qua"}, buttons: []string{"📱 Chia sẻ số điện thoại"}},
				step{who: "Lan", do: sendsPhoto(""), reads: []string{"Số điện thoại chưa đúng"}},
				step{who: "Lan", do: says("0912 345 679"), reads: []string{"HT-000001", "0912345679"}},
			),
			after: hasPhone("0912345679"),
		},
		{
			label: "food, with one's own number; two coordinators; then /mysupport",
			cast: []actor{{name: "Lan", unit: "HN-TM-T02"}, {name: "Hùng", coordinates: "HN-TM", elsewhere: true},
				{name: "Mai", coordinates: "HN-TM", elsewhere: true}},
			steps: []step{
				{who: "Lan", do: says("/mysupport"), reads: []string{"Bạn chưa gửi đề nghị hỗ trợ nào"}},
				{who: "Lan", do: says("/support")},
				{who: "Lan", do: presses("🍚 Thực phẩm"), reads: []string{"Loại hỗ trợ: thực phẩm"}},
				{who: "Lan", do: sendsMedia("sticker"), reads: []string{"gõ nội dung bằng chữ"}},
				{who: "Lan", do: says("Cần gạo"), reads: []string{"bạn vừa gõ 7 ký tự"}},
				{who: "Lan", do: says("  Gia đình 4 người đang cách ly, cần gạo và rau cho 3 ngày.  "),
					reads: []string{"để lại số điện thoại"}, offers: []string{"Bỏ qua"}},
				{who: "Lan", do: says("12345"), reads: []string{"Số điện thoại chưa đúng"}, lacks: []string{"HT-"}},
				{who: "Lan", do: givesPhone, reads: []string{"Chung Sức đã gửi đề nghị hỗ trợ HT-000001", "/hotline"}},
				{who: "Hùng", reads: []string{"Đề nghị hỗ trợ HT-000001", "Lan", "thực phẩm", "0912345678",
					"Tổ dân phố 2, Phường Tương Mai", "cần gạo và rau"}, offers: []string{"✋ Tiếp nhận", "✅ Đã xong"}},
				{who: "Mai", reads: []string{"Đề nghị hỗ trợ HT-000001"}},
				{who: "Hùng", do: presses("✋ Tiếp nhận"), reads: []string{"Bạn đã tiếp nhận đề nghị HT-000001",
					"Hùng đã tiếp nhận lúc"}, offers: []string{"✅ Đã xong"}},
				{who: "Lan", reads: []string{"Cán bộ Hùng đã tiếp nhận đề nghị hỗ trợ HT-000001"}},
				{who: "Mai", do: presses("✋ Tiếp nhận"), reads: []string{"Đề nghị HT-000001 đã có Hùng tiếp nhận"}},
				{who: "Lan", do: says("/hotrocuatoi"), reads: []string{"HT-000001", "đã có cán bộ tiếp nhận"}},
				{who: "Hùng", do: presses("✅ Đã xong"), reads: []string{"Đã xong: Hùng xác nhận"}},
				{who: "Lan", reads: []string{"đã được giải quyết xong"}},
				{who: "Lan", do: says("/support")},
				{who: "Lan", do: presses("💊")},
				{who: "Lan", do: says("Cần thuốc hạ sốt cho con nhỏ.")},
				{who: "Lan", do: presses("Bỏ qua"), reads: []string{"Chung Sức đã gửi đề nghị hỗ trợ HT-000002"}},
				{who: "Lan", do: says("/mysupport"), reads: []string{"Các đề nghị hỗ trợ của bạn", "HT-000001", "HT-000002"}},
			},
			after: func(t *testing.T, h *harness, cast map[string]*person) {
				lan := cast["Lan"]
				// Newest first: the open request, then the one done.
				list := h.chat(lan.platform, lan.id).msgs
				text := list[len(list)-1].text
				open, done := strings.Index(text, "đang chờ tiếp nhận"), strings.Index(text, "đã xong")
				if open < 0 || done < 0 || open > done {
					t.Errorf("/mysupport does not list the open request, then the one done:\n%s", text)
				}
				if n := h.count(`SELECT COUNT(*) FROM residents WHERE platform_user_id = ? AND phone = '0912345678'`, lan.id); n != 1 {
					t.Errorf("the phone Lan gave is not kept on her record")
				}
				for _, q := range []struct {
					query string
					args  []any
				}{
					{`SELECT COUNT(*) FROM help_requests WHERE id = 1 AND status = ? AND kind = ? AND phone = '0912345678' AND description = ?`,
						[]any{storage.HelpResolved, storage.NeedFood, "Gia đình 4 người đang cách ly, cần gạo và rau cho 3 ngày."}},
					{`SELECT COUNT(*) FROM help_requests WHERE id = 2 AND status = ? AND kind = ? AND phone = ''`,
						[]any{storage.HelpOpen, storage.NeedMedicine}},
				} {
					if n := h.count(q.query, q.args...); n != 1 {
						t.Errorf("no request stored as %s %v", q.query, q.args)
					}
				}
			},
		},
		{
			label: "a description too short, then text at the kind step",
			cast:  cast,
			steps: []step{
				{who: "Lan", do: says("/hotro")},
				{who: "Lan", do: says("cho tôi gạo"), reads: []string{"Mời bạn chọn loại hỗ trợ"}, offers: []string{"🍚 Thực phẩm"}},
				{who: "Lan", do: presses("🍚")},
				{who: "Lan", do: says("gạo"), reads: []string{"từ 10 đến 1.000 ký tự; bạn vừa gõ 3"}},
				{who: "Lan", do: says("Nhà tôi cần gạo và rau cho ba ngày tới."), offers: []string{"Bỏ qua"}},
			},
		},
	})
}
