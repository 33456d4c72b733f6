package telegram

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/chungsuc/chungsuc/bot"
)

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// convert turns a Telegram update into a neutral one. What the bot does
// not act on becomes bot.KindIgnored, still to be recorded as applied: so
// does a message without a sender or a chat, and a press without a sender.
func (a *Adapter) convert(t *tgbotapi.Update) bot.Update {
	u := bot.Update{
		Source:   a.Name(),
		Platform: Platform,
		ID:       strconv.Itoa(t.UpdateID),
		Seq:      int64(t.UpdateID),
		Kind:     bot.KindIgnored,
	}
	switch {
	case t.Message != nil && t.Message.From != nil && t.Message.Chat != nil:
		fillMessage(&u, t.Message)
	case t.CallbackQuery != nil && t.CallbackQuery.From != nil:
		q := t.CallbackQuery
		u.Kind = bot.KindCallback
		u.From = user(q.From)
		// A press on a message too old to be described still deserves an
		// answer: reply in the presser's private chat.
		u.Chat = bot.Chat{ID: u.From.ID, Private: true}
		if q.Message != nil && q.Message.Chat != nil {
			u.Chat = chat(q.Message.Chat)
			u.MessageID = strconv.Itoa(q.Message.MessageID)
			u.Captioned = captioned(q.Message)
		}
		u.Callback = &bot.Callback{ID: q.ID, Data: q.Data}
		u.Time = time.Now().UTC()
	}
	return u
}

func fillMessage(u *bot.Update, m *tgbotapi.Message) {
	u.Kind = bot.KindMessage
	u.From = user(m.From)
	u.Chat = chat(m.Chat)
	u.MessageID = strconv.Itoa(m.MessageID)
	u.Time = time.Unix(int64(m.Date), 0).UTC()
	u.Text = m.Text
	switch {
	case len(m.Photo) > 0:
		p := m.Photo[len(m.Photo)-1] // the largest size comes last
		u.Photo = &bot.Photo{FileID: p.FileID, FileUniqueID: p.FileUniqueID}
		u.Text = m.Caption
	case m.Contact != nil:
		u.Contact = &bot.Contact{Phone: m.Contact.PhoneNumber}
		if m.Contact.UserID != 0 {
			u.Contact.UserID = strconv.FormatInt(m.Contact.UserID, 10)
		}
	case m.Text == "":
		u.Media = mediaKind(m)
		u.Text = m.Caption
	}
}

// captioned reports whether m is a media message, whose words are a
// caption that only editMessageCaption changes.
func captioned(m *tgbotapi.Message) bool {
	return m.Text == "" && (len(m.Photo) > 0 || m.Document != nil || m.Video != nil || m.Animation != nil ||
		m.Audio != nil || m.Voice != nil)
}

func mediaKind(m *tgbotapi.Message) string {
	switch {
	case m.Sticker != nil:
		return "sticker"
	case m.Voice != nil, m.Audio != nil:
		return "voice"
	case m.Video != nil, m.VideoNote != nil, m.Animation != nil:
		return "video"
	case m.Document != nil:
		return "document"
	case m.Location != nil, m.Venue != nil:
		return "location"
	}
	return "other"
}

func user(u *tgbotapi.User) bot.User {
	name := strings.TrimSpace(u.FirstName + " " + u.LastName)
	return bot.User{ID: strconv.FormatInt(u.ID, 10), Name: name, Username: u.UserName,
		LanguageCode: u.LanguageCode}
}

func chat(c *tgbotapi.Chat) bot.Chat {
	if c == nil {
		return bot.Chat{}
	}
	return bot.Chat{ID: strconv.FormatInt(c.ID, 10), Private: c.Type == "private"}
}
