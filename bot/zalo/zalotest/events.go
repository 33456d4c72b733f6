package zalotest

import "time"

// The event names Zalo sends.
const (
	EventText        = "message.text.received"
	EventImage       = "message.image.received"
	EventSticker     = "message.sticker.received"
	EventVoice       = "message.voice.received"
	EventUnsupported = "message.unsupported.received"
)

// Event is one update, as getUpdates returns it and a webhook receives it
// (bare; DeliverWebhook can wrap it in {"ok":true,"result":...}).
type Event struct {
	EventName string   `json:"event_name"`
	Message   *Message `json:"message,omitempty"`
}

// Message is an event's message. Ids are strings, Date is in milliseconds.
type Message struct {
	From        *From  `json:"from,omitempty"`
	Chat        *Chat  `json:"chat,omitempty"`
	Text        string `json:"text,omitempty"`
	PhotoURL    string `json:"photo_url,omitempty"` // live payloads
	Photo       string `json:"photo,omitempty"`     // the documentation
	Caption     string `json:"caption,omitempty"`
	Sticker     string `json:"sticker,omitempty"`
	URL         string `json:"url,omitempty"`
	VoiceURL    string `json:"voice_url,omitempty"`
	MessageID   string `json:"message_id,omitempty"`
	Date        int64  `json:"date,omitempty"`
	MessageType string `json:"message_type,omitempty"`
}

// From is a message's sender.
type From struct {
	ID          string `json:"id"`
	DisplayName string `json:"display_name,omitempty"`
	IsBot       bool   `json:"is_bot"`
}

// Chat is where a message was sent: PRIVATE (its id is the sender's) or GROUP.
type Chat struct {
	ID       string `json:"id"`
	ChatType string `json:"chat_type"`
}

// message returns a private message from userID with a fresh id and the
// current date.
func (s *Server) message(userID, name string) *Message {
	return &Message{
		From:      &From{ID: userID, DisplayName: name},
		Chat:      &Chat{ID: userID, ChatType: "PRIVATE"},
		MessageID: s.NewID(),
		Date:      time.Now().UnixMilli(),
	}
}

// TextEvent builds a private text message from userID, not queued.
func (s *Server) TextEvent(userID, name, text string) Event {
	m := s.message(userID, name)
	m.Text = text
	m.MessageType = "CHAT_TEXT"
	return Event{EventName: EventText, Message: m}
}

// GroupTextEvent builds a text message from userID in group groupID.
func (s *Server) GroupTextEvent(groupID, userID, name, text string) Event {
	ev := s.TextEvent(userID, name, text)
	ev.Message.Chat = &Chat{ID: groupID, ChatType: "GROUP"}
	return ev
}

// PhotoEvent builds an image message. With documentedField false the image
// is in photo_url with message_type CHAT_PHOTO, as in live payloads; with
// true it is in photo, as the documentation says.
func (s *Server) PhotoEvent(userID, name, caption, imageURL string, documentedField bool) Event {
	m := s.message(userID, name)
	m.Caption = caption
	if documentedField {
		m.Photo = imageURL
	} else {
		m.PhotoURL = imageURL
		m.MessageType = "CHAT_PHOTO"
	}
	return Event{EventName: EventImage, Message: m}
}

// StickerEvent builds a sticker message.
func (s *Server) StickerEvent(userID, name string) Event {
	m := s.message(userID, name)
	m.Sticker = "bfe458bf64fa8da4d4eb"
	m.URL = "https://zalo-api.zadn.vn/api/emoticon/sticker/webpc?eid=46991&size=130"
	m.MessageType = "CHAT_STICKER"
	return Event{EventName: EventSticker, Message: m}
}

// VoiceEvent builds a voice message.
func (s *Server) VoiceEvent(userID, name string) Event {
	m := s.message(userID, name)
	m.VoiceURL = "https://voice-stal-1.zdn.vn/voice/sample.aac"
	m.MessageType = "CHAT_VOICE"
	return Event{EventName: EventVoice, Message: m}
}

// UnsupportedEvent builds the event Zalo sends instead of the content of a
// protected user's message: no text.
func (s *Server) UnsupportedEvent(userID, name string) Event {
	return Event{EventName: EventUnsupported, Message: s.message(userID, name)}
}

// SelfEchoEvent builds a text message whose sender is the bot itself, as
// Zalo has been reported to redeliver the bot's own sends. Its chat is the
// last one the bot sent to (the bot's own id if none).
func (s *Server) SelfEchoEvent(text string) Event {
	s.mu.Lock()
	chat := s.cfg.BotID
	if n := len(s.sent); n > 0 {
		chat = s.sent[n-1].ChatID
	}
	s.mu.Unlock()
	ev := s.TextEvent(s.cfg.BotID, s.cfg.AccountName, text)
	ev.Message.Chat.ID = chat
	return ev
}

// PushText queues a private text message from userID and returns its
// message id.
func (s *Server) PushText(userID, name, text string) string {
	return s.push(s.TextEvent(userID, name, text))
}

// PushGroupText queues a text message in a group and returns its id.
func (s *Server) PushGroupText(groupID, userID, name, text string) string {
	return s.push(s.GroupTextEvent(groupID, userID, name, text))
}

// PushPhoto queues an image message (see PhotoEvent) and returns its id.
func (s *Server) PushPhoto(userID, name, caption, imageURL string, documentedField bool) string {
	return s.push(s.PhotoEvent(userID, name, caption, imageURL, documentedField))
}

// PushSticker queues a sticker message and returns its id.
func (s *Server) PushSticker(userID, name string) string {
	return s.push(s.StickerEvent(userID, name))
}

// PushVoice queues a voice message and returns its id.
func (s *Server) PushVoice(userID, name string) string {
	return s.push(s.VoiceEvent(userID, name))
}

// PushUnsupported queues a protected user's unreadable message and returns
// its id.
func (s *Server) PushUnsupported(userID, name string) string {
	return s.push(s.UnsupportedEvent(userID, name))
}

// PushSelfEcho queues a message from the bot itself (see SelfEchoEvent)
// and returns its id.
func (s *Server) PushSelfEcho(text string) string {
	return s.push(s.SelfEchoEvent(text))
}

func (s *Server) push(ev Event) string {
	s.PushEvent(ev)
	return ev.Message.MessageID
}
