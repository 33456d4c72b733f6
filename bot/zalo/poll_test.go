package zalo_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/bot/zalo"
	"github.com/chungsuc/chungsuc/bot/zalo/zalotest"
)

func TestPollReturnsOneUpdatePerCall(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	first := f.PushText(lan, "Lan", "một")
	second := f.PushText(minh, "Minh", "hai")
	for _, want := range []struct{ id, text string }{{first, "một"}, {second, "hai"}} {
		u := pollOne(t, a)
		if u.ID != want.id || u.Text != want.text {
			t.Errorf("update = %q %q, want %q %q", u.ID, u.Text, want.id, want.text)
		}
	}
	if n := f.Pending(); n != 0 {
		t.Errorf("Pending = %d, want 0: each update is forgotten once handed out", n)
	}
}

func TestIdlePollReturnsNothingQuickly(t *testing.T) {
	f := startFake(t)
	f.SetMaxPollWait(20 * time.Millisecond)
	a := newAdapter(t, f, 0) // asks for 30 s; the fake answers 408 after 20 ms
	start := time.Now()
	us, err := a.Poll(waitCtx(t), 0)
	if err != nil || us != nil {
		t.Fatalf("Poll = %v, %v; want nil, nil", us, err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("an idle poll took %v", d)
	}
}

// TestPollWaitsTheWholeTimeout checks that the request's own deadline
// outlasts the long poll: Zalo answers 408 only after the timeout.
func TestPollWaitsTheWholeTimeout(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, time.Second)
	start := time.Now()
	us, err := a.Poll(waitCtx(t), 0)
	if err != nil || us != nil {
		t.Fatalf("Poll = %v, %v; want nil, nil", us, err)
	}
	if d := time.Since(start); d < 900*time.Millisecond {
		t.Errorf("poll returned after %v, before the 1 s timeout", d)
	}
}

func TestPollWakesWhenAnUpdateArrives(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	ctx := waitCtx(t)
	done := make(chan bot.Update, 1)
	go func() {
		us, _ := a.Poll(ctx, 0)
		if len(us) == 1 {
			done <- us[0]
		}
		close(done)
	}()
	if err := f.WaitPolling(ctx, 1); err != nil {
		t.Fatalf("WaitPolling: %v", err)
	}
	id := f.PushText(lan, "Lan", "có ai không?")
	select {
	case u := <-done:
		if u.ID != id {
			t.Errorf("update %q, want %q", u.ID, id)
		}
	case <-ctx.Done():
		t.Fatal("the poll did not wake")
	}
}

func TestPollWhileAWebhookIsSetFails(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	if _, err := a.SetWebhook(waitCtx(t), "https://chungsuc.example/zalo", "s3cret-s3cret"); err != nil {
		t.Fatalf("SetWebhook: %v", err)
	}
	_, err := a.Poll(waitCtx(t), 0)
	wantKind(t, err, bot.Rejected)
	if err := a.DeleteWebhook(waitCtx(t)); err != nil {
		t.Fatalf("DeleteWebhook: %v", err)
	}
	f.PushText(lan, "Lan", "lại được rồi")
	if u := pollOne(t, a); u.Text != "lại được rồi" {
		t.Errorf("Text = %q", u.Text)
	}
}

func TestPollOnAFailureReturnsAPlatformError(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	f.FailNext("getUpdates", 1, zalotest.Unauthorized())
	_, err := a.Poll(waitCtx(t), 0)
	wantKind(t, err, bot.Unauthorized)
}

// TestPollResultShapes checks the shapes of getUpdates' result seen in the
// wild, against a bare server.
func TestPollResultShapes(t *testing.T) {
	text := func(id string) string {
		return `{"event_name":"message.text.received","message":{"from":{"id":"` + lan +
			`"},"chat":{"id":"` + lan + `","chat_type":"PRIVATE"},"text":"hi","message_id":"` + id + `","date":1750316131602}}`
	}
	tests := []struct {
		name, status, body string
		want               []string // update ids
		wantErr            bool
	}{
		{"one object", "200", `{"ok":true,"result":` + text("a1") + `}`, []string{"a1"}, false},
		{"an array", "200", `{"ok":true,"result":[` + text("a1") + `,` + text("a2") + `]}`, []string{"a1", "a2"}, false},
		{"an array with junk", "200", `{"ok":true,"result":[` + text("a1") + `,7,{}]}`, []string{"a1"}, false},
		{"null", "200", `{"ok":true,"result":null}`, nil, false},
		{"no result", "200", `{"ok":true}`, nil, false},
		{"an empty object", "200", `{"ok":true,"result":{}}`, nil, false},
		{"408 in the body only", "200", `{"ok":false,"error_code":408,"description":"Request timeout"}`, nil, false},
		{"408 status, body not JSON", "408", `<html>timeout</html>`, nil, false},
		{"a string result", "200", `{"ok":true,"result":"what"}`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if strings.HasSuffix(r.URL.Path, "/getMe") {
					_, _ = io.WriteString(w, `{"ok":true,"result":{"id":"1459232241454765289"}}`)
					return
				}
				if tt.status == "408" {
					w.WriteHeader(http.StatusRequestTimeout)
				}
				_, _ = io.WriteString(w, tt.body)
			}))
			defer ts.Close()
			a, err := zalo.New(waitCtx(t), zalo.Config{Token: testToken, Endpoint: ts.URL})
			if err != nil {
				t.Fatal(err)
			}
			us, err := a.Poll(waitCtx(t), 0)
			if tt.wantErr {
				wantKind(t, err, bot.Temporary)
				return
			}
			if err != nil {
				t.Fatalf("Poll: %v", err)
			}
			var ids []string
			for _, u := range us {
				ids = append(ids, u.ID)
			}
			if strings.Join(ids, ",") != strings.Join(tt.want, ",") {
				t.Errorf("ids = %v, want %v", ids, tt.want)
			}
		})
	}
}
