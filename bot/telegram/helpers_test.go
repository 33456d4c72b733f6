package telegram_test

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/bot/telegram"
	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
)

// testToken looks like a real BotFather token, so that redaction is tested
// on the shape that reaches production.
const testToken = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"

// Users and chats of the tests.
var (
	lan = telegramtest.User{ID: 4201, FirstName: "Lan", LastName: "Nguyễn", Username: "lan_ng", LanguageCode: "vi"}
	tom = telegramtest.User{ID: 4202, FirstName: "Tom", LanguageCode: "en"}
)

// startFake starts a fake Bot API server accepting testToken, closed when
// the test ends.
func startFake(t *testing.T) *telegramtest.Server {
	t.Helper()
	f := telegramtest.New(telegramtest.Config{Token: testToken})
	t.Cleanup(f.Close)
	return f
}

// newAdapter connects an adapter to f; pollTimeout 0 keeps the default.
func newAdapter(t *testing.T, f *telegramtest.Server, pollTimeout time.Duration) *telegram.Adapter {
	t.Helper()
	a, err := telegram.New(waitCtx(t), telegram.Config{Token: f.Token(), Endpoint: f.Endpoint(), PollTimeout: pollTimeout})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return a
}

// waitCtx bounds a wait so that a bug fails the test instead of hanging it.
func waitCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

type pollResult struct {
	updates []bot.Update
	err     error
	elapsed time.Duration
}

// startPoll runs a.Poll in the background.
func startPoll(ctx context.Context, a *telegram.Adapter, offset int64) <-chan pollResult {
	ch := make(chan pollResult, 1)
	go func() {
		start := time.Now()
		u, err := a.Poll(ctx, offset)
		ch <- pollResult{u, err, time.Since(start)}
	}()
	return ch
}

// await returns the result of a background poll, failing the test if it
// does not come within ctx.
func await(t *testing.T, ctx context.Context, ch <-chan pollResult) pollResult {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-ctx.Done():
		t.Fatalf("poll did not return: %v", ctx.Err())
		return pollResult{}
	}
}

// poll polls once and fails the test on an error.
func poll(t *testing.T, a *telegram.Adapter, offset int64) []bot.Update {
	t.Helper()
	us, err := a.Poll(waitCtx(t), offset)
	if err != nil {
		t.Fatalf("Poll(%d): %v", offset, err)
	}
	return us
}

// seqs returns the Seq of every update.
func seqs(us []bot.Update) []int64 {
	out := make([]int64, len(us))
	for i, u := range us {
		out[i] = u.Seq
	}
	return out
}

// wantPlatformError asserts that err is a *bot.PlatformError of kind.
func wantPlatformError(t *testing.T, err error, kind bot.ErrorKind) *bot.PlatformError {
	t.Helper()
	var pe *bot.PlatformError
	if !errors.As(err, &pe) {
		t.Fatalf("error = %v (%T), want a *bot.PlatformError of kind %s", err, err, kind)
	}
	if got, want := pe.Kind, kind; got != want {
		t.Fatalf("kind = %s (%v), want %s", got, err, want)
	}
	return pe
}

// wantNoToken asserts that no text of err shows a token.
func wantNoToken(t *testing.T, err error, tokens ...string) {
	t.Helper()
	if err == nil {
		return
	}
	for _, tok := range append(tokens, testToken) {
		if strings.Contains(err.Error(), tok) {
			t.Errorf("error text shows the token: %q", err.Error())
		}
		var pe *bot.PlatformError
		if errors.As(err, &pe) && strings.Contains(pe.Reason, tok) {
			t.Errorf("error reason shows the token: %q", pe.Reason)
		}
	}
}

// utf16Len is a text's length in the unit Telegram counts its limits in.
func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

// markupKind names the kind of a recorded reply_markup: "inline_keyboard",
// "keyboard", "remove_keyboard", or "" when there is none.
func markupKind(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	if len(raw) == 0 {
		return ""
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		t.Fatalf("reply_markup %s: %v", raw, err)
	}
	for _, k := range []string{"inline_keyboard", "keyboard", "remove_keyboard"} {
		if v, ok := obj[k]; ok && string(v) != "null" && string(v) != "false" {
			return k
		}
	}
	return "other: " + string(raw)
}

// lines returns numbered lines made from line ('#' stands for the number),
// joined by newlines, until the text holds at least n characters.
func lines(line string, n int) string {
	var b strings.Builder
	for i := 1; utf8.RuneCountInString(b.String()) < n; i++ {
		if i > 1 {
			b.WriteString("\n")
		}
		b.WriteString(strings.ReplaceAll(line, "#", strconv.Itoa(i)))
	}
	return b.String()
}
