package bot_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/chungsuc/chungsuc/bot"
)

// catalogue is a bot.Texts that spells every message as "lang/key(args)",
// so tests can tell which message in which language was produced.
type catalogue struct{}

func (catalogue) Text(lang, key string, args ...any) string {
	if len(args) == 0 {
		return lang + "/" + key
	}
	return fmt.Sprintf("%s/%s%v", lang, key, args)
}

// fakeClock is a clock that moves only when told to.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// message returns a text update from user in a private chat of the same id.
func message(user, text string) *bot.Update {
	return &bot.Update{
		Source: "test:1", Platform: "test", ID: "m-" + user + "-" + text,
		Kind: bot.KindMessage, From: bot.User{ID: user, Name: "User " + user},
		Chat: bot.Chat{ID: user, Private: true}, MessageID: "100", Text: text,
	}
}

// press returns a button press by user on the bot's message 200 in user's chat.
func press(user, data string) *bot.Update {
	return &bot.Update{
		Source: "test:1", Platform: "test", ID: "c-" + user + "-" + data,
		Kind: bot.KindCallback, From: bot.User{ID: user},
		Chat: bot.Chat{ID: user, Private: true}, MessageID: "200",
		Callback: &bot.Callback{ID: "cb-" + user, Data: data},
	}
}

// serve routes u through r in a fresh Context (language "vi").
func serve(r *bot.Router[state], u *bot.Update) (*bot.Context, error) {
	c := bot.NewContext(u, "vi")
	err := r.Serve(context.Background(), c, state{})
	return c, err
}

// describe renders outgoing messages compactly for comparisons.
func describe(out []bot.Outgoing) string {
	var b strings.Builder
	for i, m := range out {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s %s", m.Kind, m.ChatID)
		if m.MessageID != "" {
			fmt.Fprintf(&b, " msg=%s", m.MessageID)
		}
		if m.CallbackID != "" {
			fmt.Fprintf(&b, " cb=%s", m.CallbackID)
		}
		fmt.Fprintf(&b, " %q", m.Text)
		if m.Alert {
			b.WriteString(" alert")
		}
	}
	return b.String()
}

// state is the per-update state of the routers in these tests: none.
type state struct{}
