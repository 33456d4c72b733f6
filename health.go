package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chungsuc/chungsuc/storage"
)

// health answers /healthz: 200 while every messenger served showed a sign
// of life within maxAge (a poll answered, a webhook delivered, a message
// sent or, in webhook mode when all is quiet, a look at the webhook's
// settings) and the database answers a read; 503 with the reason
// otherwise. It also keeps the last 429 of each messenger, for /status.
type health struct {
	db     *storage.DB
	maxAge time.Duration
	now    func() time.Time

	mu        sync.Mutex
	last      map[string]time.Time // the last sign of life, by platform
	inPoll    map[string]bool      // a poll is parked at the platform
	lastPause map[string]pauseSeen
	store     string // why updates cannot be stored now ("" when they can)
}

// pauseSeen is a 429: when, and how long it asked to wait.
type pauseSeen struct {
	At   time.Time
	Wait time.Duration
}

// dbCheckTimeout bounds the database's read in a health check.
const dbCheckTimeout = 2 * time.Second

// newHealth watches platforms; each counts as alive now (its token was
// just checked at start). A platform is silent when nothing was heard from
// it for maxAge and no poll is parked at it.
func newHealth(db *storage.DB, platforms []string, maxAge time.Duration) *health {
	h := &health{db: db, maxAge: maxAge, now: time.Now, last: map[string]time.Time{}, inPoll: map[string]bool{}, lastPause: map[string]pauseSeen{}}
	for _, p := range platforms {
		h.last[p] = h.now()
	}
	return h
}

// contact records a sign of life of platform.
func (h *health) contact(platform string) {
	now := h.now()
	h.mu.Lock()
	h.last[platform] = now
	h.mu.Unlock()
}

// polling records that a poll of platform began (on) or ended: a poll
// parked at the platform, waiting for updates, is a sign of life (it ends
// within its timeout, with a sign of life or a failure).
func (h *health) polling(platform string, on bool) {
	h.mu.Lock()
	h.inPoll[platform] = on
	h.mu.Unlock()
}

// storeFailing records why updates cannot be stored now ("" when they
// can again): the health check says so.
func (h *health) storeFailing(reason string) {
	h.mu.Lock()
	h.store = reason
	h.mu.Unlock()
}

// paused records a 429 of platform.
func (h *health) paused(platform string, d time.Duration) {
	now := h.now()
	h.mu.Lock()
	h.lastPause[platform] = pauseSeen{At: now, Wait: d}
	h.mu.Unlock()
}

// lastPauses returns the last 429 of each platform that had one.
func (h *health) lastPauses() map[string]pauseSeen {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make(map[string]pauseSeen, len(h.lastPause))
	for p, s := range h.lastPause {
		out[p] = s
	}
	return out
}

// silentFor returns the platforms without a sign of life for longer
// than age, sorted, with how long each has been silent.
func (h *health) silentFor(age time.Duration) (platforms []string, silent map[string]time.Duration) {
	now := h.now()
	h.mu.Lock()
	defer h.mu.Unlock()
	silent = map[string]time.Duration{}
	for p, t := range h.last {
		if d := now.Sub(t); d > age && !h.inPoll[p] {
			platforms = append(platforms, p)
			silent[p] = d
		}
	}
	slices.Sort(platforms)
	return platforms, silent
}

// check returns why the bot is unhealthy, nil when it is healthy.
func (h *health) check(ctx context.Context) []string {
	var reasons []string
	platforms, silent := h.silentFor(h.maxAge)
	for _, p := range platforms {
		reasons = append(reasons, fmt.Sprintf("%s: nothing heard for %s", p, silent[p].Round(time.Second)))
	}
	h.mu.Lock()
	if h.store != "" {
		reasons = append(reasons, h.store)
	}
	h.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, dbCheckTimeout)
	defer cancel()
	if err := h.db.Ping(ctx); err != nil {
		reasons = append(reasons, "database: no answer to a read: "+err.Error())
	}
	return reasons
}

// ServeHTTP answers /healthz.
func (h *health) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if reasons := h.check(r.Context()); len(reasons) > 0 {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "unhealthy")
		fmt.Fprintln(w, strings.Join(reasons, "\n"))
		return
	}
	fmt.Fprintln(w, "ok")
}

// probe keeps the health check fed in webhook mode, where a quiet hour
// brings no webhook and no send: every maxAge/4 it asks each messenger
// silent for maxAge/2 about its webhook (a cheap call), and a success
// counts as a sign of life. It returns when ctx ends.
func (h *health) probe(ctx context.Context, probes map[string]func(context.Context) error, log *slog.Logger) {
	every := min(max(h.maxAge/4, time.Second), time.Minute)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		platforms, _ := h.silentFor(h.maxAge / 2)
		for _, p := range platforms {
			probe := probes[p]
			if probe == nil {
				continue
			}
			pctx, cancel := context.WithTimeout(ctx, every)
			err := probe(pctx)
			cancel()
			if err == nil {
				h.contact(p)
			} else if ctx.Err() == nil {
				log.Debug("messenger did not answer the health probe", "platform", p, "err", err)
			}
		}
	}
}
