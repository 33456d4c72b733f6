package handlers_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/chungsuc/chungsuc/bot"
)

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
				// Commands still work.
				{who: "Lan", do: says("/help"), reads: []string{"Chung Sức có thể giúp bạn"}},
				{who: "Lan", do: says("/start"), reads: []string{"Chào mừng bạn trở lại", "Tổ dân phố 1, Phường Tương Mai"}},
			},
		},
		{
			label: "/mydata: a summary and the file (its text where files cannot be sent)",
			cast:  cast,
			steps: []step{
				{who: "Lan", do: says("/checkin")},
				{who: "Lan", do: presses("🤒")},
				{who: "Lan", do: presses("☐ Sốt")},
				{who: "Lan", do: presses("✔ Xong")},
				{who: "Lan", do: presses("✅ Tôi thực hiện")},
				{who: "Lan", do: presses("👍")},
				{who: "Lan", do: says("/mydata"), reads: []string{"Dữ liệu Chung Sức đang lưu về bạn",
					"Tổ dân phố 1, Phường Tương Mai", "Khai báo y tế: 1", "Tệp này chứa toàn bộ dữ liệu"},
					typed: []string{`"checkins": [`, "gửi dưới dạng tin nhắn"}},
			},
			after: myDataHolds("Lan", "fever", "HN-TM-T01"),
		},
		{
			label: "/forget asks first, keeps on “no”, deletes on “yes”",
			cast:  cast,
			steps: []step{
				{who: "Lan", do: says("/checkin")},
				{who: "Lan", do: presses("😊")},
				{who: "Lan", do: presses("✅ Tôi thực hiện")},
				{who: "Lan", do: presses("👍")},
				{who: "Lan", do: says("/forget"), reads: []string{"Bạn muốn xóa dữ liệu của mình?", "đã được biểu dương"},
					offers: []string{"🗑 Xóa dữ liệu của tôi", "Không, giữ lại"}},
				{who: "Lan", do: presses("Không, giữ lại"), reads: []string{"Chung Sức giữ nguyên dữ liệu của bạn"}},
				{who: "Lan", do: says("/xoadulieu")},
				{who: "Lan", do: says("có"), reads: []string{"Mời bạn"}, offers: []string{"🗑 Xóa dữ liệu của tôi"}},
				{who: "Lan", do: presses("🗑"), reads: []string{"Đã xóa dữ liệu của bạn: 1 lượt khai báo y tế", "bắt đầu như người mới"}},
				{who: "Lan", do: says("/checkin"), reads: []string{"Bạn cần chọn nơi sinh sống trước"}},
			},
			after: livesIn("Lan", ""),
		},
		{
			label: "/mydata holds the household's doses and next doses; /forget deletes them with the family members",
			cast:  cast,
			steps: []step{
				{who: "Lan", do: says("/giadinh")},
				{who: "Lan", do: says("Bà Tư")},
				{who: "Lan", do: says("/tiemchung")},
				{who: "Lan", do: presses("💉 Ghi mũi tiêm")},
				{who: "Lan", do: presses("🙋 Cho tôi")},
				{who: "Lan", do: presses("mũi 1")},
				{who: "Lan", do: says("1/7/2021"), reads: []string{"Đã ghi mũi 1 ngày 01/07/2021 cho bạn"}},
				{who: "Lan", do: presses("💉 Ghi mũi tiêm")},
				{who: "Lan", do: presses("Bà Tư")},
				{who: "Lan", do: presses("mũi 2")},
				{who: "Lan", do: says("2/7/2021"), reads: []string{"Đã ghi mũi 2 ngày 02/07/2021 cho Bà Tư"}},
				{who: "Lan", do: presses("📅 Hẹn mũi tiếp")},
				{who: "Lan", do: presses("Bà Tư")},
				{who: "Lan", do: says("30/8/2021"), reads: []string{"Đã hẹn mũi tiếp ngày 30/08/2021 cho Bà Tư"}},
				{who: "Lan", do: says("/mydata"), typed: []string{`"vaccine_doses": [`}},
				{who: "Lan", do: says("/forget")},
				{who: "Lan", do: presses("🗑"), reads: []string{"Đã xóa dữ liệu của bạn"}},
			},
			after: func(t *testing.T, h *harness, cast map[string]*person) {
				myDataHolds("Lan", `"vaccine_doses"`, "2021-07-01", "2021-07-02", `"next_doses"`, "2021-08-30", "Bà Tư")(t, h, cast)
				for table, want := range map[string]int{"doses": 0, "dose_due": 0, "dependants": 0} {
					if n := h.count(`SELECT count(*) FROM ` + table); n != want {
						t.Errorf("%d rows left in %s after the forget", n, table)
					}
				}
			},
		},
	})
}

// myDataHolds checks that the file /mydata sent who (a JSON document, or
// its text where files cannot be sent) holds their name and every want.
func myDataHolds(who string, wants ...string) func(t *testing.T, h *harness, cast map[string]*person) {
	return func(t *testing.T, h *harness, cast map[string]*person) {
		p := cast[who]
		var file string
		for _, s := range h.chat(p.platform, p.id).log {
			switch {
			case s.msg.Kind == bot.OutDoc:
				if !json.Valid(s.msg.Content) {
					t.Errorf("%s (%s) got a file that is not JSON: %.200s", who, p.platform, s.msg.Content)
				}
				file = string(s.msg.Content)
			case strings.Contains(s.text, `"checkins": [`):
				file = s.text
			}
		}
		for _, w := range append([]string{p.name}, wants...) {
			if !strings.Contains(file, w) {
				t.Errorf("%s's data (%s) lacks %q:\n%.2000s", who, p.platform, w, file)
			}
		}
	}
}
