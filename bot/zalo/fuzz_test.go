package zalo_test

import (
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/bot/zalo"
	"github.com/chungsuc/chungsuc/bot/zalo/zalotest"
)

// FuzzParseWebhook feeds ParseWebhook what anyone who finds the webhook's
// URL can send (the secret check aside): it must never panic, and what it
// accepts must be a zalo update with a usable, valid UTF-8 id, the same
// as DedupeKey gives.
func FuzzParseWebhook(f *testing.F) {
	msg := `{"from":{"id":"6ede9afa66b88fe6d6a9","display_name":"Lan"},"chat":{"id":"6ede9afa66b88fe6d6a9",` +
		`"chat_type":"PRIVATE"},"text":"chào","message_id":"2d04b3ea61a1bfe7e6b0","date":1750316131602}`
	for _, seed := range []string{
		`{"event_name":"message.text.received","message":` + msg + `}`,
		`{"ok":true,"error_code":0,"result":{"event_name":"message.text.received","message":` + msg + `}}`,
		`{"ok":true,"result":{"event_name":"message.image.received","message":{"from":{"id":"u"},"photo_url":"https://x/y"}}}`,
		`{"event_name":"message.unsupported.received","message":{"from":{"id":1},"chat":{"id":2},"date":"x"}}`,
		`{"event_name":"message.sticker.received","message":{"from":{"id":"` + zalotest.DefaultBotID + `","is_bot":"true"}}}`,
		`{"event_name":"x","message":"not an object"}`,
		`{"event_name":"\xff\xfe","message":{"message_id":"\xc3\x28"}}`,
		`{"event_name":1e400,"message":{"date":1e400}}`,
		`{"ok":true,"result":[1,2]}`,
		`{"result":{"result":{"event_name":"a"}}}`,
		`null`, `[]`, `""`, `{`, ``,
	} {
		f.Add([]byte(seed))
	}
	a := zalo.Offline(zalotest.DefaultBotID)
	f.Fuzz(func(t *testing.T, body []byte) {
		u, err := a.ParseWebhook(body)
		key, kerr := zalo.DedupeKey(body)
		if (err == nil) != (kerr == nil) {
			t.Fatalf("ParseWebhook and DedupeKey disagree: %v, %v", err, kerr)
		}
		if err != nil {
			if errors.Is(err, zalo.ErrNoEvent) != errors.Is(kerr, zalo.ErrNoEvent) {
				t.Fatalf("errors differ: %v, %v", err, kerr)
			}
			return
		}
		if u.Platform != zalo.Platform || u.Source != "zalo:"+zalotest.DefaultBotID {
			t.Fatalf("Platform, Source = %q, %q", u.Platform, u.Source)
		}
		if u.ID == "" || !utf8.ValidString(u.ID) || u.ID != key {
			t.Fatalf("ID = %q (DedupeKey %q): want non-empty, valid UTF-8, equal", u.ID, key)
		}
		switch u.Kind {
		case bot.KindMessage:
			if u.From.ID == "" || u.Chat.ID == "" || u.From.ID == zalotest.DefaultBotID {
				t.Fatalf("a message without a sender or a chat, or from the bot: %+v", u)
			}
		case bot.KindIgnored:
		default:
			t.Fatalf("Kind = %q", u.Kind)
		}
		for _, s := range []string{u.Text, u.From.ID, u.From.Name, u.Chat.ID, u.MessageID} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 in %+v", u)
			}
		}
	})
}
