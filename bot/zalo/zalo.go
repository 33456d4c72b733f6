// Package zalo is the Zalo Bot API adapter (the Zalo Bot Platform, not the
// Official Account Open API): it turns Zalo's updates, from long polling or
// from a webhook, into bot.Update, and delivers bot.Outgoing messages as
// plain text and photos by URL. It uses only the standard library.
//
// Polling can lose updates: getUpdates has no offset and no
// acknowledgement, so Zalo forgets an update as soon as it hands it out,
// and an update in flight when the process stops is gone for good. Poll
// suits development; in production run a webhook (SetWebhook, SecretOK,
// ParseWebhook), store each delivery before answering 200, and recognise
// a delivery seen twice by its DedupeKey.
//
// Ids are strings everywhere (the bot id exceeds 2^53), dates are
// milliseconds, and the token, which sits in every request's URL, is
// removed from every error the package returns.
package zalo

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/chungsuc/chungsuc/bot"
)

// Platform is the name this adapter gives its updates and messages.
const Platform = "zalo"

// DefaultEndpoint is the Zalo Bot API's base URL.
const DefaultEndpoint = "https://bot-api.zaloplatforms.com"

// MaxText is the most characters of a message's text or a photo's caption
// (Zalo does not say in which unit; the adapter counts UTF-16 code units
// and keeps a margin below it).
const MaxText = 2000

// DefaultPollTimeout is how long one getUpdates call waits by default.
const DefaultPollTimeout = 30 * time.Second

// QuotaRetryAfter is the wait a 429 "Quota exceeded" asks for: Zalo gives
// no retry_after, so the adapter assumes this conservative pause.
const QuotaRetryAfter = 5 * time.Second

// SecretHeader is the header in which Zalo sends the webhook's secret.
const SecretHeader = "X-Bot-Api-Secret-Token"

// idleConns is the connections the default client keeps open: as many
// sends as a dispatcher keeps in flight, and the long poll.
const idleConns = 256 + 4

// Config says how to reach the Bot API.
type Config struct {
	// Token is the bot's token, "<bot id>:<secret>", from Zalo Bot Creator.
	Token string
	// Endpoint is the base URL (default DefaultEndpoint); requests go to
	// Endpoint + "/bot" + Token + "/" + method.
	Endpoint string
	// HTTPClient is used for every request; nil means a client of the
	// adapter's own that keeps idle connections open. Every request is
	// bounded by its context, so a client-wide Timeout must exceed
	// PollTimeout by more than 10 s or it cuts long polls short.
	HTTPClient *http.Client
	// PollTimeout is how long one getUpdates call waits for an update
	// (default DefaultPollTimeout, sent in whole seconds).
	PollTimeout time.Duration
}

// The adapter is the engine's source in poll mode and the dispatcher's sender.
var (
	_ bot.Source = (*Adapter)(nil)
	_ bot.Sender = (*Adapter)(nil)
)

// Adapter talks to one Zalo bot. It is safe for concurrent use: polling
// and sending run at the same time.
type Adapter struct {
	base        string // Endpoint + "/bot" + Token + "/"
	token       string
	http        *http.Client
	pollTimeout time.Duration
	id          string
	accountName string
	// quotaWait and partBackoff space the retries of a long text's later
	// part; tests shorten them.
	quotaWait   time.Duration
	partBackoff bot.Backoff
}

// New checks the token with getMe and returns the adapter. It returns
// bot.ErrTokenRejected when Zalo refuses the token (401), and a wrapped
// *bot.PlatformError for any other failure.
func New(ctx context.Context, cfg Config) (*Adapter, error) {
	if cfg.Endpoint == "" {
		cfg.Endpoint = DefaultEndpoint
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Transport: newTransport(idleConns)}
	}
	if cfg.PollTimeout <= 0 {
		cfg.PollTimeout = DefaultPollTimeout
	}
	a := &Adapter{
		base:        strings.TrimRight(cfg.Endpoint, "/") + "/bot" + cfg.Token + "/",
		token:       cfg.Token,
		http:        cfg.HTTPClient,
		pollTimeout: cfg.PollTimeout,
		quotaWait:   QuotaRetryAfter,
		partBackoff: bot.Backoff{Min: time.Second, Max: 30 * time.Second, Jitter: 0.2},
	}
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	var me struct {
		ID          str `json:"id"`
		AccountName str `json:"account_name"`
	}
	if _, err := a.call(cctx, "getMe", struct{}{}, &me); err != nil {
		if bot.KindOf(err) == bot.Unauthorized {
			return nil, bot.ErrTokenRejected
		}
		return nil, fmt.Errorf("zalo: %w", err)
	}
	if me.ID == "" {
		return nil, fmt.Errorf("zalo: %w", &bot.PlatformError{Kind: bot.Temporary, Reason: "getMe: no bot id in the result"})
	}
	a.id, a.accountName = string(me.ID), string(me.AccountName)
	return a, nil
}

// newTransport returns http.DefaultTransport's settings (proxy from the
// environment, keep-alives, HTTP/2 where offered) with room for idle
// connections to one host: the Bot API is the only one that matters.
func newTransport(idle int) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = idle
	t.MaxIdleConnsPerHost = idle
	return t
}

// Name identifies this bot's update stream: "zalo:<bot id>".
func (a *Adapter) Name() string { return Platform + ":" + a.id }

// ID is the bot's own id, as getMe gave it (a string: it exceeds 2^53).
func (a *Adapter) ID() string { return a.id }

// AccountName is the bot's account name, as getMe gave it.
func (a *Adapter) AccountName() string { return a.accountName }

// Caps is what a Zalo bot can do: plain text up to MaxText characters and
// photos by public URL; no buttons, edits, answers, documents, uploads,
// command menu or links to a person.
func (a *Adapter) Caps() bot.Caps { return Caps }

// Caps is what Zalo can do: plain text of MaxText characters and photos
// by URL, with a caption of as many (the adapter puts at most partLimit
// in one); no buttons, edits, answers, files, command menu or formatting.
var Caps = bot.Caps{Name: "Zalo", PhotoURL: true, TextLimit: MaxText, CaptionLimit: partLimit}

// SecretOK reports whether a webhook request carries secret in its
// X-Bot-Api-Secret-Token header, compared in constant time (lengths
// included). An empty secret never matches.
func SecretOK(header http.Header, secret string) bool {
	if secret == "" {
		return false
	}
	got := sha256.Sum256([]byte(header.Get(SecretHeader)))
	want := sha256.Sum256([]byte(secret))
	return subtle.ConstantTimeCompare(got[:], want[:]) == 1
}
