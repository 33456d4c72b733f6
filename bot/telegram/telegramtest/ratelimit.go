package telegramtest

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"time"
)

// Limits are the flood limits a Limited front enforces, as Telegram's
// flood control does. A zero field sets no limit.
type Limits struct {
	// PerSecond bounds the requests that send or change something
	// (send*, edit*, answerCallbackQuery) in any one-second window.
	PerSecond int
	// ChatEvery is the least time between two messages (send*, edit*) to
	// one private chat; GroupPerMinute bounds the messages to one group
	// chat (a negative id) in any minute.
	ChatEvery      time.Duration
	GroupPerMinute int
	// RetryAfter is the retry_after of a refusal, in seconds (default 1).
	RetryAfter int
}

// Admitted is one request a Limited front let through.
type Admitted struct {
	Method string
	ChatID int64 // 0 for requests without a chat (answers)
	At     time.Time
}

// Limited is an HTTP front of a Server that enforces Limits: a request
// over a limit gets 429 "Too Many Requests: retry after N" and never
// reaches the server; the others are served by it as usual (so Block,
// FailNext and Down still apply). It records when it let each request
// through, so that a test or a benchmark can check the pace a client
// kept, on the server's side.
type Limited struct {
	s   *Server
	ts  *httptest.Server
	lim Limits

	mu       sync.Mutex
	recent   []time.Time // admitted paced requests in the last second
	chats    map[int64][]time.Time
	admitted []Admitted
	refused  []time.Time
}

// Limited starts a front of s on a loopback port that enforces lim.
// Close it before s.
func (s *Server) Limited(lim Limits) *Limited {
	if lim.RetryAfter <= 0 {
		lim.RetryAfter = 1
	}
	l := &Limited{s: s, lim: lim, chats: map[int64][]time.Time{}}
	l.ts = httptest.NewServer(http.HandlerFunc(l.handle))
	return l
}

// Endpoint returns the front's API endpoint format string, like
// Server.Endpoint.
func (l *Limited) Endpoint() string { return l.ts.URL + "/bot%s/%s" }

// Close stops the front (not the server behind it).
func (l *Limited) Close() { l.ts.Close() }

// Admitted returns the requests let through so far, in order.
func (l *Limited) Admitted() []Admitted {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.admitted)
}

// Refused returns how many requests got a 429 from the front.
func (l *Limited) Refused() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.refused)
}

// Refusals returns when the front answered 429, in order.
func (l *Limited) Refusals() []time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.refused)
}

// Busiest returns the most admitted requests that keep(a) holds for
// within any window (t-w, t]: 1 s for the global rate, 1 min for a group.
func (l *Limited) Busiest(w time.Duration, keep func(Admitted) bool) int {
	var times []time.Time
	for _, a := range l.Admitted() {
		if keep == nil || keep(a) {
			times = append(times, a.At)
		}
	}
	most, i := 0, 0
	for j := range times {
		for !times[i].After(times[j].Add(-w)) {
			i++
		}
		most = max(most, j-i+1)
	}
	return most
}

// handle applies the limits, then hands the request to the server.
func (l *Limited) handle(w http.ResponseWriter, r *http.Request) {
	_, method, _ := splitPath(r.URL.Path)
	paced, inChat := isPaced(method)
	if !paced {
		l.s.handle(w, r)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		dropConnection(w)
		return
	}
	var chat int64
	probe := r.Clone(r.Context())
	probe.Body = io.NopCloser(bytes.NewReader(body))
	if req, e := readRequest(probe); e == nil && inChat {
		chat, _ = req.chatID()
	}
	if !l.admit(method, chat) {
		writeError(w, tooManyRequests(l.lim.RetryAfter))
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	l.s.handle(w, r)
}

// isPaced reports whether method counts against the global limit, and
// whether against its chat's.
func isPaced(method string) (paced, inChat bool) {
	m := strings.ToLower(method)
	switch {
	case strings.HasPrefix(m, "send") && m != "sendchataction", strings.HasPrefix(m, "edit"):
		return true, true
	case m == "answercallbackquery":
		return true, false
	}
	return false, false
}

// admit records a request of method to chat (0: none) and reports
// whether it was within the limits; a refused one is counted instead.
func (l *Limited) admit(method string, chat int64) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	l.recent = since(l.recent, now.Add(-time.Second))
	ok := l.lim.PerSecond <= 0 || len(l.recent) < l.lim.PerSecond
	if chat != 0 && ok {
		times := l.chats[chat]
		switch {
		case chat < 0 && l.lim.GroupPerMinute > 0:
			times = since(times, now.Add(-time.Minute))
			ok = len(times) < l.lim.GroupPerMinute
		case chat > 0 && l.lim.ChatEvery > 0 && len(times) > 0:
			ok = now.Sub(times[len(times)-1]) >= l.lim.ChatEvery
		}
		if ok {
			if chat > 0 {
				times = times[:0]
			}
			l.chats[chat] = append(times, now)
		}
	}
	if !ok {
		l.refused = append(l.refused, now)
		return false
	}
	l.recent = append(l.recent, now)
	l.admitted = append(l.admitted, Admitted{Method: method, ChatID: chat, At: now})
	return true
}

// since drops the times at or before cutoff from a sorted list.
func since(times []time.Time, cutoff time.Time) []time.Time {
	i := 0
	for i < len(times) && !times[i].After(cutoff) {
		i++
	}
	return times[i:]
}
