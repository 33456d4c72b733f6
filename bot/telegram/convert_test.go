package telegram_test

import (
	"encoding/json"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/bot/telegram"
	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
)

// pushed is what a push put on the fake: the update id, and the query id
// of a callback.
type pushed struct {
	updateID int64
	queryID  string
}

func TestPollConverts(t *testing.T) {
	lanChat := bot.Chat{ID: "4201", Private: true}
	lanUser := bot.User{ID: "4201", Name: "Lan Nguyễn", Username: "lan_ng", LanguageCode: "vi"}
	tests := []struct {
		label string
		push  func(t *testing.T, f *telegramtest.Server, a *telegram.Adapter) pushed
		want  bot.Update // Source, Platform, ID, Seq, Time and Callback.ID are checked apart
	}{
		{"a text message keeps sender, chat, message id and text",
			func(t *testing.T, f *telegramtest.Server, a *telegram.Adapter) pushed {
				return pushed{updateID: f.PushMessage(lan, "/start g_HN")}
			},
			bot.Update{Kind: bot.KindMessage, From: lanUser, Chat: lanChat, MessageID: "1", Text: "/start g_HN"}},
		{"a sender without last name or username",
			func(t *testing.T, f *telegramtest.Server, a *telegram.Adapter) pushed {
				return pushed{updateID: f.PushMessage(tom, "hi")}
			},
			bot.Update{Kind: bot.KindMessage, From: bot.User{ID: "4202", Name: "Tom", LanguageCode: "en"},
				Chat: bot.Chat{ID: "4202", Private: true}, MessageID: "1", Text: "hi"}},
		{"a group message is not private",
			func(t *testing.T, f *telegramtest.Server, a *telegram.Adapter) pushed {
				return pushed{updateID: f.PushMessageInChat(telegramtest.Chat{ID: -100777, Title: "Tổ 5"}, lan, "chào cả nhà")}
			},
			bot.Update{Kind: bot.KindMessage, From: lanUser, Chat: bot.Chat{ID: "-100777"}, MessageID: "1", Text: "chào cả nhà"}},
		{"a photo gives the largest size and the caption as text",
			func(t *testing.T, f *telegramtest.Server, a *telegram.Adapter) pushed {
				return pushed{updateID: f.PushPhoto(lan, "rác ở ngõ 3", "AgACAgIAAxkBAAIBLarge", "AQADLarge")}
			},
			bot.Update{Kind: bot.KindMessage, From: lanUser, Chat: lanChat, MessageID: "1", Text: "rác ở ngõ 3",
				Photo: &bot.Photo{FileID: "AgACAgIAAxkBAAIBLarge", FileUniqueID: "AQADLarge"}}},
		{"a contact gives the phone and the sender's own id",
			func(t *testing.T, f *telegramtest.Server, a *telegram.Adapter) pushed {
				return pushed{updateID: f.PushContact(lan, "+84901234567")}
			},
			bot.Update{Kind: bot.KindMessage, From: lanUser, Chat: lanChat, MessageID: "1",
				Contact: &bot.Contact{Phone: "+84901234567", UserID: "4201"}}},
		{"a sticker is media sticker without text",
			func(t *testing.T, f *telegramtest.Server, a *telegram.Adapter) pushed {
				return pushed{updateID: f.PushSticker(lan)}
			},
			bot.Update{Kind: bot.KindMessage, From: lanUser, Chat: lanChat, MessageID: "1", Media: "sticker"}},
		{"a voice message is media voice",
			func(t *testing.T, f *telegramtest.Server, a *telegram.Adapter) pushed {
				return pushed{updateID: f.PushVoice(lan)}
			},
			bot.Update{Kind: bot.KindMessage, From: lanUser, Chat: lanChat, MessageID: "1", Media: "voice"}},
		{"a document is media document with its caption as text",
			func(t *testing.T, f *telegramtest.Server, a *telegram.Adapter) pushed {
				return pushed{updateID: f.PushDocument(lan, "biên bản", "bien-ban.pdf", "BQACAgIAAxkBAAIDoc")}
			},
			bot.Update{Kind: bot.KindMessage, From: lanUser, Chat: lanChat, MessageID: "1", Media: "document", Text: "biên bản"}},
		{"a button press is a callback on the bot's message",
			func(t *testing.T, f *telegramtest.Server, a *telegram.Adapter) pushed {
				id, err := a.Send(waitCtx(t), bot.Outgoing{Kind: bot.OutSend, ChatID: "4201", Text: "Chọn:",
					Keyboard: bot.Inline(bot.Row(bot.Button{Text: "Xong", Data: "deed:42|sig"}))})
				if err != nil {
					t.Fatalf("Send: %v", err)
				}
				msgID, _ := strconv.ParseInt(id, 10, 64)
				u, q := f.PushCallbackQuery(lan, msgID, "deed:42|sig")
				return pushed{updateID: u, queryID: q}
			},
			bot.Update{Kind: bot.KindCallback, From: lanUser, Chat: lanChat, MessageID: "1",
				Callback: &bot.Callback{Data: "deed:42|sig"}}},
		{"a button press under a photo says its words are a caption",
			func(t *testing.T, f *telegramtest.Server, a *telegram.Adapter) pushed {
				id, err := a.Send(waitCtx(t), bot.Outgoing{Kind: bot.OutPhoto, ChatID: "4201", Photo: "AgACAgIAAxkBAAIBY2ZfYm9vdA",
					Text: "Báo cáo VT-000001", Keyboard: bot.Inline(bot.Row(bot.Button{Text: "Duyệt", Data: "da:1|sig"}))})
				if err != nil {
					t.Fatalf("Send: %v", err)
				}
				msgID, _ := strconv.ParseInt(id, 10, 64)
				u, q := f.PushCallbackQuery(lan, msgID, "da:1|sig")
				return pushed{updateID: u, queryID: q}
			},
			bot.Update{Kind: bot.KindCallback, From: lanUser, Chat: lanChat, MessageID: "1", Captioned: true,
				Callback: &bot.Callback{Data: "da:1|sig"}}},
		{"an edited message is ignored",
			func(t *testing.T, f *telegramtest.Server, a *telegram.Adapter) pushed {
				return pushed{updateID: f.PushRaw(json.RawMessage(`{"edited_message":{"message_id":5,` +
					`"from":{"id":4201,"is_bot":false,"first_name":"Lan"},"chat":{"id":4201,"type":"private"},` +
					`"date":1700000000,"edit_date":1700000100,"text":"sửa rồi"}}`))}
			},
			bot.Update{Kind: bot.KindIgnored}},
		{"a channel post is ignored",
			func(t *testing.T, f *telegramtest.Server, a *telegram.Adapter) pushed {
				return pushed{updateID: f.PushRaw(json.RawMessage(`{"channel_post":{"message_id":9,` +
					`"chat":{"id":-1001234,"type":"channel","title":"Tin"},"date":1700000000,"text":"tin"}}`))}
			},
			bot.Update{Kind: bot.KindIgnored}},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			f := startFake(t)
			a := newAdapter(t, f, time.Second)
			start := time.Now().Add(-time.Second)
			p := tt.push(t, f, a)
			us := poll(t, a, 0)
			if got, want := len(us), 1; got != want {
				t.Fatalf("poll returned %d updates, want %d", got, want)
			}
			got := us[0]
			if got, want := got.Source, a.Name(); got != want {
				t.Errorf("Source = %q, want %q", got, want)
			}
			if got, want := got.Platform, telegram.Platform; got != want {
				t.Errorf("Platform = %q, want %q", got, want)
			}
			if got, want := got.Seq, p.updateID; got != want {
				t.Errorf("Seq = %d, want %d", got, want)
			}
			if got, want := got.ID, strconv.FormatInt(p.updateID, 10); got != want {
				t.Errorf("ID = %q, want %q", got, want)
			}
			switch {
			case tt.want.Kind == bot.KindIgnored && !got.Time.IsZero():
				t.Errorf("Time = %s, want zero for an ignored update", got.Time)
			case tt.want.Kind != bot.KindIgnored && (got.Time.Before(start) || got.Time.After(time.Now())):
				t.Errorf("Time = %s, want between %s and now", got.Time, start)
			case got.Time.Location() != time.UTC:
				t.Errorf("Time is in %s, want UTC", got.Time.Location())
			}
			if tt.want.Callback != nil {
				if got.Callback == nil {
					t.Fatalf("Callback = nil, want %+v", tt.want.Callback)
				}
				if got, want := got.Callback.ID, p.queryID; got != want {
					t.Errorf("Callback.ID = %q, want %q", got, want)
				}
				tt.want.Callback.ID = p.queryID
			}
			got.Source, got.Platform, got.ID, got.Seq, got.Time = "", "", "", 0, time.Time{}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("update =\n%s\nwant\n%s", describe(got), describe(tt.want))
			}
		})
	}
}

func describe(u bot.Update) string {
	b, err := json.MarshalIndent(u, "", "  ")
	if err != nil {
		return err.Error()
	}
	return string(b)
}
