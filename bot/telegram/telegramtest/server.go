// Package telegramtest provides an in-process fake of the Telegram Bot API
// for tests and benchmarks.
//
// The fake speaks the real wire protocol (URL shape /bot<token>/<method>,
// form, multipart, JSON and query-string parameters, the {"ok":...}
// envelope with matching HTTP status codes) and reproduces the behaviour
// clients have to cope with: long polling with offset confirmation and the
// 409 conflict between concurrent pollers, message validation (length,
// HTML entities, keyboards), blocked users, flood limits and injected
// faults. Tests drive it with the Push* methods and inspect what the bot
// did with Sent, WaitSent, WaitFor and friends. Photos have bytes, which
// getFile and the file endpoint (/file/bot<token>/<file_path>) serve; a
// webhook set with setWebhook receives the pushed updates instead of
// getUpdates.
//
// The package does not depend on the testing package; it can be used from
// benchmark programs as well as from tests.
package telegramtest

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Defaults applied by New to zero fields of Config.
const (
	DefaultToken         = "123456:TEST-TOKEN"
	DefaultBotID         = int64(123456)
	DefaultBotUsername   = "chungsuc_test_bot"
	DefaultBotFirstName  = "Chungsuc Test Bot"
	DefaultFirstUpdateID = int64(1000)
	// DefaultWebhookRetry is how long a failed webhook delivery waits
	// before it is tried again.
	DefaultWebhookRetry = 200 * time.Millisecond
)

// ErrClosed is returned by the Wait* methods once the server is closed and
// the awaited condition can no longer become true.
var ErrClosed = errors.New("telegramtest: server closed")

// Config configures a fake server. Zero fields take the Default* values.
type Config struct {
	// Token is the only bot token the server accepts.
	Token string
	// BotID, BotUsername and BotFirstName describe the bot user returned
	// by getMe and used as the sender of the bot's messages.
	BotID        int64
	BotUsername  string
	BotFirstName string
	// FirstUpdateID is the update_id given to the first pushed update.
	FirstUpdateID int64
	// WebhookRetry is the wait before a webhook delivery that did not get
	// a 2xx answer is tried again.
	WebhookRetry time.Duration
	// WebhookConnections is how many deliveries to a webhook may be in
	// flight at once, at most the webhook's max_connections (default 1:
	// one at a time, in order, which tests can follow). Telegram uses up
	// to max_connections (40 by default), in no guaranteed order.
	WebhookConnections int
}

func (c Config) withDefaults() Config {
	if c.Token == "" {
		c.Token = DefaultToken
	}
	if c.BotID == 0 {
		c.BotID = DefaultBotID
	}
	if c.BotUsername == "" {
		c.BotUsername = DefaultBotUsername
	}
	if c.BotFirstName == "" {
		c.BotFirstName = DefaultBotFirstName
	}
	if c.FirstUpdateID == 0 {
		c.FirstUpdateID = DefaultFirstUpdateID
	}
	if c.WebhookRetry <= 0 {
		c.WebhookRetry = DefaultWebhookRetry
	}
	return c
}

// Server is a running fake Bot API server. All methods are safe for
// concurrent use. Create it with New and release it with Close.
type Server struct {
	cfg       Config
	ts        *httptest.Server
	closeOnce sync.Once

	mu  sync.Mutex
	now func() time.Time // clock for dates and rate limiting; guarded by mu

	updatesChanged signal // pushes, new pollers, Down, Close
	pollingChanged signal // the number of parked getUpdates requests changed
	sentChanged    signal // a send was recorded, Close
	hookChanged    signal // a webhook delivery was tried, Close
	closed         bool
	down           bool

	nextUpdateID int64
	pending      []pendingUpdate
	pollGen      uint64
	polling      int

	chats         map[int64]chatJSON
	lastMessageID map[int64]int64
	messages      map[msgKey]*storedMessage
	blocked       map[int64]bool
	callbacks     map[string]*callbackState
	nextCallback  int64
	nextFile      int64
	files         map[string]*storedFile // by file_id
	filePaths     map[string]*storedFile // by file_path
	hook          *webhook               // nil while none is set
	hookStats     hookStats
	hookClient    *http.Client
	delivering    sync.WaitGroup // delivery goroutines
	commands      map[commandKey][]Command
	profile       map[profileKey]string

	sent      []Sent
	failures  []Failure
	lastSent  map[int64]int // chat id → index in sent of its latest send
	calls     map[string]int
	faults    map[string][]faultEntry
	rateLimit int
	paceLog   []time.Time
}

// New starts a fake Bot API server on a loopback port.
func New(cfg Config) *Server {
	cfg = cfg.withDefaults()
	s := &Server{
		cfg:            cfg,
		now:            time.Now,
		updatesChanged: newSignal(),
		pollingChanged: newSignal(),
		sentChanged:    newSignal(),
		hookChanged:    newSignal(),
		nextUpdateID:   cfg.FirstUpdateID,
		chats:          make(map[int64]chatJSON),
		lastMessageID:  make(map[int64]int64),
		messages:       make(map[msgKey]*storedMessage),
		blocked:        make(map[int64]bool),
		callbacks:      make(map[string]*callbackState),
		commands:       make(map[commandKey][]Command),
		profile:        make(map[profileKey]string),
		calls:          make(map[string]int),
		lastSent:       make(map[int64]int),
		faults:         make(map[string][]faultEntry),
		files:          make(map[string]*storedFile),
		filePaths:      make(map[string]*storedFile),
		hookClient:     &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone(), Timeout: hookTimeout},
	}
	s.ts = httptest.NewServer(http.HandlerFunc(s.handle))
	return s
}

// Config returns the effective configuration, defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// Token returns the bot token the server accepts.
func (s *Server) Token() string { return s.cfg.Token }

// URL returns the base URL of the server, e.g. "http://127.0.0.1:41234".
func (s *Server) URL() string { return s.ts.URL }

// Endpoint returns the API endpoint format string expected by
// tgbotapi.NewBotAPIWithAPIEndpoint: "http://127.0.0.1:PORT/bot%s/%s".
func (s *Server) Endpoint() string { return s.ts.URL + "/bot%s/%s" }

// MethodURL returns the full URL of a Bot API method for the configured
// token, for clients that build requests by hand.
func (s *Server) MethodURL(method string) string {
	return fmt.Sprintf(s.Endpoint(), s.cfg.Token, method)
}

// Client returns an HTTP client suitable for talking to the server.
func (s *Server) Client() *http.Client { return s.ts.Client() }

// Close stops the server. Parked long polls return at once (with the
// updates pending at that moment), Wait* calls return ErrClosed, webhook
// deliveries stop, and Close waits for in-flight requests and deliveries
// to finish. Close is idempotent.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		s.stopHookLocked()
		s.updatesChanged.broadcast()
		s.pollingChanged.broadcast()
		s.sentChanged.broadcast()
		s.hookChanged.broadcast()
		s.mu.Unlock()
		s.ts.Close()
		s.delivering.Wait()
		s.hookClient.CloseIdleConnections()
	})
}

// Block makes every send or edit to chatID fail with 403 "Forbidden: bot
// was blocked by the user", as after the user blocked the bot.
func (s *Server) Block(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blocked[chatID] = true
}

// Unblock undoes Block.
func (s *Server) Unblock(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.blocked, chatID)
}

// botUser is the bot's own user object.
func (s *Server) botUser() userJSON {
	return userJSON{
		ID:        s.cfg.BotID,
		IsBot:     true,
		FirstName: s.cfg.BotFirstName,
		Username:  s.cfg.BotUsername,
	}
}

func (s *Server) getMe(*request) (any, *apiError) {
	return botUserJSON{userJSON: s.botUser(), CanJoinGroups: true}, nil
}

// endpoint is one supported Bot API method.
type endpoint struct {
	name  string
	fn    func(*Server, *request) (any, *apiError)
	paced bool // counts against SetRateLimit
}

// endpoints maps lower-cased method names (the Bot API is
// case-insensitive about them) to their implementation.
var endpoints = indexEndpoints([]endpoint{
	{name: "getMe", fn: (*Server).getMe},
	{name: "getUpdates", fn: (*Server).getUpdates},
	{name: "setWebhook", fn: (*Server).setWebhook},
	{name: "deleteWebhook", fn: (*Server).deleteWebhook},
	{name: "getWebhookInfo", fn: (*Server).getWebhookInfo},
	{name: "getFile", fn: (*Server).getFile},
	{name: "sendMessage", fn: (*Server).sendMessage, paced: true},
	{name: "sendPhoto", fn: (*Server).sendPhoto, paced: true},
	{name: "sendDocument", fn: (*Server).sendDocument, paced: true},
	{name: "editMessageText", fn: (*Server).editMessageText, paced: true},
	{name: "editMessageCaption", fn: (*Server).editMessageCaption, paced: true},
	{name: "editMessageReplyMarkup", fn: (*Server).editMessageReplyMarkup, paced: true},
	{name: "deleteMessage", fn: (*Server).deleteMessage},
	{name: "sendChatAction", fn: (*Server).sendChatAction},
	{name: "answerCallbackQuery", fn: (*Server).answerCallbackQuery},
	{name: "setMyCommands", fn: (*Server).setMyCommands},
	{name: "getMyCommands", fn: (*Server).getMyCommands},
	{name: "deleteMyCommands", fn: (*Server).deleteMyCommands},
	{name: "setMyDescription", fn: (*Server).setMyDescription},
	{name: "getMyDescription", fn: (*Server).getMyDescription},
	{name: "setMyShortDescription", fn: (*Server).setMyShortDescription},
	{name: "getMyShortDescription", fn: (*Server).getMyShortDescription},
})

func indexEndpoints(list []endpoint) map[string]endpoint {
	m := make(map[string]endpoint, len(list))
	for _, e := range list {
		m[strings.ToLower(e.name)] = e
	}
	return m
}

// handle serves one Bot API request.
func (s *Server) handle(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/file/") {
		s.serveFile(w, r)
		return
	}
	token, method, ok := splitPath(r.URL.Path)
	if !ok {
		writeError(w, errNotFound)
		return
	}
	ep, known := endpoints[strings.ToLower(method)]
	if known {
		method = ep.name
	}
	req, parseErr := readRequest(r)
	if s.countCall(method) {
		dropConnection(w)
		return
	}
	switch {
	case token != s.cfg.Token:
		writeError(w, errUnauthorized)
	case !known:
		writeError(w, errNotFound)
	case parseErr != nil:
		writeError(w, parseErr)
	default:
		s.dispatch(w, ep, req)
	}
}

// dispatch applies injected faults and the rate limit, then runs ep.
func (s *Server) dispatch(w http.ResponseWriter, ep endpoint, req *request) {
	if f, ok := s.takeFault(ep.name); ok {
		writeFault(w, req, f)
		return
	}
	if ep.paced && !s.admitPaced() {
		e := tooManyRequests(1)
		s.recordFailure(ep.name, req, e)
		writeError(w, e)
		return
	}
	result, apiErr := ep.fn(s, req)
	switch {
	case apiErr == errDrop:
		dropConnection(w)
	case apiErr != nil:
		s.recordFailure(ep.name, req, apiErr)
		writeError(w, apiErr)
	default:
		writeResult(w, result)
	}
}

// countCall records a request to method and reports whether the server is
// down.
func (s *Server) countCall(method string) (down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[method]++
	return s.down
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
