package main

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
	"github.com/chungsuc/chungsuc/bot/zalo/zalotest"
)

// TestWebhookKillAfterTheAnswerLosesNothing delivers Zalo updates to the
// bot's webhook and kills the bot (SIGKILL) as soon as the last is
// answered 200, long before it has handled them all: the restarted bot
// applies every update it answered, once, including the deliveries Zalo
// made twice. (Zalo does not deliver an update again once it got a 200,
// so an update answered and then lost would be lost for good.)
func TestWebhookKillAfterTheAnswerLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the bot as a child process twice")
	}
	tfake, zfake := telegramtest.New(telegramtest.Config{}), zalotest.New()
	defer tfake.Close()
	defer zfake.Close()
	dbPath := filepath.Join(t.TempDir(), "hook.db")
	seedSample(t, dbPath)
	port := freePort(t)
	env := []string{"ZALO_TOKEN=" + zfake.Token(), "ZALO_API_ENDPOINT=" + zfake.URL(), "CHUNGSUC_ZALO_RATE=1000",
		fmt.Sprintf("CHUNGSUC_HTTP=127.0.0.1:%d", port), fmt.Sprintf("CHUNGSUC_WEBHOOK=http://127.0.0.1:%d", port)}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	c := startChild(t, tfake, dbPath, env...)
	waitZaloWebhook(t, ctx, zfake, c)
	const users, each = 50, 6
	ids := make([]string, users)
	for u := range ids {
		ids[u] = zfake.NewID()
	}
	twice := 0
	for i := 0; i < each; i++ {
		for u, id := range ids {
			ev := zfake.TextEvent(id, "Cư dân", "/help")
			if (u+i)%17 == 0 { // a delivery the platform repeats
				first, second, err := zfake.DeliverTwice(ctx, i%2 == 0, ev)
				if err != nil || first != 200 || second != 200 {
					t.Fatalf("delivering twice: %d %d %v\nlogs:\n%s", first, second, err, c.logs.String())
				}
				twice++
				continue
			}
			if status, err := zfake.DeliverWebhook(ctx, i%2 == 0, ev); err != nil || status != 200 {
				t.Fatalf("delivery: %d %v\nlogs:\n%s", status, err, c.logs.String())
			}
		}
	}
	c.kill(t)
	handled := len(zfake.Sent())
	t.Logf("%d updates answered 200 (%d delivered twice); %d replies sent before the kill", users*each, twice, handled)

	c = startChild(t, tfake, dbPath, env...)
	defer func() { _ = c.term(t) }()
	for ctx.Err() == nil {
		if _, perChat := appliedCounts(t, dbPath); len(perChat) == users && allAtLeast(perChat, each) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	applied, perChat := appliedCounts(t, dbPath)
	for _, id := range ids {
		if n := perChat[id]; n != each {
			t.Errorf("chat %s has %d replies in the outbox, want %d (an update lost or applied twice)", id, n, each)
		}
	}
	if applied < users*each {
		t.Errorf("%d updates recorded as applied, want %d", applied, users*each)
	}
}

// waitZaloWebhook waits until the bot has registered its Zalo webhook.
func waitZaloWebhook(t *testing.T, ctx context.Context, zfake *zalotest.Server, c *child) {
	t.Helper()
	for ctx.Err() == nil {
		if url, _ := zfake.Webhook(); url != "" {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("the Zalo webhook was never registered\nlogs:\n%s", c.logs.String())
}

func allAtLeast(m map[string]int, n int) bool {
	for _, v := range m {
		if v < n {
			return false
		}
	}
	return true
}
