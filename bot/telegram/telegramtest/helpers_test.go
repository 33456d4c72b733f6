package telegramtest

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

var alice = User{ID: 42, FirstName: "Alice", Username: "alice", LanguageCode: "en"}

// newBot starts a fake server and a tgbotapi client connected to it.
func newBot(t *testing.T) (*Server, *tgbotapi.BotAPI) {
	t.Helper()
	srv := New(Config{})
	t.Cleanup(srv.Close)
	bot, err := tgbotapi.NewBotAPIWithAPIEndpoint(srv.Token(), srv.Endpoint())
	if err != nil {
		t.Fatalf("NewBotAPIWithAPIEndpoint: %v", err)
	}
	return srv, bot
}

// waitCtx bounds a wait in a test so a bug fails instead of hanging.
func waitCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// wantAPIError asserts err is a Bot API error with the given code and
// description.
func wantAPIError(t *testing.T, err error, code int, desc string) *tgbotapi.Error {
	t.Helper()
	var apiErr *tgbotapi.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v (%T), want *tgbotapi.Error", err, err)
	}
	if apiErr.Code != code || apiErr.Message != desc {
		t.Fatalf("error = %d %q, want %d %q", apiErr.Code, apiErr.Message, code, desc)
	}
	return apiErr
}

// envelope is the decoded reply of rawCall.
type envelope struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  map[string]int  `json:"parameters"`
}

// rawCall performs an HTTP request against the fake and decodes the reply.
func rawCall(t *testing.T, httpMethod, url, contentType, body string) (int, envelope) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), httpMethod, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", httpMethod, url, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var env envelope
	if err := json.Unmarshal(data, &env); err != nil {
		t.Fatalf("reply %q is not JSON: %v", data, err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	return resp.StatusCode, env
}

// send sends a plain text message and returns it.
func send(t *testing.T, bot *tgbotapi.BotAPI, chatID int64, text string) tgbotapi.Message {
	t.Helper()
	m, err := bot.Send(tgbotapi.NewMessage(chatID, text))
	if err != nil {
		t.Fatalf("send %q: %v", text, err)
	}
	return m
}

// setClock freezes the server clock at *now (read under the server lock).
func setClock(srv *Server, now *time.Time) {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	srv.now = func() time.Time { return *now }
}

// advance moves a clock installed by setClock.
func advance(srv *Server, now *time.Time, d time.Duration) {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	*now = now.Add(d)
}
