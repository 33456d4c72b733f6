package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chungsuc/chungsuc/storage"
)

// FuzzPublicRequest asks the public pages for any path under /u/, with
// any language and cache headers: the answer is a page (200), not
// modified (304), not found (404) or the clean path (a redirect), never
// a crash, and a page never
// echoes what was asked unescaped.
func FuzzPublicRequest(f *testing.F) {
	for _, seed := range [][3]string{
		{"HN-TM", "vi", ""}, {"hn-tm-t01", "en", ""}, {"HN-TM/qr.png", "", ""}, {"HN-TM/qr.pdf", "en", "gzip"},
		{"NOPE", "fr", `"x"`}, {"<script>", "vi", ""}, {"%00", "", ""}, {strings.Repeat("A", 80), "en", ""},
		{"HN-TM?lang=en", "", ""}, {"../../etc", "", ""}, {"Phường", "vi", "*"},
	} {
		f.Add(seed[0], seed[1], seed[2])
	}
	ctx := context.Background()
	path := filepath.Join(f.TempDir(), "fuzz.db")
	db, err := storage.Open(ctx, path)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	if err := loadSample(ctx, db, io.Discard); err != nil {
		f.Fatal(err)
	}
	cfg := config{DB: path, Lang: "vi", tzName: "Asia/Ho_Chi_Minh"}
	if err := cfg.check(); err != nil {
		f.Fatal(err)
	}
	app, err := newApp(ctx, db, &cfg, newLogger(io.Discard, 0), "ChungSucBot", offline())
	if err != nil {
		f.Fatal(err)
	}
	mux := http.NewServeMux()
	newPublicPages(app, db, "https://chungsuc.example.vn", app.JoinLink, newLogger(io.Discard, 0)).routes(mux)
	f.Fuzz(func(t *testing.T, code, lang, header string) {
		target := "/u/" + url.PathEscape(code) + "?lang=" + url.QueryEscape(lang)
		if strings.HasSuffix(code, "/qr.png") || strings.HasSuffix(code, "/qr.pdf") {
			target = "/u/" + url.PathEscape(strings.TrimSuffix(strings.TrimSuffix(code, "/qr.png"), "/qr.pdf")) + code[len(code)-7:]
		}
		r := httptest.NewRequest("GET", "/", nil)
		r.URL, err = url.Parse(target)
		if err != nil {
			return
		}
		r.RequestURI = target
		if utf8.ValidString(header) && !strings.ContainsAny(header, "\r\n") {
			r.Header.Set("If-None-Match", header)
			r.Header.Set("Accept-Encoding", header)
		}
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		switch w.Code {
		case 200, 304, 404:
		case 301, 307, 308: // a path with dot segments, sent to its clean form
			if w.Header().Get("Location") == "" {
				t.Fatalf("%s: %d without a Location", target, w.Code)
			}
			return
		default:
			t.Fatalf("%s: %d %s", target, w.Code, w.Body)
		}
		if w.Code != 304 && w.Body.Len() == 0 {
			t.Fatalf("%s: an empty answer", target)
		}
		if strings.Contains(strings.ToLower(code), "<script") && strings.Contains(strings.ToLower(w.Body.String()), "<script") {
			t.Fatalf("%s: the page echoes the request unescaped", target)
		}
	})
}
