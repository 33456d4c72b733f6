package zalotest

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestSetWebhookValidatesAndStores(t *testing.T) {
	s := start(t)
	tests := []struct {
		name, url, secret string
		status            int
	}{
		{"secret of 7", "https://x.vn/h", "1234567", 400},
		{"secret of 257", "https://x.vn/h", strings.Repeat("s", 257), 400},
		{"not a URL", "x.vn/h", "12345678", 400},
		{"secret of 8", "https://x.vn/h", "12345678", 200},
		{"secret of 256, plain http allowed", "http://127.0.0.1/h", strings.Repeat("s", 256), 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := call(t, s, "setWebhook", map[string]any{"url": tt.url, "secret_token": tt.secret})
			if tt.status != 200 {
				wantError(t, r, tt.status)
				return
			}
			var res setWebhookJSON
			wantOK(t, r, &res)
			if res.URL != tt.url || res.UpdatedAt == 0 || res.Verification.Outcome != "webhook.ok" || !res.Verification.OK {
				t.Errorf("result = %+v", res)
			}
		})
	}
	s.SetAllowHTTPWebhook(false)
	wantError(t, call(t, s, "setWebhook", map[string]any{"url": "http://x.vn/h", "secret_token": "12345678"}), 400)

	var info webhookInfoJSON
	wantOK(t, call(t, s, "getWebhookInfo", nil), &info)
	if info.URL != "http://127.0.0.1/h" {
		t.Errorf("getWebhookInfo = %+v", info)
	}
	wantError(t, call(t, s, "getUpdates", map[string]any{"timeout": 0}), 400) // polling and webhook are exclusive
	wantOK(t, call(t, s, "deleteWebhook", nil), nil)
	wantOK(t, call(t, s, "getWebhookInfo", nil), &info)
	if info.URL != "" {
		t.Errorf("getWebhookInfo after delete = %+v", info)
	}
	if r := call(t, s, "getWebhookInfo", nil); !strings.Contains(r.Raw, `"url":""`) {
		t.Errorf("getWebhookInfo = %s, want url \"\"", r.Raw)
	}
}

func TestTestWebhookHasADailyQuota(t *testing.T) {
	s := NewServer(Config{TestWebhookQuota: 2})
	t.Cleanup(s.Close)
	wantError(t, call(t, s, "testWebhook", nil), 400) // none set
	wantOK(t, call(t, s, "setWebhook", map[string]any{"url": "https://x.vn/h", "secret_token": "12345678"}), nil)
	wantOK(t, call(t, s, "testWebhook", nil), nil)
	wantOK(t, call(t, s, "testWebhook", nil), nil)
	r := call(t, s, "testWebhook", nil)
	if r.OK || r.Status != 426 || r.ErrorCodeCamel != 426 || r.ErrorCode != 0 {
		t.Errorf("over quota = %d %s, want 426 with a camelCase errorCode", r.Status, r.Raw)
	}
}

func TestDeliverWebhook(t *testing.T) {
	s := start(t)
	type delivery struct {
		secret, ctype string
		body          map[string]any
	}
	got := make(chan delivery, 4)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		got <- delivery{r.Header.Get(SecretHeader), r.Header.Get("Content-Type"), m}
	}))
	t.Cleanup(ts.Close)
	ev := s.TextEvent("u1", "Lan", "chào")
	if _, err := s.DeliverWebhook(waitCtx(t), true, ev); !errors.Is(err, ErrNoWebhook) {
		t.Fatalf("DeliverWebhook without a webhook = %v, want ErrNoWebhook", err)
	}
	wantOK(t, call(t, s, "setWebhook", map[string]any{"url": ts.URL, "secret_token": "s3cret-s3cret"}), nil)
	if status, err := s.DeliverWebhook(waitCtx(t), true, ev); err != nil || status != 200 {
		t.Fatalf("DeliverWebhook = %d, %v", status, err)
	}
	d := <-got
	result, _ := d.body["result"].(map[string]any)
	if d.secret != "s3cret-s3cret" || d.ctype != "application/json" || d.body["ok"] != true || result["event_name"] != EventText {
		t.Errorf("wrapped delivery = %+v", d)
	}
	if _, _, err := s.DeliverTwice(waitCtx(t), false, ev); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		d := <-got
		msg, _ := d.body["message"].(map[string]any)
		if d.body["event_name"] != EventText || msg["message_id"] != ev.Message.MessageID {
			t.Errorf("bare delivery = %+v", d)
		}
	}
}
