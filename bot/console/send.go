package console

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chungsuc/chungsuc/bot"
)

// Send prints a message; an edit prints the message's new text (a
// photo's new caption marked so). Its buttons arrive already written
// under its text as numbered choices (bot.Shaper), which the engine reads
// back.
func (c *Console) Send(ctx context.Context, m bot.Outgoing) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var b strings.Builder
	if m.ChatID != c.cfg.User.ID {
		fmt.Fprintf(&b, "\n📨 → %s", m.ChatID) // for another person: type !as <id> to be them
	}
	id := m.MessageID
	switch m.Kind {
	case bot.OutAnswer:
		if m.Text != "" {
			fmt.Fprintf(&b, "ℹ️  %s\n", bot.PlainText(m.Text))
		}
	case bot.OutPhoto:
		c.msgID++
		id = strconv.Itoa(c.msgID)
		fmt.Fprintf(&b, "\n🖼  [%s]\n%s\n", photoLabel(m), bot.PlainText(m.Text))
	case bot.OutDoc:
		c.msgID++
		id = strconv.Itoa(c.msgID)
		fmt.Fprintf(&b, "\n📎 %s\n%s\n%s\n", m.FileName, bot.PlainText(m.Text), fileShown(m.Content))
	case bot.OutMenu:
		names := make([]string, len(m.Commands))
		for i, cmd := range m.Commands {
			names[i] = "/" + cmd.Name
		}
		fmt.Fprintf(&b, "\n☰ %s\n", strings.Join(names, " "))
	case bot.OutSend, bot.OutEdit:
		if m.Kind == bot.OutSend {
			c.msgID++
			id = strconv.Itoa(c.msgID)
		}
		if m.Caption { // the new caption of a photo printed before
			b.WriteString("\n🖼  ✎")
		}
		fmt.Fprintf(&b, "\n%s\n", bot.PlainText(m.Text))
	default:
		return "", &bot.PlatformError{Kind: bot.Rejected, Reason: "unknown outgoing kind " + string(m.Kind)}
	}
	_, err := fmt.Fprint(c.cfg.Out, b.String())
	if err != nil {
		return "", &bot.PlatformError{Kind: bot.Temporary, Reason: err.Error()}
	}
	return id, nil
}

// photoLabel names a photo: the platform's file id, else the picture the
// bot made or kept (its size, or the start of its hash).
func photoLabel(m bot.Outgoing) string {
	switch {
	case m.Photo != "":
		return m.Photo
	case len(m.Upload) > 0:
		return fmt.Sprintf("%d bytes", len(m.Upload))
	case len(m.Media) >= 12:
		return "media " + m.Media[:12]
	}
	return ""
}

// fileShown is a file's content when it is text (a JSON document), else
// its size: a PDF printed in a terminal is noise.
func fileShown(content []byte) string {
	if utf8.Valid(content) && !bytes.ContainsRune(content, 0) && !bytes.HasPrefix(content, []byte("%PDF")) {
		return string(content)
	}
	return fmt.Sprintf("[%d bytes]", len(content))
}
