package zalo

import (
	"time"

	"github.com/chungsuc/chungsuc/bot"
)

// SetRetryWaits shortens the waits between the tries of a long text's
// later part: after a 429 (quota) and after a temporary failure (backoff).
func SetRetryWaits(a *Adapter, quota, backoff time.Duration) {
	a.quotaWait = quota
	a.partBackoff = bot.Backoff{Min: backoff, Max: backoff}
}

// Offline returns an adapter of bot id that has never talked to Zalo, for
// tests of ParseWebhook that need no server.
func Offline(id string) *Adapter {
	return &Adapter{id: id, token: "x", quotaWait: QuotaRetryAfter}
}

// PartLimit is the most UTF-16 code units the adapter puts in one message
// or caption.
const PartLimit = partLimit
