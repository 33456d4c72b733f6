package telegramtest

import (
	"errors"
	"net/http"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestFailNextTooManyRequests(t *testing.T) {
	srv, bot := newBot(t)
	srv.FailNext("sendMessage", 1, TooManyRequests(7))
	_, err := bot.Send(tgbotapi.NewMessage(alice.ID, "hi"))
	apiErr := wantAPIError(t, err, http.StatusTooManyRequests, "Too Many Requests: retry after 7")
	if apiErr.RetryAfter != 7 {
		t.Fatalf("RetryAfter = %d, want 7", apiErr.RetryAfter)
	}
	if len(srv.Sent()) != 0 {
		t.Fatal("a faulted request must not be recorded")
	}
	m := send(t, bot, alice.ID, "hi")
	if m.MessageID != 1 {
		t.Errorf("the faulted request consumed a message id: got %d", m.MessageID)
	}
	if srv.Calls("sendMessage") != 2 {
		t.Errorf("Calls = %d, want 2", srv.Calls("sendMessage"))
	}
}

func TestFailNextWireFormat(t *testing.T) {
	srv := New(Config{})
	defer srv.Close()
	srv.FailNext("getMe", 1, TooManyRequests(3))
	status, env := rawCall(t, http.MethodPost, srv.MethodURL("getMe"), "", "")
	if status != 429 || env.OK || env.ErrorCode != 429 || env.Parameters["retry_after"] != 3 {
		t.Fatalf("got %d %+v", status, env)
	}
}

func TestFailNextAnyMethodAndPrecedence(t *testing.T) {
	srv, bot := newBot(t)
	srv.FailNext("", 2, ServerError(http.StatusBadGateway))
	srv.FailNext("sendMessage", 1, Forbidden("bot was kicked from the group chat"))

	_, err := bot.Send(tgbotapi.NewMessage(alice.ID, "x"))
	wantAPIError(t, err, 403, "Forbidden: bot was kicked from the group chat")
	_, err = bot.GetMe()
	wantAPIError(t, err, 502, "Bad Gateway")
	_, err = bot.GetUpdates(tgbotapi.UpdateConfig{})
	wantAPIError(t, err, 502, "Bad Gateway")
	if _, err := bot.GetMe(); err != nil {
		t.Fatalf("faults should be used up: %v", err)
	}

	srv.FailNext("sendMessage", 2, BadRequest("chat not found"))
	for range 2 {
		_, err = bot.Send(tgbotapi.NewMessage(alice.ID, "x"))
		wantAPIError(t, err, 400, "Bad Request: chat not found")
	}
	send(t, bot, alice.ID, "finally")
}

func TestFaultedPollDoesNotConfirm(t *testing.T) {
	srv, bot := newBot(t)
	id := int(srv.PushMessage(alice, "x"))
	getUpdates(t, bot, 0, 0)
	srv.FailNext("getUpdates", 1, ServerError(500))
	_, err := bot.GetUpdates(tgbotapi.UpdateConfig{Offset: id + 1})
	wantAPIError(t, err, 500, "Internal Server Error")
	if srv.Pending() != 1 {
		t.Fatal("a faulted getUpdates must not confirm updates")
	}
}

func TestConnectionDropAndDown(t *testing.T) {
	srv, bot := newBot(t)
	ctx := waitCtx(t)
	srv.FailNext("sendMessage", 1, ConnectionDrop())
	_, err := bot.Send(tgbotapi.NewMessage(alice.ID, "x"))
	var apiErr *tgbotapi.Error
	if err == nil || errors.As(err, &apiErr) {
		t.Fatalf("want a transport error, got %v", err)
	}

	poll := startPoll(bot, tgbotapi.UpdateConfig{Timeout: 30})
	if err := srv.WaitPolling(ctx, 1); err != nil {
		t.Fatal(err)
	}
	srv.Down(true)
	if r := <-poll; r.err == nil || errors.As(r.err, &apiErr) {
		t.Fatalf("parked poll during outage: %v", r.err)
	}
	if _, err := bot.GetMe(); err == nil || errors.As(err, &apiErr) {
		t.Fatalf("request during outage: %v", err)
	}
	srv.Down(false)
	send(t, bot, alice.ID, "back")
	if len(srv.Sent()) != 1 || srv.Calls("sendMessage") != 2 {
		t.Fatalf("sent %d, calls %d", len(srv.Sent()), srv.Calls("sendMessage"))
	}
}

func TestRateLimit(t *testing.T) {
	srv, bot := newBot(t)
	now := time.Unix(1_700_000_000, 0)
	setClock(srv, &now)
	srv.SetRateLimit(2)

	send(t, bot, alice.ID, "1")
	advance(srv, &now, 500*time.Millisecond)
	send(t, bot, alice.ID, "2")
	_, err := bot.Send(tgbotapi.NewMessage(alice.ID, "3"))
	if apiErr := wantAPIError(t, err, 429, "Too Many Requests: retry after 1"); apiErr.RetryAfter != 1 {
		t.Fatalf("RetryAfter = %d", apiErr.RetryAfter)
	}
	// Non-sending methods are not limited.
	if _, err := bot.GetMe(); err != nil {
		t.Fatal(err)
	}
	// One second after the first send, one slot is free again.
	advance(srv, &now, 500*time.Millisecond)
	send(t, bot, alice.ID, "3")
	_, err = bot.Send(tgbotapi.NewMessage(alice.ID, "4"))
	wantAPIError(t, err, 429, "Too Many Requests: retry after 1")

	srv.SetRateLimit(0)
	send(t, bot, alice.ID, "4")
	if got := len(srv.Sent()); got != 4 {
		t.Fatalf("sent %d, want 4", got)
	}
}
