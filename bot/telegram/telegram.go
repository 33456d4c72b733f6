// Package telegram is the Telegram adapter: it polls the Bot API for
// updates, turns them into bot.Update, and delivers bot.Outgoing messages,
// through any Bot API-compatible endpoint (Telegram's, a self-hosted Bot
// API server, or a test fake). It is the only package that knows tgbotapi.
package telegram

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"chungsuc/bot"
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
	// HTTPClient is used for every request; nil means http.DefaultTransport.
	// Every request is bounded by its context (the long poll by the poll
	// timeout, each send by the dispatcher's send timeout).
	HTTPClient *http.Client
	// PollTimeout is how long one getUpdates call may wait for updates
	// (default 30 s).
	PollTimeout time.Duration
}

// Adapter talks to one bot through the Bot API. It is safe for concurrent
// use: polling and sending run at the same time.
type Adapter struct {
	api         *tgbotapi.BotAPI
	http        *http.Client
	token       string
	self        tgbotapi.User
	pollTimeout time.Duration
}

// New checks the token with getMe and returns the adapter. It returns
// bot.ErrTokenRejected when the platform refuses the token, and a
// *bot.PlatformError for anything else.
func New(ctx context.Context, cfg Config) (*Adapter, error) {
	if cfg.Endpoint == "" {
		cfg.Endpoint = DefaultEndpoint
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Transport: http.DefaultTransport}
	}
	if cfg.PollTimeout <= 0 {
		cfg.PollTimeout = 30 * time.Second
	}
	api := &tgbotapi.BotAPI{Token: cfg.Token, Client: cfg.HTTPClient, Buffer: 100}
	api.SetAPIEndpoint(cfg.Endpoint)
	a := &Adapter{api: api, http: cfg.HTTPClient, token: cfg.Token, pollTimeout: cfg.PollTimeout}
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
	return c.c.Do(req.WithContext(c.ctx))
}

// Poll asks for updates from offset, waiting up to the poll timeout. The
// long poll ends early when ctx is cancelled.
func (a *Adapter) Poll(ctx context.Context, offset int64) ([]bot.Update, error) {
	params := tgbotapi.Params{}
	if offset != 0 {
		params["offset"] = strconv.FormatInt(offset, 10)
	}
	params.AddNonZero("limit", 100)
	params.AddNonZero("timeout", int(a.pollTimeout/time.Second))
	if err := params.AddInterface("allowed_updates", []string{"message", "callback_query"}); err != nil {
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

func (a *Adapter) redact(s string) string {
	if a.token == "" {
		return s
	}
	return strings.ReplaceAll(s, a.token, "<token>")
}
