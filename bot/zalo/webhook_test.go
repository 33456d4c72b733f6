package zalo_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/bot/zalo"
)

const secret = "Chung-suc_2025-webhook"

func TestSetWebhookThenInfoThenDelete(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	const hook = "https://chungsuc.example/zalo/webhook"
	outcome, err := a.SetWebhook(waitCtx(t), hook, secret)
	if err != nil || outcome != "webhook.ok" {
		t.Fatalf("SetWebhook = %q, %v; want webhook.ok", outcome, err)
	}
	if u, s := f.Webhook(); u != hook || s != secret {
		t.Errorf("fake has webhook %q with secret %q", u, s)
	}
	if got, err := a.WebhookInfo(waitCtx(t)); err != nil || got != hook {
		t.Errorf("WebhookInfo = %q, %v; want %q", got, err, hook)
	}
	if err := a.DeleteWebhook(waitCtx(t)); err != nil {
		t.Fatalf("DeleteWebhook: %v", err)
	}
	if got, err := a.WebhookInfo(waitCtx(t)); err != nil || got != "" {
		t.Errorf("WebhookInfo after delete = %q, %v; want \"\"", got, err)
	}
}

func TestSetWebhookChecksItsArgumentsFirst(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	tests := []struct{ name, url, secret string }{
		{"secret of 7", "https://x.vn/h", "1234567"},
		{"secret of 257", "https://x.vn/h", strings.Repeat("s", 257)},
		{"no secret", "https://x.vn/h", ""},
		{"not a URL", "x.vn/h", secret},
		{"ftp", "ftp://x.vn/h", secret},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := a.SetWebhook(waitCtx(t), tt.url, tt.secret)
			wantKind(t, err, bot.Rejected)
		})
	}
	if n := f.Calls("setWebhook"); n != 0 {
		t.Errorf("setWebhook called %d times, want 0", n)
	}
	for _, ok := range []string{"12345678", strings.Repeat("s", 256)} {
		if _, err := a.SetWebhook(waitCtx(t), "https://x.vn/h", ok); err != nil {
			t.Errorf("secret of %d: %v", len(ok), err)
		}
	}
}

func TestZaloRefusesAPlainHTTPWebhook(t *testing.T) {
	f := startFake(t)
	f.SetAllowHTTPWebhook(false)
	a := newAdapter(t, f, 0)
	_, err := a.SetWebhook(waitCtx(t), "http://chungsuc.example/h", secret)
	wantKind(t, err, bot.Rejected)
}

// receiver is a webhook handler as production would write one: secret
// checked in constant time, body capped, deliveries seen twice dropped by
// their DedupeKey, the rest parsed.
type receiver struct {
	a      *zalo.Adapter
	mu     sync.Mutex
	seen   map[string]bool
	got    []bot.Update
	dupes  int
	denied int
}

func (h *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !zalo.SecretOK(r.Header, secret) {
		h.mu.Lock()
		h.denied++
		h.mu.Unlock()
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, zalo.MaxWebhookBody))
	if err != nil {
		http.Error(w, "too big", http.StatusRequestEntityTooLarge)
		return
	}
	key, err := zalo.DedupeKey(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.seen[key] {
		h.dupes++
		return
	}
	u, err := h.a.ParseWebhook(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	h.seen[key] = true
	h.got = append(h.got, u)
}

func TestWebhookEndToEnd(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	h := &receiver{a: a, seen: map[string]bool{}}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	if _, err := a.SetWebhook(waitCtx(t), ts.URL+"/zalo", secret); err != nil {
		t.Fatalf("SetWebhook: %v", err)
	}
	wrapped := f.TextEvent(lan, "Lan", "gói")
	bare := f.PhotoEvent(minh, "Minh", "ảnh", "https://photo-stal-1.zdn.vn/x", false)
	twice := f.TextEvent(lan, "Lan", "hai lần")
	for _, d := range []struct {
		wrapped bool
		ev      any
	}{{true, wrapped}, {false, bare}} {
		if status, err := f.DeliverWebhook(waitCtx(t), d.wrapped, d.ev); err != nil || status != http.StatusOK {
			t.Fatalf("DeliverWebhook = %d, %v", status, err)
		}
	}
	if s1, s2, err := f.DeliverTwice(waitCtx(t), true, twice); err != nil || s1 != 200 || s2 != 200 {
		t.Fatalf("DeliverTwice = %d, %d, %v", s1, s2, err)
	}
	if status, err := f.DeliverRaw(waitCtx(t), []byte(`{"ok":true}`)); err != nil || status != http.StatusBadRequest {
		t.Errorf("a body without an event: %d, %v; want 400", status, err)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.got) != 3 || h.dupes != 1 || h.denied != 0 {
		t.Fatalf("got %d updates, %d duplicates, %d denied; want 3, 1, 0", len(h.got), h.dupes, h.denied)
	}
	want := []struct{ id, text string }{
		{wrapped.Message.MessageID, "gói"}, {bare.Message.MessageID, "ảnh"}, {twice.Message.MessageID, "hai lần"}}
	for i, w := range want {
		if u := h.got[i]; u.ID != w.id || u.Text != w.text || u.Kind != bot.KindMessage {
			t.Errorf("update %d = %q %q %s; want %q %q", i, u.ID, u.Text, u.Kind, w.id, w.text)
		}
	}
	if h.got[1].Photo == nil || h.got[1].Chat.ID != minh {
		t.Errorf("photo update = %+v", h.got[1])
	}
}

func TestSecretOK(t *testing.T) {
	tests := []struct {
		name, header, secret string
		want                 bool
	}{
		{"the secret", secret, secret, true},
		{"another secret", "Chung-suc_2025-webhooK", secret, false},
		{"a prefix", secret[:10], secret, false},
		{"longer", secret + "x", secret, false},
		{"no header", "", secret, false},
		{"no secret configured", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.header != "" {
				h.Set("X-Bot-Api-Secret-Token", tt.header)
			}
			if got := zalo.SecretOK(h, tt.secret); got != tt.want {
				t.Errorf("SecretOK = %v, want %v", got, tt.want)
			}
		})
	}
}
