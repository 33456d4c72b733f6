package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/storage"
)

// TestHealth checks /healthz's rules: a messenger silent for longer than
// maxAge makes it 503 unless a poll is parked at it; a sign of life makes
// it 200 again; a database that does not answer makes it 503.
func TestHealth(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	h := newHealth(db, []string{"telegram", "zalo"}, time.Minute)
	h.now = clock
	for p := range h.last {
		h.last[p] = clock()
	}
	get := func() (int, string) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
		b, _ := io.ReadAll(rec.Body)
		return rec.Code, string(b)
	}
	if code, body := get(); code != http.StatusOK || body != "ok\n" {
		t.Fatalf("fresh: %d %q", code, body)
	}
	advance(50 * time.Second)
	h.contact("telegram")
	h.polling("zalo", true) // a long poll parked at Zalo
	advance(50 * time.Second)
	if code, body := get(); code != http.StatusOK {
		t.Fatalf("zalo polling, telegram heard 50 s ago: %d %q", code, body)
	}
	h.polling("zalo", false) // the poll failed
	code, body := get()
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "zalo: nothing heard for 1m40s") ||
		strings.Contains(body, "telegram") {
		t.Fatalf("zalo silent 100 s: %d %q", code, body)
	}
	h.contact("zalo")
	if code, body := get(); code != http.StatusOK {
		t.Fatalf("zalo heard again: %d %q", code, body)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/healthz", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /healthz = %d", rec.Code)
	}
	db.Close()
	if code, body := get(); code != http.StatusServiceUnavailable || !strings.Contains(body, "database") {
		t.Fatalf("database closed: %d %q", code, body)
	}
}

// TestHealthProbe checks that in webhook mode a quiet messenger is asked
// about its webhook, and that its answer counts as a sign of life.
func TestHealthProbe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h := newHealth(db, []string{"telegram", "zalo"}, 2*time.Second)
	h.last["telegram"] = time.Now().Add(-time.Hour)
	h.last["zalo"] = time.Now().Add(-time.Hour)
	asked := make(chan string, 10)
	probes := map[string]func(context.Context) error{
		"telegram": func(context.Context) error { asked <- "telegram"; return nil },
		"zalo":     func(context.Context) error { asked <- "zalo"; return errors.New("unreachable") },
	}
	go h.probe(ctx, probes, newLogger(io.Discard, 0))
	seen := map[string]bool{}
	for len(seen) < 2 {
		select {
		case p := <-asked:
			seen[p] = true
		case <-time.After(10 * time.Second):
			t.Fatalf("probes asked: %v", seen)
		}
	}
	cancel()
	reasons := h.check(context.Background())
	if len(reasons) != 1 || !strings.HasPrefix(reasons[0], "zalo:") {
		t.Errorf("after the probes: %q, want zalo alone silent", reasons)
	}
}
