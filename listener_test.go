package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/bot/zalo"
	"github.com/chungsuc/chungsuc/storage"
)

// testListener serves a listener with one webhook, "demo", whose secret
// header is X-Secret: s3cret and whose updates are {"id":"..."}.
func testListener(t *testing.T) (*httptest.Server, *storage.DB, *int) {
	t.Helper()
	db, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "l.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	woken := 0
	l := &listener{db: db, log: slog.New(slog.NewTextHandler(io.Discard, nil)), media: true,
		received: func() { woken++ },
		hooks: map[string]hook{"demo": {platform: "demo",
			secretOK: func(h http.Header) bool { return h.Get("X-Secret") == "s3cret" },
			key: func(body []byte) (string, error) {
				var v struct{ ID string }
				if err := json.Unmarshal(body, &v); err != nil || v.ID == "" {
					return "", errors.New("no id")
				}
				return v.ID, nil
			}}}}
	srv := httptest.NewServer(l.handler())
	t.Cleanup(srv.Close)
	return srv, db, &woken
}

func post(t *testing.T, url, secret string, body []byte) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if secret != "" {
		req.Header.Set("X-Secret", secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestWebhookIntake(t *testing.T) {
	srv, db, woken := testListener(t)
	url := srv.URL + webhookPath("demo")
	tests := []struct {
		name   string
		secret string
		body   []byte
		want   int
	}{
		{"no secret", "", []byte(`{"id":"1"}`), http.StatusUnauthorized},
		{"wrong secret", "s3creT", []byte(`{"id":"1"}`), http.StatusUnauthorized},
		{"not an update (dropped, or the platform would send it again)", "s3cret", []byte(`{"x":1}`), http.StatusOK},
		{"over 1 MB", "s3cret", []byte(`{"id":"2","pad":"` + strings.Repeat("a", maxWebhookBody) + `"}`), http.StatusRequestEntityTooLarge},
		{"an update", "s3cret", []byte(`{"id":"1"}`), http.StatusOK},
		{"the same update again", "s3cret", []byte(`{"id":"1"}`), http.StatusOK},
		{"another", "s3cret", []byte(`{"id":"3"}`), http.StatusOK},
	}
	for _, tt := range tests {
		if got := post(t, url, tt.secret, tt.body); got != tt.want {
			t.Errorf("%s: status %d, want %d", tt.name, got, tt.want)
		}
	}
	if resp, err := http.Get(url); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET: %v %v", resp.StatusCode, err)
	}
	rows, err := db.Inbox(context.Background(), []string{"demo"}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Key != "1" || rows[1].Key != "3" {
		t.Errorf("inbox holds %+v, want updates 1 and 3 once each", rows)
	}
	if *woken != 3 {
		t.Errorf("the engine was woken %d times, want 3 (once per update stored or repeated)", *woken)
	}
	if got := post(t, srv.URL+webhookPath("other"), "s3cret", []byte(`{"id":"9"}`)); got != http.StatusNotFound {
		t.Errorf("an unknown platform's webhook: %d", got)
	}
}

func TestMediaServedByHash(t *testing.T) {
	srv, db, _ := testListener(t)
	png := []byte("\x89PNG\r\n\x1a\n fake image bytes")
	hash, err := db.PutMedia(context.Background(), "image/png", png)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(srv.URL + "/media/" + hash)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Equal(body, png) || resp.Header.Get("Content-Type") != "image/png" {
		t.Errorf("got %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	for _, path := range []string{"/media/" + strings.Repeat("0", 64), "/media/../l.db", "/media/" + hash[:10], "/media/"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, resp.StatusCode)
		}
	}
}

func TestInboxSourceAppliesInOrderAndDropsOnlyWhatWasApplied(t *testing.T) {
	_, db, _ := testListener(t)
	ctx := context.Background()
	for _, k := range []string{"a", "b"} {
		if _, err := db.PutInbox(ctx, "demo", k, []byte(k)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.PutInbox(ctx, "gone", "z", []byte("z")); err != nil {
		t.Fatal(err)
	}
	src := newInboxSource(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	src.parse["demo"] = func(b []byte) (bot.Update, error) { return bot.Update{ID: string(b)}, nil }
	ups, err := src.Poll(ctx, 0)
	if err != nil || len(ups) != 2 || ups[0].ID != "a" || ups[1].ID != "b" {
		t.Fatalf("first poll: %+v %v", ups, err)
	}
	if rows, _ := db.Inbox(ctx, []string{"demo"}, 10); len(rows) != 2 {
		t.Errorf("a batch went before the next poll (it may not be applied yet)")
	}
	if _, err := db.PutInbox(ctx, "demo", "c", []byte("c")); err != nil {
		t.Fatal(err)
	}
	ups, err = src.Poll(ctx, 0)
	if err != nil || len(ups) != 1 || ups[0].ID != "c" {
		t.Fatalf("second poll: %+v %v", ups, err)
	}
	if rows, _ := db.Inbox(ctx, []string{"gone"}, 10); len(rows) != 1 {
		t.Errorf("an update of a messenger not served was dropped")
	}
}

// BenchmarkWebhookIntake measures the webhook's whole intake over HTTP:
// check the secret, read the body, name the update, commit it to the
// inbox, answer 200; from concurrent connections, as a platform delivers.
// It reports requests per second (the target is 5,000).
func BenchmarkWebhookIntake(b *testing.B) {
	db, err := storage.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	l := &listener{db: db, log: slog.New(slog.NewTextHandler(io.Discard, nil)), received: func() {},
		hooks: map[string]hook{"zalo": {platform: "zalo",
			secretOK: func(h http.Header) bool { return zalo.SecretOK(h, "bench-secret-123") },
			key:      zalo.DedupeKey}}}
	srv := httptest.NewServer(l.handler())
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 128}}
	url := srv.URL + webhookPath("zalo")
	var seq atomic.Int64
	b.SetParallelism(20) // 20 × GOMAXPROCS concurrent deliveries (Telegram uses up to 40 connections)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n := seq.Add(1)
			body := fmt.Sprintf(`{"ok":true,"result":{"event_name":"message.text.received","message":{"from":{"id":"u%d","display_name":"An"},"chat":{"id":"u%d","chat_type":"PRIVATE"},"text":"/khaibao","message_id":"m%020d","date":1764662400000}}}`, n%5000, n%5000, n)
			req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
			req.Header.Set("X-Bot-Api-Secret-Token", "bench-secret-123")
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
}
