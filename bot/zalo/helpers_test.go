package zalo_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/bot/zalo"
	"github.com/chungsuc/chungsuc/bot/zalo/zalotest"
)

// testToken has the shape of a real token, so that redaction is tested on
// what reaches production; tokenSecret is its part after the bot id.
const (
	testToken   = "1459232241454765289:Kx9vQ2-abcDEF_ghiJKL"
	tokenSecret = "Kx9vQ2-abcDEF_ghiJKL"
)

// People of the tests: Zalo ids are 20 hex characters.
const (
	lan   = "6ede9afa66b88fe6d6a9"
	minh  = "0c1f52a8e3b9d4470f21"
	group = "9a0e7b31c4d2f8650e1b"
)

// startFake starts a fake Zalo Bot API accepting testToken, closed when the
// test ends.
func startFake(t *testing.T) *zalotest.Server {
	t.Helper()
	f := zalotest.NewServer(zalotest.Config{Token: testToken})
	t.Cleanup(f.Close)
	return f
}

// newAdapter connects an adapter to f, with short waits between the tries
// of a later part; pollTimeout 0 keeps the default.
func newAdapter(t *testing.T, f *zalotest.Server, pollTimeout time.Duration) *zalo.Adapter {
	t.Helper()
	a, err := zalo.New(waitCtx(t), zalo.Config{Token: f.Token(), Endpoint: f.URL(), PollTimeout: pollTimeout})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	zalo.SetRetryWaits(a, 5*time.Millisecond, 5*time.Millisecond)
	return a
}

// waitCtx bounds a wait so that a bug fails the test instead of hanging it.
func waitCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// pollOne polls once and wants exactly one update.
func pollOne(t *testing.T, a *zalo.Adapter) bot.Update {
	t.Helper()
	us, err := a.Poll(waitCtx(t), 0)
	if err != nil {
		t.Fatalf("Poll: %v", err)
	}
	if len(us) != 1 {
		t.Fatalf("Poll returned %d updates, want 1: %+v", len(us), us)
	}
	return us[0]
}

// wantKind fails unless err is a *bot.PlatformError of kind.
func wantKind(t *testing.T, err error, kind bot.ErrorKind) *bot.PlatformError {
	t.Helper()
	var pe *bot.PlatformError
	if !errors.As(err, &pe) {
		t.Fatalf("error = %v (%T), want a *bot.PlatformError of kind %s", err, err, kind)
	}
	if pe.Kind != kind {
		t.Fatalf("error kind = %s (%v), want %s", pe.Kind, err, kind)
	}
	return pe
}

// send sends a text to chat.
func send(t *testing.T, a *zalo.Adapter, chat, text string) (string, error) {
	t.Helper()
	return a.Send(waitCtx(t), bot.Outgoing{Kind: bot.OutSend, Platform: zalo.Platform, ChatID: chat, Text: text})
}
