// Package telegram is the Telegram adapter: it polls the Bot API for
// updates (or takes them from a webhook: SetWebhook, SecretOK, UpdateKey,
// ParseWebhook), turns them into bot.Update, downloads the photos people
// send (FetchPhoto), and delivers bot.Outgoing messages, through any Bot
// API-compatible endpoint (Telegram's, a self-hosted Bot API server, or a
// test fake). It is the only package that knows tgbotapi.
package telegram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/chungsuc/chungsuc/bot"
)

// DefaultEndpoint is Telegram's own Bot API, as a format string of the
// token and the method.
const DefaultEndpoint = tgbotapi.APIEndpoint

// Platform is the name this adapter gives its updates and messages.
const Platform = "telegram"

// Telegram's limits on a message's text and a photo's caption.
const (
	MaxText    = 4096
	MaxCaption = 1024
)

// Config says how to reach the Bot API.
type Config struct {
	Token string
	// Endpoint is a format string of the token and the method, like
	// DefaultEndpoint; empty means DefaultEndpoint.
	Endpoint string
	// FileEndpoint is a format string of the token and a file's path
	// where FetchPhoto downloads files, like tgbotapi.FileEndpoint; empty
	// means derived from Endpoint ("…/bot%s/%s" becomes "…/file/bot%s/%s",
	// as on Telegram and a self-hosted Bot API server).
	FileEndpoint string
	// HTTPClient is used for every request; nil means a client of the
	// adapter's own, which keeps up to IdleConns connections open between
	// requests. Every request is bounded by its context (the long poll by
	// the poll timeout, each send by the dispatcher's send timeout).
	HTTPClient *http.Client
	// IdleConns is how many connections to the Bot API the default client
	// keeps open between requests (default DefaultIdleConns); at least as
	// many as the sends a dispatcher keeps in flight, or most sends open a
	// new connection (a TCP and TLS handshake) and close it after.
	IdleConns int
	// PollTimeout is how long one getUpdates call may wait for updates
	// (default 30 s).
	PollTimeout time.Duration
}

// DefaultIdleConns is the connections kept open by default: the most
// sends a dispatcher keeps in flight (256), and the long poll.
const DefaultIdleConns = 256 + 4

// newTransport returns http.DefaultTransport's settings (proxy from the
// environment, keep-alives, HTTP/2 where the server offers it) with room
// for idle connections to one host: the Bot API is the only one.
func newTransport(idle int) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = idle
	t.MaxIdleConnsPerHost = idle
	return t
}

// Adapter talks to one bot through the Bot API. It is safe for concurrent
// use: polling and sending run at the same time.
type Adapter struct {
	api          *tgbotapi.BotAPI
	http         *http.Client
	token        string
	fileEndpoint string // "" when it cannot be derived from the endpoint
	self         tgbotapi.User
	pollTimeout  time.Duration
}

// New checks the token with getMe and returns the adapter. It returns
// bot.ErrTokenRejected when the platform refuses the token, and a
// *bot.PlatformError for anything else.
func New(ctx context.Context, cfg Config) (*Adapter, error) {
	if cfg.Endpoint == "" {
		cfg.Endpoint = DefaultEndpoint
	}
	if cfg.IdleConns <= 0 {
		cfg.IdleConns = DefaultIdleConns
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Transport: newTransport(cfg.IdleConns)}
	}
	if cfg.PollTimeout <= 0 {
		cfg.PollTimeout = 30 * time.Second
	}
	api := &tgbotapi.BotAPI{Token: cfg.Token, Client: cfg.HTTPClient, Buffer: 100}
	api.SetAPIEndpoint(cfg.Endpoint)
	if cfg.FileEndpoint == "" {
		cfg.FileEndpoint = fileEndpoint(cfg.Endpoint)
	}
	a := &Adapter{api: api, http: cfg.HTTPClient, token: cfg.Token, fileEndpoint: cfg.FileEndpoint,
		pollTimeout: cfg.PollTimeout}
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	self, err := a.with(cctx).GetMe()
	if err != nil {
		err = a.mapError(err)
		if bot.KindOf(err) == bot.Unauthorized {
			return nil, bot.ErrTokenRejected
		}
		return nil, fmt.Errorf("getMe: %w", err)
	}
	a.self = self
	return a, nil
}

// Name identifies this bot's update stream: "telegram:<bot id>", so that a
// new token never inherits another bot's offset.
func (a *Adapter) Name() string { return Platform + ":" + strconv.FormatInt(a.self.ID, 10) }

// Username is the bot's @username, without the @.
func (a *Adapter) Username() string { return a.self.UserName }

// with returns a shallow copy of the API client whose requests carry ctx,
// since tgbotapi itself takes no context.
func (a *Adapter) with(ctx context.Context) *tgbotapi.BotAPI {
	b := *a.api
	b.Client = ctxClient{ctx: ctx, c: a.http}
	return &b
}

type ctxClient struct {
	ctx context.Context
	c   *http.Client
}

func (c ctxClient) Do(req *http.Request) (*http.Response, error) {
	resp, err := c.c.Do(req.WithContext(c.ctx))
	if err == nil {
		resp.Body = drainOnClose{resp.Body}
	}
	return resp, err
}

// drainOnClose reads what is left of a response body before closing it:
// a connection is reused only once its last response was read to the
// end, and tgbotapi decodes the JSON value and stops there, before any
// whitespace after it.
type drainOnClose struct{ io.ReadCloser }

// maxDrain bounds what Close reads of a body's rest: a longer rest costs
// more to read than a new connection.
const maxDrain = 64 << 10

func (b drainOnClose) Close() error {
	_, _ = io.CopyN(io.Discard, b.ReadCloser, maxDrain)
	return b.ReadCloser.Close()
}

// Poll asks for updates from offset, waiting up to the poll timeout. The
// long poll ends early when ctx is cancelled. Errors are
// *bot.PlatformError; bot.Conflict when another process polls the same
// token, and also while a webhook is set (Telegram answers 409 "can't use
// getUpdates method while webhook is active"): DeleteWebhook first.
func (a *Adapter) Poll(ctx context.Context, offset int64) ([]bot.Update, error) {
	params := tgbotapi.Params{}
	if offset != 0 {
		params["offset"] = strconv.FormatInt(offset, 10)
	}
	params.AddNonZero("limit", 100)
	params.AddNonZero("timeout", int(a.pollTimeout/time.Second))
	if err := params.AddInterface("allowed_updates", allowedUpdates); err != nil {
		return nil, fmt.Errorf("poll params: %w", err)
	}
	pctx, cancel := context.WithTimeout(ctx, a.pollTimeout+15*time.Second)
	defer cancel()
	resp, err := a.with(pctx).MakeRequest("getUpdates", params)
	if err != nil {
		return nil, a.mapError(err)
	}
	var raw []tgbotapi.Update
	if err := jsonUnmarshal(resp.Result, &raw); err != nil {
		return nil, &bot.PlatformError{Kind: bot.Temporary, Reason: "bad getUpdates result: " + err.Error()}
	}
	out := make([]bot.Update, 0, len(raw))
	for i := range raw {
		out = append(out, a.convert(&raw[i]))
	}
	return out, nil
}

// mapError turns whatever tgbotapi or net/http returned into a
// *bot.PlatformError, with the token removed from every text.
func (a *Adapter) mapError(err error) error {
	if err == nil {
		return nil
	}
	reason := a.redact(err.Error())
	var te *tgbotapi.Error
	if !errors.As(err, &te) {
		return &bot.PlatformError{Kind: bot.Temporary, Reason: reason}
	}
	// A 429 on an upload comes back with Code 0: trust RetryAfter first.
	if te.RetryAfter > 0 || te.Code == http.StatusTooManyRequests {
		return &bot.PlatformError{Kind: bot.RateLimited, Reason: reason,
			RetryAfter: time.Duration(max(te.RetryAfter, 1)) * time.Second}
	}
	kind := bot.Rejected
	code := te.Code
	if code == 0 {
		code = codeFromDescription(te.Message) // uploads come back without a code
	}
	switch {
	case code == http.StatusUnauthorized:
		kind = bot.Unauthorized
	case code == http.StatusForbidden:
		kind = bot.Blocked
	case code == http.StatusConflict:
		kind = bot.Conflict
	case code >= 500 || code == 0:
		kind = bot.Temporary
	}
	return &bot.PlatformError{Kind: kind, Reason: reason}
}

// codeFromDescription recovers the status from the Bot API's description
// ("Forbidden: bot was blocked by the user"), for responses tgbotapi
// returns without a code; 0 when it cannot tell.
func codeFromDescription(desc string) int {
	for prefix, code := range map[string]int{
		"Bad Request":       http.StatusBadRequest,
		"Unauthorized":      http.StatusUnauthorized,
		"Forbidden":         http.StatusForbidden,
		"Conflict":          http.StatusConflict,
		"Too Many Requests": http.StatusTooManyRequests,
	} {
		if strings.HasPrefix(desc, prefix) {
			return code
		}
	}
	return 0
}

// redact removes the token from s, as it is and as escaped in a URL's
// path or query (a *url.Error quotes the URL it failed on).
func (a *Adapter) redact(s string) string {
	if a.token == "" {
		return s
	}
	for _, tok := range []string{a.token, url.PathEscape(a.token), url.QueryEscape(a.token)} {
		s = strings.ReplaceAll(s, tok, "<token>")
	}
	return s
}

// Caps is what Telegram can do: everything the bot uses, with links to a
// person by id or username and to this bot with a start parameter.
func (a *Adapter) Caps() bot.Caps { return CapsFor(a.self.UserName) }

// CapsFor is Telegram's capabilities for the bot named username ("" when
// not known: no links to the bot then).
func CapsFor(username string) bot.Caps {
	c := bot.FullCaps
	c.Name, c.TextLimit, c.CaptionLimit = "Telegram", MaxText, MaxCaption
	c.UserLink, c.UsernameLink = "tg://user?id={id}", "https://t.me/{username}"
	if username != "" {
		c.BotLink = "https://t.me/" + username
		c.StartLink = c.BotLink + "?start={param}"
	}
	return c
}
