package telegram_test

import (
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/bot/telegram"
	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
)

const lanChat = "4201"

// deedKeyboard is an inline keyboard with a callback and a URL button.
var deedKeyboard = bot.Inline(
	bot.Row(bot.Button{Text: "Xong", Data: "deed:42|sig"}, bot.Button{Text: "Bỏ qua", Data: "skip:42|sig"}),
	bot.Row(bot.Button{Text: "Trang web", URL: "https://example.org/hd"}),
)

var deedButtons = [][]telegramtest.Button{
	{{Text: "Xong", CallbackData: "deed:42|sig"}, {Text: "Bỏ qua", CallbackData: "skip:42|sig"}},
	{{Text: "Trang web", URL: "https://example.org/hd"}},
}

func TestSendText(t *testing.T) {
	tests := []struct {
		label       string
		msg         bot.Outgoing
		wantPlain   string
		wantMarkup  string
		wantButtons [][]telegramtest.Button
	}{
		{"HTML text with an inline keyboard keeps parse mode, callback data and URLs",
			bot.Outgoing{Kind: bot.OutSend, ChatID: lanChat, Text: "<b>Chào</b> bạn &amp; cả nhà", Keyboard: deedKeyboard},
			"Chào bạn & cả nhà", "inline_keyboard", deedButtons},
		{"a reply keyboard asks for the contact",
			bot.Outgoing{Kind: bot.OutSend, ChatID: lanChat, Text: "Gửi số điện thoại?", Keyboard: &bot.Keyboard{Reply: true,
				Rows: [][]bot.Button{{{Text: "📱 Gửi số", Contact: true}}, {{Text: "Huỷ"}}}}},
			"Gửi số điện thoại?", "keyboard",
			[][]telegramtest.Button{{{Text: "📱 Gửi số", RequestContact: true}}, {{Text: "Huỷ"}}}},
		{"Remove removes the reply keyboard",
			bot.Outgoing{Kind: bot.OutSend, ChatID: lanChat, Text: "Cảm ơn", Keyboard: &bot.Keyboard{Remove: true}},
			"Cảm ơn", "remove_keyboard", nil},
		{"no keyboard sends no markup",
			bot.Outgoing{Kind: bot.OutSend, ChatID: lanChat, Text: "Xin chào"},
			"Xin chào", "", nil},
		{"an empty keyboard sends no markup",
			bot.Outgoing{Kind: bot.OutSend, ChatID: lanChat, Text: "Xin chào", Keyboard: bot.Inline()},
			"Xin chào", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			f := startFake(t)
			a := newAdapter(t, f, 0)
			id, err := a.Send(waitCtx(t), tt.msg)
			if err != nil {
				t.Fatalf("Send: %v", err)
			}
			sent := f.Sent()
			if got, want := len(sent), 1; got != want {
				t.Fatalf("%d messages sent, want %d", got, want)
			}
			s := sent[0]
			if got, want := s.Method, "sendMessage"; got != want {
				t.Errorf("method = %q, want %q", got, want)
			}
			if got, want := strconv.FormatInt(s.ChatID, 10), tt.msg.ChatID; got != want {
				t.Errorf("chat = %s, want %s", got, want)
			}
			if got, want := id, strconv.FormatInt(s.MessageID, 10); got != want {
				t.Errorf("Send returned id %q, want %q", got, want)
			}
			if got, want := s.Text, tt.msg.Text; got != want {
				t.Errorf("text = %q, want %q", got, want)
			}
			if got, want := s.ParseMode, "HTML"; got != want {
				t.Errorf("parse_mode = %q, want %q", got, want)
			}
			if got, want := s.PlainText, tt.wantPlain; got != want {
				t.Errorf("shown text = %q, want %q", got, want)
			}
			if got, want := markupKind(t, s.ReplyMarkup), tt.wantMarkup; got != want {
				t.Errorf("reply_markup kind = %q, want %q (%s)", got, want, s.ReplyMarkup)
			}
			if got, want := s.Buttons(), tt.wantButtons; !reflect.DeepEqual(got, want) {
				t.Errorf("buttons = %+v, want %+v", got, want)
			}
		})
	}
}

func TestSendLongText(t *testing.T) {
	tests := []struct {
		label string
		line  string // '#' is replaced by the line number
	}{
		{"Vietnamese lines", "Dòng #: chung sức đồng lòng, xây dựng khu phố văn minh"},
		{"lines with HTML", "<b>Việc #</b>: dọn vệ sinh &amp; thu gom rác ở ngõ <i>số #</i>"},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			f := startFake(t)
			a := newAdapter(t, f, 0)
			text := lines(tt.line, 10000)
			id, err := a.Send(waitCtx(t), bot.Outgoing{Kind: bot.OutSend, ChatID: lanChat, Text: text, Keyboard: deedKeyboard})
			if err != nil {
				t.Fatalf("Send: %v", err)
			}
			wantLongTextSent(t, f.Sent(), text, id)
		})
	}
}

// wantLongTextSent checks that sent is text cut into several sendMessage
// calls, each within Telegram's limit, with deedKeyboard on the last only,
// and that id is the last message's.
func wantLongTextSent(t *testing.T, sent []telegramtest.Sent, text, id string) {
	t.Helper()
	t.Run("text arrives as several messages within the limit", func(t *testing.T) {
		if got := len(sent); got < 3 {
			t.Fatalf("%d messages sent, want at least 3", got)
		}
		for i, s := range sent {
			if got, want := s.Method, "sendMessage"; got != want {
				t.Errorf("part %d: method = %q, want %q", i, got, want)
			}
			if got, max := utf16Len(s.PlainText), telegram.MaxText; got > max {
				t.Errorf("part %d shows %d characters, over %d", i, got, max)
			}
		}
	})
	t.Run("the keyboard is on the last message only", func(t *testing.T) {
		for i, s := range sent[:len(sent)-1] {
			if s.ReplyMarkup != nil {
				t.Errorf("part %d has reply_markup %s", i, s.ReplyMarkup)
			}
		}
		if got, want := sent[len(sent)-1].Buttons(), deedButtons; !reflect.DeepEqual(got, want) {
			t.Errorf("last part's buttons = %+v, want %+v", got, want)
		}
	})
	t.Run("no text is lost", func(t *testing.T) {
		var shown []string
		for _, s := range sent {
			shown = append(shown, s.PlainText)
		}
		if got, want := strings.Join(shown, "\n"), bot.PlainText(text); got != want {
			t.Errorf("parts joined show %d bytes, want %d", len(got), len(want))
		}
	})
	t.Run("Send returns the last message's id", func(t *testing.T) {
		if got, want := id, strconv.FormatInt(sent[len(sent)-1].MessageID, 10); got != want {
			t.Errorf("id = %q, want %q", got, want)
		}
	})
}

func TestSendLongTextWithAstralEmoji(t *testing.T) {
	tests := []struct {
		label string
		msg   bot.Outgoing
	}{
		{"text is cut within 4096 UTF-16 units",
			bot.Outgoing{Kind: bot.OutSend, ChatID: lanChat, Text: lines("📌 Việc #: dọn vệ sinh ngõ", 10000)}},
		{"a caption is cut within 1024 UTF-16 units",
			bot.Outgoing{Kind: bot.OutPhoto, ChatID: lanChat, Photo: "AgACAgIAAxkBAAIBY2ZfYm9vdA",
				Text: lines("🗓 Ngày #: họp tổ 📌", 3000)}},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			f := startFake(t)
			a := newAdapter(t, f, 0)
			if _, err := a.Send(waitCtx(t), tt.msg); err != nil {
				t.Fatalf("Send: %v", err)
			}
			var shown []string
			for i, s := range f.Sent() {
				limit := telegram.MaxText
				if s.Method == "sendPhoto" {
					limit = telegram.MaxCaption
				}
				if got := utf16Len(s.PlainText); got > limit {
					t.Errorf("part %d (%s) is %d UTF-16 units, over %d", i, s.Method, got, limit)
				}
				shown = append(shown, s.PlainText)
			}
			if got, want := strings.Join(shown, "\n"), bot.PlainText(tt.msg.Text); got != want {
				t.Errorf("parts joined show %d bytes, want %d", len(got), len(want))
			}
		})
	}
}

func TestSendLongTextRetryDoesNotRepeatDeliveredParts(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	ctx := waitCtx(t)
	text := lines("Dòng #: chung sức đồng lòng, xây dựng khu phố văn minh", 10000)
	msg := bot.Outgoing{Kind: bot.OutSend, ChatID: lanChat, Text: text, Keyboard: deedKeyboard}
	f.SetRateLimit(1) // the first part goes through, the second gets 429 retry_after 1
	if _, err := a.Send(ctx, msg); err != nil {
		// The dispatcher retries what failed, once the wait is over.
		wantPlatformError(t, err, bot.RateLimited)
		f.SetRateLimit(0)
		if _, err := a.Send(ctx, msg); err != nil {
			t.Fatalf("Send after the wait: %v", err)
		}
	}
	var shown []string
	for _, s := range f.Sent() {
		shown = append(shown, s.PlainText)
	}
	if got, want := strings.Join(shown, "\n"), text; got != want {
		t.Errorf("%d messages show %d bytes, want the text once (%d bytes)", len(shown), len(got), len(want))
	}
}

func TestSendPhoto(t *testing.T) {
	const fileID = "AgACAgIAAxkBAAIBY2ZfYm9vdA"
	f := startFake(t)
	a := newAdapter(t, f, 0)
	id, err := a.Send(waitCtx(t), bot.Outgoing{Kind: bot.OutPhoto, ChatID: lanChat, Photo: fileID,
		Text: "<i>Ảnh</i> sân chung", Keyboard: deedKeyboard})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	sent := f.Sent()
	if got, want := len(sent), 1; got != want {
		t.Fatalf("%d messages sent, want %d", got, want)
	}
	s := sent[0]
	tests := []struct {
		label, got, want string
	}{
		{"sent as a photo", s.Method, "sendPhoto"},
		{"by file id", s.Photo, fileID},
		{"with the HTML caption", s.Caption, "<i>Ảnh</i> sân chung"},
		{"in HTML parse mode", s.ParseMode, "HTML"},
		{"showing the caption's text", s.PlainText, "Ảnh sân chung"},
		{"returning the photo message's id", id, strconv.FormatInt(s.MessageID, 10)},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
	t.Run("with the keyboard", func(t *testing.T) {
		if got, want := s.Buttons(), deedButtons; !reflect.DeepEqual(got, want) {
			t.Errorf("buttons = %+v, want %+v", got, want)
		}
	})
}

func TestSendPhotoLongCaptionContinuesAsText(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	caption := lines("Dòng #: <b>ảnh</b> chụp bãi rác ở ngõ", 3000)
	id, err := a.Send(waitCtx(t), bot.Outgoing{Kind: bot.OutPhoto, ChatID: lanChat, Photo: "AgACAgIAAxkBAAIBY2ZfYm9vdA",
		Text: caption, Keyboard: deedKeyboard})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	sent := f.Sent()
	if got := len(sent); got < 2 {
		t.Fatalf("%d messages sent, want a photo and text", got)
	}
	photo, rest := sent[0], sent[1:]
	t.Run("the photo comes first with a caption within the limit", func(t *testing.T) {
		if got, want := photo.Method, "sendPhoto"; got != want {
			t.Errorf("method = %q, want %q", got, want)
		}
		if got, max := utf16Len(photo.PlainText), telegram.MaxCaption; got > max || got == 0 {
			t.Errorf("caption shows %d characters, want 1 to %d", got, max)
		}
		if photo.ReplyMarkup != nil {
			t.Errorf("photo has reply_markup %s, want the keyboard under the last text", photo.ReplyMarkup)
		}
	})
	t.Run("the rest follows as text with the keyboard on the last", func(t *testing.T) {
		for i, s := range rest {
			if got, want := s.Method, "sendMessage"; got != want {
				t.Errorf("part %d: method = %q, want %q", i+1, got, want)
			}
			if got, want := s.ParseMode, "HTML"; got != want {
				t.Errorf("part %d: parse_mode = %q, want %q", i+1, got, want)
			}
		}
		if got, want := rest[len(rest)-1].Buttons(), deedButtons; !reflect.DeepEqual(got, want) {
			t.Errorf("last part's buttons = %+v, want %+v", got, want)
		}
		if got, want := id, strconv.FormatInt(rest[len(rest)-1].MessageID, 10); got != want {
			t.Errorf("Send returned id %q, want the last message's %q", got, want)
		}
	})
	t.Run("no text is lost", func(t *testing.T) {
		var shown []string
		for _, s := range sent {
			shown = append(shown, s.PlainText)
		}
		if got, want := strings.Join(shown, "\n"), bot.PlainText(caption); got != want {
			t.Errorf("parts joined show %d bytes, want %d", len(got), len(want))
		}
	})
}

func TestSendEdit(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	ctx := waitCtx(t)
	msgID, err := a.Send(ctx, bot.Outgoing{Kind: bot.OutSend, ChatID: lanChat, Text: "Việc 42", Keyboard: deedKeyboard})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	edit := bot.Outgoing{Kind: bot.OutEdit, ChatID: lanChat, MessageID: msgID, Text: "Việc 42: <b>đã xong</b>"}
	t.Run("the edit changes the text and drops the buttons", func(t *testing.T) {
		id, err := a.Send(ctx, edit)
		if err != nil {
			t.Fatalf("Send edit: %v", err)
		}
		if got, want := id, msgID; got != want {
			t.Errorf("Send returned id %q, want %q", got, want)
		}
		last, _ := f.LastTo(4201)
		if got, want := last.Method, "editMessageText"; got != want {
			t.Errorf("method = %q, want %q", got, want)
		}
		if got, want := strconv.FormatInt(last.MessageID, 10), msgID; got != want {
			t.Errorf("edited message %s, want %s", got, want)
		}
		if got, want := last.PlainText, "Việc 42: đã xong"; got != want {
			t.Errorf("shown text = %q, want %q", got, want)
		}
		if got, want := last.ParseMode, "HTML"; got != want {
			t.Errorf("parse_mode = %q, want %q", got, want)
		}
		if last.ReplyMarkup != nil {
			t.Errorf("reply_markup = %s, want none", last.ReplyMarkup)
		}
	})
	t.Run("an identical second edit is no error", func(t *testing.T) {
		before := len(f.Sent())
		id, err := a.Send(ctx, edit)
		if err != nil {
			t.Fatalf("second edit: %v", err)
		}
		if got, want := id, msgID; got != want {
			t.Errorf("Send returned id %q, want %q", got, want)
		}
		if got, want := len(f.Sent()), before; got != want {
			t.Errorf("%d sends recorded, want %d (nothing changed)", got, want)
		}
	})
	t.Run("an edit with an inline keyboard keeps it", func(t *testing.T) {
		kept := edit
		kept.Text, kept.Keyboard = "Việc 42 (sửa)", deedKeyboard
		if _, err := a.Send(ctx, kept); err != nil {
			t.Fatalf("Send edit: %v", err)
		}
		last, _ := f.LastTo(4201)
		if got, want := last.Buttons(), deedButtons; !reflect.DeepEqual(got, want) {
			t.Errorf("buttons = %+v, want %+v", got, want)
		}
	})
}

func TestSendCaptionEdit(t *testing.T) {
	const fileID = "AgACAgIAAxkBAAIBY2ZfYm9vdA"
	f := startFake(t)
	a := newAdapter(t, f, 0)
	ctx := waitCtx(t)
	photoID, err := a.Send(ctx, bot.Outgoing{Kind: bot.OutPhoto, ChatID: lanChat, Photo: fileID,
		Text: "<b>Báo cáo VT-000001</b>", Keyboard: deedKeyboard})
	if err != nil {
		t.Fatalf("Send photo: %v", err)
	}
	textID, err := a.Send(ctx, bot.Outgoing{Kind: bot.OutSend, ChatID: lanChat, Text: "Việc 42", Keyboard: deedKeyboard})
	if err != nil {
		t.Fatalf("Send text: %v", err)
	}
	edit := bot.Outgoing{Kind: bot.OutEdit, ChatID: lanChat, MessageID: photoID, Caption: true,
		Text: "<b>Báo cáo VT-000001</b>\n<b>Kết quả:</b> đã duyệt", Keyboard: deedKeyboard}

	t.Run("a photo's edit changes its caption and keeps the buttons", func(t *testing.T) {
		id, err := a.Send(ctx, edit)
		if err != nil {
			t.Fatalf("Send edit: %v", err)
		}
		last, _ := f.LastTo(4201)
		tests := []struct {
			label, got, want string
		}{
			{"by editMessageCaption", last.Method, "editMessageCaption"},
			{"of the photo", strconv.FormatInt(last.MessageID, 10), photoID},
			{"returning its id", id, photoID},
			{"showing the new caption", last.PlainText, "Báo cáo VT-000001\nKết quả: đã duyệt"},
			{"in HTML parse mode", last.ParseMode, "HTML"},
		}
		for _, tt := range tests {
			if tt.got != tt.want {
				t.Errorf("%s: got %q, want %q", tt.label, tt.got, tt.want)
			}
		}
		if got, want := last.Buttons(), deedButtons; !reflect.DeepEqual(got, want) {
			t.Errorf("buttons = %+v, want %+v", got, want)
		}
	})
	t.Run("an identical second edit is no error", func(t *testing.T) {
		before := len(f.Sent())
		if _, err := a.Send(ctx, edit); err != nil {
			t.Fatalf("second edit: %v", err)
		}
		if got, want := len(f.Sent()), before; got != want {
			t.Errorf("%d sends recorded, want %d", got, want)
		}
	})
	t.Run("a caption too long is cut to the limit", func(t *testing.T) {
		long := edit
		long.Text = lines("Dòng #: <b>lý do</b> từ chối báo cáo", 2000)
		if _, err := a.Send(ctx, long); err != nil {
			t.Fatalf("Send edit: %v", err)
		}
		last, _ := f.LastTo(4201)
		if got, max := utf16Len(last.PlainText), telegram.MaxCaption; last.Method != "editMessageCaption" || got > max || got == 0 {
			t.Errorf("%s showing %d characters, want editMessageCaption of 1 to %d", last.Method, got, max)
		}
	})
	for _, got := range f.Failures() {
		if !strings.Contains(got.Description, "message is not modified") { // the second edit's
			t.Errorf("the fake refused %+v", got)
		}
	}

	t.Run("an edit of the other kind than the message is made again the right way", func(t *testing.T) {
		tests := []struct {
			label   string
			msgID   string
			caption bool
			method  string
			refusal string
		}{
			{"a text's edit of a photo", photoID, false, "editMessageCaption", "Bad Request: there is no text in the message to edit"},
			{"a caption's edit of a text", textID, true, "editMessageText", "Bad Request: there is no caption in the message to edit"},
		}
		for _, tt := range tests {
			t.Run(tt.label, func(t *testing.T) {
				before := len(f.Failures())
				m := bot.Outgoing{Kind: bot.OutEdit, ChatID: lanChat, MessageID: tt.msgID, Caption: tt.caption,
					Text: "sửa: " + tt.label, Keyboard: deedKeyboard}
				if _, err := a.Send(ctx, m); err != nil {
					t.Fatalf("Send edit: %v", err)
				}
				last, _ := f.LastTo(4201)
				if last.Method != tt.method || strconv.FormatInt(last.MessageID, 10) != tt.msgID || last.PlainText != m.Text {
					t.Errorf("last = %s of #%d %q, want %s of #%s", last.Method, last.MessageID, last.PlainText, tt.method, tt.msgID)
				}
				got := f.Failures()[before:]
				if len(got) != 1 || got[0].Code != http.StatusBadRequest || got[0].Description != tt.refusal {
					t.Errorf("refused %+v, want one 400 %q", got, tt.refusal)
				}
			})
		}
	})
}

func TestSendPhotoCaptionCountsWhatIsShown(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	// 1,000 characters shown, over 1,024 with the tags.
	caption := `<a href="tg://user?id=4201">Lan</a> <b>` + strings.Repeat("ả", 996) + "</b>"
	if _, err := a.Send(waitCtx(t), bot.Outgoing{Kind: bot.OutPhoto, ChatID: lanChat, Photo: "AgACAgIAAxkBAAIBY2ZfYm9vdA",
		Text: caption, Keyboard: deedKeyboard}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	sent := f.Sent()
	if len(sent) != 1 || sent[0].Method != "sendPhoto" || sent[0].Caption != caption {
		t.Fatalf("sent %d messages, want the photo with its whole caption", len(sent))
	}
	if got, want := sent[0].Buttons(), deedButtons; !reflect.DeepEqual(got, want) {
		t.Errorf("buttons = %+v, want %+v", got, want)
	}
}

func TestSendAnswer(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	ctx := waitCtx(t)
	msgID, err := a.Send(ctx, bot.Outgoing{Kind: bot.OutSend, ChatID: lanChat, Text: "Chọn:", Keyboard: deedKeyboard})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	n, _ := strconv.ParseInt(msgID, 10, 64)
	_, query := f.PushCallbackQuery(lan, n, "deed:42|sig")
	answer := bot.Outgoing{Kind: bot.OutAnswer, ChatID: lanChat, CallbackID: query, Text: "Đã <b>ghi</b> &amp; cảm ơn"}
	tests := []struct {
		label string
		msg   bot.Outgoing
	}{
		{"a pushed press is answered", answer},
		{"a press answered twice is no error", answer},
		{"an unknown press is no error", bot.Outgoing{Kind: bot.OutAnswer, ChatID: lanChat, CallbackID: "4000000000000009999"}},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			if _, err := a.Send(ctx, tt.msg); err != nil {
				t.Fatalf("Send answer: %v", err)
			}
		})
	}
	t.Run("the answer shows plain text", func(t *testing.T) {
		text, ok := f.Answered(query)
		if !ok {
			t.Fatalf("Answered(%q) = false", query)
		}
		if got, want := text, "Đã ghi & cảm ơn"; got != want {
			t.Errorf("answer text = %q, want %q", got, want)
		}
	})
}

func TestSendErrors(t *testing.T) {
	text := bot.Outgoing{Kind: bot.OutSend, ChatID: lanChat, Text: "Xin chào"}
	photo := bot.Outgoing{Kind: bot.OutPhoto, ChatID: lanChat, Photo: "AgACAgIAAxkBAAIBY2ZfYm9vdA", Text: "ảnh"}
	with := func(m bot.Outgoing, change func(*bot.Outgoing)) bot.Outgoing { change(&m); return m }
	tests := []struct {
		label      string
		setup      func(f *telegramtest.Server)
		msg        bot.Outgoing
		wantKind   bot.ErrorKind
		wantRetry  time.Duration
		wantReason string
	}{
		{"a blocked chat is Blocked", func(f *telegramtest.Server) { f.Block(4201) },
			text, bot.Blocked, 0, "bot was blocked by the user"},
		{"a photo to a blocked chat is Blocked", func(f *telegramtest.Server) { f.Block(4201) },
			photo, bot.Blocked, 0, "bot was blocked by the user"},
		{"a 403 for a deleted account is Blocked",
			func(f *telegramtest.Server) {
				f.FailNext("sendMessage", 1, telegramtest.Forbidden("user is deactivated"))
			},
			text, bot.Blocked, 0, "user is deactivated"},
		{"429 is RateLimited with retry after",
			func(f *telegramtest.Server) { f.FailNext("sendMessage", 1, telegramtest.TooManyRequests(7)) },
			text, bot.RateLimited, 7 * time.Second, "Too Many Requests"},
		{"429 on a photo is RateLimited with retry after",
			func(f *telegramtest.Server) { f.FailNext("sendPhoto", 1, telegramtest.TooManyRequests(11)) },
			photo, bot.RateLimited, 11 * time.Second, "Too Many Requests"},
		{"502 is Temporary",
			func(f *telegramtest.Server) {
				f.FailNext("sendMessage", 1, telegramtest.ServerError(http.StatusBadGateway))
			},
			text, bot.Temporary, 0, "Bad Gateway"},
		{"a dropped connection is Temporary",
			func(f *telegramtest.Server) { f.FailNext("sendMessage", 1, telegramtest.ConnectionDrop()) },
			text, bot.Temporary, 0, ""},
		{"a server that is down is Temporary", func(f *telegramtest.Server) { f.Down(true) },
			text, bot.Temporary, 0, ""},
		{"401 is Unauthorized",
			func(f *telegramtest.Server) {
				f.FailNext("sendMessage", 1, telegramtest.Fault{Code: http.StatusUnauthorized, Description: "Unauthorized"})
			},
			text, bot.Unauthorized, 0, "Unauthorized"},
		{"bad HTML is Rejected with the platform's reason", nil,
			with(text, func(m *bot.Outgoing) { m.Text = "<b>x" }), bot.Rejected, 0, "can't parse entities"},
		{"a non-numeric chat id is Rejected", nil,
			with(text, func(m *bot.Outgoing) { m.ChatID = "zalo:abc" }), bot.Rejected, 0, "chat id"},
		{"an unknown kind is Rejected", nil,
			with(text, func(m *bot.Outgoing) { m.Kind = "sticker" }), bot.Rejected, 0, "sticker"},
		{"an edit of a non-numeric message id is Rejected", nil,
			with(text, func(m *bot.Outgoing) { m.Kind, m.MessageID = bot.OutEdit, "abc" }), bot.Rejected, 0, "message id"},
		{"an edit of an unknown message is Rejected", nil,
			with(text, func(m *bot.Outgoing) { m.Kind, m.MessageID = bot.OutEdit, "999" }), bot.Rejected, 0, "message to edit not found"},
		{"an answer that fails with 502 is Temporary",
			func(f *telegramtest.Server) {
				f.FailNext("answerCallbackQuery", 1, telegramtest.ServerError(http.StatusBadGateway))
			},
			bot.Outgoing{Kind: bot.OutAnswer, ChatID: lanChat, CallbackID: "1"}, bot.Temporary, 0, "Bad Gateway"},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			f := startFake(t)
			a := newAdapter(t, f, 0)
			if tt.setup != nil {
				tt.setup(f)
			}
			id, err := a.Send(waitCtx(t), tt.msg)
			if id != "" {
				t.Errorf("Send returned id %q with error %v", id, err)
			}
			pe := wantPlatformError(t, err, tt.wantKind)
			if got, want := pe.RetryAfter, tt.wantRetry; got != want {
				t.Errorf("RetryAfter = %s, want %s", got, want)
			}
			if got, want := bot.RetryAfterOf(err), tt.wantRetry; got != want {
				t.Errorf("RetryAfterOf = %s, want %s", got, want)
			}
			if !strings.Contains(pe.Reason, tt.wantReason) {
				t.Errorf("reason = %q, want it to hold %q", pe.Reason, tt.wantReason)
			}
			wantNoToken(t, err)
			if got := len(f.Sent()); got != 0 {
				t.Errorf("%d messages recorded, want none", got)
			}
		})
	}
}

func TestSendNonNumericChatMakesNoRequest(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	_, err := a.Send(waitCtx(t), bot.Outgoing{Kind: bot.OutSend, ChatID: "@lan", Text: "x"})
	wantPlatformError(t, err, bot.Rejected)
	if got, want := f.Calls("sendMessage"), 0; got != want {
		t.Errorf("sendMessage called %d times, want %d", got, want)
	}
}

func TestSetCommands(t *testing.T) {
	vi := []telegram.Command{{Name: "start", Description: "Bắt đầu"}, {Name: "viec", Description: "Việc của tôi"}}
	en := []telegram.Command{{Name: "start", Description: "Start"}, {Name: "viec", Description: "My deeds"}}
	f := startFake(t)
	a := newAdapter(t, f, 0)
	ctx := waitCtx(t)
	for _, c := range []struct {
		lang string
		cmds []telegram.Command
	}{{"", vi}, {"en", en}} {
		if err := a.SetCommands(ctx, c.lang, c.cmds); err != nil {
			t.Fatalf("SetCommands(%q): %v", c.lang, err)
		}
	}
	tests := []struct {
		label string
		lang  string
		want  []telegramtest.Command
	}{
		{"the default menu is stored under scope default without language", "",
			[]telegramtest.Command{{Command: "start", Description: "Bắt đầu"}, {Command: "viec", Description: "Việc của tôi"}}},
		{"the English menu is stored under scope default for en", "en",
			[]telegramtest.Command{{Command: "start", Description: "Start"}, {Command: "viec", Description: "My deeds"}}},
		{"no other language is set", "vi", nil},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			if got, want := f.Commands("default", tt.lang), tt.want; !slices.Equal(got, want) {
				t.Errorf("Commands(default, %q) = %+v, want %+v", tt.lang, got, want)
			}
		})
	}
}

func TestSetCommandsErrors(t *testing.T) {
	tests := []struct {
		label    string
		setup    func(f *telegramtest.Server)
		cmds     []telegram.Command
		wantKind bot.ErrorKind
	}{
		{"an invalid command name is Rejected", nil,
			[]telegram.Command{{Name: "Bad-Name", Description: "x"}}, bot.Rejected},
		{"a 502 is Temporary",
			func(f *telegramtest.Server) {
				f.FailNext("setMyCommands", 1, telegramtest.ServerError(http.StatusBadGateway))
			},
			[]telegram.Command{{Name: "start", Description: "Start"}}, bot.Temporary},
		{"a server that is down is Temporary", func(f *telegramtest.Server) { f.Down(true) },
			[]telegram.Command{{Name: "start", Description: "Start"}}, bot.Temporary},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			f := startFake(t)
			a := newAdapter(t, f, 0)
			if tt.setup != nil {
				tt.setup(f)
			}
			err := a.SetCommands(waitCtx(t), "", tt.cmds)
			wantPlatformError(t, err, tt.wantKind)
			wantNoToken(t, err)
		})
	}
}
