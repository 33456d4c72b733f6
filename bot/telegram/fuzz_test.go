package telegram_test

import (
	"errors"
	"testing"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/bot/telegram"
	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
)

// FuzzParseWebhook feeds ParseWebhook what anyone who finds the webhook's
// URL can send (the secret check aside): it must never panic, and what it
// accepts must be a telegram update with a non-empty id, the same as
// UpdateKey gives, and the sender and chat its kind needs.
func FuzzParseWebhook(f *testing.F) {
	const from = `"from":{"id":4201,"is_bot":false,"first_name":"Lan"}`
	const chat = `"chat":{"id":4201,"type":"private"}`
	for _, seed := range []string{
		`{"update_id":1001,"message":{"message_id":5,` + from + `,` + chat + `,"date":1700000000,"text":"/start"}}`,
		`{"update_id":1002,"message":{"message_id":6,` + from + `,` + chat + `,"date":1,"photo":[],"caption":"x"}}`,
		`{"update_id":1003,"message":{"message_id":6,` + from + `,` + chat + `,"date":1,"photo":[{"file_id":"a"}]}}`,
		`{"update_id":1004,"callback_query":{"id":"77",` + from + `,"message":{"message_id":9,"date":1},"data":"d"}}`,
		`{"update_id":1005,"callback_query":{"id":"77","data":"no sender"}}`,
		`{"update_id":1006,"message":{"message_id":5,"date":1,"text":"no sender"}}`,
		`{"update_id":1007,"message":{"contact":{"phone_number":"+84","user_id":4201},` + from + `,` + chat + `}}`,
		`{"update_id":1008,"message":{"sticker":{"file_id":"s"},` + from + `,` + chat + `}}`,
		`{"update_id":1009,"message":{"reply_to_message":{"message_id":1},` + from + `,` + chat + `}}`,
		`{"update_id":9223372036854775807}`,
		`{"update_id":1e3}`,
		`{"update_id":-1}`,
		`{"update_id":1,"message":null,"callback_query":null}`,
		`{"update_id":1,"message":"not an object"}`,
		`{"update_id":"1"}`,
		"{\"update_id\":1,\"message\":{\"text\":\"\xff\xfe\"}}",
		`null`, `[]`, `""`, `{`, ``,
	} {
		f.Add([]byte(seed))
	}
	a := telegram.Offline(telegramtest.DefaultBotID)
	f.Fuzz(func(t *testing.T, body []byte) {
		u, err := a.ParseWebhook(body)
		key, kerr := telegram.UpdateKey(body)
		if (err == nil) != (kerr == nil) {
			t.Fatalf("ParseWebhook and UpdateKey disagree: %v, %v", err, kerr)
		}
		if err != nil {
			if !errors.Is(err, telegram.ErrBadWebhook) || !errors.Is(kerr, telegram.ErrBadWebhook) {
				t.Fatalf("errors are not ErrBadWebhook: %v, %v", err, kerr)
			}
			return
		}
		if u.Platform != telegram.Platform || u.Source != "telegram:123456" {
			t.Fatalf("Platform, Source = %q, %q", u.Platform, u.Source)
		}
		if u.ID == "" || u.ID != key || u.Seq <= 0 {
			t.Fatalf("ID, Seq = %q, %d (UpdateKey %q): want a non-empty id equal to the key, a positive seq", u.ID, u.Seq, key)
		}
		switch u.Kind {
		case bot.KindMessage:
			if u.From.ID == "" || u.Chat.ID == "" {
				t.Fatalf("a message without a sender or a chat: %+v", u)
			}
		case bot.KindCallback:
			if u.From.ID == "" || u.Chat.ID == "" || u.Callback == nil {
				t.Fatalf("a press without a sender, a chat or a callback: %+v", u)
			}
		case bot.KindIgnored:
		default:
			t.Fatalf("kind %q", u.Kind)
		}
	})
}
