package handlers_test

import (
	"strings"
	"testing"

	"github.com/chungsuc/chungsuc/storage"
)

// TestChoosingUnderAnOlderMessage: a coordinator acts on the older of two
// messages that each carry choices (two help tickets, two deed notices,
// the tickets /requests lists), and it is that one that is acted on:
// without buttons too, where the number written under the older message
// must not answer the newer message's menu.
func TestChoosingUnderAnOlderMessage(t *testing.T) {
	tests := []struct {
		label string
		setup func(h *harness, residents []*person)
		then  func(coord *person) // what the coordinator does before choosing (optional)
		about string              // the older message
		press string
		check func(t *testing.T, h *harness, residents []*person)
	}{
		{
			label: "the older of two help tickets",
			setup: func(h *harness, rs []*person) { askFood(rs[0]); askFood(rs[1]) },
			about: "HT-000001", press: "✋ Tiếp nhận",
			check: helpClaimedOnly(1),
		},
		{
			label: "the older of two requests /requests lists",
			setup: func(h *harness, rs []*person) { askFood(rs[0]); askFood(rs[1]) },
			then:  func(coord *person) { coord.say("/requests") },
			about: "HT-000001", press: "✋ Tiếp nhận",
			check: helpClaimedOnly(1),
		},
		{
			label: "the older of two deed notices",
			setup: func(h *harness, rs []*person) {
				reportSelf(rs[0], "Tôi đi chợ hộ ba gia đình đang cách ly.")
				reportSelf(rs[1], "Tôi dọn rác ở khu vui chơi của tổ.")
			},
			about: "VT-000001", press: "✅ Duyệt",
			check: func(t *testing.T, h *harness, rs []*person) {
				if a, b := h.deedStatus(1), h.deedStatus(2); a != storage.DeedApproved || b != storage.DeedPending {
					t.Errorf("reports VT-000001 and VT-000002 are %s and %s, want approved and pending", a, b)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			forEachPlatform(t, func(t *testing.T, h *harness, platform string) {
				coord := h.member(platform, "7101", "Hùng", "", "HN-TM")
				residents := []*person{
					h.member(otherPlatform(platform), "7001", "An", "HN-TM-T01", ""),
					h.member(otherPlatform(platform), "7002", "Bình", "HN-TM-T02", ""),
				}
				tt.setup(h, residents)
				if tt.then != nil {
					tt.then(coord)
				}
				coord.pressUnder(tt.about, tt.press)
				tt.check(t, h, residents)
			})
		})
	}
}

// askFood has p ask for food through /support, without a phone.
func askFood(p *person) {
	p.say("/support")
	p.press("🍚")
	p.say("Nhà tôi cần gạo và rau cho ba ngày tới.")
	p.press("Bỏ qua")
}

// reportSelf has p report a deed of their own, without photos.
func reportSelf(p *person, what string) {
	p.say("/report")
	p.press("🤝")
	p.press("🙋")
	p.say(what)
	p.press("Bỏ qua, không có ảnh")
	p.press("✅ Gửi báo cáo")
}

// helpClaimedOnly checks that request id alone was taken on, and that
// its resident (residents[id-1]) was told.
func helpClaimedOnly(id int64) func(t *testing.T, h *harness, residents []*person) {
	return func(t *testing.T, h *harness, residents []*person) {
		if n := h.count(`SELECT COUNT(*) FROM help_requests WHERE status = ? AND id = ?`, storage.HelpClaimed, id); n != 1 {
			t.Errorf("request %s was not taken on", storage.HelpRef(id))
		}
		if n := h.count(`SELECT COUNT(*) FROM help_requests WHERE status = ? AND id <> ?`, storage.HelpClaimed, id); n != 0 {
			t.Errorf("%d other requests were taken on", n)
		}
		if got := residents[id-1].unread(); !strings.Contains(got, "đã tiếp nhận đề nghị hỗ trợ "+storage.HelpRef(id)) {
			t.Errorf("%s was not told: %q", residents[id-1].name, got)
		}
	}
}

// TestPublishLaterThenAsTold: a coordinator opens the publishing of a
// commended report, chooses "later", and is told to choose "publish as a
// good example" under the report again: that shows the preview again,
// and publishes nothing yet (without buttons too, where the number under
// the report must not answer the preview's menu).
func TestPublishLaterThenAsTold(t *testing.T) {
	forEachPlatform(t, func(t *testing.T, h *harness, platform string) {
		coord := h.member(platform, "7101", "Hùng", "", "HN-TM")
		an := h.member(otherPlatform(platform), "7001", "An", "HN-TM-T01", "")
		h.member(otherPlatform(platform), "7002", "Bình", "HN-TM-T01", "")
		reportSelf(an, "Tôi đi chợ hộ ba gia đình đang cách ly.")
		coord.press("🏅 Biểu dương")
		coord.press("📣 Đăng gương")
		coord.press("Để sau")
		if got := coord.unread(); !strings.Contains(got, "Chưa đăng") || !strings.Contains(got, "Đăng gương người tốt việc tốt") {
			t.Fatalf("“later” said %q", got)
		}
		coord.pressUnder(storage.DeedRef(1), "📣 Đăng gương")
		if n := h.count(`SELECT COUNT(*) FROM appeals`); n != 0 {
			t.Errorf("the example was published at once (%d appeals), without its preview", n)
		}
		if got := coord.unread(); !strings.Contains(got, "Trên đây là tin sẽ gửi tới") {
			t.Errorf("the coordinator read %q, want the preview again", got)
		}
	})
}

// TestAChoiceAnEditTookAwayIsGone: choosing "later" on the preview of a
// good example edits the preview into "not published", without its
// buttons (c.Edit(text, nil)). On Telegram its choices are gone. Without
// buttons the edit is a new message and the preview stays in the chat
// with its numbers: they must not act any more (typed, “📣 Đăng cho 2
// người” must not publish).
func TestAChoiceAnEditTookAwayIsGone(t *testing.T) {
	forEachPlatform(t, func(t *testing.T, h *harness, platform string) {
		coord := h.member(platform, "7101", "Hùng", "", "HN-TM")
		an := h.member(otherPlatform(platform), "7001", "An", "HN-TM-T01", "")
		h.member(otherPlatform(platform), "7002", "Bình", "HN-TM-T01", "")
		reportSelf(an, "Tôi đi chợ hộ ba gia đình đang cách ly.")
		coord.press("🏅 Biểu dương")
		coord.press("📣 Đăng gương")
		coord.press("Để sau")
		if !coord.shows("Trên đây là tin sẽ gửi tới", "📣 Đăng cho") {
			return // the edit took the buttons away
		}
		coord.pressUnder("Trên đây là tin sẽ gửi tới", "📣 Đăng cho")
		if n := h.count(`SELECT COUNT(*) FROM appeals`); n != 0 {
			t.Errorf("a choice the coordinator declined, and the edit took away, published the example (%d appeals)", n)
		}
	})
}

// TestAppealJourney: a coordinator composes an appeal on one messenger,
// and a resident on the other gets it.
func TestAppealJourney(t *testing.T) {
	const text = "Bà con Tổ dân phố 1 chú ý: sáng Chủ nhật tổng vệ sinh ngõ phố, mỗi hộ cử một người."
	runAppeals := func(p *person) []sent { return p.h.runAppeals() }
	runJourneys(t, []journey{{
		label: "to the residents of a group",
		cast:  []actor{{name: "Hùng", coordinates: "HN-TM"}, {name: "Lan", unit: "HN-TM-T01", elsewhere: true}},
		steps: []step{
			{who: "Hùng", do: says("/appeal"), reads: []string{"Soạn lời kêu gọi"}, offers: []string{"✖️ Hủy"}},
			{who: "Hùng", do: says(text), reads: []string{"Gửi tới đơn vị nào?"},
				offers: []string{"Phường Tương Mai", "Tổ dân phố 1", "Tổ dân phố 5"}},
			{who: "Hùng", do: presses("Tổ dân phố 1"), reads: []string{"Gửi tới ai ở Tổ dân phố 1"},
				offers: []string{"👥 Cư dân", "🎖 Cán bộ phụ trách"}},
			{who: "Hùng", do: presses("👥 Cư dân"), reads: []string{"Lời kêu gọi từ Tổ dân phố 1", text,
				"Trên đây là lời kêu gọi đúng như người nhận sẽ thấy", "Sẽ gửi tới 1 người"},
				offers: []string{"✅ Gửi", "✏️ Viết lại"}},
			{who: "Hùng", do: presses("✅ Gửi"), reads: []string{"Đã gửi 0/1"}},
			{who: "Hùng", do: runAppeals, reads: []string{"Đã gửi xong: 1 người đã nhận"}},
			{who: "Lan", reads: []string{"Lời kêu gọi từ Tổ dân phố 1", text}},
		},
	}})
}

// TestInvitationOnEachMessenger: an invitation made on Telegram is a link
// (and the line to type where the link does not open); on a messenger
// without links to the bot it is the line to type, given once.
func TestInvitationOnEachMessenger(t *testing.T) {
	forEachPlatform(t, func(t *testing.T, h *harness, platform string) {
		coord := h.member(platform, "7101", "Hùng", "", "HN-TM")
		coord.say("/moi canbo HN-TM-T01")
		got := coord.unread()
		if n := strings.Count(got, "/start inv_"); n != 1 {
			t.Errorf("the invitation gives the line to type %d times, want once:\n%s", n, got)
		}
		link := strings.Contains(got, "https://t.me/ChungSucBot?start=inv_")
		if want := testPlatforms.Of(platform).StartLink != ""; link != want {
			t.Errorf("a link in the invitation: %v, want %v:\n%s", link, want, got)
		}
	})
}
