package handlers_test

import (
	"strings"
	"testing"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// TestSettings: /settings changes one's language and where one lives.
func TestSettings(t *testing.T) {
	lan := []actor{{name: "Lan", unit: "HN-TM-T01"}}
	runJourneys(t, []journey{
		{
			label: "the language, to English and back",
			cast:  lan,
			steps: []step{
				{who: "Lan", do: says("/settings"), reads: []string{"Cài đặt của bạn", "Tổ dân phố 1, Phường Tương Mai", "Tiếng Việt"},
					offers: []string{"🏠 Đổi nơi sinh sống", "🌐 English"}},
				{who: "Lan", do: presses("🌐 English"), reads: []string{"Language changed to English.", "Your settings", "Language: English"},
					offers: []string{"🏠 Change where I live", "🌐 Tiếng Việt"}},
				{who: "Lan", do: says("/help"), reads: []string{"Chung Sức can help you"}},
				{who: "Lan", do: says("/checkin"), reads: []string{"How is your health today?"}, typed: []string{"to choose.)"}},
				{who: "Lan", do: says("/caidat")},
				{who: "Lan", do: presses("🌐 Tiếng Việt"), reads: []string{"Đã đổi ngôn ngữ sang tiếng Việt", "Cài đặt của bạn"}},
			},
		},
		{
			label: "where one lives",
			cast:  lan,
			steps: []step{
				{who: "Lan", do: says("/settings")},
				{who: "Lan", do: presses("🏠 Đổi nơi sinh sống"), reads: []string{"Bạn sinh sống ở đâu?"}},
				{who: "Lan", do: presses("Thành phố Hà Nội")},
				{who: "Lan", do: presses("Phường Hoàng Liệt")},
				{who: "Lan", do: presses("Tổ dân phố 2")},
				{who: "Lan", do: presses("✅"), reads: []string{"Đã đổi nơi sinh sống của bạn sang Tổ dân phố 2, Phường Hoàng Liệt"}},
			},
			after: livesIn("Lan", "HN-HL-T02"),
		},
	})
}

// TestCancel: /cancel leaves any flow at any step, takes its choices
// away, and says so; starting another flow says the first was dropped.
func TestCancel(t *testing.T) {
	lan := []actor{{name: "Lan", unit: "HN-TM-T01"}}
	runJourneys(t, []journey{
		{
			label: "at the phone step of a help request",
			cast:  lan,
			steps: []step{
				{who: "Lan", do: says("/support")},
				{who: "Lan", do: presses("🍚")},
				{who: "Lan", do: says("Nhà tôi cần gạo và rau cho ba ngày tới."), offers: []string{"Bỏ qua"}},
				{who: "Lan", do: says("/cancel"), reads: []string{"Đã hủy đề nghị hỗ trợ"}},
				// The skip choice went with the flow: typed, it is plain text.
				{who: "Lan", do: says("1"), reads: []string{"/help"}, lacks: []string{"HT-"}},
				{who: "Lan", do: says("Bỏ qua"), reads: []string{"/help"}, lacks: []string{"HT-"}},
				{who: "Lan", do: says("/huy"), reads: []string{"Bạn không có việc nào đang làm dở"}},
			},
			after: func(t *testing.T, h *harness, cast map[string]*person) {
				if n := h.count(`SELECT COUNT(*) FROM help_requests`); n != 0 {
					t.Errorf("%d requests stored, want none", n)
				}
			},
		},
		{
			label: "in the middle of a report",
			cast:  lan,
			steps: []step{
				{who: "Lan", do: says("/report")},
				{who: "Lan", do: presses("🤝")},
				{who: "Lan", do: presses("🙋")},
				{who: "Lan", do: says("/cancel"), reads: []string{"Đã hủy báo cáo"}},
				{who: "Lan", do: says("Tôi đi chợ hộ ba gia đình đang cách ly."), reads: []string{"/help"},
					lacks: []string{"Bước 4/4"}},
			},
		},
		{
			label: "another command drops the flow, and says so",
			cast:  lan,
			steps: []step{
				{who: "Lan", do: says("/report")},
				{who: "Lan", do: presses("🤝")},
				{who: "Lan", do: says("/support"), reads: []string{"đã được hủy", "/report", "Bạn cần hỗ trợ về việc gì?"},
					offers: []string{"🍚 Thực phẩm"}},
			},
		},
	})
}

// TestInputsThatMustNotAct: what a person sends that no step awaits gets
// an answer that says what to do, and changes nothing.
func TestInputsThatMustNotAct(t *testing.T) {
	runJourneys(t, []journey{
		{
			label: "what a newcomer sends, before joining",
			cast:  []actor{{name: "Giang"}},
			steps: []step{
				{who: "Giang", do: says("/xinchao"), reads: []string{"Chung Sức chưa có lệnh /xinchao", "/help"}},
				{who: "Giang", do: says("alo alo"), reads: []string{"gõ /start và chọn nơi mình sinh sống"}},
				{who: "Giang", do: says("/trogiup"), reads: []string{"Chung Sức có thể giúp bạn"}},
				{who: "Giang", do: says("/hotline"), reads: []string{"gõ /start"}},
				{who: "Giang", do: says("/huy"), reads: []string{"Bạn không có việc nào đang làm dở"}},
				{who: "Giang", do: says(strings.Repeat("á", 5000)), reads: []string{"gõ /start"}},
				{who: "Giang", do: sendsMedia("sticker"), reads: []string{"Chung Sức chưa xử lý được nội dung này"}},
			},
			after: livesIn("Giang", ""),
		},
		{
			label: "/duongdaynong lists the lines of where one lives",
			cast:  []actor{{name: "Lan", unit: "HN-TM-T03"}},
			steps: []step{
				{who: "Lan", do: says("/duongdaynong"), reads: []string{"☎️ Đường dây nóng", "1022", "115", "Thành phố Hà Nội"}},
			},
		},
		{
			label: "a number typed with no menu",
			cast:  []actor{{name: "Lan", unit: "HN-TM-T01"}},
			steps: []step{
				{who: "Lan", do: says("2"), reads: []string{"Cảm ơn bạn đã nhắn tin", "/help"}},
				{who: "Lan", do: says("/hotline"), reads: []string{"Đường dây nóng"}},
				{who: "Lan", do: says("1"), reads: []string{"Cảm ơn bạn đã nhắn tin", "/help"}},
			},
		},
		{
			label: "a number beyond the menu",
			cast:  []actor{{name: "Lan", unit: "HN-TM-T01"}},
			steps: []step{
				{who: "Lan", do: says("/checkin"), offers: []string{"❌ Hủy"}},
				{who: "Lan", do: says("9"), reads: []string{"Ở bước này"}, offers: []string{"😊 Khỏe mạnh"}},
			},
		},
		{
			label: "a choice of a flow cancelled since",
			cast:  []actor{{name: "Lan", unit: "HN-TM-T01"}},
			steps: []step{
				{who: "Lan", do: says("/settings")},
				{who: "Lan", do: presses("🏠 Đổi nơi sinh sống")},
				{who: "Lan", do: presses("Thành phố Hà Nội"), offers: []string{"Phường Hoàng Liệt"}},
				{who: "Lan", do: says("/cancel"), reads: []string{"Đã hủy việc chọn nơi sinh sống"}},
				{who: "Lan", do: pressesUnder("Thành phố Hà Nội", "Phường Hoàng Liệt"), reads: []string{"/help"},
					lacks: []string{"Tổ dân phố"}},
			},
			after: livesIn("Lan", "HN-TM-T01"),
		},
		{
			label: "a choice made twice (a double tap, or the number typed again)",
			cast:  []actor{{name: "Lan", unit: "HN-TM-T01"}},
			steps: []step{
				{who: "Lan", do: says("/report")},
				{who: "Lan", do: presses("🤝")},
				{who: "Lan", do: presses("🙋")},
				{who: "Lan", do: says("Tôi đi chợ hộ ba gia đình đang cách ly.")},
				{who: "Lan", do: presses("Bỏ qua, không có ảnh")},
				{who: "Lan", do: presses("✅ Gửi báo cáo"), reads: []string{"VT-000001"}},
				// Telegram says the button has expired; without buttons the
				// menu went with the edit, and the number is plain text.
				{who: "Lan", do: (*person).repeat, reads: []string{"/help"}, lacks: []string{"VT-000002"}},
			},
			after: func(t *testing.T, h *harness, cast map[string]*person) {
				if n := h.count(`SELECT COUNT(*) FROM deeds`); n != 1 {
					t.Errorf("%d reports stored, want the one sent", n)
				}
			},
		},
	})
}

// TestButtonsOfOthersExpire: a button made for someone else, or forged,
// only says it has expired. Only a messenger with buttons lets a person
// send a button's data; without buttons, a number only ever chooses from
// one's own menu.
func TestButtonsOfOthersExpire(t *testing.T) {
	forEachPlatform(t, func(t *testing.T, h *harness, platform string) {
		if !testPlatforms.Of(platform).Buttons {
			t.Skip("no buttons: a typed number chooses from one's own menu only")
		}
		an := h.person(platform, "7001", "An")
		mallory := h.member(platform, "7002", "Mallory", "HN-TM-T01", "")
		chi := h.member(platform, "7003", "Chi", "HN-TM-T02", "")
		hung := h.member(platform, "7101", "Hùng", "", "HN-TM")
		an.say("/start")
		reportSelf(chi, "Tôi trực chốt kiểm soát dịch ở đầu ngõ suốt 14 ngày.")
		askFood(chi)
		mine := to(h.delivered, hung.id)
		pressAs := func(t *testing.T, data, want string) {
			t.Helper()
			parent := h.t
			h.t = t
			defer func() { h.t = parent }()
			mallory.unread()
			h.press(mallory.id, data)
			if got := mallory.unread(); !strings.Contains(got, want) {
				t.Errorf("Mallory read %q, want %q", got, want)
			}
		}
		for _, tc := range []struct{ label, data string }{
			{"another person's button", button(t, to(h.delivered, an.id), "Thành phố Hà Nội").Data},
			{"a forged button", "jy:1:9|AAAAAAAA"},
			{"a coordinator's decision on a report", button(t, mine, "✅ Duyệt").Data},
			{"a coordinator's claim of a request", button(t, mine, "✋").Data},
		} {
			t.Run(tc.label, func(t *testing.T) { pressAs(t, tc.data, "hết hiệu lực") })
		}
		// Signed for Mallory, as the bot signs them: refused at the moment
		// of acting, as coordinators' work.
		for _, tc := range []struct{ label, action string }{
			{"a decision on a report, signed for a resident", "da"},
			{"a claim of a request, signed for a resident", "hc"},
		} {
			t.Run(tc.label, func(t *testing.T) {
				data, err := h.signer.Sign(mallory.id, tc.action, "1")
				if err != nil {
					t.Fatal(err)
				}
				pressAs(t, data, "dành cho cán bộ phụ trách")
			})
		}
		if got := h.unitOf(an); got != "" {
			t.Errorf("An lives in %q, want nowhere yet", got)
		}
		if got := h.deedStatus(1); got != storage.DeedPending {
			t.Errorf("the report is %s, want pending", got)
		}
		if n := h.count(`SELECT COUNT(*) FROM help_requests WHERE status = ?`, storage.HelpOpen); n != 1 {
			t.Errorf("%d requests open, want the one untouched", n)
		}
	})
}

// TestChoicesOfAPassedStepExpire: on a messenger with buttons, a button
// still shown under a message of a step the flow has passed (or left)
// only says it has expired; while the step is current, the buttons of
// every message showing it work. Without buttons a typed number always
// answers the newest menu (TestInputsThatMustNotAct).
func TestChoicesOfAPassedStepExpire(t *testing.T) {
	tests := []struct {
		label string
		unit  string // where Lan lives
		// pass takes Lan past a step and returns the data of a button of
		// that step.
		pass func(t *testing.T, lan *person) string
		// check looks at what the flow left behind (optional).
		check func(t *testing.T, h *harness, lan *person)
	}{
		{
			label: "the unit picker, after /cancel",
			pass: func(t *testing.T, lan *person) string {
				lan.say("/start")
				lan.press("Thành phố Hà Nội")
				data := button(t, to(lan.h.delivered, lan.id), "Phường Tương Mai").Data
				if got := lan.say("/cancel"); !strings.Contains(texts(got), "Đã hủy việc chọn nơi sinh sống") {
					t.Errorf("/cancel said %q", texts(got))
				}
				return data
			},
			check: func(t *testing.T, h *harness, lan *person) {
				if got := h.unitOf(lan); got != "" {
					t.Errorf("Lan lives in %q, want nowhere", got)
				}
			},
		},
		{
			label: "the first step of a check-in, shown twice, once the flow moved on",
			unit:  "HN-TM-T02",
			pass: func(t *testing.T, lan *person) string {
				lan.say("/checkin")
				if got := lan.say("khỏe"); !strings.Contains(texts(got), "chỉ cần chọn một mục") {
					t.Errorf("text at the first step got %q", texts(got))
				}
				again := button(t, to(lan.h.delivered, lan.id)[len(to(lan.h.delivered, lan.id))-1:], "😊").Data
				// The same step: the first message's buttons work too.
				if got := texts(lan.pressUnder("Sức khỏe của bạn hôm nay thế nào?", "😊")); !strings.Contains(got, "Thực hiện 5K") {
					t.Errorf("the first message's button said %q, want the next step", got)
				}
				return again
			},
		},
		{
			label: "a report's category, at the name step",
			unit:  "HN-HL-T01",
			pass: func(t *testing.T, lan *person) string {
				lan.say("/report")
				lan.say("giúp người")
				data := button(t, to(lan.h.delivered, lan.id), "🤝").Data
				lan.press("💡")
				lan.press("👥 Người khác")
				return data
			},
		},
		{
			label: "a report's preview, after its description was rewritten",
			unit:  "HN-HL-T03",
			pass: func(t *testing.T, lan *person) string {
				lan.say("/report")
				lan.press("🤝")
				lan.press("🙋")
				lan.say("Tôi đi chợ hộ ba gia đình đang cách ly.")
				preview := lan.press("Bỏ qua, không có ảnh")
				data := button(t, to(preview, lan.id), "✅ Gửi báo cáo").Data
				lan.press("✏️ Viết lại mô tả")
				lan.say("Tôi đi chợ hộ ba gia đình đang cách ly trong ngõ 5.")
				return data
			},
			check: func(t *testing.T, h *harness, lan *person) {
				if n := h.count(`SELECT COUNT(*) FROM deeds`); n != 0 {
					t.Errorf("%d reports stored, want none", n)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			forEachPlatform(t, func(t *testing.T, h *harness, platform string) {
				if !testPlatforms.Of(platform).Buttons {
					t.Skip("no buttons: a typed number answers the newest menu")
				}
				lan := h.person(platform, "7001", "Lan")
				if tt.unit != "" {
					lan = h.member(platform, "7001", "Lan", tt.unit, "")
				}
				data := tt.pass(t, lan)
				lan.unread()
				h.press(lan.id, data)
				if got := lan.unread(); !strings.Contains(got, "hết hiệu lực") {
					t.Errorf("Lan read %q, want that the button has expired", got)
				}
				if tt.check != nil {
					tt.check(t, h, lan)
				}
			})
		})
	}
}

// TestGroupCommandSaysWhereToWrite: a command in a group gets one
// answer asking to write in private: with a button that opens the
// private chat where the messenger has a link to the bot, and without
// pointing to a button where it has none.
func TestGroupCommandSaysWhereToWrite(t *testing.T) {
	forEachPlatform(t, func(t *testing.T, h *harness, platform string) {
		h.member(platform, "7001", "Lan", "HN-TM-T01", "")
		out := to(h.update("7001", func(u *bot.Update) { u.Text, u.Chat = "/help", bot.Chat{ID: "-1001"} }), "-1001")
		if len(out) != 1 {
			t.Fatalf("the group got %d answers, want one", len(out))
		}
		if !strings.Contains(out[0].text, "tin nhắn riêng") {
			t.Errorf("the answer does not say to write in private:\n%s", out[0].text)
		}
		kb := out[0].msg.Keyboard
		if strings.Contains(out[0].text, "nút bên dưới") && kb.Buttons() == 0 {
			t.Errorf("the answer points to a button that is not there:\n%s", out[0].text)
		}
	})
}
