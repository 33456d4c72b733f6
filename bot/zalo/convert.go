package zalo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/chungsuc/chungsuc/bot"
)

// The event names Zalo sends.
const (
	EventText        = "message.text.received"
	EventImage       = "message.image.received"
	EventSticker     = "message.sticker.received"
	EventVoice       = "message.voice.received"
	EventUnsupported = "message.unsupported.received"
)

// MaxWebhookBody is the largest webhook body ParseWebhook and DedupeKey
// read; a webhook handler should refuse bigger ones before reading them.
const MaxWebhookBody = 1 << 20

// ErrNoEvent is what ParseWebhook and DedupeKey return for a body that is
// JSON but carries no event_name (neither bare nor wrapped in "result").
var ErrNoEvent = errors.New("zalo webhook: no event_name in the body")

// event is one update: {event_name, message}.
type event struct {
	Name    string
	Message *message // nil when absent or not an object
}

// message is an event's message. Every field is read leniently (see str).
type message struct {
	From struct {
		ID          str  `json:"id"`
		DisplayName str  `json:"display_name"`
		Name        str  `json:"name"`
		IsBot       flag `json:"is_bot"`
	} `json:"from"`
	Chat struct {
		ID       str `json:"id"`
		ChatType str `json:"chat_type"`
	} `json:"chat"`
	Text        str `json:"text"`
	PhotoURL    str `json:"photo_url"` // live payloads
	Photo       str `json:"photo"`     // the documentation
	Caption     str `json:"caption"`
	Sticker     str `json:"sticker"`
	URL         str `json:"url"`
	VoiceURL    str `json:"voice_url"`
	MessageID   str `json:"message_id"`
	Date        num `json:"date"` // milliseconds
	MessageType str `json:"message_type"`
}

// decodeEvent reads one update object. It fails only when raw is not a
// JSON object (or null); a field of an unexpected type reads as zero.
func decodeEvent(raw []byte) (event, error) {
	var w struct {
		EventName str             `json:"event_name"`
		Message   json.RawMessage `json:"message"`
	}
	if err := json.Unmarshal(raw, &w); err != nil {
		return event{}, err
	}
	ev := event{Name: string(w.EventName)}
	if m := bytes.TrimSpace(w.Message); len(m) > 0 && m[0] == '{' {
		ev.Message = new(message)
		// A type error in from or chat leaves that part zero; the rest is read.
		_ = json.Unmarshal(m, ev.Message)
	}
	return ev, nil
}

// decodeEvents reads getUpdates' result: one update object (as
// documented), an array of them, or null. Empty objects are dropped.
func decodeEvents(raw []byte) ([]event, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	items := []json.RawMessage{raw}
	if raw[0] == '[' {
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, err
		}
	}
	var out []event
	for _, item := range items {
		ev, err := decodeEvent(item)
		if err != nil {
			if len(items) == 1 {
				return nil, err
			}
			continue // one bad element of an array does not lose the others
		}
		if ev.Name != "" || ev.Message != nil {
			out = append(out, ev)
		}
	}
	return out, nil
}

// decodeWebhook reads a webhook body, wrapped {"ok":true,"result":{...}}
// (the documented form) or bare {event_name, message} (reported from
// production).
func decodeWebhook(body []byte) (event, error) {
	if len(body) > MaxWebhookBody {
		return event{}, fmt.Errorf("zalo webhook: body of %d bytes is over %d", len(body), MaxWebhookBody)
	}
	var w struct {
		EventName str             `json:"event_name"`
		Result    json.RawMessage `json:"result"`
	}
	if err := json.Unmarshal(body, &w); err != nil {
		return event{}, fmt.Errorf("zalo webhook: bad body: %w", err)
	}
	raw := body
	if r := bytes.TrimSpace(w.Result); w.EventName == "" && len(r) > 0 && r[0] == '{' {
		raw = r
	}
	ev, err := decodeEvent(raw)
	if err != nil {
		return event{}, fmt.Errorf("zalo webhook: bad body: %w", err)
	}
	if ev.Name == "" {
		return event{}, ErrNoEvent
	}
	return ev, nil
}

// key identifies ev: its message_id, or, lacking one, event_name, sender
// and date joined by ":". It is never empty for an event with a name.
func (ev event) key() string {
	m := ev.Message
	if m == nil {
		m = new(message)
	}
	if m.MessageID != "" {
		return string(m.MessageID)
	}
	return ev.Name + ":" + string(m.From.ID) + ":" + strconv.FormatInt(int64(m.Date), 10)
}

// DedupeKey returns the key under which a webhook delivery is recognised
// when it comes twice: the message's message_id (or, lacking one,
// "<event_name>:<sender id>:<date>"). It equals the ID of the update
// ParseWebhook makes of the same body, and needs no Adapter, so that a
// handler can check it before parsing further. It returns the errors of
// ParseWebhook.
func DedupeKey(body []byte) (string, error) {
	ev, err := decodeWebhook(body)
	if err != nil {
		return "", err
	}
	return ev.key(), nil
}

// ParseWebhook turns a webhook body into an update, as Poll does: wrapped
// or bare, any event name (an unknown one becomes bot.KindIgnored, still
// to be recorded). Its ID is DedupeKey(body). It returns ErrNoEvent when
// the body has no event_name, and an error for a body that is not a JSON
// object or is over MaxWebhookBody.
func (a *Adapter) ParseWebhook(body []byte) (bot.Update, error) {
	ev, err := decodeWebhook(body)
	if err != nil {
		return bot.Update{}, err
	}
	return a.convert(ev), nil
}

// convert turns an event into a neutral update. A message from the bot
// itself (self-echo), from another bot, without a sender or a chat, or of
// an unknown event becomes bot.KindIgnored.
func (a *Adapter) convert(ev event) bot.Update {
	u := bot.Update{Source: a.Name(), Platform: Platform, ID: ev.key(), Kind: bot.KindIgnored}
	m := ev.Message
	if m == nil {
		u.Time = time.Now().UTC()
		return u
	}
	u.From = bot.User{ID: string(m.From.ID), Name: string(first(m.From.DisplayName, m.From.Name))}
	// In a private chat chat.id is the sender's id. A chat is private only
	// when it says so or is the sender's own: a group whose type is missing
	// must not get private conversations (/mydata, say).
	chatID := string(first(m.Chat.ID, m.From.ID))
	private := strings.EqualFold(string(m.Chat.ChatType), "PRIVATE") ||
		(m.Chat.ChatType == "" && chatID == string(m.From.ID))
	u.Chat = bot.Chat{ID: chatID, Private: private}
	u.MessageID = string(m.MessageID)
	u.Time = time.Now().UTC()
	if m.Date > 0 {
		u.Time = time.UnixMilli(int64(m.Date)).UTC()
	}
	switch ev.Name {
	case EventText:
		u.Text = string(m.Text)
	case EventImage:
		if src := string(first(m.PhotoURL, m.Photo)); src != "" {
			u.Photo = &bot.Photo{FileID: src, URL: src}
		} else {
			u.Media = "other"
		}
		u.Text = string(m.Caption)
	case EventSticker:
		u.Media = "sticker"
	case EventVoice:
		u.Media = "voice"
	case EventUnsupported:
		u.Media = bot.MediaUnsupported // a protected user: the content never comes
	default:
		return u
	}
	self := bool(m.From.IsBot) || (a.id != "" && u.From.ID == a.id)
	if !self && u.From.ID != "" && u.Chat.ID != "" {
		u.Kind = bot.KindMessage
	}
	return u
}

func first(a, b str) str {
	if a != "" {
		return a
	}
	return b
}
