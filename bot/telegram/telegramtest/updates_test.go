package telegramtest

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

type pollResult struct {
	updates []tgbotapi.Update
	err     error
	elapsed time.Duration
}

// startPoll runs GetUpdates in the background.
func startPoll(bot *tgbotapi.BotAPI, cfg tgbotapi.UpdateConfig) <-chan pollResult {
	ch := make(chan pollResult, 1)
	go func() {
		start := time.Now()
		u, err := bot.GetUpdates(cfg)
		ch <- pollResult{u, err, time.Since(start)}
	}()
	return ch
}

func getUpdates(t *testing.T, bot *tgbotapi.BotAPI, offset, limit int) []tgbotapi.Update {
	t.Helper()
	u, err := bot.GetUpdates(tgbotapi.UpdateConfig{Offset: offset, Limit: limit})
	if err != nil {
		t.Fatalf("GetUpdates(offset=%d): %v", offset, err)
	}
	return u
}

func updateIDs(us []tgbotapi.Update) []int {
	ids := make([]int, len(us))
	for i, u := range us {
		ids[i] = u.UpdateID
	}
	return ids
}

func equalIDs(got []tgbotapi.Update, want ...int) bool {
	ids := updateIDs(got)
	if len(ids) != len(want) {
		return false
	}
	for i := range ids {
		if ids[i] != want[i] {
			return false
		}
	}
	return true
}

func TestLongPollReturnsEarlyOnPush(t *testing.T) {
	srv, bot := newBot(t)
	ctx := waitCtx(t)
	res := startPoll(bot, tgbotapi.UpdateConfig{Timeout: 30})
	if err := srv.WaitPolling(ctx, 1); err != nil {
		t.Fatal(err)
	}
	id := srv.PushMessage(alice, "hello")
	r := <-res
	if r.err != nil {
		t.Fatal(r.err)
	}
	if !equalIDs(r.updates, int(id)) || r.updates[0].Message.Text != "hello" {
		t.Fatalf("updates = %+v", r.updates)
	}
	if r.elapsed > 10*time.Second {
		t.Errorf("long poll took %v; it should return as soon as an update is pushed", r.elapsed)
	}
}

func TestLongPollTimesOut(t *testing.T) {
	_, bot := newBot(t)
	r := <-startPoll(bot, tgbotapi.UpdateConfig{Timeout: 1})
	if r.err != nil || len(r.updates) != 0 {
		t.Fatalf("got %v, %v", r.updates, r.err)
	}
	if r.elapsed < 900*time.Millisecond {
		t.Errorf("timeout=1 returned after %v", r.elapsed)
	}
}

func TestShortPollReturnsAtOnce(t *testing.T) {
	srv, bot := newBot(t)
	if u := getUpdates(t, bot, 0, 0); len(u) != 0 {
		t.Fatalf("updates = %+v", u)
	}
	status, env := rawCall(t, http.MethodPost, srv.MethodURL("getUpdates"), "", "")
	if status != 200 || string(env.Result) != "[]" {
		t.Fatalf("empty result must be [], got %d %s", status, env.Result)
	}
}

func TestOffsetConfirmsReturnedUpdates(t *testing.T) {
	srv, bot := newBot(t)
	a := int(srv.PushMessage(alice, "a"))
	b := int(srv.PushMessage(alice, "b"))
	c := int(srv.PushMessage(alice, "c"))
	if a != 1000 || b != 1001 || c != 1002 {
		t.Fatalf("ids = %d %d %d, want 1000..1002", a, b, c)
	}
	if u := getUpdates(t, bot, 0, 0); !equalIDs(u, a, b, c) {
		t.Fatalf("first poll = %v", updateIDs(u))
	}
	// Unconfirmed updates are delivered again.
	if u := getUpdates(t, bot, 0, 0); !equalIDs(u, a, b, c) {
		t.Fatalf("repeat poll = %v", updateIDs(u))
	}
	if u := getUpdates(t, bot, c, 0); !equalIDs(u, c) || srv.Pending() != 1 {
		t.Fatalf("offset=%d: %v, pending %d", c, updateIDs(u), srv.Pending())
	}
	if u := getUpdates(t, bot, c+1, 0); len(u) != 0 || srv.Pending() != 0 {
		t.Fatalf("offset=%d: %v, pending %d", c+1, updateIDs(u), srv.Pending())
	}
}

func TestOffsetDoesNotConfirmUnreturnedUpdates(t *testing.T) {
	srv, bot := newBot(t)
	first := int(srv.PushMessage(alice, "before silence"))
	getUpdates(t, bot, 0, 0)
	getUpdates(t, bot, first+1, 0)
	if srv.Pending() != 0 {
		t.Fatalf("pending = %d", srv.Pending())
	}

	// After a long silence Telegram restarts from a random, lower id.
	srv.SetNextUpdateID(17)
	low := int(srv.PushMessage(alice, "after silence"))
	if low != 17 {
		t.Fatalf("update id = %d, want 17", low)
	}
	u := getUpdates(t, bot, first+1, 0)
	if !equalIDs(u, low) || u[0].Message.Text != "after silence" {
		t.Fatalf("update below the offset must still be delivered, got %v", updateIDs(u))
	}
	// Having been returned, it is now confirmed by the same offset.
	if u := getUpdates(t, bot, first+1, 0); len(u) != 0 || srv.Pending() != 0 {
		t.Fatalf("got %v, pending %d", updateIDs(u), srv.Pending())
	}
	if next := srv.PushMessage(alice, "next"); next != 18 {
		t.Fatalf("ids continue from the new start: got %d", next)
	}
}

func TestNegativeOffsetAndLimit(t *testing.T) {
	srv, bot := newBot(t)
	var ids []int
	for _, text := range []string{"1", "2", "3", "4", "5"} {
		ids = append(ids, int(srv.PushMessage(alice, text)))
	}
	if u := getUpdates(t, bot, 0, 2); !equalIDs(u, ids[0], ids[1]) {
		t.Fatalf("limit=2: %v", updateIDs(u))
	}
	if u := getUpdates(t, bot, -1, 0); !equalIDs(u, ids[4]) {
		t.Fatalf("offset=-1: %v", updateIDs(u))
	}
	if srv.Pending() != 1 {
		t.Fatalf("negative offset must forget older updates; pending %d", srv.Pending())
	}
}

func TestConcurrentPollersConflict(t *testing.T) {
	srv, bot := newBot(t)
	ctx := waitCtx(t)
	older := startPoll(bot, tgbotapi.UpdateConfig{Timeout: 30})
	if err := srv.WaitPolling(ctx, 1); err != nil {
		t.Fatal(err)
	}
	newer := startPoll(bot, tgbotapi.UpdateConfig{Timeout: 30})
	r := <-older
	wantAPIError(t, r.err, http.StatusConflict,
		"Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")

	// The newer poll is still waiting and gets the next update.
	if err := srv.WaitPolling(ctx, 1); err != nil {
		t.Fatal(err)
	}
	id := srv.PushMessage(alice, "for the survivor")
	if r := <-newer; r.err != nil || !equalIDs(r.updates, int(id)) {
		t.Fatalf("newer poll: %v %v", updateIDs(r.updates), r.err)
	}
}

func TestAbandonedPollDoesNotConsumeUpdates(t *testing.T) {
	srv, bot := newBot(t)
	ctx := waitCtx(t)
	pollCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(pollCtx, http.MethodGet, srv.MethodURL("getUpdates")+"?timeout=30", nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	if err := srv.WaitPolling(ctx, 1); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-done; err == nil {
		t.Fatal("cancelled request succeeded")
	}
	if err := srv.WaitPolling(ctx, 0); err != nil {
		t.Fatalf("server kept polling for a gone client: %v", err)
	}
	id := int(srv.PushMessage(alice, "after disconnect"))
	// Never returned, so even an offset past it does not confirm it.
	if u := getUpdates(t, bot, id+1, 0); !equalIDs(u, id) {
		t.Fatalf("got %v", updateIDs(u))
	}
}

func TestCloseUnblocksLongPoll(t *testing.T) {
	srv, bot := newBot(t)
	ctx := waitCtx(t)
	res := startPoll(bot, tgbotapi.UpdateConfig{Timeout: 30})
	if err := srv.WaitPolling(ctx, 1); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	select {
	case r := <-res:
		if r.err != nil || len(r.updates) != 0 {
			t.Fatalf("got %v, %v", r.updates, r.err)
		}
	case <-ctx.Done():
		t.Fatal("long poll not released by Close")
	}
	if err := srv.WaitSent(ctx, 1); err != ErrClosed {
		t.Fatalf("WaitSent after Close = %v, want ErrClosed", err)
	}
	srv.Close() // idempotent
}

func TestPushedUpdatesDecodeWithTgbotapi(t *testing.T) {
	srv, bot := newBot(t)
	group := Chat{ID: -1001234567890, Title: "Team"}
	srv.PushMessage(alice, "/start@chungsuc_test_bot deep")
	srv.PushMessageInChat(group, alice, "/help")
	srv.PushPhoto(alice, "look", "PHOTO_ID", "PHOTO_UID")
	srv.PushDocument(alice, "doc", "report.pdf", "DOC_ID")
	srv.PushContact(alice, "+84901234567")
	srv.PushSticker(alice)
	srv.PushVoice(alice)
	raw := srv.PushRaw(json.RawMessage(`{"update_id":1,"edited_message":{"message_id":9,"date":1,"chat":{"id":42,"type":"private"},"text":"x"}}`))

	u := getUpdates(t, bot, 0, 0)
	if len(u) != 8 {
		t.Fatalf("got %d updates", len(u))
	}
	m := u[0].Message
	if !m.IsCommand() || m.Command() != "start" || m.CommandArguments() != "deep" || m.From.UserName != "alice" {
		t.Errorf("command message = %+v", m)
	}
	if m.Chat.ID != alice.ID || m.Chat.Type != "private" || m.MessageID != 1 {
		t.Errorf("chat = %+v, id %d", m.Chat, m.MessageID)
	}
	if g := u[1].Message; g.Chat.Type != "supergroup" || g.Chat.Title != "Team" || g.Command() != "help" || g.MessageID != 1 {
		t.Errorf("group message = %+v", g)
	}
	if p := u[2].Message.Photo; len(p) != 3 || p[2].FileID != "PHOTO_ID" || p[2].FileUniqueID != "PHOTO_UID" ||
		p[0].Width >= p[2].Width || u[2].Message.Caption != "look" {
		t.Errorf("photo = %+v", u[2].Message)
	}
	if d := u[3].Message.Document; d == nil || d.FileID != "DOC_ID" || d.FileName != "report.pdf" || d.MimeType != "application/pdf" {
		t.Errorf("document = %+v", d)
	}
	if c := u[4].Message.Contact; c == nil || c.PhoneNumber != "+84901234567" || c.UserID != alice.ID {
		t.Errorf("contact = %+v", c)
	}
	if u[5].Message.Sticker == nil || u[6].Message.Voice == nil {
		t.Errorf("sticker/voice missing: %+v %+v", u[5].Message, u[6].Message)
	}
	if u[7].UpdateID != int(raw) || u[7].EditedMessage == nil || u[7].EditedMessage.Text != "x" {
		t.Errorf("raw update = %+v", u[7])
	}
	// Messages in the private chat share one counter: 1 (command) .. 6 (voice).
	if u[6].Message.MessageID != 6 {
		t.Errorf("voice message id = %d, want 6", u[6].Message.MessageID)
	}
}
