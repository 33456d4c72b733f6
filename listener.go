package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/chungsuc/chungsuc/storage"
)

// maxWebhookBody is the largest webhook body accepted (1 MB): an update is
// a few kilobytes.
const maxWebhookBody = 1 << 20

// hook is what the listener needs to take one messenger's webhook: how to
// check its secret and how to name an update so that a repeated delivery
// is stored once.
type hook struct {
	platform string
	secretOK func(h http.Header) bool
	key      func(body []byte) (string, error)
}

// listener is the bot's one HTTP server (CHUNGSUC_HTTP): the messengers'
// webhooks at /webhook/<platform>, the metrics at /metrics, the health
// check at /healthz and, when CHUNGSUC_PUBLIC_URL is set, the photos kept
// at /media/<hash> and the public pages (public.go).
type listener struct {
	db    *storage.DB
	log   *slog.Logger
	hooks map[string]hook
	media bool
	// received is told (without blocking) that the inbox has an update.
	received func()
	// contact is told of each webhook stored: a sign of life of its
	// platform for the health check.
	contact func(platform string)
	// stored, when set, is told how each webhook's storing went (nil: it
	// was stored): a full disk or a read-only database is noticed here
	// first in webhook mode.
	stored func(ctx context.Context, err error)
	// metrics and health serve /metrics and /healthz (nil: not served).
	metrics, health http.Handler
	// public serves the public pages (nil: CHUNGSUC_PUBLIC_URL is unset).
	public *publicPages
	// small keeps the smaller copies of photos the pages show (nil: the
	// photos are served as they are).
	small *resizer
}

// webhookPath is where a platform's webhook is served.
func webhookPath(platform string) string { return "/webhook/" + platform }

// handler routes the listener's requests.
func (l *listener) handler() http.Handler {
	mux := http.NewServeMux()
	for p, h := range l.hooks {
		mux.Handle(webhookPath(p), l.webhook(h))
	}
	if l.media {
		mux.HandleFunc("GET /media/{hash}", l.serveMedia)
	}
	if l.public != nil {
		l.public.routes(mux)
	}
	if l.metrics != nil {
		mux.Handle("GET /metrics", l.metrics)
	}
	if l.health != nil {
		mux.Handle("/healthz", l.health)
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	return mux
}

// webhook takes one platform's updates: a POST with the right secret and
// a body under 1 MB is stored in the inbox and answered 200 once
// committed; the engine applies it from there. The same update delivered
// twice is stored once and answered 200 both times; a body that is no
// update is logged and answered 200, so that it is not delivered again.
func (l *listener) webhook(h hook) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if !h.secretOK(r.Header) {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
			return
		case err != nil:
			http.Error(w, "cannot read body", http.StatusBadRequest)
			return
		}
		key, err := h.key(body)
		if err != nil {
			// From the platform (the secret is right) but not an update the
			// bot can read: answered 200 all the same, or the platform would
			// deliver it again and again.
			l.log.Warn("webhook body is not an update; dropped", "platform", h.platform, "err", err)
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"ok":true}`)
			return
		}
		_, err = l.db.PutInbox(r.Context(), h.platform, key, body)
		if l.stored != nil {
			l.stored(r.Context(), err)
		}
		if err != nil {
			l.log.Error("webhook update not stored; the platform may deliver it again", "platform", h.platform, "err", err)
			http.Error(w, "try again", http.StatusServiceUnavailable)
			return
		}
		l.received()
		if l.contact != nil {
			l.contact(h.platform)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"ok":true}`)
	}
}

var hashRe = regexp.MustCompile(`^[0-9a-f]{64}$`)

// serveMedia serves a kept photo by the SHA-256 of its bytes: a name
// nobody can guess without having the picture; ?w=480 or ?w=960 serves it
// at most that wide (media_resize.go).
func (l *listener) serveMedia(w http.ResponseWriter, r *http.Request) {
	hash := strings.TrimSuffix(r.PathValue("hash"), ".jpg")
	if !hashRe.MatchString(hash) {
		http.NotFound(w, r)
		return
	}
	data, mime, err := l.db.Media(r.Context(), hash)
	if errors.Is(err, storage.ErrNotFound) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		http.Error(w, "try again", http.StatusServiceUnavailable)
		return
	}
	if width, ok := photoWidths[r.URL.Query().Get("w")]; ok && l.small != nil {
		data, mime = l.small.resized(hash, data, mime, width)
	}
	w.Header().Set("Content-Type", mime)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(data)
}

// serveHTTP listens on addr until ctx ends, then shuts down within a
// second. It returns once listening failed or the server stopped; ready,
// if not nil, gets the address it listens on.
func serveHTTP(ctx context.Context, addr string, h http.Handler, log *slog.Logger, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return badSetting("CHUNGSUC_HTTP: cannot listen on %s: %v", addr, err)
	}
	if ready != nil {
		ready(ln.Addr())
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	return nil
}
