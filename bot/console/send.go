package console

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"chungsuc/bot"
)

// Send prints a message; its buttons become the numbered choices that the
// next line may pick.
func (c *Console) Send(ctx context.Context, m bot.Outgoing) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if m.Lang != "" {
		c.lang = m.Lang
	}
	var b strings.Builder
	id := m.MessageID
	switch m.Kind {
	case bot.OutAnswer:
		if m.Text != "" {
			fmt.Fprintf(&b, "ℹ️  %s\n", bot.PlainText(m.Text))
		}
	case bot.OutPhoto:
		c.msgID++
		id = strconv.Itoa(c.msgID)
		fmt.Fprintf(&b, "\n🖼  [%s]\n%s\n", m.Photo, bot.PlainText(m.Text))
	case bot.OutDoc:
		c.msgID++
		id = strconv.Itoa(c.msgID)
		fmt.Fprintf(&b, "\n📎 %s\n%s\n%s\n", m.FileName, bot.PlainText(m.Text), m.Content)
	case bot.OutSend, bot.OutEdit:
		if m.Kind == bot.OutSend {
			c.msgID++
			id = strconv.Itoa(c.msgID)
		}
		fmt.Fprintf(&b, "\n%s\n", bot.PlainText(m.Text))
	default:
		return "", &bot.PlatformError{Kind: bot.Rejected, Reason: "unknown outgoing kind " + string(m.Kind)}
	}
	c.showMenu(&b, m.Keyboard, id)
	_, err := fmt.Fprint(c.cfg.Out, b.String())
	if err != nil {
		return "", &bot.PlatformError{Kind: bot.Temporary, Reason: err.Error()}
	}
	return id, nil
}

// showMenu prints kb as numbered choices and remembers them.
func (c *Console) showMenu(b *strings.Builder, kb *bot.Keyboard, msgID string) {
	if kb != nil && kb.Remove {
		c.menu = nil
		return
	}
	if kb.Buttons() == 0 {
		if msgID == c.menuMsgID {
			c.menu = nil // the message that carried the choices lost them
		}
		return
	}
	text, choices := bot.TextMenu(kb, c.text(bot.MsgMenuHint, kb.Buttons()))
	c.menu, c.menuMsgID = choices, msgID
	b.WriteString(text + "\n")
}
