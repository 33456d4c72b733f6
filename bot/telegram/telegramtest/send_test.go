package telegramtest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func keyboard(rows ...[]tgbotapi.InlineKeyboardButton) tgbotapi.InlineKeyboardMarkup {
	return tgbotapi.NewInlineKeyboardMarkup(rows...)
}

func TestSendMessageRecordsAndReturnsMessage(t *testing.T) {
	srv, bot := newBot(t)
	srv.PushMessage(alice, "hi") // message 1 in the chat
	msg := tgbotapi.NewMessage(alice.ID, "<b>Xin chào</b>, Alice")
	msg.ParseMode = tgbotapi.ModeHTML
	msg.ReplyToMessageID = 1
	msg.ReplyMarkup = keyboard(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData("OK", "ok:1"),
		tgbotapi.NewInlineKeyboardButtonURL("Site", "https://example.com"),
	))
	m, err := bot.Send(msg)
	if err != nil {
		t.Fatal(err)
	}
	if m.MessageID != 2 || m.Text != "Xin chào, Alice" || m.From.ID != DefaultBotID || m.Chat.FirstName != "Alice" {
		t.Fatalf("message = %+v", m)
	}
	if len(m.Entities) != 1 || m.Entities[0].Type != "bold" || m.Entities[0].Offset != 0 || m.Entities[0].Length != 8 {
		t.Errorf("entities = %+v", m.Entities)
	}
	if m.ReplyToMessage == nil || m.ReplyToMessage.Text != "hi" {
		t.Errorf("reply_to_message = %+v", m.ReplyToMessage)
	}
	if m.ReplyMarkup == nil || m.ReplyMarkup.InlineKeyboard[0][0].Text != "OK" {
		t.Errorf("reply_markup = %+v", m.ReplyMarkup)
	}

	last, ok := srv.LastTo(alice.ID)
	if !ok || last.Method != "sendMessage" || last.MessageID != 2 || last.Text != "<b>Xin chào</b>, Alice" ||
		last.PlainText != "Xin chào, Alice" || last.ParseMode != "HTML" || last.ReplyToMessageID != 1 {
		t.Fatalf("LastTo = %+v", last)
	}
	want := [][]Button{{{Text: "OK", CallbackData: "ok:1"}, {Text: "Site", URL: "https://example.com"}}}
	if got := last.Buttons(); len(got) != 1 || len(got[0]) != 2 || got[0][0] != want[0][0] || got[0][1] != want[0][1] {
		t.Errorf("Buttons() = %+v", got)
	}
	if len(srv.SentTo(7)) != 0 || len(srv.SentTo(alice.ID)) != 1 {
		t.Error("SentTo filters by chat")
	}
}

func TestSentReturnsCopies(t *testing.T) {
	srv, bot := newBot(t)
	send(t, bot, alice.ID, "original")
	s := srv.Sent()
	s[0].Text = "changed"
	s[0].Params.Set("text", "changed")
	if again := srv.Sent(); again[0].Text != "original" || again[0].Params.Get("text") != "original" {
		t.Fatalf("Sent shares state: %+v", again[0])
	}
}

func TestReplyKeyboardButtons(t *testing.T) {
	srv, bot := newBot(t)
	msg := tgbotapi.NewMessage(alice.ID, "Share your phone")
	msg.ReplyMarkup = tgbotapi.NewReplyKeyboard(tgbotapi.NewKeyboardButtonRow(
		tgbotapi.NewKeyboardButtonContact("📱 Send phone"), tgbotapi.NewKeyboardButton("Cancel")))
	if _, err := bot.Send(msg); err != nil {
		t.Fatal(err)
	}
	msg.ReplyMarkup = tgbotapi.NewRemoveKeyboard(true)
	if _, err := bot.Send(msg); err != nil {
		t.Fatal(err)
	}
	b := srv.Sent()[0].Buttons()
	if len(b) != 1 || b[0][0] != (Button{Text: "📱 Send phone", RequestContact: true}) || b[0][1].Text != "Cancel" {
		t.Fatalf("Buttons() = %+v", b)
	}
	if b := srv.Sent()[1].Buttons(); b != nil {
		t.Errorf("remove_keyboard has no buttons, got %+v", b)
	}
}

func TestSendMessageValidation(t *testing.T) {
	_, bot := newBot(t)
	long := strings.Repeat("a", 4097)
	emoji := strings.Repeat("😀", 2049) // 4098 UTF-16 code units
	for _, tc := range []struct {
		name, text, mode, desc string
	}{
		{"empty", "", "", "Bad Request: message text is empty"},
		{"blank", "  \n ", "", "Bad Request: message text is empty"},
		{"only tags", "<b></b>", "HTML", "Bad Request: message text is empty"},
		{"too long", long, "", "Bad Request: message is too long"},
		{"too long in UTF-16", emoji, "", "Bad Request: message is too long"},
		{"unclosed tag", "<b>unclosed", "HTML", `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`},
		{"bare less-than", "a < b", "HTML", `Bad Request: can't parse entities: Unsupported start tag "" at byte offset 2`},
		{"unknown entity", "&foo;", "HTML", "Bad Request: can't parse entities: Unsupported HTML entity at byte offset 0; escape '&' as &amp;"},
		{"bad parse mode", "x", "BBCode", "Bad Request: unsupported parse_mode"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			msg := tgbotapi.NewMessage(alice.ID, tc.text)
			msg.ParseMode = tc.mode
			_, err := bot.Send(msg)
			wantAPIError(t, err, 400, tc.desc)
		})
	}
}

func TestTextLengthCountsVisibleText(t *testing.T) {
	srv, bot := newBot(t)
	ok := []tgbotapi.MessageConfig{
		tgbotapi.NewMessage(alice.ID, strings.Repeat("a", 4096)),
		tgbotapi.NewMessage(alice.ID, strings.Repeat("😀", 2048)),
		{BaseChat: tgbotapi.BaseChat{ChatID: alice.ID}, ParseMode: "HTML",
			Text: "<b>" + strings.Repeat("&lt;", 4096) + "</b>"},
	}
	for i, msg := range ok {
		if _, err := bot.Send(msg); err != nil {
			t.Errorf("message %d: %v", i, err)
		}
	}
	if got := srv.Sent()[2].PlainText; got != strings.Repeat("<", 4096) {
		t.Errorf("PlainText has %d bytes", len(got))
	}
}

func TestBadReplyMarkup(t *testing.T) {
	srv, bot := newBot(t)
	long := strings.Repeat("x", 65)
	cases := []struct {
		name   string
		markup any
		desc   string
	}{
		{"data too long", keyboard(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("A", long))),
			"Bad Request: BUTTON_DATA_INVALID"},
		{"empty data", keyboard(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("A", ""))),
			"Bad Request: BUTTON_DATA_INVALID"},
		{"text only", keyboard(tgbotapi.NewInlineKeyboardRow(tgbotapi.InlineKeyboardButton{Text: "A"})),
			"Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"},
		{"bad url", keyboard(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonURL("A", "example"))),
			"Bad Request: inline keyboard button URL 'example' is invalid: Wrong HTTP URL"},
		{"unknown object", map[string]int{"buttons": 1}, "Bad Request: can't parse reply keyboard markup JSON object"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			msg := tgbotapi.NewMessage(alice.ID, "x")
			msg.ReplyMarkup = tc.markup
			_, err := bot.Send(msg)
			wantAPIError(t, err, 400, tc.desc)
		})
	}
	if len(srv.Sent()) != 0 {
		t.Errorf("rejected sends were recorded: %+v", srv.Sent())
	}
}

func TestEditMessageText(t *testing.T) {
	srv, bot := newBot(t)
	kb := keyboard(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("Next", "next")))
	msg := tgbotapi.NewMessage(alice.ID, "Page 1")
	msg.ReplyMarkup = kb
	m, err := bot.Send(msg)
	if err != nil {
		t.Fatal(err)
	}
	notModified := "Bad Request: message is not modified: specified new message content and reply markup " +
		"are exactly the same as a current content and reply markup of the message"

	_, err = bot.Send(tgbotapi.NewEditMessageTextAndMarkup(alice.ID, m.MessageID, "Page 1", kb))
	wantAPIError(t, err, 400, notModified)

	// The same visible text with a new bold entity is a modification.
	html := tgbotapi.NewEditMessageTextAndMarkup(alice.ID, m.MessageID, "Page <b>1</b>", kb)
	html.ParseMode = "HTML"
	edited, err := bot.Send(html)
	if err != nil || edited.Text != "Page 1" || edited.EditDate == 0 {
		t.Fatalf("edit with entities: %+v, %v", edited, err)
	}

	// Omitting reply_markup removes the keyboard, which is a modification.
	plain := tgbotapi.NewEditMessageText(alice.ID, m.MessageID, "Page 1")
	plain.ParseMode = "HTML"
	plain.Text = "Page <b>1</b>"
	if edited, err = bot.Send(plain); err != nil || edited.ReplyMarkup != nil {
		t.Fatalf("edit removing keyboard: %+v, %v", edited, err)
	}
	_, err = bot.Send(plain)
	wantAPIError(t, err, 400, notModified)

	_, err = bot.Send(tgbotapi.NewEditMessageText(alice.ID, 999, "x"))
	wantAPIError(t, err, 400, "Bad Request: message to edit not found")

	srv.PushMessage(alice, "user text")
	_, err = bot.Send(tgbotapi.NewEditMessageText(alice.ID, m.MessageID+1, "x"))
	wantAPIError(t, err, 400, "Bad Request: message can't be edited")

	sent := srv.SentTo(alice.ID)
	if len(sent) != 3 || sent[1].Method != "editMessageText" || sent[1].MessageID != int64(m.MessageID) {
		t.Fatalf("sent = %+v", sent)
	}
}

func TestEditMessageCaption(t *testing.T) {
	srv, bot := newBot(t)
	kb := keyboard(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("Duyệt", "da")))
	photo := tgbotapi.NewPhoto(alice.ID, tgbotapi.FileID("AgACAgIAAxkBAAIB"))
	photo.Caption, photo.ParseMode, photo.ReplyMarkup = "<b>Báo cáo</b> VT-1", "HTML", kb
	p, err := bot.Send(photo)
	if err != nil {
		t.Fatal(err)
	}
	if p.Caption != "Báo cáo VT-1" || p.ReplyMarkup == nil {
		t.Fatalf("photo with caption and keyboard: %+v", p)
	}
	text := send(t, bot, alice.ID, "Page 1")

	t.Run("changes a photo's caption and keyboard", func(t *testing.T) {
		kb2 := keyboard(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("Biểu dương", "dm")))
		edit := tgbotapi.NewEditMessageCaption(alice.ID, p.MessageID, "<b>Báo cáo</b> VT-1\nĐã duyệt")
		edit.ParseMode, edit.ReplyMarkup = "HTML", &kb2
		edited, err := bot.Send(edit)
		if err != nil || edited.Caption != "Báo cáo VT-1\nĐã duyệt" || len(edited.CaptionEntities) != 1 || edited.EditDate == 0 {
			t.Fatalf("edit: %+v, %v", edited, err)
		}
		last, _ := srv.LastTo(alice.ID)
		if last.Method != "editMessageCaption" || last.MessageID != int64(p.MessageID) ||
			last.Caption != "<b>Báo cáo</b> VT-1\nĐã duyệt" || last.PlainText != "Báo cáo VT-1\nĐã duyệt" ||
			last.Buttons()[0][0].CallbackData != "dm" {
			t.Errorf("last = %+v", last)
		}
		_, err = bot.Send(edit)
		wantAPIError(t, err, 400, "Bad Request: message is not modified: specified new message content and "+
			"reply markup are exactly the same as a current content and reply markup of the message")
	})
	t.Run("refuses a caption too long", func(t *testing.T) {
		_, err := bot.Send(tgbotapi.NewEditMessageCaption(alice.ID, p.MessageID, strings.Repeat("c", 1025)))
		wantAPIError(t, err, 400, "Bad Request: message caption is too long")
	})
	t.Run("refuses a text message, whose text editMessageText changes", func(t *testing.T) {
		_, err := bot.Send(tgbotapi.NewEditMessageCaption(alice.ID, text.MessageID, "x"))
		wantAPIError(t, err, 400, "Bad Request: there is no caption in the message to edit")
	})
	t.Run("editMessageText refuses a photo", func(t *testing.T) {
		_, err := bot.Send(tgbotapi.NewEditMessageText(alice.ID, p.MessageID, "x"))
		wantAPIError(t, err, 400, "Bad Request: there is no text in the message to edit")
	})
	t.Run("the refusals are in the failures, not in the sends", func(t *testing.T) {
		var got []string
		for _, f := range srv.Failures() {
			got = append(got, fmt.Sprintf("%s %d %d %s", f.Method, f.ChatID, f.Code, f.Description))
		}
		want := []string{
			"editMessageCaption 42 400 Bad Request: message is not modified: specified new message content and " +
				"reply markup are exactly the same as a current content and reply markup of the message",
			"editMessageCaption 42 400 Bad Request: message caption is too long",
			"editMessageCaption 42 400 Bad Request: there is no caption in the message to edit",
			"editMessageText 42 400 Bad Request: there is no text in the message to edit",
		}
		if !slices.Equal(got, want) {
			t.Errorf("Failures() =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if n := len(srv.SentTo(alice.ID)); n != 3 {
			t.Errorf("%d sends recorded, want 3 (photo, text, one caption edit)", n)
		}
	})
}

func TestEditMessageReplyMarkup(t *testing.T) {
	srv, bot := newBot(t)
	kb := keyboard(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("A", "a")))
	msg := tgbotapi.NewMessage(alice.ID, "pick")
	msg.ReplyMarkup = kb
	m, err := bot.Send(msg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = bot.Send(tgbotapi.NewEditMessageReplyMarkup(alice.ID, m.MessageID, kb))
	wantAPIError(t, err, 400, "Bad Request: message is not modified: specified new message content and "+
		"reply markup are exactly the same as a current content and reply markup of the message")
	kb2 := keyboard(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("B", "b")))
	if _, err := bot.Send(tgbotapi.NewEditMessageReplyMarkup(alice.ID, m.MessageID, kb2)); err != nil {
		t.Fatal(err)
	}
	last, _ := srv.LastTo(alice.ID)
	if last.Method != "editMessageReplyMarkup" || last.Buttons()[0][0].CallbackData != "b" {
		t.Fatalf("last = %+v", last)
	}
	if _, err := bot.Request(tgbotapi.NewDeleteMessage(alice.ID, m.MessageID)); err != nil {
		t.Fatal(err)
	}
	_, err = bot.Request(tgbotapi.NewDeleteMessage(alice.ID, m.MessageID))
	wantAPIError(t, err, 400, "Bad Request: message to delete not found")
}

func TestCallbackQueries(t *testing.T) {
	srv, bot := newBot(t)
	msg := tgbotapi.NewMessage(alice.ID, "Confirm?")
	msg.ReplyMarkup = keyboard(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("Yes", "yes")))
	m, err := bot.Send(msg)
	if err != nil {
		t.Fatal(err)
	}
	updateID, queryID := srv.PushCallbackQuery(alice, int64(m.MessageID), "yes")
	u := getUpdates(t, bot, 0, 0)
	if !equalIDs(u, int(updateID)) || u[0].CallbackQuery == nil {
		t.Fatalf("updates = %+v", u)
	}
	cb := u[0].CallbackQuery
	if cb.ID != queryID || cb.Data != "yes" || cb.From.ID != alice.ID || cb.ChatInstance == "" {
		t.Fatalf("callback = %+v", cb)
	}
	if cb.Message == nil || cb.Message.MessageID != m.MessageID || cb.Message.Text != "Confirm?" ||
		cb.Message.ReplyMarkup.InlineKeyboard[0][0].Text != "Yes" {
		t.Fatalf("callback message = %+v", cb.Message)
	}

	if _, ok := srv.Answered(queryID); ok {
		t.Fatal("answered before answerCallbackQuery")
	}
	if _, err := bot.Request(tgbotapi.NewCallback(queryID, "Done")); err != nil {
		t.Fatal(err)
	}
	if text, ok := srv.Answered(queryID); !ok || text != "Done" {
		t.Fatalf("Answered = %q, %v", text, ok)
	}
	const invalid = "Bad Request: query is too old and response timeout expired or query ID is invalid"
	_, err = bot.Request(tgbotapi.NewCallback(queryID, "again"))
	wantAPIError(t, err, 400, invalid)
	_, err = bot.Request(tgbotapi.NewCallback("12345", ""))
	wantAPIError(t, err, 400, invalid)

	// A callback for a message the fake does not know carries no message.
	srv.PushCallback(alice, 777, "stale")
	u = getUpdates(t, bot, int(updateID)+1, 0)
	if len(u) != 1 || u[0].CallbackQuery.Message != nil || u[0].CallbackQuery.Data != "stale" {
		t.Fatalf("updates = %+v", u)
	}
}

func TestSendPhotoAndDocument(t *testing.T) {
	srv, bot := newBot(t)
	byID, err := bot.Send(tgbotapi.NewPhoto(alice.ID, tgbotapi.FileID("AgACAgIAAxkBAAIB")))
	if err != nil || len(byID.Photo) != 3 || byID.Photo[2].FileID != "AgACAgIAAxkBAAIB" {
		t.Fatalf("photo by id: %+v, %v", byID, err)
	}
	byURL := tgbotapi.NewPhoto(alice.ID, tgbotapi.FileURL("https://example.com/cat.jpg"))
	byURL.Caption = "<i>cat</i>"
	byURL.ParseMode = "HTML"
	m, err := bot.Send(byURL)
	if err != nil || m.Caption != "cat" || len(m.CaptionEntities) != 1 {
		t.Fatalf("photo by URL: %+v, %v", m, err)
	}
	upload := tgbotapi.NewPhoto(alice.ID, tgbotapi.FileBytes{Name: "qr.png", Bytes: []byte("\x89PNG fake")})
	if _, err := bot.Send(upload); err != nil {
		t.Fatal(err)
	}
	doc := tgbotapi.NewDocument(alice.ID, tgbotapi.FileBytes{Name: "report.pdf", Bytes: []byte("%PDF-1.4")})
	doc.Caption = "monthly report"
	d, err := bot.Send(doc)
	if err != nil || d.Document == nil || d.Document.FileName != "report.pdf" || d.Document.FileSize != 8 {
		t.Fatalf("document: %+v, %v", d, err)
	}

	sent := srv.Sent()
	if len(sent) != 4 {
		t.Fatalf("sent %d", len(sent))
	}
	if sent[0].Photo != "AgACAgIAAxkBAAIB" || sent[1].Photo != "https://example.com/cat.jpg" || sent[1].Caption != "<i>cat</i>" {
		t.Errorf("photo records: %+v %+v", sent[0], sent[1])
	}
	if up := sent[2].Upload; up == nil || up.Name != "qr.png" || string(up.Data) != "\x89PNG fake" || sent[2].Photo != "qr.png" {
		t.Errorf("upload record: %+v", sent[2])
	}
	if sent[3].Method != "sendDocument" || sent[3].Document != "report.pdf" || sent[3].Caption != "monthly report" {
		t.Errorf("document record: %+v", sent[3])
	}

	tooLong := tgbotapi.NewPhoto(alice.ID, tgbotapi.FileID("AgAC"))
	tooLong.Caption = strings.Repeat("c", 1025)
	_, err = bot.Send(tooLong)
	wantAPIError(t, err, 400, "Bad Request: message caption is too long")
	_, err = bot.Send(tgbotapi.NewPhoto(alice.ID, tgbotapi.FileID("not a file id")))
	wantAPIError(t, err, 400, "Bad Request: wrong file identifier/HTTP URL specified")
}

func TestBlockedUser(t *testing.T) {
	srv, bot := newBot(t)
	m := send(t, bot, alice.ID, "welcome")
	srv.Block(alice.ID)
	_, err := bot.Send(tgbotapi.NewMessage(alice.ID, "are you there?"))
	wantAPIError(t, err, 403, "Forbidden: bot was blocked by the user")
	_, err = bot.Send(tgbotapi.NewEditMessageText(alice.ID, m.MessageID, "edited"))
	wantAPIError(t, err, 403, "Forbidden: bot was blocked by the user")
	_, err = bot.Request(tgbotapi.NewChatAction(alice.ID, tgbotapi.ChatTyping))
	wantAPIError(t, err, 403, "Forbidden: bot was blocked by the user")
	send(t, bot, 43, "other users are fine")

	srv.Unblock(alice.ID)
	send(t, bot, alice.ID, "welcome back")
	if got := len(srv.SentTo(alice.ID)); got != 2 {
		t.Fatalf("sent to alice = %d, want 2", got)
	}
}

func TestWaitSentAndWaitFor(t *testing.T) {
	srv, bot := newBot(t)
	ctx := waitCtx(t)
	go func() {
		for _, text := range []string{"one", "two", "three"} {
			if _, err := bot.Send(tgbotapi.NewMessage(alice.ID, text)); err != nil {
				return
			}
		}
	}()
	if err := srv.WaitSent(ctx, 2); err != nil {
		t.Fatal(err)
	}
	err := srv.WaitFor(ctx, func(all []Sent) bool {
		return len(all) > 0 && all[len(all)-1].Text == "three"
	})
	if err != nil {
		t.Fatal(err)
	}

	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if err := srv.WaitSent(short, 4); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("WaitSent beyond what is sent = %v", err)
	}
}

func TestConcurrentSendsGetDistinctIDs(t *testing.T) {
	srv, bot := newBot(t)
	const workers, each = 8, 20
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				if _, err := bot.Send(tgbotapi.NewMessage(alice.ID, "m")); err != nil {
					t.Errorf("worker %d send %d: %v", w, i, err)
				}
			}
		})
	}
	wg.Wait()
	seen := map[int64]bool{}
	for _, s := range srv.Sent() {
		if seen[s.MessageID] || s.MessageID < 1 || s.MessageID > workers*each {
			t.Fatalf("bad or duplicate message id %d", s.MessageID)
		}
		seen[s.MessageID] = true
	}
	if len(seen) != workers*each {
		t.Fatalf("recorded %d sends", len(seen))
	}
}
