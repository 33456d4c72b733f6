package zalo_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/bot/zalo"
	"github.com/chungsuc/chungsuc/bot/zalo/zalotest"
)

const cdn = "https://photo-stal-9.zdn.vn/abc/def"

// TestEventsBecomeUpdates pushes each kind of event and checks the
// update Poll makes of it.
func TestEventsBecomeUpdates(t *testing.T) {
	f := startFake(t)
	a := newAdapter(t, f, 0)
	tests := []struct {
		name string
		push func() zalotest.Event
		want bot.Update // Source, Platform, ID, MessageID and Time checked apart
	}{
		{"text", func() zalotest.Event { return f.TextEvent(lan, "Lan Nguyễn", "Xin chào 👋") },
			bot.Update{Kind: bot.KindMessage, From: bot.User{ID: lan, Name: "Lan Nguyễn"},
				Chat: bot.Chat{ID: lan, Private: true}, Text: "Xin chào 👋"}},
		{"group text", func() zalotest.Event { return f.GroupTextEvent(group, lan, "Lan", "@bot giúp") },
			bot.Update{Kind: bot.KindMessage, From: bot.User{ID: lan, Name: "Lan"},
				Chat: bot.Chat{ID: group, Private: false}, Text: "@bot giúp"}},
		{"image in photo_url (live payloads)", func() zalotest.Event { return f.PhotoEvent(lan, "Lan", "rác ở ngõ 5", cdn, false) },
			bot.Update{Kind: bot.KindMessage, From: bot.User{ID: lan, Name: "Lan"}, Chat: bot.Chat{ID: lan, Private: true},
				Text: "rác ở ngõ 5", Photo: &bot.Photo{FileID: cdn, URL: cdn}}},
		{"image in photo (the documentation)", func() zalotest.Event { return f.PhotoEvent(lan, "Lan", "", cdn, true) },
			bot.Update{Kind: bot.KindMessage, From: bot.User{ID: lan, Name: "Lan"}, Chat: bot.Chat{ID: lan, Private: true},
				Photo: &bot.Photo{FileID: cdn, URL: cdn}}},
		{"sticker", func() zalotest.Event { return f.StickerEvent(lan, "Lan") },
			bot.Update{Kind: bot.KindMessage, From: bot.User{ID: lan, Name: "Lan"}, Chat: bot.Chat{ID: lan, Private: true}, Media: "sticker"}},
		{"voice", func() zalotest.Event { return f.VoiceEvent(lan, "Lan") },
			bot.Update{Kind: bot.KindMessage, From: bot.User{ID: lan, Name: "Lan"}, Chat: bot.Chat{ID: lan, Private: true}, Media: "voice"}},
		{"unsupported (a protected user)", func() zalotest.Event { return f.UnsupportedEvent(minh, "Minh") },
			bot.Update{Kind: bot.KindMessage, From: bot.User{ID: minh, Name: "Minh"}, Chat: bot.Chat{ID: minh, Private: true}, Media: "unsupported"}},
		{"unknown event is ignored", func() zalotest.Event {
			ev := f.TextEvent(lan, "Lan", "x")
			ev.EventName = "user.follow"
			return ev
		}, bot.Update{Kind: bot.KindIgnored, From: bot.User{ID: lan, Name: "Lan"}, Chat: bot.Chat{ID: lan, Private: true}}},
		{"self-echo is ignored", func() zalotest.Event { return f.SelfEchoEvent("tin của bot") },
			bot.Update{Kind: bot.KindIgnored, From: bot.User{ID: zalotest.DefaultBotID, Name: zalotest.DefaultAccountName},
				Chat: bot.Chat{ID: zalotest.DefaultBotID, Private: true}, Text: "tin của bot"}},
		{"another bot is ignored", func() zalotest.Event {
			ev := f.TextEvent(minh, "Bot khác", "spam")
			ev.Message.From.IsBot = true
			return ev
		}, bot.Update{Kind: bot.KindIgnored, From: bot.User{ID: minh, Name: "Bot khác"}, Chat: bot.Chat{ID: minh, Private: true}, Text: "spam"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := tt.push()
			f.PushEvent(ev)
			u := pollOne(t, a)
			if u.Source != a.Name() || u.Platform != zalo.Platform || u.Seq != 0 {
				t.Errorf("Source, Platform, Seq = %q, %q, %d", u.Source, u.Platform, u.Seq)
			}
			if u.ID != ev.Message.MessageID || u.MessageID != ev.Message.MessageID {
				t.Errorf("ID, MessageID = %q, %q; want %q", u.ID, u.MessageID, ev.Message.MessageID)
			}
			if want := time.UnixMilli(ev.Message.Date).UTC(); !u.Time.Equal(want) {
				t.Errorf("Time = %v, want %v", u.Time, want)
			}
			got := u
			got.Source, got.Platform, got.ID, got.MessageID, got.Time = "", "", "", "", time.Time{}
			if got.Kind != tt.want.Kind || got.From != tt.want.From || got.Chat != tt.want.Chat ||
				got.Text != tt.want.Text || got.Media != tt.want.Media || !samePhoto(got.Photo, tt.want.Photo) {
				t.Errorf("update = %+v (photo %+v)\nwant     %+v (photo %+v)", got, got.Photo, tt.want, tt.want.Photo)
			}
		})
	}
}

func samePhoto(a, b *bot.Photo) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// TestParseWebhook checks the bodies a webhook receives.
func TestParseWebhook(t *testing.T) {
	a := zalo.Offline(zalotest.DefaultBotID)
	msg := `{"from":{"id":"` + lan + `","display_name":"Lan"},"chat":{"id":"` + lan +
		`","chat_type":"PRIVATE"},"text":"chào","message_id":"2d04b3ea61a1bfe7e6b0","date":1750316131602}`
	bare := `{"event_name":"message.text.received","message":` + msg + `}`
	tests := []struct {
		name, body string
		wantID     string
		wantErr    error // nil: any error when wantID is ""
	}{
		{"bare", bare, "2d04b3ea61a1bfe7e6b0", nil},
		{"wrapped", `{"ok":true,"result":` + bare + `}`, "2d04b3ea61a1bfe7e6b0", nil},
		{"wrapped with error_code 0", `{"ok":true,"error_code":0,"result":` + bare + `}`, "2d04b3ea61a1bfe7e6b0", nil},
		{"numeric ids kept exact", `{"event_name":"message.text.received","message":{"from":{"id":1459232241454765290},` +
			`"message_id":12345678901234567890123,"date":"1750316131602"}}`, "12345678901234567890123", nil},
		{"no message_id", `{"event_name":"message.text.received","message":{"from":{"id":"` + lan + `"},"date":1750316131602}}`,
			"message.text.received:" + lan + ":1750316131602", nil},
		{"odd field types", `{"event_name":"message.text.received","message":{"from":"x","chat":[1],"text":7,"message_id":"m1"}}`, "m1", nil},
		{"no event_name", `{"message":` + msg + `}`, "", zalo.ErrNoEvent},
		{"wrapped null", `{"ok":true,"result":null}`, "", zalo.ErrNoEvent},
		{"ok false", `{"ok":false,"error_code":400}`, "", zalo.ErrNoEvent},
		{"null", `null`, "", zalo.ErrNoEvent},
		{"bad JSON", `{"event_name":`, "", nil},
		{"an array", `[` + bare + `]`, "", nil},
		{"empty", ``, "", nil},
		{"too big", `{"event_name":"message.text.received","x":"` + strings.Repeat("a", zalo.MaxWebhookBody) + `"}`, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := a.ParseWebhook([]byte(tt.body))
			key, kerr := zalo.DedupeKey([]byte(tt.body))
			if tt.wantID == "" {
				if err == nil || kerr == nil {
					t.Fatalf("ParseWebhook, DedupeKey = %+v, %q; want errors", u, key)
				}
				if tt.wantErr != nil && (!errors.Is(err, tt.wantErr) || !errors.Is(kerr, tt.wantErr)) {
					t.Errorf("errors = %v, %v; want %v", err, kerr, tt.wantErr)
				}
				return
			}
			if err != nil || kerr != nil {
				t.Fatalf("ParseWebhook, DedupeKey: %v, %v", err, kerr)
			}
			if u.ID != tt.wantID || key != tt.wantID {
				t.Errorf("ID, DedupeKey = %q, %q; want %q", u.ID, key, tt.wantID)
			}
			if u.Platform != zalo.Platform || u.Source != "zalo:"+zalotest.DefaultBotID {
				t.Errorf("Platform, Source = %q, %q", u.Platform, u.Source)
			}
		})
	}
}

func TestParseWebhookReadsTheMessage(t *testing.T) {
	a := zalo.Offline(zalotest.DefaultBotID)
	body := `{"ok":true,"result":{"event_name":"message.image.received","message":{"from":{"id":"` + lan +
		`","name":"Lan","is_bot":false},"chat":{"id":"` + lan + `","chat_type":"PRIVATE"},"photo_url":"` + cdn +
		`","photo":"https://old.example/x.jpg","caption":"đây","message_id":"p1","date":1750316131602,"message_type":"CHAT_PHOTO"}}}`
	u, err := a.ParseWebhook([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if u.Kind != bot.KindMessage || u.From.Name != "Lan" || u.Text != "đây" || u.Photo == nil || u.Photo.URL != cdn {
		t.Errorf("update = %+v, photo %+v; want photo_url read first, name as a fallback", u, u.Photo)
	}
	if want := time.Date(2025, 6, 19, 6, 55, 31, 602e6, time.UTC); !u.Time.Equal(want) {
		t.Errorf("Time = %v, want %v (date is in milliseconds)", u.Time, want)
	}
}

func TestImageWithoutAURLIsOtherMedia(t *testing.T) {
	a := zalo.Offline(zalotest.DefaultBotID)
	u, err := a.ParseWebhook([]byte(`{"event_name":"message.image.received","message":{"from":{"id":"u"},"message_id":"i"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if u.Kind != bot.KindMessage || u.Photo != nil || u.Media != "other" || u.Chat.ID != "u" {
		t.Errorf("update = %+v", u)
	}
}
