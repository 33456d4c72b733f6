package telegramtest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

const hookSecret = "s3cr3t_-Token"

// delivery is one request a receiver got.
type delivery struct {
	method, contentType, secret string
	updateID                    int
}

// receiver starts a webhook endpoint that answers the statuses of answer
// in turn (200 once they run out) and reports every request on the
// returned channel. It never blocks, so that closing it never waits.
func receiver(t *testing.T, answer ...int) (*httptest.Server, <-chan delivery) {
	t.Helper()
	ch := make(chan delivery, 100)
	var mu sync.Mutex
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var u struct {
			UpdateID int `json:"update_id"`
		}
		body, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(body, &u)
		mu.Lock()
		status := http.StatusOK
		if len(answer) > 0 {
			status, answer = answer[0], answer[1:]
		}
		mu.Unlock()
		select {
		case ch <- delivery{r.Method, r.Header.Get("Content-Type"), r.Header.Get(SecretHeader), u.UpdateID}:
		default:
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(ts.Close)
	return ts, ch
}

// next returns the next delivery a receiver got.
func next(t *testing.T, ch <-chan delivery) delivery {
	t.Helper()
	select {
	case d := <-ch:
		return d
	case <-waitCtx(t).Done():
		t.Fatal("no delivery came")
		return delivery{}
	}
}

// newHookBot starts a fake that retries webhook deliveries quickly.
func newHookBot(t *testing.T) (*Server, *tgbotapi.BotAPI) {
	t.Helper()
	srv := New(Config{WebhookRetry: 10 * time.Millisecond})
	t.Cleanup(srv.Close)
	bot, err := tgbotapi.NewBotAPIWithAPIEndpoint(srv.Token(), srv.Endpoint())
	if err != nil {
		t.Fatal(err)
	}
	return srv, bot
}

// setHook sets the webhook, failing the test on an error.
func setHook(t *testing.T, bot *tgbotapi.BotAPI, params map[string]string) {
	t.Helper()
	if _, err := callParams(bot, "setWebhook", params); err != nil {
		t.Fatalf("setWebhook %v: %v", params, err)
	}
}

func TestSetWebhookValidation(t *testing.T) {
	_, bot := newHookBot(t)
	for _, tt := range []struct {
		label  string
		params map[string]string
		want   string
	}{
		{"a secret with a colon", map[string]string{"url": "https://x.vn/h", "secret_token": "a:b"},
			"Bad Request: secret token contains unallowed characters"},
		{"a secret over 256 characters", map[string]string{"url": "https://x.vn/h", "secret_token": strings.Repeat("a", 257)},
			"Bad Request: secret token is too long"},
		{"a URL that is not http(s)", map[string]string{"url": "ftp://x.vn/h"},
			"Bad Request: bad webhook: An HTTPS URL must be provided for webhook"},
	} {
		t.Run(tt.label, func(t *testing.T) {
			_, err := callParams(bot, "setWebhook", tt.params)
			wantAPIError(t, err, http.StatusBadRequest, tt.want)
		})
	}
	t.Run("an empty url removes the webhook", func(t *testing.T) {
		setHook(t, bot, map[string]string{"url": "https://x.vn/h"})
		setHook(t, bot, map[string]string{"url": ""})
		if info, err := bot.GetWebhookInfo(); err != nil || info.URL != "" {
			t.Errorf("GetWebhookInfo = %+v, %v", info, err)
		}
	})
}

func TestWebhookDeliversInOrderWithTheSecret(t *testing.T) {
	srv, bot := newHookBot(t)
	ts, ch := receiver(t)
	setHook(t, bot, map[string]string{"url": ts.URL, "secret_token": hookSecret,
		"max_connections": "7", "allowed_updates": `["message","callback_query"]`})
	ids := []int64{srv.PushMessage(alice, "một"), srv.PushMessage(alice, "hai"), srv.PushCallback(alice, 1, "ba")}
	for i, id := range ids {
		d := next(t, ch)
		if d.updateID != int(id) || d.secret != hookSecret || d.method != http.MethodPost || d.contentType != "application/json" {
			t.Errorf("delivery %d = %+v, want update %d with the secret", i, d, id)
		}
	}
	if err := srv.WaitDeliveries(waitCtx(t), 3); err != nil {
		t.Fatal(err)
	}
	if got, want := srv.Pending(), 0; got != want {
		t.Errorf("Pending = %d, want %d", got, want)
	}
	info, err := bot.GetWebhookInfo()
	if err != nil || info.URL != ts.URL || info.MaxConnections != 7 || len(info.AllowedUpdates) != 2 || info.LastErrorDate != 0 {
		t.Errorf("GetWebhookInfo = %+v, %v", info, err)
	}
	if u, s := srv.Webhook(); u != ts.URL || s != hookSecret {
		t.Errorf("Webhook = %q, %q", u, s)
	}
}

func TestWebhookRetriesUntil2xx(t *testing.T) {
	srv, bot := newHookBot(t)
	ts, ch := receiver(t, http.StatusInternalServerError, http.StatusServiceUnavailable)
	setHook(t, bot, map[string]string{"url": ts.URL})
	id := srv.PushMessage(alice, "thử lại")
	for i := range 3 {
		if d := next(t, ch); d.updateID != int(id) || d.secret != "" {
			t.Errorf("try %d = %+v, want update %d without a secret", i+1, d, id)
		}
	}
	if err := srv.WaitDeliveries(waitCtx(t), 1); err != nil {
		t.Fatal(err)
	}
	if got, want := srv.WebhookFailures(), 2; got != want {
		t.Errorf("WebhookFailures = %d, want %d", got, want)
	}
	info, err := bot.GetWebhookInfo()
	if err != nil || info.LastErrorMessage != "Wrong response from the webhook: 503 Service Unavailable" || info.LastErrorDate == 0 {
		t.Errorf("GetWebhookInfo = %+v, %v", info, err)
	}
}

func TestWebhookDuplicateDeliveries(t *testing.T) {
	srv, bot := newHookBot(t)
	srv.SetDuplicateDeliveries(true)
	ts, ch := receiver(t)
	setHook(t, bot, map[string]string{"url": ts.URL})
	a, b := srv.PushMessage(alice, "a"), srv.PushMessage(alice, "b")
	for i, want := range []int64{a, a, b, b} {
		if d := next(t, ch); d.updateID != int(want) {
			t.Errorf("delivery %d is update %d, want %d", i+1, d.updateID, want)
		}
	}
	if err := srv.WaitDeliveries(waitCtx(t), 4); err != nil {
		t.Fatal(err)
	}
}

func TestGetUpdatesConflictsWithWebhook(t *testing.T) {
	const conflict = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
	srv, bot := newHookBot(t)
	parked := startPoll(bot, tgbotapi.UpdateConfig{Timeout: 30})
	if err := srv.WaitPolling(waitCtx(t), 1); err != nil {
		t.Fatal(err)
	}
	ts, ch := receiver(t, http.StatusInternalServerError, http.StatusInternalServerError)
	setHook(t, bot, map[string]string{"url": ts.URL})
	t.Run("a parked poll ends with 409", func(t *testing.T) {
		r := <-parked
		wantAPIError(t, r.err, http.StatusConflict, conflict)
	})
	t.Run("a new poll gets 409", func(t *testing.T) {
		_, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
		wantAPIError(t, err, http.StatusConflict, conflict)
	})
	id := srv.PushMessage(alice, "chưa tới")
	next(t, ch) // failed: the update stays queued
	if _, err := bot.Request(tgbotapi.DeleteWebhookConfig{}); err != nil {
		t.Fatal(err)
	}
	t.Run("after deleteWebhook the undelivered update is polled", func(t *testing.T) {
		if u := getUpdates(t, bot, 0, 0); !equalIDs(u, int(id)) {
			t.Errorf("updates = %v, want [%d]", updateIDs(u), id)
		}
	})
}

func TestWebhookDropPendingUpdates(t *testing.T) {
	srv, bot := newHookBot(t)
	srv.PushMessage(alice, "cũ")
	ts, ch := receiver(t)
	setHook(t, bot, map[string]string{"url": ts.URL, "drop_pending_updates": "true"})
	id := srv.PushMessage(alice, "mới")
	if d := next(t, ch); d.updateID != int(id) {
		t.Errorf("first delivery is update %d, want %d (the old one dropped)", d.updateID, id)
	}
	if err := srv.WaitDeliveries(waitCtx(t), 1); err != nil {
		t.Fatal(err)
	}
	if _, err := callParams(bot, "deleteWebhook", map[string]string{"drop_pending_updates": "true"}); err != nil {
		t.Fatal(err)
	}
	if got := srv.Deliveries(); got != 1 {
		t.Errorf("Deliveries = %d, want 1", got)
	}
}

func TestCloseStopsAHangingDelivery(t *testing.T) {
	srv := New(Config{})
	bot, err := tgbotapi.NewBotAPIWithAPIEndpoint(srv.Token(), srv.Endpoint())
	if err != nil {
		t.Fatal(err)
	}
	arrived, cancelled, release := make(chan struct{}), make(chan struct{}), make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // the server notices a client gone only once the body is read
		close(arrived)
		select {
		case <-r.Context().Done():
			close(cancelled)
		case <-release:
		}
	}))
	defer ts.Close()
	defer close(release)
	setHook(t, bot, map[string]string{"url": ts.URL})
	srv.PushMessage(alice, "treo")
	<-arrived
	closed := make(chan struct{})
	go func() { srv.Close(); close(closed) }()
	for _, ch := range []chan struct{}{closed, cancelled} {
		select {
		case <-ch:
		case <-waitCtx(t).Done():
			t.Fatal("Close did not stop the delivery")
		}
	}
	if got := srv.Deliveries() + srv.WebhookFailures(); got != 0 {
		t.Errorf("%d deliveries counted, want none for a delivery cut by Close", got)
	}
}
