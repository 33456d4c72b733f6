package telegram

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/chungsuc/chungsuc/bot"
)

// SecretHeader is the header in which Telegram sends a webhook's secret
// with every delivery.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// MaxSecret is the longest webhook secret Telegram accepts.
const MaxSecret = 256

// MaxWebhookBody is the largest webhook body ParseWebhook reads; read a
// request's body through http.MaxBytesReader with it.
const MaxWebhookBody = 1 << 20

// webhookConnections is how many deliveries at once Telegram may make to
// the webhook (its default).
const webhookConnections = 40

// allowedUpdates are the kinds of update the bot asks for, by poll or by
// webhook.
var allowedUpdates = []string{"message", "callback_query"}

// SetWebhook makes Telegram POST every update (messages and button
// presses) to url, with secret in the SecretHeader header (check it with
// SecretOK). The updates not yet confirmed are kept and delivered. While a
// webhook is set, Poll fails with bot.Conflict. Telegram wants an https
// URL on port 443, 80, 88 or 8443. A secret that is not 1 to MaxSecret
// characters of A-Z, a-z, 0-9, _ and - or a URL that is not absolute
// http(s) is Rejected before any request; other errors are
// *bot.PlatformError.
func (a *Adapter) SetWebhook(ctx context.Context, url, secret string) error {
	if !validSecret(secret) {
		return a.fail(bot.Rejected, fmt.Sprintf("setWebhook: the secret must be 1 to %d characters of A-Z, a-z, 0-9, _ and -", MaxSecret))
	}
	if !isHTTPURL(url) {
		return a.fail(bot.Rejected, "setWebhook: the URL is not an absolute http(s) URL")
	}
	params := tgbotapi.Params{"url": url, "secret_token": secret}
	params.AddNonZero("max_connections", webhookConnections)
	if err := params.AddInterface("allowed_updates", allowedUpdates); err != nil {
		return a.fail(bot.Rejected, "setWebhook: "+err.Error())
	}
	if _, err := a.with(ctx).MakeRequest("setWebhook", params); err != nil {
		return fmt.Errorf("setWebhook: %w", a.mapError(err))
	}
	return nil
}

// DeleteWebhook removes the webhook, keeping the updates not yet
// delivered for Poll. Errors are *bot.PlatformError.
func (a *Adapter) DeleteWebhook(ctx context.Context) error {
	if _, err := a.with(ctx).MakeRequest("deleteWebhook", tgbotapi.Params{}); err != nil {
		return fmt.Errorf("deleteWebhook: %w", a.mapError(err))
	}
	return nil
}

// WebhookURL returns the URL of the webhook set ("" when none is). Errors
// are *bot.PlatformError.
func (a *Adapter) WebhookURL(ctx context.Context) (string, error) {
	resp, err := a.with(ctx).MakeRequest("getWebhookInfo", tgbotapi.Params{})
	if err != nil {
		return "", fmt.Errorf("getWebhookInfo: %w", a.mapError(err))
	}
	var info tgbotapi.WebhookInfo
	if err := jsonUnmarshal(resp.Result, &info); err != nil {
		return "", a.fail(bot.Temporary, "bad getWebhookInfo result: "+err.Error())
	}
	return info.URL, nil
}

// ErrBadWebhook is the error of ParseWebhook and UpdateKey for a body that
// is not one Telegram update. Such a body will never parse: answer it
// 2xx once it is logged, or Telegram sends it again and again.
var ErrBadWebhook = errors.New("telegram webhook: not an update")

// decodeUpdate reads one webhook body.
func decodeUpdate(body []byte) (tgbotapi.Update, error) {
	var t tgbotapi.Update
	if len(body) > MaxWebhookBody {
		return t, fmt.Errorf("%w: %d bytes is over %d", ErrBadWebhook, len(body), MaxWebhookBody)
	}
	if err := json.Unmarshal(body, &t); err != nil {
		return t, fmt.Errorf("%w: %v", ErrBadWebhook, err)
	}
	if t.UpdateID <= 0 {
		return t, fmt.Errorf("%w: no positive update_id", ErrBadWebhook)
	}
	return t, nil
}

// ParseWebhook turns a webhook body (one update as JSON) into an update,
// exactly as Poll does: what the bot does not act on becomes
// bot.KindIgnored, still to be recorded. Its ID is UpdateKey(body). It
// returns an error wrapping ErrBadWebhook for a body over MaxWebhookBody,
// bad JSON, or an update_id that is missing or not positive.
func (a *Adapter) ParseWebhook(body []byte) (bot.Update, error) {
	t, err := decodeUpdate(body)
	if err != nil {
		return bot.Update{}, err
	}
	return a.convert(&t), nil
}

// UpdateKey returns the update_id of a webhook body, as a string: the key
// under which a repeated delivery of the same update is recognised. It
// equals the ID of the update ParseWebhook makes of the same body, needs
// no Adapter, and returns the errors of ParseWebhook.
func UpdateKey(body []byte) (string, error) {
	t, err := decodeUpdate(body)
	if err != nil {
		return "", err
	}
	return strconv.Itoa(t.UpdateID), nil
}

// SecretOK reports whether a webhook request carries secret in its
// SecretHeader header, compared in constant time (lengths included). An
// empty secret never matches.
func SecretOK(h http.Header, secret string) bool {
	if secret == "" {
		return false
	}
	got := sha256.Sum256([]byte(h.Get(SecretHeader)))
	want := sha256.Sum256([]byte(secret))
	return subtle.ConstantTimeCompare(got[:], want[:]) == 1
}

// validSecret reports whether Telegram accepts s as a webhook secret.
func validSecret(s string) bool {
	if len(s) == 0 || len(s) > MaxSecret {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '_' && c != '-' && (c < '0' || c > '9') && (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
