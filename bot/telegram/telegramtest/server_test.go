package telegramtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestGetMe(t *testing.T) {
	srv, bot := newBot(t)
	if bot.Self.ID != DefaultBotID || !bot.Self.IsBot || bot.Self.UserName != DefaultBotUsername {
		t.Fatalf("Self = %+v", bot.Self)
	}
	if !bot.Self.CanJoinGroups {
		t.Error("can_join_groups should be true")
	}
	if got := srv.Calls("getMe"); got != 1 {
		t.Errorf("Calls(getMe) = %d, want 1", got)
	}
}

func TestCustomConfig(t *testing.T) {
	srv := New(Config{Token: "42:ABC", BotID: 42, BotUsername: "other_bot", FirstUpdateID: 7})
	defer srv.Close()
	bot, err := tgbotapi.NewBotAPIWithAPIEndpoint("42:ABC", srv.Endpoint())
	if err != nil {
		t.Fatal(err)
	}
	if bot.Self.ID != 42 || bot.Self.UserName != "other_bot" {
		t.Fatalf("Self = %+v", bot.Self)
	}
	if id := srv.PushMessage(alice, "hi"); id != 7 {
		t.Fatalf("first update id = %d, want 7", id)
	}
	if want := srv.URL() + "/bot42:ABC/getMe"; srv.MethodURL("getMe") != want {
		t.Errorf("MethodURL = %q, want %q", srv.MethodURL("getMe"), want)
	}
}

func TestWrongTokenIsUnauthorized(t *testing.T) {
	srv := New(Config{})
	defer srv.Close()
	_, err := tgbotapi.NewBotAPIWithAPIEndpoint("999:WRONG", srv.Endpoint())
	wantAPIError(t, err, http.StatusUnauthorized, "Unauthorized")

	status, env := rawCall(t, http.MethodPost, fmt.Sprintf(srv.Endpoint(), "999:WRONG", "getMe"), "", "")
	if status != http.StatusUnauthorized || env.OK || env.ErrorCode != 401 || env.Description != "Unauthorized" {
		t.Fatalf("got %d %+v", status, env)
	}
}

func TestUnknownMethodAndPath(t *testing.T) {
	srv := New(Config{})
	defer srv.Close()
	for _, u := range []string{srv.MethodURL("sendTelepathy"), srv.URL() + "/nope", srv.URL() + "/bot" + srv.Token()} {
		status, env := rawCall(t, http.MethodPost, u, "", "")
		if status != http.StatusNotFound || env.ErrorCode != 404 || env.Description != "Not Found" {
			t.Errorf("%s: got %d %+v", u, status, env)
		}
	}
}

func TestMethodNamesAreCaseInsensitive(t *testing.T) {
	srv := New(Config{})
	defer srv.Close()
	status, env := rawCall(t, http.MethodGet, srv.MethodURL("GETME"), "", "")
	if status != http.StatusOK || !env.OK {
		t.Fatalf("got %d %+v", status, env)
	}
	if srv.Calls("getMe") != 1 {
		t.Errorf("Calls(getMe) = %d, want 1", srv.Calls("getMe"))
	}
}

func TestParameterEncodings(t *testing.T) {
	srv := New(Config{})
	defer srv.Close()
	markup := `{"inline_keyboard":[[{"text":"Yes","callback_data":"y"}]]}`

	jsonBody := `{"chat_id":42,"text":"json","disable_web_page_preview":true,"reply_markup":` + markup + `}`
	if status, env := rawCall(t, http.MethodPost, srv.MethodURL("sendMessage"), "application/json", jsonBody); !env.OK {
		t.Fatalf("JSON body: %d %+v", status, env)
	}
	q := url.Values{"chat_id": {"42"}, "text": {"query"}}
	if status, env := rawCall(t, http.MethodGet, srv.MethodURL("sendMessage")+"?"+q.Encode(), "", ""); !env.OK {
		t.Fatalf("query string: %d %+v", status, env)
	}
	form := url.Values{"chat_id": {"42"}, "text": {"form"}, "reply_markup": {markup}}
	status, env := rawCall(t, http.MethodPost, srv.MethodURL("sendMessage"), "application/x-www-form-urlencoded", form.Encode())
	if !env.OK {
		t.Fatalf("form: %d %+v", status, env)
	}

	sent := srv.Sent()
	if len(sent) != 3 || sent[0].Text != "json" || sent[1].Text != "query" || sent[2].Text != "form" {
		t.Fatalf("Sent = %+v", sent)
	}
	if !sent[0].DisableWebPagePreview {
		t.Error("disable_web_page_preview from JSON bool was lost")
	}
	for _, i := range []int{0, 2} {
		if b := sent[i].Buttons(); len(b) != 1 || b[0][0] != (Button{Text: "Yes", CallbackData: "y"}) {
			t.Errorf("Sent[%d].Buttons() = %+v", i, b)
		}
	}
	var msg struct {
		MessageID int64           `json:"message_id"`
		From      map[string]any  `json:"from"`
		Chat      map[string]any  `json:"chat"`
		Markup    json.RawMessage `json:"reply_markup"`
	}
	if err := json.Unmarshal(env.Result, &msg); err != nil {
		t.Fatal(err)
	}
	if msg.MessageID != 3 || msg.From["is_bot"] != true || msg.Chat["type"] != "private" || len(msg.Markup) == 0 {
		t.Errorf("result = %s", env.Result)
	}
}

func TestWebhookAndChatAction(t *testing.T) {
	srv, bot := newBot(t)
	if _, err := bot.Request(tgbotapi.DeleteWebhookConfig{}); err != nil {
		t.Fatal(err)
	}
	srv.PushMessage(alice, "hi")
	info, err := bot.GetWebhookInfo()
	if err != nil || info.URL != "" || info.PendingUpdateCount != 1 {
		t.Fatalf("GetWebhookInfo = %+v, %v", info, err)
	}
	if _, err := bot.Request(tgbotapi.NewChatAction(alice.ID, tgbotapi.ChatTyping)); err != nil {
		t.Fatal(err)
	}
	_, err = bot.Request(tgbotapi.NewChatAction(alice.ID, "dancing"))
	wantAPIError(t, err, 400, "Bad Request: wrong parameter action in request")
}

func TestSplitPath(t *testing.T) {
	for _, tc := range []struct {
		path, token, method string
		ok                  bool
	}{
		{"/bot1:A/getMe", "1:A", "getMe", true},
		{"/bot1:A/", "", "", false},
		{"/bot/getMe", "", "", false},
		{"/bot1:A/x/y", "", "", false},
		{"/file/bot1:A/x", "", "", false},
	} {
		token, method, ok := splitPath(tc.path)
		if token != tc.token || method != tc.method || ok != tc.ok {
			t.Errorf("splitPath(%q) = %q, %q, %v", tc.path, token, method, ok)
		}
	}
	srv := New(Config{})
	defer srv.Close()
	if !strings.HasSuffix(srv.Endpoint(), "/bot%s/%s") || !strings.HasPrefix(srv.Endpoint(), srv.URL()) {
		t.Errorf("Endpoint() = %q, want a tgbotapi format string", srv.Endpoint())
	}
}
