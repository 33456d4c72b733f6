// Package zalotest provides an in-process fake of the Zalo Bot API
// (bot-api.zaloplatforms.com) for tests.
//
// The fake speaks the real wire protocol: URL shape /bot<token>/<method>
// (method names case-sensitive), JSON, form-urlencoded and query-string
// parameters, the {ok, result, description, error_code} envelope with a
// matching HTTP status. It reproduces what a client has to cope with:
// getUpdates hands out one update per call and forgets it at once (no
// offset, no acknowledgement), answers 408 "Request timeout" when nothing
// arrived within the poll's timeout, and refuses to work while a webhook
// is set; sendMessage counts its 1–2000 characters in UTF-16 units;
// testWebhook has a daily quota answered with a camelCase errorCode; and
// faults, blocked chats and a rate limit can be injected.
//
// Tests push updates with the Push* methods (or deliver them to a webhook
// with DeliverWebhook) and inspect what the bot sent with Sent, SentTo and
// WaitSent. The package does not depend on the testing package.
package zalotest

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Defaults applied by NewServer to zero fields of Config.
const (
	// DefaultToken has the shape of a real token: "<numeric bot id>:<secret>".
	DefaultToken       = "1459232241454765289:zalotest-Kx9vQ2_secret"
	DefaultBotID       = "1459232241454765289"
	DefaultAccountName = "bot.chungsuc"
	// DefaultTestWebhookQuota is how many testWebhook calls a day succeed.
	DefaultTestWebhookQuota = 5
)

// ErrClosed is returned by the Wait* methods once the server is closed and
// the awaited condition can no longer become true.
var ErrClosed = errors.New("zalotest: server closed")

// Config configures a fake server. Zero fields take the Default* values.
type Config struct {
	// Token is the only bot token the server accepts.
	Token string
	// BotID is the bot's id returned by getMe (a numeric string above 2^53).
	BotID       string
	AccountName string
	// TestWebhookQuota is how many testWebhook calls succeed before 426.
	TestWebhookQuota int
}

func (c Config) withDefaults() Config {
	if c.Token == "" {
		c.Token = DefaultToken
	}
	if c.BotID == "" {
		c.BotID = DefaultBotID
	}
	if c.AccountName == "" {
		c.AccountName = DefaultAccountName
	}
	if c.TestWebhookQuota == 0 {
		c.TestWebhookQuota = DefaultTestWebhookQuota
	}
	return c
}

// Server is a running fake Zalo Bot API. All its methods are safe for
// concurrent use. Create it with New or NewServer and release it with Close.
type Server struct {
	cfg       Config
	ts        *httptest.Server
	closeOnce sync.Once

	mu        sync.Mutex
	closed    bool
	updates   signal // an update was queued, a webhook set, Close
	state     signal // polling count or sent messages changed, Close
	allowHTTP bool
	maxPoll   time.Duration
	nextID    uint64
	queue     [][]byte
	polling   int
	hook      webhook
	hookTests int
	hookHTTP  *http.Client
	sent      []Sent
	blocked   map[string]bool
	calls     map[string]int
	faults    map[string][]faultEntry
	rateLimit int
	paceLog   []time.Time
	images    map[string][]byte
}

// New starts a fake server with the default configuration.
func New() *Server { return NewServer(Config{}) }

// NewServer starts a fake server on a loopback port. Webhook URLs may use
// plain http (see SetAllowHTTPWebhook).
func NewServer(cfg Config) *Server {
	s := &Server{
		cfg:       cfg.withDefaults(),
		updates:   newSignal(),
		state:     newSignal(),
		allowHTTP: true,
		nextID:    1,
		hookHTTP:  &http.Client{Timeout: 10 * time.Second},
		blocked:   map[string]bool{},
		calls:     map[string]int{},
		faults:    map[string][]faultEntry{},
		images:    map[string][]byte{},
	}
	s.ts = httptest.NewServer(http.HandlerFunc(s.handle))
	return s
}

// Config returns the effective configuration, defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// Token returns the bot token the server accepts.
func (s *Server) Token() string { return s.cfg.Token }

// BotID returns the bot's id, as getMe gives it.
func (s *Server) BotID() string { return s.cfg.BotID }

// URL returns the base URL to give the adapter's Config.Endpoint, e.g.
// "http://127.0.0.1:41234".
func (s *Server) URL() string { return s.ts.URL }

// MethodURL returns the full URL of a method for the accepted token.
func (s *Server) MethodURL(method string) string {
	return s.ts.URL + "/bot" + s.cfg.Token + "/" + method
}

// Close stops the server: parked polls answer 408 at once, Wait* calls
// return ErrClosed, and Close waits for requests in flight. It is idempotent.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		s.updates.broadcast()
		s.state.broadcast()
		s.mu.Unlock()
		s.ts.Close()
	})
}

// SetAllowHTTPWebhook says whether setWebhook accepts a plain http URL
// (true by default, so that tests can use an httptest server). The real
// API requires a public https URL. It is a method rather than a field so
// that changing it while requests are served is not a data race.
func (s *Server) SetAllowHTTPWebhook(allow bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.allowHTTP = allow
}

// SetMaxPollWait caps how long a getUpdates call waits, whatever timeout it
// asked for, so that tests see the 408 of an idle poll quickly. 0 (the
// default) waits as long as asked.
func (s *Server) SetMaxPollWait(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.maxPoll = max(d, 0)
}

// Calls returns how many requests named method the server received
// (whatever their outcome).
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[method]
}

// NewID returns a fresh id in Zalo's shape: 20 lowercase hex characters.
func (s *Server) NewID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.newIDLocked()
}

func (s *Server) newIDLocked() string {
	s.nextID++
	return fmt.Sprintf("6ede%016x", s.nextID)
}

// endpoint is one supported method.
type endpoint struct {
	fn    func(*Server, *request) (any, *Fault)
	paced bool // counts against SetRateLimit
}

// noResult is a result that is answered as {"ok":true} with no result.
var noResult = new(struct{})

// endpoints are the methods of the Bot API, by their case-sensitive names.
var endpoints = map[string]endpoint{
	"getMe":          {fn: (*Server).getMe},
	"getUpdates":     {fn: (*Server).getUpdates},
	"setWebhook":     {fn: (*Server).setWebhook},
	"deleteWebhook":  {fn: (*Server).deleteWebhook},
	"getWebhookInfo": {fn: (*Server).getWebhookInfo},
	"testWebhook":    {fn: (*Server).testWebhook},
	"sendMessage":    {fn: (*Server).sendMessage, paced: true},
	"sendPhoto":      {fn: (*Server).sendPhoto, paced: true},
	"sendSticker":    {fn: (*Server).sendSticker, paced: true},
	"sendChatAction": {fn: (*Server).sendChatAction},
}

type meJSON struct {
	ID            string `json:"id"`
	AccountName   string `json:"account_name"`
	AccountType   string `json:"account_type"`
	CanJoinGroups bool   `json:"can_join_groups"`
}

func (s *Server) getMe(*request) (any, *Fault) {
	return meJSON{ID: s.cfg.BotID, AccountName: s.cfg.AccountName, AccountType: "BASIC"}, nil
}

// handle serves one request: an image (ImageURL) or an API call.
func (s *Server) handle(w http.ResponseWriter, r *http.Request) {
	if name, ok := strings.CutPrefix(r.URL.Path, imagePath); ok {
		s.serveImage(w, name)
		return
	}
	token, method, ok := splitPath(r.URL.Path)
	if !ok {
		writeFault(w, errNotFound)
		return
	}
	req, parseErr := readRequest(r)
	s.countCall(method)
	ep, known := endpoints[method]
	switch {
	case token != s.cfg.Token:
		writeFault(w, errUnauthorized)
	case !known:
		writeFault(w, errNotFound)
	case parseErr != nil:
		writeFault(w, parseErr)
	default:
		s.dispatch(w, method, ep, req)
	}
}

// dispatch applies injected faults and the rate limit, then runs ep.
func (s *Server) dispatch(w http.ResponseWriter, method string, ep endpoint, req *request) {
	if f, ok := s.takeFault(method); ok {
		writeFault(w, &f)
		return
	}
	if ep.paced && !s.admitPaced() {
		writeFault(w, errQuota)
		return
	}
	result, f := ep.fn(s, req)
	switch {
	case f != nil:
		writeFault(w, f)
	case result == noResult:
		writeJSON(w, http.StatusOK, envelope{OK: true})
	default:
		writeJSON(w, http.StatusOK, envelope{OK: true, Result: result})
	}
}

func (s *Server) countCall(method string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[method]++
}

// splitPath splits "/bot<token>/<method>".
func splitPath(p string) (token, method string, ok bool) {
	rest, ok := strings.CutPrefix(p, "/bot")
	if !ok {
		return "", "", false
	}
	token, method, ok = strings.Cut(rest, "/")
	if !ok || token == "" || method == "" || strings.Contains(method, "/") {
		return "", "", false
	}
	return token, method, true
}

// signal is a broadcast channel: waiters select on wait() and every
// broadcast wakes all of them. Both methods require the server mutex.
type signal struct{ ch chan struct{} }

func newSignal() signal { return signal{ch: make(chan struct{})} }

func (g *signal) wait() <-chan struct{} { return g.ch }

func (g *signal) broadcast() {
	close(g.ch)
	g.ch = make(chan struct{})
}
