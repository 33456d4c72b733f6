package zalo_test

import (
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/bot/zalo"
	"github.com/chungsuc/chungsuc/bot/zalo/zalotest"
)

func units(s string) int { return len(utf16.Encode([]rune(s))) }

// longVietnamese is an HTML message of more than 5,000 UTF-16 units, with
// emoji outside the basic plane, entities and tags.
func longVietnamese() string {
	line := "<b>Tổ dân phố số 5</b> &amp; phường Mai Động: chung sức dọn rác 🧹🇻🇳👨‍👩‍👧 ngày chủ nhật &lt;8 giờ&gt;\n"
	return strings.Repeat(line, 5000/units(line)+2)
}

func TestLongTextGoesInPartsUnderTheLimit(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	text := longVietnamese()
	id, err := send(t, a, lan, text)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	sent := f.SentTo(lan)
	if len(sent) < 3 {
		t.Fatalf("%d parts, want 3 or more", len(sent))
	}
	if id != sent[len(sent)-1].MessageID {
		t.Errorf("Send returned %q, want the last part's id %q", id, sent[len(sent)-1].MessageID)
	}
	var got []string
	for i, m := range sent {
		if n := units(m.Text); n > zalo.MaxText || n < 1 {
			t.Errorf("part %d has %d units", i, n)
		}
		if strings.ContainsAny(m.Text, "<>") && !strings.Contains(m.Text, "<8 giờ>") || strings.Contains(m.Text, "&amp;") {
			t.Errorf("part %d still has HTML: %.80q", i, m.Text)
		}
		got = append(got, m.Text)
	}
	if want := strings.TrimSpace(bot.PlainText(text)); strings.Join(got, "\n") != want {
		t.Errorf("the parts joined differ from the plain text")
	}
}

func TestALongLineIsCutBetweenCharacters(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	text := strings.Repeat("đồng👨‍👩‍👧lòng🇻🇳", 400) // no space, no line break
	if _, err := send(t, a, lan, text); err != nil {
		t.Fatalf("Send: %v", err)
	}
	var b strings.Builder
	for i, m := range f.SentTo(lan) {
		if n := units(m.Text); n > zalo.MaxText || !utf8.ValidString(m.Text) {
			t.Errorf("part %d: %d units, valid UTF-8 %v", i, n, utf8.ValidString(m.Text))
		}
		if strings.HasPrefix(m.Text, "\u200d") || strings.HasPrefix(m.Text, "🇳") {
			t.Errorf("part %d starts inside an emoji: %.20q", i, m.Text)
		}
		b.WriteString(m.Text)
	}
	if b.String() != text {
		t.Error("the parts joined differ from the text")
	}
}

func TestHTMLBecomesPlainText(t *testing.T) {
	tests := []struct{ name, html, want string }{
		{"tags dropped, entities decoded", "<b>Xin chào</b> <i>bạn</i> &lt;3 &amp; &#128512; &quot;ok&quot;", `Xin chào bạn <3 & 😀 "ok"`},
		{"a link keeps its URL", `Xem <a href="https://chungsuc.vn/q?a=1&amp;b=2">bảng tin</a> nhé`, "Xem bảng tin (https://chungsuc.vn/q?a=1&b=2) nhé"},
		{"a link showing its URL is not doubled", `<a href="https://chungsuc.vn/">chungsuc.vn</a>`, "chungsuc.vn"},
		{"a link without text shows its URL", `Mở: <a href='https://x.vn/a'></a>`, "Mở: https://x.vn/a"},
		{"a formatted link", `<a href="https://x.vn"><b>Đây</b></a>`, "Đây (https://x.vn)"},
		{"NFD Vietnamese kept", "Phu\u031bo\u031b\u0300ng", "Phu\u031bo\u031b\u0300ng"},
	}
	f := startFake(t)
	a := newAdapter(t, f, 0)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := send(t, a, minh, tt.html); err != nil {
				t.Fatalf("Send: %v", err)
			}
			sent := f.SentTo(minh)
			if got := sent[len(sent)-1].Text; got != tt.want {
				t.Errorf("text = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEmptyTextIsNeverSent(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	for _, text := range []string{"", "  \n ", "<b> </b>"} {
		_, err := send(t, a, lan, text)
		wantKind(t, err, bot.Rejected)
	}
	if n := f.Calls("sendMessage"); n != 0 {
		t.Errorf("sendMessage called %d times, want 0", n)
	}
}

func TestSendWithoutAChatIsRejected(t *testing.T) {
	a := newAdapter(t, startFake(t), 0)
	_, err := send(t, a, "", "xin chào")
	wantKind(t, err, bot.Rejected)
}

func TestPhotoGoesByURL(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	const pic = "https://media.chungsuc.vn/p/ab12.jpg"
	id, err := a.Send(waitCtx(t), bot.Outgoing{Kind: bot.OutPhoto, ChatID: lan, Photo: "tg-file-id",
		PhotoURL: pic, Text: "<b>Rác</b> ở ngõ 5 &amp; 7"})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	sent := f.SentTo(lan)
	if len(sent) != 1 || sent[0].Method != "sendPhoto" || sent[0].Photo != pic || sent[0].Text != "Rác ở ngõ 5 & 7" || sent[0].MessageID != id {
		t.Errorf("sent = %+v, id %q", sent, id)
	}
}

func TestALongCaptionContinuesAsText(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	id, err := a.Send(waitCtx(t), bot.Outgoing{Kind: bot.OutPhoto, ChatID: lan,
		PhotoURL: "https://media.chungsuc.vn/p/1.jpg", Text: longVietnamese()})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	sent := f.SentTo(lan)
	if len(sent) < 3 || sent[0].Method != "sendPhoto" || sent[1].Method != "sendMessage" {
		t.Fatalf("sent %d messages: %+v", len(sent), sent)
	}
	for i, m := range sent {
		if n := units(m.Text); n > zalo.MaxText {
			t.Errorf("message %d has %d units", i, n)
		}
	}
	if id != sent[len(sent)-1].MessageID {
		t.Errorf("Send returned %q, want the last message's id", id)
	}
}

// TestACaptionThatFitsTheDeclaredLimitIsOneMessage: what Caps declares a
// caption may hold (bot.Caps.FitsCaption) goes whole under the photo.
func TestACaptionThatFitsTheDeclaredLimitIsOneMessage(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	caption := "<b>Báo cáo VT-000001</b>\n" + strings.Repeat("ả", a.Caps().CaptionLimit-len("Báo cáo VT-000001\n"))
	if !a.Caps().FitsCaption(caption, nil) {
		t.Fatalf("a caption of %d characters does not fit the declared %d", bot.VisibleLen(caption), a.Caps().CaptionLimit)
	}
	if _, err := a.Send(waitCtx(t), bot.Outgoing{Kind: bot.OutPhoto, ChatID: lan,
		PhotoURL: "https://media.chungsuc.vn/p/1.jpg", Text: caption}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if sent := f.SentTo(lan); len(sent) != 1 || sent[0].Method != "sendPhoto" || sent[0].Text != bot.PlainText(caption) {
		t.Errorf("sent %d messages, want the photo with the whole caption", len(sent))
	}
}

func TestPhotoWithoutAnHTTPURLIsRejected(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	for _, u := range []string{"", "AgACAgIAAxkBAAI", "file:///etc/passwd", "https://"} {
		_, err := a.Send(waitCtx(t), bot.Outgoing{Kind: bot.OutPhoto, ChatID: lan, Photo: "x", PhotoURL: u, Text: "ảnh"})
		wantKind(t, err, bot.Rejected)
	}
	if n := f.Calls("sendPhoto"); n != 0 {
		t.Errorf("sendPhoto called %d times, want 0", n)
	}
}

func TestWhatZaloCannotDoIsRejected(t *testing.T) {
	a := newAdapter(t, startFake(t), 0)
	for _, kind := range []bot.OutKind{bot.OutEdit, bot.OutAnswer, bot.OutDoc, bot.OutMenu, "sticker"} {
		_, err := a.Send(waitCtx(t), bot.Outgoing{Kind: kind, ChatID: lan, Text: "x", MessageID: "m", CallbackID: "c"})
		if pe := wantKind(t, err, bot.Rejected); !strings.Contains(pe.Reason, "zalo cannot") {
			t.Errorf("%s: reason %q", kind, pe.Reason)
		}
	}
}

// TestALaterPartIsRetriedNotTheWholeMessage: once the first part reached
// the person, a 429 or a 5xx on a later part is retried in place, so that
// the dispatcher never sends the first part again.
func TestALaterPartIsRetriedNotTheWholeMessage(t *testing.T) {
	for _, fault := range []zalotest.Fault{zalotest.QuotaExceeded(), zalotest.ServerError(502), zalotest.Forbidden("Internal server error")} {
		t.Run(fault.Description, func(t *testing.T) {
			f := startFake(t)
			a := newAdapter(t, f, 0)
			f.FailLater("sendMessage", 1, 2, fault)
			if _, err := send(t, a, lan, longVietnamese()); err != nil {
				t.Fatalf("Send: %v", err)
			}
			parts := len(f.SentTo(lan))
			if got, want := f.Calls("sendMessage"), parts+2; got != want {
				t.Errorf("sendMessage calls = %d, want %d (%d parts, 2 retries)", got, want, parts)
			}
		})
	}
}

func TestAFirstPartFailureIsReturnedAtOnce(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	f.FailNext("sendMessage", 1, zalotest.QuotaExceeded())
	_, err := send(t, a, lan, longVietnamese())
	wantKind(t, err, bot.RateLimited)
	if got := f.Calls("sendMessage"); got != 1 {
		t.Errorf("sendMessage calls = %d, want 1", got)
	}
}

func TestALaterPartGivesUpAfterFiveTries(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	f.FailLater("sendMessage", 1, 10, zalotest.ServerError(500))
	_, err := send(t, a, lan, longVietnamese())
	wantKind(t, err, bot.Temporary)
	if got := f.Calls("sendMessage"); got != 1+5 {
		t.Errorf("sendMessage calls = %d, want 6", got)
	}
}

func TestALaterPartRejectedFailsTheMessage(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	f.FailLater("sendMessage", 1, 1, zalotest.BadRequest("invalid text"))
	_, err := send(t, a, lan, longVietnamese())
	wantKind(t, err, bot.Rejected)
	if got := f.Calls("sendMessage"); got != 2 {
		t.Errorf("sendMessage calls = %d, want 2", got)
	}
}
