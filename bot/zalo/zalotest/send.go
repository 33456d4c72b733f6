package zalotest

import (
	"context"
	"slices"
	"time"
)

// MaxText is the most characters of a message's text or a photo's
// caption, counted by the fake in UTF-16 code units.
const MaxText = 2000

// Sent is one message the bot sent.
type Sent struct {
	// Method is sendMessage, sendPhoto or sendSticker.
	Method string
	ChatID string
	// Text is the message's text or the photo's caption.
	Text      string
	Photo     string // sendPhoto: the image URL
	Sticker   string // sendSticker: the sticker id
	MessageID string
	Time      time.Time
}

type sendResultJSON struct {
	MessageID string `json:"message_id"`
	Date      int64  `json:"date"`
}

// sendMessage: chat_id, text of 1–2000 characters.
func (s *Server) sendMessage(r *request) (any, *Fault) {
	m := Sent{Method: "sendMessage", ChatID: r.str("chat_id"), Text: r.str("text")}
	if m.ChatID == "" {
		return nil, badRequest("chat_id is required")
	}
	if f := checkText("text", m.Text, MaxText, false); f != nil {
		return nil, f
	}
	return s.record(m)
}

// sendPhoto: chat_id, photo (an image URL Zalo fetches itself), caption of
// at most 2000 characters.
func (s *Server) sendPhoto(r *request) (any, *Fault) {
	m := Sent{Method: "sendPhoto", ChatID: r.str("chat_id"), Photo: r.str("photo"), Text: r.str("caption")}
	if m.ChatID == "" {
		return nil, badRequest("chat_id is required")
	}
	if !isHTTPURL(m.Photo, true) {
		return nil, badRequest("photo must be an http(s) URL")
	}
	if f := checkText("caption", m.Text, MaxText, true); f != nil {
		return nil, f
	}
	return s.record(m)
}

// sendSticker: chat_id, sticker (an id from stickers.zaloapp.com).
func (s *Server) sendSticker(r *request) (any, *Fault) {
	m := Sent{Method: "sendSticker", ChatID: r.str("chat_id"), Sticker: r.str("sticker")}
	if m.ChatID == "" || m.Sticker == "" {
		return nil, badRequest("chat_id and sticker are required")
	}
	return s.record(m)
}

// sendChatAction: chat_id, action "typing" (or "upload_photo"); answered
// {"ok":true} without a result.
func (s *Server) sendChatAction(r *request) (any, *Fault) {
	if r.str("chat_id") == "" {
		return nil, badRequest("chat_id is required")
	}
	switch r.str("action") {
	case "typing", "upload_photo":
		return noResult, nil
	}
	return nil, badRequest("action must be typing or upload_photo")
}

// record stores a message to a chat that is not blocked.
func (s *Server) record(m Sent) (any, *Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.blocked[m.ChatID] {
		return nil, errBlocked
	}
	m.MessageID = s.newIDLocked()
	m.Time = time.Now()
	s.sent = append(s.sent, m)
	s.state.broadcast()
	return sendResultJSON{MessageID: m.MessageID, Date: m.Time.UnixMilli()}, nil
}

// Sent returns every message sent so far, in order.
func (s *Server) Sent() []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.sent)
}

// SentTo returns the messages sent to chatID, in order.
func (s *Server) SentTo(chatID string) []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Sent
	for _, m := range s.sent {
		if m.ChatID == chatID {
			out = append(out, m)
		}
	}
	return out
}

// WaitSent blocks until at least n messages were sent and returns them
// all. It returns ctx.Err() if ctx ends first and ErrClosed if the server
// closes first.
func (s *Server) WaitSent(ctx context.Context, n int) ([]Sent, error) {
	if err := s.waitUntil(ctx, func() bool { return len(s.sent) >= n }); err != nil {
		return nil, err
	}
	return s.Sent(), nil
}
