package telegram_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/bot/telegram"
	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
)

const hookSecret = "chung_suc-Hook-2024"

// hookReceiver is a webhook endpoint as the bot runs one: it checks the
// secret, reads the body within MaxWebhookBody, answers the first
// failFirst deliveries with 500, drops a delivery whose UpdateKey it has
// seen, and passes the parsed updates on.
type hookReceiver struct {
	a         *telegram.Adapter
	mu        sync.Mutex
	failFirst int
	seen      map[string]bool
	repeats   int
	updates   chan bot.Update
}

func (h *hookReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !telegram.SecretOK(r.Header, hookSecret) {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, telegram.MaxWebhookBody))
	if err != nil {
		w.WriteHeader(http.StatusRequestEntityTooLarge)
		return
	}
	key, err := telegram.UpdateKey(body)
	if err != nil {
		return // 200: it would never parse
	}
	h.mu.Lock()
	fail, seen := h.failFirst > 0, h.seen[key]
	switch {
	case fail:
		h.failFirst--
	case seen:
		h.repeats++
	default:
		h.seen[key] = true
	}
	h.mu.Unlock()
	if fail {
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	if seen {
		return
	}
	if u, err := h.a.ParseWebhook(body); err == nil {
		select {
		case h.updates <- u:
		default:
		}
	}
}

// startHook starts a fake that retries deliveries quickly, an adapter,
// and a receiver set as the webhook.
func startHook(t *testing.T, failFirst int) (*telegramtest.Server, *telegram.Adapter, *hookReceiver) {
	t.Helper()
	f := telegramtest.New(telegramtest.Config{Token: testToken, WebhookRetry: 10 * time.Millisecond})
	t.Cleanup(f.Close)
	a := newAdapter(t, f, time.Second)
	h := &hookReceiver{a: a, failFirst: failFirst, seen: map[string]bool{}, updates: make(chan bot.Update, 100)}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	if err := a.SetWebhook(waitCtx(t), ts.URL+"/telegram", hookSecret); err != nil {
		t.Fatalf("SetWebhook: %v", err)
	}
	return f, a, h
}

// received returns the next n updates the receiver passed on.
func received(t *testing.T, h *hookReceiver, n int) []bot.Update {
	t.Helper()
	ctx := waitCtx(t)
	var out []bot.Update
	for len(out) < n {
		select {
		case u := <-h.updates:
			out = append(out, u)
		case <-ctx.Done():
			t.Fatalf("%d updates came, want %d", len(out), n)
		}
	}
	return out
}

func TestWebhookEndToEnd(t *testing.T) {
	f, _, h := startHook(t, 1)
	f.SetDuplicateDeliveries(true)
	msgID := f.PushMessage(lan, "/start")
	photoID, fileID, uniqueID := f.PushPhotoBytes(lan, "bãi rác", pngBytes("x"))
	cbID := f.PushCallback(lan, 1, "deed:42|sig")
	us := received(t, h, 3)
	if err := f.WaitDeliveries(waitCtx(t), 6); err != nil {
		t.Fatal(err)
	}
	t.Run("the updates come in order, converted", func(t *testing.T) {
		want := []struct {
			id   int64
			kind bot.Kind
		}{{msgID, bot.KindMessage}, {photoID, bot.KindMessage}, {cbID, bot.KindCallback}}
		for i, w := range want {
			if u := us[i]; u.Seq != w.id || u.Kind != w.kind || u.Platform != telegram.Platform || u.From.ID != "4201" {
				t.Errorf("update %d = %s, want %d of kind %s", i, describe(u), w.id, w.kind)
			}
		}
		if p := us[1].Photo; p == nil || p.FileID != fileID || p.FileUniqueID != uniqueID || us[1].Text != "bãi rác" {
			t.Errorf("photo update = %s", describe(us[1]))
		}
		if c := us[2].Callback; c == nil || c.Data != "deed:42|sig" {
			t.Errorf("callback update = %s", describe(us[2]))
		}
	})
	t.Run("a failed delivery is tried again", func(t *testing.T) {
		if got, want := f.WebhookFailures(), 1; got != want {
			t.Errorf("WebhookFailures = %d, want %d", got, want)
		}
	})
	t.Run("a repeated delivery is recognised by its key", func(t *testing.T) {
		h.mu.Lock()
		defer h.mu.Unlock()
		if got, want := h.repeats, 3; got != want {
			t.Errorf("repeats = %d, want %d", got, want)
		}
	})
}

func TestSetWebhookThenPollThenDelete(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, time.Second)
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	t.Cleanup(down.Close)
	hook := down.URL + "/telegram"
	if err := a.SetWebhook(waitCtx(t), hook, hookSecret); err != nil {
		t.Fatalf("SetWebhook: %v", err)
	}
	t.Run("the webhook is set with the secret, the kinds of update and the connections", func(t *testing.T) {
		if u, s := f.Webhook(); u != hook || s != hookSecret {
			t.Errorf("Webhook = %q, %q", u, s)
		}
		if got, err := a.WebhookURL(waitCtx(t)); err != nil || got != hook {
			t.Errorf("WebhookURL = %q, %v; want %q", got, err, hook)
		}
		api, err := tgbotapi.NewBotAPIWithAPIEndpoint(f.Token(), f.Endpoint())
		if err != nil {
			t.Fatal(err)
		}
		info, err := api.GetWebhookInfo()
		if err != nil || info.MaxConnections != 40 || !slices.Equal(info.AllowedUpdates, []string{"message", "callback_query"}) {
			t.Errorf("GetWebhookInfo = %+v, %v", info, err)
		}
	})
	id := f.PushMessage(lan, "chờ")
	t.Run("Poll is a conflict while the webhook is set", func(t *testing.T) {
		_, err := a.Poll(waitCtx(t), 0)
		wantPlatformError(t, err, bot.Conflict)
		wantNoToken(t, err)
	})
	if err := a.DeleteWebhook(waitCtx(t)); err != nil {
		t.Fatalf("DeleteWebhook: %v", err)
	}
	t.Run("after DeleteWebhook, no URL and Poll gets the undelivered update", func(t *testing.T) {
		if got, err := a.WebhookURL(waitCtx(t)); err != nil || got != "" {
			t.Errorf("WebhookURL = %q, %v; want none", got, err)
		}
		if got := seqs(poll(t, a, 0)); !slices.Equal(got, []int64{id}) {
			t.Errorf("Poll = %v, want [%d]", got, id)
		}
	})
}

func TestSetWebhookChecksItsArgumentsFirst(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	for _, tt := range []struct{ label, url, secret string }{
		{"an empty secret", "https://chungsuc.example/tg", ""},
		{"a secret with a colon", "https://chungsuc.example/tg", "a:b"},
		{"a secret with a non-ASCII letter", "https://chungsuc.example/tg", "ngõ"},
		{"a secret over 256 characters", "https://chungsuc.example/tg", strings.Repeat("a", telegram.MaxSecret+1)},
		{"an empty URL", "", hookSecret},
		{"a relative URL", "/tg", hookSecret},
		{"an ftp URL", "ftp://chungsuc.example/tg", hookSecret},
	} {
		t.Run(tt.label, func(t *testing.T) {
			err := a.SetWebhook(waitCtx(t), tt.url, tt.secret)
			wantPlatformError(t, err, bot.Rejected)
		})
	}
	if n := f.Calls("setWebhook"); n != 0 {
		t.Errorf("setWebhook called %d times, want 0", n)
	}
}

func TestWebhookMethodErrors(t *testing.T) {
	tests := []struct {
		label  string
		method string
		call   func(a *telegram.Adapter, t *testing.T) error
	}{
		{"SetWebhook", "setWebhook", func(a *telegram.Adapter, t *testing.T) error {
			return a.SetWebhook(waitCtx(t), "https://chungsuc.example/tg", hookSecret)
		}},
		{"DeleteWebhook", "deleteWebhook", func(a *telegram.Adapter, t *testing.T) error { return a.DeleteWebhook(waitCtx(t)) }},
		{"WebhookURL", "getWebhookInfo", func(a *telegram.Adapter, t *testing.T) error {
			_, err := a.WebhookURL(waitCtx(t))
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			f := startFake(t)
			a := newAdapter(t, f, 0)
			f.FailNext(tt.method, 1, telegramtest.BadRequest("bad webhook: Failed to resolve host"))
			err := tt.call(a, t)
			wantPlatformError(t, err, bot.Rejected)
			wantNoToken(t, err)
		})
	}
}

// TestParseWebhookAgreesWithPoll reads the fake's updates as raw JSON, as
// a webhook gets them, and checks ParseWebhook makes of each what Poll
// does.
func TestParseWebhookAgreesWithPoll(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, time.Second)
	f.PushMessage(lan, "/start g_HN")
	f.PushPhotoBytes(lan, "ảnh", pngBytes("x"))
	f.PushContact(tom, "+84901234567")
	f.PushSticker(lan)
	f.PushCallback(lan, 1, "deed:42|sig")
	f.PushRaw(json.RawMessage(`{"edited_message":{"message_id":1,"date":1,"chat":{"id":4201,"type":"private"},"text":"x"}}`))
	resp, err := http.PostForm(f.MethodURL("getUpdates"), url.Values{"timeout": {"0"}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var env struct {
		Result []json.RawMessage `json:"result"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
		t.Fatal(err)
	}
	polled := poll(t, a, 0)
	if len(env.Result) != 6 || len(polled) != 6 {
		t.Fatalf("%d raw updates, %d polled; want 6", len(env.Result), len(polled))
	}
	for i, raw := range env.Result {
		got, err := a.ParseWebhook(raw)
		if err != nil {
			t.Fatalf("ParseWebhook(%s): %v", raw, err)
		}
		want := polled[i]
		if got.Kind == bot.KindCallback {
			got.Time, want.Time = time.Time{}, time.Time{} // the time of reading
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("update %d: ParseWebhook =\n%s\nPoll =\n%s", i, describe(got), describe(want))
		}
		if key, err := telegram.UpdateKey(raw); err != nil || key != got.ID {
			t.Errorf("update %d: UpdateKey = %q, %v; want %q", i, key, err, got.ID)
		}
	}
}

func TestParseWebhook(t *testing.T) {
	const from = `"from":{"id":4201,"is_bot":false,"first_name":"Lan","language_code":"vi"}`
	const chat = `"chat":{"id":4201,"type":"private"}`
	a := telegram.Offline(telegramtest.DefaultBotID)
	tests := []struct {
		label, body string
		want        string // "kind id text", or "" for an error
	}{
		{"a message", `{"update_id":1001,"message":{"message_id":5,` + from + `,` + chat + `,"date":1700000000,"text":"/start"}}`,
			"message 1001 /start"},
		{"a photo takes its caption as text", `{"update_id":1002,"message":{"message_id":6,` + from + `,` + chat +
			`,"date":1,"photo":[{"file_id":"s","file_unique_id":"us","width":90,"height":90},` +
			`{"file_id":"L","file_unique_id":"uL","width":900,"height":900}],"caption":"bãi rác"}}`, "message 1002 bãi rác"},
		{"a button press", `{"update_id":1003,"callback_query":{"id":"77",` + from +
			`,"message":{"message_id":9,` + chat + `,"date":1},"chat_instance":"1","data":"deed:42|sig"}}`, "callback 1003 "},
		{"an edit is ignored", `{"update_id":1004,"edited_message":{"message_id":5,` + from + `,` + chat + `,"date":1,"text":"x"}}`,
			"ignored 1004 "},
		{"a message without a chat is ignored", `{"update_id":1005,"message":{"message_id":5,` + from + `,"date":1,"text":"x"}}`,
			"ignored 1005 "},
		{"bad JSON", `{"update_id":1006,`, ""},
		{"null", `null`, ""},
		{"an array", `[{"update_id":1}]`, ""},
		{"no update_id", `{"message":{"message_id":5}}`, ""},
		{"a zero update_id", `{"update_id":0}`, ""},
		{"a negative update_id", `{"update_id":-3}`, ""},
		{"a string update_id", `{"update_id":"7"}`, ""},
		{"a body over the limit", `{"update_id":7,"x":"` + strings.Repeat("a", telegram.MaxWebhookBody) + `"}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			u, err := a.ParseWebhook([]byte(tt.body))
			key, kerr := telegram.UpdateKey([]byte(tt.body))
			if tt.want == "" {
				if err == nil || kerr == nil || !errors.Is(err, telegram.ErrBadWebhook) || !errors.Is(kerr, telegram.ErrBadWebhook) {
					t.Errorf("ParseWebhook, UpdateKey = %s, %q, %v, %v; want ErrBadWebhook", describe(u), key, err, kerr)
				}
				return
			}
			if err != nil || kerr != nil {
				t.Fatalf("ParseWebhook, UpdateKey: %v, %v", err, kerr)
			}
			if got := string(u.Kind) + " " + u.ID + " " + u.Text; got != tt.want {
				t.Errorf("update = %q, want %q", got, tt.want)
			}
			if key != u.ID || u.Platform != telegram.Platform || u.Source != "telegram:123456" {
				t.Errorf("key %q, update %s", key, describe(u))
			}
		})
	}
	t.Run("a photo is its largest size", func(t *testing.T) {
		u, _ := a.ParseWebhook([]byte(tests[1].body))
		if u.Photo == nil || u.Photo.FileID != "L" || u.Photo.FileUniqueID != "uL" {
			t.Errorf("photo = %+v", u.Photo)
		}
	})
	t.Run("a press keeps its data, chat and message", func(t *testing.T) {
		u, _ := a.ParseWebhook([]byte(tests[2].body))
		if u.Callback == nil || u.Callback.Data != "deed:42|sig" || u.Callback.ID != "77" || u.Chat.ID != "4201" || u.MessageID != "9" {
			t.Errorf("callback update = %s", describe(u))
		}
	})
}

func TestSecretOK(t *testing.T) {
	for _, tt := range []struct {
		label, header, secret string
		want                  bool
	}{
		{"the secret", hookSecret, hookSecret, true},
		{"another secret", "other", hookSecret, false},
		{"a prefix of the secret", hookSecret[:5], hookSecret, false},
		{"no header", "", hookSecret, false},
		{"no secret set never matches", "", "", false},
	} {
		t.Run(tt.label, func(t *testing.T) {
			h := http.Header{}
			if tt.header != "" {
				h.Set(telegram.SecretHeader, tt.header)
			}
			if got := telegram.SecretOK(h, tt.secret); got != tt.want {
				t.Errorf("SecretOK = %v, want %v", got, tt.want)
			}
		})
	}
}
