package handlers_test

import (
	"strings"
	"testing"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// A coordinator's notice of a report with photos is one message where it
// can be: the first photo, the notice as its caption, the decision
// buttons under it. Each message costs the bot's sending rate.

// reportWithPhotos walks p through a report of their own deed described
// by what, with the photos named, and returns what sending it delivered.
func reportWithPhotos(p *person, what string, photos ...string) []sent {
	p.h.t.Helper()
	p.say("/report")
	p.press("🤝")
	p.press("🙋 Tôi")
	p.say(what)
	for _, name := range photos {
		p.photoOf(name, "")
	}
	p.press("✔ Xong")
	return p.press("✅ Gửi báo cáo")
}

// pressOnNotice chooses label under the newest message of p's chat that
// says about: on a messenger with buttons it presses it as the adapter
// tells such a press, saying whether the message is a photo
// (bot.Update.Captioned); without buttons, by typing its number.
func pressOnNotice(p *person, about, label string) []sent {
	p.h.t.Helper()
	m, ch := p.find(about, label)
	if ch.n != 0 {
		return p.choose(m, ch, true)
	}
	return p.send(func(u *bot.Update) {
		u.Kind, u.Text, u.MessageID, u.Captioned = bot.KindCallback, "", m.id, m.photo != ""
		u.Callback = &bot.Callback{ID: "q" + u.ID, Data: ch.button.Data}
	})
}

// kinds lists the kinds of the messages delivered.
func kinds(out []sent) string {
	var list []string
	for _, s := range out {
		list = append(list, string(s.msg.Kind))
	}
	return strings.Join(list, " ")
}

func TestDeedNoticeWithPhotosIsOneMessage(t *testing.T) {
	const what = "Tôi đi chợ hộ ba gia đình đang cách ly trong ngõ 12."
	for _, tt := range []struct {
		label  string
		photos []string
		want   string // the kinds of the messages the coordinator gets
	}{
		{"one photo: one message", []string{"A1"}, "photo"},
		{"two photos: the notice under the first, the second apart", []string{"A1", "A2"}, "photo photo"},
	} {
		t.Run(tt.label, func(t *testing.T) {
			forEachPlatform(t, func(t *testing.T, h *harness, platform string) {
				lan := h.member(platform, "7001", "Lan", "HN-TM-T01", "")
				hung := h.member(platform, "7101", "Hùng", "", "HN-TM")
				got := to(reportWithPhotos(lan, what, tt.photos...), hung.id)
				if kinds(got) != tt.want {
					t.Fatalf("%s got %q, want %q:\n%s", hung.name, kinds(got), tt.want, hung.transcript())
				}
				notice := got[0]
				for _, want := range []string{"Báo cáo người tốt, việc tốt VT-000001", "Người báo cáo: Lan", what,
					"Mời bạn xem xét"} {
					if !strings.Contains(notice.text, want) {
						t.Errorf("the photo's caption lacks %q:\n%s", want, notice.text)
					}
				}
				if notice.msg.Keyboard.Buttons() != 3 {
					t.Errorf("the photo carries %d decision buttons, want 3", notice.msg.Keyboard.Buttons())
				}
				if got, want := hung.photos(), len(tt.photos); len(got) != want {
					t.Errorf("%s was shown %d photos, want %d", hung.name, len(got), want)
				}
				if platform == "telegram" && notice.msg.Photo != photoRef(lan, "A1") {
					t.Errorf("the notice's photo is %q, want the first photo by its file id", notice.msg.Photo)
				}
				if len(got) > 1 && !strings.Contains(got[1].text, "VT-000001 — ảnh 2/2") {
					t.Errorf("the second photo's caption = %q", got[1].text)
				}
			})
		})
	}
}

func TestDeedNoticeFallsBackToTextThenPhotos(t *testing.T) {
	long := strings.Repeat("Bà Hoa nấu cơm miễn phí cho các gia đình đang cách ly. ", 27) // 1,485 characters
	for _, tt := range []struct {
		label         string
		reporter, hub string // the messengers of the reporter and of the coordinator
		what          string
	}{
		{"a notice too long for a caption", "telegram", "telegram", long},
		{"a photo sent on another messenger", "telegram", "zalo", "Tôi đi chợ hộ ba gia đình đang cách ly."},
		{"a photo sent on another messenger, the other way", "zalo", "telegram", "Tôi đi chợ hộ ba gia đình đang cách ly."},
	} {
		t.Run(tt.label, func(t *testing.T) {
			h := newHarness(t)
			lan := h.member(tt.reporter, "7001", "Lan", "HN-TM-T01", "")
			hung := h.member(tt.hub, "7101", "Hùng", "", "HN-TM")
			got := to(reportWithPhotos(lan, tt.what, "A1"), hung.id)
			if kinds(got) != "send photo" {
				t.Fatalf("%s got %q, want the notice as text, then the photo:\n%s", hung.name, kinds(got), hung.transcript())
			}
			if !strings.Contains(got[0].text, "Báo cáo người tốt, việc tốt VT-000001") || got[0].msg.Keyboard.Buttons() != 3 {
				t.Errorf("the notice = %q with %d buttons", got[0].text, got[0].msg.Keyboard.Buttons())
			}
			if !strings.Contains(got[1].text, "VT-000001 — ảnh 1/1") {
				t.Errorf("the photo's caption = %q", got[1].text)
			}
			pressOnNotice(hung, "VT-000001", "✅ Duyệt")
			if got := h.deedStatus(1); got != storage.DeedApproved {
				t.Errorf("the report is %s, want approved", got)
			}
			for _, s := range h.chat(tt.hub, hung.id).log {
				if s.msg.Caption {
					t.Errorf("a text notice was edited as a caption: %+v", s.msg)
				}
			}
		})
	}
}

func TestDeedPhotoNoticeRefreshedAfterADecision(t *testing.T) {
	const what = "Tôi đi chợ hộ ba gia đình đang cách ly trong ngõ 12."
	long := strings.Repeat("Ông Tư sửa miễn phí xe đạp cho các em học sinh trong ngõ. ", 10) // 580 characters
	reason := strings.Repeat("Ảnh chưa cho thấy việc tốt được mô tả. ", 12)                  // 468 characters
	reason = strings.TrimSpace(reason)

	t.Run("approved: the caption shows the result, and the buttons left", func(t *testing.T) {
		h := newHarness(t)
		lan := h.member("telegram", "7001", "Lan", "HN-TM-T01", "")
		hung := h.member("telegram", "7101", "Hùng", "", "HN-TM")
		reportWithPhotos(lan, what, "A1")
		out := pressOnNotice(hung, "VT-000001", "✅ Duyệt")
		edit := theEdit(t, to(out, hung.id))
		for _, want := range []string{"Báo cáo người tốt, việc tốt VT-000001", what, "Kết quả:", "Hùng đã duyệt lúc"} {
			if !strings.Contains(edit.text, want) {
				t.Errorf("the new caption lacks %q:\n%s", want, edit.text)
			}
		}
		if got := flat(edit.msg.Keyboard.Rows); len(got) != 1 || got[0].Text != "🏅 Biểu dương" {
			t.Errorf("buttons left under the photo: %+v, want only commend", got)
		}
		if !strings.Contains(lan.unread(), "Báo cáo VT-000001 của bạn đã được duyệt") {
			t.Errorf("Lan was not told:\n%s", lan.transcript())
		}
	})

	t.Run("rejected with a long reason: the description is shortened to fit the caption", func(t *testing.T) {
		h := newHarness(t)
		lan := h.member("telegram", "7001", "Lan", "HN-TM-T01", "")
		hung := h.member("telegram", "7101", "Hùng", "", "HN-TM")
		if got := to(reportWithPhotos(lan, long, "A1"), hung.id); kinds(got) != "photo" {
			t.Fatalf("%s got %q, want one photo (the notice fits its caption)", hung.name, kinds(got))
		}
		pressOnNotice(hung, "VT-000001", "❌ Từ chối")
		out := hung.say(reason)
		edit := theEdit(t, to(out, hung.id))
		for _, want := range []string{"Báo cáo người tốt, việc tốt VT-000001", "Hùng đã từ chối lúc", reason, long[:40]} {
			if !strings.Contains(edit.text, want) {
				t.Errorf("the new caption lacks %q:\n%s", want, edit.text)
			}
		}
		if strings.Contains(edit.text, strings.TrimSpace(long)) {
			t.Errorf("the new caption holds the whole description, too long for it:\n%s", edit.text)
		}
		if n := bot.VisibleLen(edit.msg.Text); n > telegramCaps.CaptionMax() {
			t.Errorf("the new caption shows %d characters, over %d", n, telegramCaps.CaptionMax())
		}
		if got := h.deedOf(1); got.Status != storage.DeedRejected || got.Reason != reason {
			t.Errorf("the report is %s (%q), want rejected with the reason", got.Status, got.Reason)
		}
	})

	t.Run("decided by another first: the second coordinator's photo is brought up to date", func(t *testing.T) {
		h := newHarness(t)
		lan := h.member("telegram", "7001", "Lan", "HN-TM-T01", "")
		hung := h.member("telegram", "7101", "Hùng", "", "HN-TM")
		mai := h.member("telegram", "7102", "Mai", "", "HN-TM")
		reportWithPhotos(lan, what, "A1")
		pressOnNotice(hung, "VT-000001", "✅ Duyệt")
		out := pressOnNotice(mai, "VT-000001", "❌ Từ chối")
		edit := theEdit(t, to(out, mai.id))
		if !strings.Contains(edit.text, "Hùng đã duyệt lúc") {
			t.Errorf("Mai's caption does not show Hùng's decision:\n%s", edit.text)
		}
	})

	t.Run("on a messenger without edits, the result comes as a new message", func(t *testing.T) {
		h := newHarness(t)
		lan := h.member("zalo", "7001", "Lan", "HN-TM-T01", "")
		hung := h.member("zalo", "7101", "Hùng", "", "HN-TM")
		reportWithPhotos(lan, what, "A1")
		got := to(pressOnNotice(hung, "VT-000001", "✅ Duyệt"), hung.id)
		var result *sent
		for i, s := range got {
			if strings.Contains(s.text, "Hùng đã duyệt lúc") {
				result = &got[i]
			}
		}
		if result == nil || result.msg.Kind != bot.OutSend || result.msg.Caption {
			t.Errorf("the result reached %s as %+v, want a new text message:\n%s", hung.name, result, hung.transcript())
		}
	})
}

// theEdit returns the one caption's edit among out.
func theEdit(t *testing.T, out []sent) sent {
	t.Helper()
	var edits []sent
	for _, s := range out {
		if s.msg.Kind == bot.OutEdit {
			edits = append(edits, s)
		}
	}
	if len(edits) != 1 || !edits[0].msg.Caption {
		t.Fatalf("edits %+v, want one of the photo's caption", edits)
	}
	return edits[0]
}
