package zalo

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/chungsuc/chungsuc/bot"
)

// The bounds of a webhook secret's length, in characters.
const (
	MinSecret = 8
	MaxSecret = 256
)

// SetWebhook registers url (Zalo wants a public https URL) to receive
// every update, with secret (MinSecret–MaxSecret characters), which Zalo
// sends back in the X-Bot-Api-Secret-Token header (check it with
// SecretOK). Zalo probes the URL when it saves it and saves it even if the
// probe fails: SetWebhook returns the probe's outcome ("webhook.ok" when
// it got through; "webhook.http.403", "webhook.err.tls", ... otherwise;
// "" when Zalo says nothing). While a webhook is set, Poll fails. A bad
// secret or URL is Rejected before any request; other errors are
// *bot.PlatformError.
func (a *Adapter) SetWebhook(ctx context.Context, url, secret string) (verification string, err error) {
	if n := utf8.RuneCountInString(secret); n < MinSecret || n > MaxSecret {
		return "", a.fail(bot.Rejected, fmt.Sprintf("setWebhook: the secret has %d characters, not %d to %d", n, MinSecret, MaxSecret))
	}
	if !isHTTPURL(url) {
		return "", a.fail(bot.Rejected, "setWebhook: the URL is not an absolute http(s) URL")
	}
	var res struct {
		Verification struct {
			Outcome str `json:"outcome"`
		} `json:"verification"`
	}
	if _, err := a.call(ctx, "setWebhook", map[string]string{"url": url, "secret_token": secret}, &res); err != nil {
		return "", err
	}
	return string(res.Verification.Outcome), nil
}

// DeleteWebhook removes the webhook, so that Poll works again. Errors are
// *bot.PlatformError.
func (a *Adapter) DeleteWebhook(ctx context.Context) error {
	_, err := a.call(ctx, "deleteWebhook", struct{}{}, nil)
	return err
}

// WebhookInfo returns the URL of the webhook set ("" when none). Errors
// are *bot.PlatformError.
func (a *Adapter) WebhookInfo(ctx context.Context) (url string, err error) {
	var res struct {
		URL str `json:"url"`
	}
	if _, err := a.call(ctx, "getWebhookInfo", struct{}{}, &res); err != nil {
		return "", err
	}
	return string(res.URL), nil
}
