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
		fmt.Fprintf(&b, "\n🖼  [%s]\n%s\n", m.Photo, bot.PlainText(m.Text))
	case bot.OutDoc:
		c.msgID++
		id = strconv.Itoa(c.msgID)
		fmt.Fprintf(&b, "\n📎 %s\n%s\n%s\n", m.FileName, bot.PlainText(m.Text), m.Content)
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
		fmt.Fprintf(&b, "\n%s\n", bot.PlainText(m.Text))
	default:
		return "", &bot.PlatformError{Kind: bot.Rejected, Reason: "unknown outgoing kind " + string(m.Kind)}
	}
	c.showMenu(&b, m.ChatID, m.Keyboard, id)
	_, err := fmt.Fprint(c.cfg.Out, b.String())
	if err != nil {
		return "", &bot.PlatformError{Kind: bot.Temporary, Reason: err.Error()}
	}
	return id, nil
}

// showMenu prints kb as numbered choices and remembers them for chat.
func (c *Console) showMenu(b *strings.Builder, chat string, kb *bot.Keyboard, msgID string) {
	if kb != nil && kb.Remove {
		delete(c.menus, chat)
		return
	}
	if kb.Buttons() == 0 {
		if c.menus[chat].msgID == msgID {
			delete(c.menus, chat) // the message that carried the choices lost them
		}
		return
	}
	hint := c.text(bot.MsgMenuHint, kb.Buttons())
	if kb.Buttons() == 1 {
		hint = c.text(bot.MsgMenuHintOne)
	}
	text, choices := bot.TextMenu(kb, hint)
	c.menus[chat] = menu{choices: choices, msgID: msgID}
	b.WriteString(text + "\n")
}
