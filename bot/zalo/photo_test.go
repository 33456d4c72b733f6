package zalo_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/bot/zalo"
	"github.com/chungsuc/chungsuc/bot/zalo/zalotest"
)

func TestFetchPhoto(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	png := zalotest.PNG()
	u := f.ImageURL("abc", png)
	for _, p := range []bot.Photo{{URL: u, FileID: "ignored"}, {FileID: u}} {
		got, err := a.FetchPhoto(waitCtx(t), p)
		if err != nil {
			t.Fatalf("FetchPhoto(%+v): %v", p, err)
		}
		if !bytes.Equal(got, png) {
			t.Errorf("FetchPhoto returned %d bytes, want the %d of the PNG", len(got), len(png))
		}
	}
}

func TestFetchPhotoRefuses(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	big := append(zalotest.PNG(), make([]byte, zalo.MaxPhotoBytes)...)
	chunked := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "image/png") // no Content-Length: the body decides
		for range 11 {
			_, _ = w.Write(make([]byte, 1<<20))
			http.NewResponseController(w).Flush()
		}
	}))
	t.Cleanup(chunked.Close)
	status := func(code int) string {
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(code) }))
		t.Cleanup(ts.Close)
		return ts.URL + "/p.jpg"
	}
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	tests := []struct {
		name, url string
		want      bot.ErrorKind
	}{
		{"too big", f.ImageURL("big", big), bot.Rejected},
		{"too big without a length", chunked.URL, bot.Rejected},
		{"not an image", f.ImageURL("page", []byte("<html><body>Đăng nhập</body></html>")), bot.Rejected},
		{"empty", f.ImageURL("empty", nil), bot.Rejected},
		{"404", f.URL() + "/files/missing", bot.Rejected},
		{"403 (an expired CDN link)", status(http.StatusForbidden), bot.Rejected},
		{"503", status(http.StatusServiceUnavailable), bot.Temporary},
		{"429", status(http.StatusTooManyRequests), bot.Temporary},
		{"network", closed.URL + "/p.jpg", bot.Temporary},
		{"not http", "file:///etc/passwd", bot.Rejected},
		{"no URL", "", bot.Rejected},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := a.FetchPhoto(waitCtx(t), bot.Photo{URL: tt.url})
			wantKind(t, err, tt.want)
			if data != nil {
				t.Errorf("FetchPhoto returned %d bytes with an error", len(data))
			}
		})
	}
}
