package handlers_test

import "testing"

// TestOwnData: /stop and /start, /mydata, /forget, on every messenger.
func TestOwnData(t *testing.T) {
	cast := []actor{{name: "Lan", unit: "HN-TM-T01"}, {name: "Hùng", coordinates: "HN-TM", elsewhere: true}}
	runJourneys(t, []journey{
		{
			label: "/stop, then /start again",
			cast:  cast,
			steps: []step{
				{who: "Lan", do: says("/stop"), reads: []string{"không tự gửi tin cho bạn nữa", "gõ /start"}},
				{who: "Lan", do: says("/dunglai"), reads: []string{"Bạn đã ngừng nhận tin"}},
				{who: "Lan", do: says("/start"), reads: []string{"Chào mừng bạn trở lại", "Tổ dân phố 1, Phường Tương Mai"}},
			},
		},
		{
			label: "/mydata: a summary and the file (its text where files cannot be sent)",
			cast:  cast,
			steps: []step{
				{who: "Lan", do: says("/checkin")},
				{who: "Lan", do: presses("😊")},
				{who: "Lan", do: presses("✅ Tôi thực hiện")},
				{who: "Lan", do: presses("👍")},
				{who: "Lan", do: says("/mydata"), reads: []string{"Dữ liệu Chung Sức đang lưu về bạn",
					"Tổ dân phố 1, Phường Tương Mai", "Khai báo y tế: 1", "Tệp này chứa toàn bộ dữ liệu"},
					typed: []string{`"checkins": [`, "gửi dưới dạng tin nhắn"}},
			},
		},
		{
			label: "/forget asks first, keeps on “no”, deletes on “yes”",
			cast:  cast,
			steps: []step{
				{who: "Lan", do: says("/forget"), reads: []string{"Bạn muốn xóa dữ liệu của mình?"},
					offers: []string{"🗑 Xóa dữ liệu của tôi", "Không, giữ lại"}},
				{who: "Lan", do: presses("Không, giữ lại"), reads: []string{"Chung Sức giữ nguyên dữ liệu của bạn"}},
				{who: "Lan", do: says("/xoadulieu")},
				{who: "Lan", do: says("có"), reads: []string{"Mời bạn"}, offers: []string{"🗑 Xóa dữ liệu của tôi"}},
				{who: "Lan", do: presses("🗑"), reads: []string{"Đã xóa dữ liệu của bạn", "bắt đầu như người mới"}},
				{who: "Lan", do: says("/checkin"), reads: []string{"Bạn cần chọn nơi sinh sống trước"}},
			},
			after: livesIn("Lan", ""),
		},
	})
}
