package handlers_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// sent is one message delivered to a messenger, as its Shaper made it.
type sent struct {
	msg   bot.Outgoing // as the messenger received it: on Telegram, as queued
	about int64        // whose personal details it carries, when not the recipient's
	id    string       // the messenger's id of the message ("" for answers)
	text  string       // what the person reads: plain text, menu lines included
}

// chatKey names a chat on a messenger.
type chatKey struct{ platform, id string }

// chat is what one chat shows: its messages, edits applied, and, on
// Telegram, the reply keyboard in place.
type chat struct {
	msgs  []*message
	reply *bot.Keyboard
	log   []sent // everything delivered to it, in order
}

// message is one message as the chat shows it now.
type message struct {
	id    string
	text  string        // what the person reads
	kb    *bot.Keyboard // its buttons; without buttons, those its numbered menu lists
	photo string        // the photo shown: Telegram's file id, "upload", or Zalo's URL
}

func (h *harness) chat(platform, id string) *chat {
	k := chatKey{platform, id}
	c := h.chats[k]
	if c == nil {
		c = &chat{}
		h.chats[k] = c
	}
	return c
}

func (c *chat) find(id string) *message {
	for _, m := range c.msgs {
		if m.id == id {
			return m
		}
	}
	return nil
}

// carrying returns the newest message whose buttons include one with
// data, or nil.
func (c *chat) carrying(data string) *message {
	for i := len(c.msgs) - 1; i >= 0; i-- {
		for _, b := range c.msgs[i].buttons() {
			if b.Data == data {
				return c.msgs[i]
			}
		}
	}
	return nil
}

func (m *message) buttons() []bot.Button {
	if m.kb == nil {
		return nil
	}
	return flat(m.kb.Rows)
}

// transcript is the chat as text, for failure messages.
func (c *chat) transcript() string {
	var b strings.Builder
	for _, m := range c.msgs {
		fmt.Fprintf(&b, "--- #%s", m.id)
		if m.photo != "" {
			fmt.Fprintf(&b, " [photo %s]", m.photo)
		}
		fmt.Fprintf(&b, "\n%s\n", m.text)
		for _, btn := range m.buttons() {
			fmt.Fprintf(&b, "  [%s]", btn.Text)
		}
		if m.kb != nil {
			b.WriteString("\n")
		}
	}
	if c.reply != nil {
		b.WriteString("--- keyboard:")
		for _, row := range c.reply.Rows {
			for _, btn := range row {
				fmt.Fprintf(&b, " [%s]", btn.Text)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// messenger is a fake messenger that shows what it is sent in the chat's
// transcript; the Shaper in front of it has already fitted each message
// to its Caps, which it checks.
type messenger struct {
	h        *harness
	platform string
	caps     bot.Caps
	next     int // message ids
}

func (m *messenger) Send(_ context.Context, o bot.Outgoing) (string, error) {
	h := m.h
	h.t.Helper()
	c := h.chat(m.platform, o.ChatID)
	s := sent{msg: o, text: bot.PlainText(o.Text)}
	switch o.Kind {
	case bot.OutSend, bot.OutPhoto, bot.OutDoc:
		m.next++
		s.id = strconv.Itoa(100000 + m.next)
		shown := &message{id: s.id, text: s.text, photo: m.photo(o)}
		switch kb := o.Keyboard; {
		case kb == nil:
		case !m.caps.Buttons:
			shown.kb = kb // the numbered menu written under the text
		case kb.Remove:
			c.reply = nil
		case kb.Reply:
			c.reply = kb
		default:
			shown.kb = kb
		}
		c.msgs = append(c.msgs, shown)
	case bot.OutEdit:
		m.expect(m.caps.Edits, o)
		s.id = o.MessageID
		if shown := c.find(o.MessageID); shown != nil {
			shown.text, shown.kb = s.text, o.Keyboard
		}
	case bot.OutAnswer:
		m.expect(m.caps.Answers, o)
	case bot.OutMenu:
		m.expect(m.caps.CommandMenu, o)
	}
	if o.Kind == bot.OutDoc {
		m.expect(m.caps.Documents, o)
	}
	if bs := (&message{kb: o.Keyboard}).buttons(); !m.caps.Buttons && len(bs) > 0 {
		lines := menuLines(s.text)
		for i, b := range bs {
			if i >= len(lines) || lines[i].label != b.Text || i > 0 && lines[i].n != lines[i-1].n+1 {
				h.t.Errorf("%s: the menu under a message does not list %q as choice %d:\n%s", m.platform, b.Text, i+1, s.text)
			}
		}
	}
	c.log = append(c.log, s)
	h.delivered = append(h.delivered, s)
	return s.id, nil
}

// expect reports a message the Shaper should have fitted to the caps.
func (m *messenger) expect(can bool, o bot.Outgoing) {
	if !can {
		m.h.t.Errorf("%s cannot take a %s message, yet got one: %+v", m.platform, o.Kind, o)
	}
}

// photo is the picture a message shows: by the messenger's own file id,
// uploaded, or by URL, as the Shaper decided.
func (m *messenger) photo(o bot.Outgoing) string {
	switch {
	case o.Kind != bot.OutPhoto:
		return ""
	case o.PhotoURL != "":
		return o.PhotoURL
	case len(o.Upload) > 0:
		return "upload"
	case m.caps.PhotoUpload:
		return o.Photo
	}
	m.h.t.Errorf("%s got a photo it cannot show: %+v", m.platform, o)
	return ""
}

// mediaStore gives the Shapers the bytes of kept photos.
type mediaStore struct{ db *storage.DB }

func (m mediaStore) Media(ctx context.Context, hash string) ([]byte, error) {
	b, _, err := m.db.Media(ctx, hash)
	return b, err
}

// mediaURL is where the bot serves a kept photo.
func mediaURL(hash string) string { return "https://chungsuc.test/media/" + hash }

// photoKeeper "downloads" a photo a person sent: its bytes are made from
// its file id, and kept.
type photoKeeper struct{ db *storage.DB }

func (k photoKeeper) KeepPhoto(ctx context.Context, _ string, p bot.Photo) (string, error) {
	return k.db.PutMedia(ctx, "image/png", []byte("\x89PNG\r\n\x1a\n"+p.FileID))
}

// to keeps the messages sent to chatID; others keeps the rest.
func to(out []sent, chatID string) []sent {
	var keep []sent
	for _, s := range out {
		if s.msg.ChatID == chatID {
			keep = append(keep, s)
		}
	}
	return keep
}

func others(out []sent, chatID string) []sent {
	var keep []sent
	for _, s := range out {
		if s.msg.ChatID != chatID {
			keep = append(keep, s)
		}
	}
	return keep
}

// button finds the button whose label starts with prefix.
func button(t testing.TB, out []sent, prefix string) bot.Button {
	t.Helper()
	for _, s := range out {
		if s.msg.Keyboard == nil {
			continue
		}
		for _, row := range s.msg.Keyboard.Rows {
			for _, b := range row {
				if strings.HasPrefix(b.Text, prefix) {
					return b
				}
			}
		}
	}
	t.Fatalf("no button %q in %+v", prefix, out)
	return bot.Button{}
}

func chats(out []sent) []string {
	var ids []string
	for _, s := range out {
		ids = append(ids, s.msg.ChatID)
	}
	return ids
}
