package telegram

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"chungsuc/bot"
)

// Send delivers one outgoing message. Text over 4096 characters goes as
// several messages split on line boundaries (the buttons under the last);
// a caption over 1024 characters continues as text. It returns the id of
// the last message sent or edited.
func (a *Adapter) Send(ctx context.Context, m bot.Outgoing) (string, error) {
	chatID, err := strconv.ParseInt(m.ChatID, 10, 64)
	if err != nil {
		return "", &bot.PlatformError{Kind: bot.Rejected, Reason: "chat id is not a number"}
	}
	switch m.Kind {
	case bot.OutSend:
		return a.sendText(ctx, chatID, m.Text, m.Keyboard, false)
	case bot.OutPhoto:
		return a.sendPhoto(ctx, chatID, m)
	case bot.OutEdit:
		return a.edit(ctx, chatID, m)
	case bot.OutAnswer:
		return "", a.answer(ctx, m)
	case bot.OutDoc:
		return a.sendDocument(ctx, chatID, m)
	}
	return "", &bot.PlatformError{Kind: bot.Rejected, Reason: fmt.Sprintf("unknown outgoing kind %q", m.Kind)}
}

// sendText sends text in parts; delivered says something of the same
// outgoing message already reached the person (a photo whose caption this
// continues), so no part may fail the whole message.
func (a *Adapter) sendText(ctx context.Context, chatID int64, text string, kb *bot.Keyboard, delivered bool) (string, error) {
	parts := bot.SplitText(text, MaxText)
	var id string
	for i, part := range parts {
		msg := tgbotapi.NewMessage(chatID, part)
		msg.ParseMode = tgbotapi.ModeHTML
		msg.DisableWebPagePreview = true
		if i == len(parts)-1 {
			msg.ReplyMarkup = markup(kb)
		}
		sent, err := a.sendPart(ctx, msg, delivered || i > 0)
		if err != nil {
			return "", err
		}
		id = strconv.Itoa(sent.MessageID)
	}
	return id, nil
}

// sendPart sends one part of a long text. Once earlier parts have been
// delivered (more), a rate limit or a temporary failure is waited out
// here rather than failing the whole message, which would make the
// dispatcher send the earlier parts again.
func (a *Adapter) sendPart(ctx context.Context, msg tgbotapi.MessageConfig, more bool) (tgbotapi.Message, error) {
	wait := time.Second
	for attempt := 1; ; attempt++ {
		sent, err := a.with(ctx).Send(msg)
		if err == nil {
			return sent, nil
		}
		err = a.mapError(err)
		kind := bot.KindOf(err)
		if !more || attempt >= 5 || (kind != bot.RateLimited && kind != bot.Temporary) {
			return sent, err
		}
		pause := wait
		if kind == bot.RateLimited {
			pause = bot.RetryAfterOf(err)
		}
		if bot.Sleep(ctx, pause) != nil {
			return sent, err
		}
		wait = min(wait*2, 30*time.Second)
	}
}

func (a *Adapter) sendPhoto(ctx context.Context, chatID int64, m bot.Outgoing) (string, error) {
	caption, rest := m.Text, ""
	if parts := bot.SplitText(m.Text, MaxCaption); len(parts) > 1 {
		caption, rest = parts[0], strings.Join(parts[1:], "\n")
	}
	photo := tgbotapi.NewPhoto(chatID, tgbotapi.FileID(m.Photo))
	photo.Caption = caption
	photo.ParseMode = tgbotapi.ModeHTML
	if rest == "" {
		photo.ReplyMarkup = markup(m.Keyboard)
	}
	sent, err := a.with(ctx).Send(photo)
	if err != nil {
		return "", a.mapError(err)
	}
	if rest != "" {
		return a.sendText(ctx, chatID, rest, m.Keyboard, true)
	}
	return strconv.Itoa(sent.MessageID), nil
}

func (a *Adapter) sendDocument(ctx context.Context, chatID int64, m bot.Outgoing) (string, error) {
	doc := tgbotapi.NewDocument(chatID, tgbotapi.FileBytes{Name: m.FileName, Bytes: m.Content})
	doc.Caption = bot.SplitText(m.Text, MaxCaption)[0]
	doc.ParseMode = tgbotapi.ModeHTML
	sent, err := a.with(ctx).Send(doc)
	if err != nil {
		return "", a.mapError(err)
	}
	return strconv.Itoa(sent.MessageID), nil
}

func (a *Adapter) edit(ctx context.Context, chatID int64, m bot.Outgoing) (string, error) {
	msgID, err := strconv.Atoi(m.MessageID)
	if err != nil {
		return "", &bot.PlatformError{Kind: bot.Rejected, Reason: "message id is not a number"}
	}
	text := bot.SplitText(m.Text, MaxText)[0]
	cfg := tgbotapi.NewEditMessageText(chatID, msgID, text)
	cfg.ParseMode = tgbotapi.ModeHTML
	cfg.DisableWebPagePreview = true
	if m.Keyboard != nil && !m.Keyboard.Reply && !m.Keyboard.Remove && m.Keyboard.Buttons() > 0 {
		kb := inline(m.Keyboard)
		cfg.ReplyMarkup = &kb
	}
	if _, err := a.with(ctx).Send(cfg); err != nil {
		if strings.Contains(err.Error(), "message is not modified") {
			return m.MessageID, nil // a double press: already showing this
		}
		return "", a.mapError(err)
	}
	return m.MessageID, nil
}

func (a *Adapter) answer(ctx context.Context, m bot.Outgoing) error {
	cfg := tgbotapi.NewCallback(m.CallbackID, bot.PlainText(m.Text))
	cfg.ShowAlert = m.Alert
	if _, err := a.with(ctx).Request(cfg); err != nil {
		if strings.Contains(err.Error(), "query is too old") {
			return nil // the person has long stopped waiting for it
		}
		return a.mapError(err)
	}
	return nil
}

// markup turns a neutral keyboard into Telegram's reply_markup.
func markup(kb *bot.Keyboard) any {
	switch {
	case kb == nil:
		return nil
	case kb.Remove:
		return tgbotapi.NewRemoveKeyboard(true)
	case kb.Buttons() == 0:
		return nil
	case kb.Reply:
		rows := make([][]tgbotapi.KeyboardButton, 0, len(kb.Rows))
		for _, row := range kb.Rows {
			var r []tgbotapi.KeyboardButton
			for _, b := range row {
				r = append(r, tgbotapi.KeyboardButton{Text: b.Text, RequestContact: b.Contact})
			}
			rows = append(rows, r)
		}
		return tgbotapi.ReplyKeyboardMarkup{Keyboard: rows, ResizeKeyboard: true, OneTimeKeyboard: true}
	}
	return inline(kb)
}

func inline(kb *bot.Keyboard) tgbotapi.InlineKeyboardMarkup {
	rows := make([][]tgbotapi.InlineKeyboardButton, 0, len(kb.Rows))
	for _, row := range kb.Rows {
		var r []tgbotapi.InlineKeyboardButton
		for _, b := range row {
			if b.URL != "" {
				r = append(r, tgbotapi.NewInlineKeyboardButtonURL(b.Text, b.URL))
			} else {
				r = append(r, tgbotapi.NewInlineKeyboardButtonData(b.Text, b.Data))
			}
		}
		rows = append(rows, r)
	}
	return tgbotapi.NewInlineKeyboardMarkup(rows...)
}

// Command is one entry of the bot's command menu.
type Command struct {
	Name        string
	Description string
}

// SetCommands registers the command menu for people whose Telegram
// language is lang; lang "" sets the default for everyone else.
func (a *Adapter) SetCommands(ctx context.Context, lang string, cmds []Command) error {
	list := make([]tgbotapi.BotCommand, 0, len(cmds))
	for _, c := range cmds {
		list = append(list, tgbotapi.BotCommand{Command: c.Name, Description: c.Description})
	}
	cfg := tgbotapi.NewSetMyCommandsWithScopeAndLanguage(tgbotapi.NewBotCommandScopeDefault(), lang, list...)
	if _, err := a.with(ctx).Request(cfg); err != nil {
		return fmt.Errorf("setMyCommands %q: %w", lang, a.mapError(err))
	}
	return nil
}
