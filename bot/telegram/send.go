package telegram

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/chungsuc/chungsuc/bot"
)

// Send delivers one outgoing message. Text over 4096 characters goes as
// several messages split on line boundaries (the buttons under the last);
// a caption over 1024 characters (as shown: tags do not count) continues
// as text. An edit with Caption changes a photo's caption
// (editMessageCaption), cut to 1024 characters. It returns the id of the
// last message sent or edited.
func (a *Adapter) Send(ctx context.Context, m bot.Outgoing) (string, error) {
	chatID, err := strconv.ParseInt(m.ChatID, 10, 64)
	if err != nil {
		return "", &bot.PlatformError{Kind: bot.Rejected, Reason: "chat id is not a number"}
	}
	switch m.Kind {
	case bot.OutSend:
		return a.sendText(ctx, chatID, m.Text, m.Keyboard, false, m.PaidBroadcast)
	case bot.OutPhoto:
		return a.sendPhoto(ctx, chatID, m)
	case bot.OutEdit:
		return a.edit(ctx, chatID, m)
	case bot.OutAnswer:
		return "", a.answer(ctx, m)
	case bot.OutDoc:
		return a.sendDocument(ctx, chatID, m)
	case bot.OutMenu:
		return "", a.setChatCommands(ctx, chatID, m.Commands)
	}
	return "", &bot.PlatformError{Kind: bot.Rejected, Reason: fmt.Sprintf("unknown outgoing kind %q", m.Kind)}
}

// sendText sends text in parts; delivered says something of the same
// outgoing message already reached the person (a photo whose caption this
// continues), so no part may fail the whole message.
func (a *Adapter) sendText(ctx context.Context, chatID int64, text string, kb *bot.Keyboard, delivered, paid bool) (string, error) {
	parts := bot.SplitText(text, MaxText)
	var id string
	for i, part := range parts {
		params := tgbotapi.Params{}
		params.AddNonZero64("chat_id", chatID)
		params["text"] = part
		params["parse_mode"] = tgbotapi.ModeHTML
		params.AddBool("disable_web_page_preview", true)
		params.AddBool("allow_paid_broadcast", paid)
		if i == len(parts)-1 {
			if err := params.AddInterface("reply_markup", markup(kb)); err != nil {
				return "", &bot.PlatformError{Kind: bot.Rejected, Reason: "keyboard: " + err.Error()}
			}
		}
		sent, err := a.sendPart(ctx, params, delivered || i > 0)
		if err != nil {
			return "", err
		}
		id = strconv.Itoa(sent.MessageID)
	}
	return id, nil
}

// partBackoff spaces the tries of a long text's later part after a 5xx
// or a network error.
var partBackoff = bot.Backoff{Min: time.Second, Max: 30 * time.Second, Jitter: 0.2}

// sendPart sends one part of a long text. The first part of a message
// goes when the dispatcher hands the message out; each later one (more)
// waits its own turn (bot.Pace). Once earlier parts have been delivered,
// a rate limit or a temporary failure is not returned, which would make
// the dispatcher send the earlier parts again: a 429 pauses the whole
// platform (bot.Throttled) and the part waits for its turn again; a
// temporary failure is tried again a few times after a back-off.
func (a *Adapter) sendPart(ctx context.Context, params tgbotapi.Params, more bool) (tgbotapi.Message, error) {
	for attempt := 1; ; attempt++ {
		if more {
			if err := bot.Pace(ctx); err != nil {
				return tgbotapi.Message{}, &bot.PlatformError{Kind: bot.Temporary, Reason: "stopped before a later part: " + err.Error()}
			}
		}
		sent, err := a.request(ctx, "sendMessage", params, nil)
		if err == nil {
			return sent, nil
		}
		kind := bot.KindOf(err)
		if !more || attempt >= 5 || (kind != bot.RateLimited && kind != bot.Temporary) {
			return sent, err
		}
		if kind == bot.RateLimited {
			err = bot.Throttled(ctx, bot.RetryAfterOf(err))
		} else {
			err = bot.Sleep(ctx, partBackoff.Next(attempt))
		}
		if err != nil {
			return sent, &bot.PlatformError{Kind: bot.Temporary, Reason: "stopped before a later part: " + err.Error()}
		}
	}
}

// request calls method with params (and files to upload, if any) and
// returns the message it sent. Building the parameters here rather than
// with tgbotapi's configs lets a send carry those tgbotapi lacks
// (allow_paid_broadcast).
func (a *Adapter) request(ctx context.Context, method string, params tgbotapi.Params, files []tgbotapi.RequestFile) (tgbotapi.Message, error) {
	api := a.with(ctx)
	var resp *tgbotapi.APIResponse
	var err error
	if len(files) > 0 {
		resp, err = api.UploadFiles(method, params, files)
	} else {
		resp, err = api.MakeRequest(method, params)
	}
	if err != nil {
		return tgbotapi.Message{}, a.mapError(err)
	}
	var msg tgbotapi.Message
	if err := jsonUnmarshal(resp.Result, &msg); err != nil {
		return msg, &bot.PlatformError{Kind: bot.Temporary, Reason: "bad " + method + " result: " + err.Error()}
	}
	return msg, nil
}

// mediaParams are the parameters of a photo or a document: chat, caption
// and paid broadcast.
func mediaParams(chatID int64, caption string, paid bool) tgbotapi.Params {
	params := tgbotapi.Params{}
	params.AddNonZero64("chat_id", chatID)
	params.AddNonEmpty("caption", caption)
	params["parse_mode"] = tgbotapi.ModeHTML
	params.AddBool("allow_paid_broadcast", paid)
	return params
}

// sendPhoto sends m.Upload's bytes as a new photo when they are set (the
// photo comes from another platform), and the photo with file id m.Photo
// otherwise.
func (a *Adapter) sendPhoto(ctx context.Context, chatID int64, m bot.Outgoing) (string, error) {
	caption, rest := m.Text, ""
	if bot.VisibleLen(m.Text) > MaxCaption {
		parts := bot.SplitText(m.Text, MaxCaption)
		caption, rest = parts[0], strings.Join(parts[1:], "\n")
	}
	params := mediaParams(chatID, caption, m.PaidBroadcast)
	var files []tgbotapi.RequestFile
	if len(m.Upload) > 0 {
		files = []tgbotapi.RequestFile{{Name: "photo", Data: tgbotapi.FileBytes{Name: photoName(m.Upload), Bytes: m.Upload}}}
	} else {
		params["photo"] = m.Photo
	}
	if rest == "" {
		if err := params.AddInterface("reply_markup", markup(m.Keyboard)); err != nil {
			return "", &bot.PlatformError{Kind: bot.Rejected, Reason: "keyboard: " + err.Error()}
		}
	}
	sent, err := a.request(ctx, "sendPhoto", params, files)
	if err != nil {
		return "", err
	}
	if rest != "" {
		return a.sendText(ctx, chatID, rest, m.Keyboard, true, m.PaidBroadcast)
	}
	return strconv.Itoa(sent.MessageID), nil
}

func (a *Adapter) sendDocument(ctx context.Context, chatID int64, m bot.Outgoing) (string, error) {
	params := mediaParams(chatID, captionPart(m.Text), m.PaidBroadcast)
	file := tgbotapi.RequestFile{Name: "document", Data: tgbotapi.FileBytes{Name: m.FileName, Bytes: m.Content}}
	sent, err := a.request(ctx, "sendDocument", params, []tgbotapi.RequestFile{file})
	if err != nil {
		return "", err
	}
	return strconv.Itoa(sent.MessageID), nil
}

// IsGroup reports whether a Telegram chat id names a group, a supergroup
// or a channel (their ids are negative), whose message limit differs
// from a private chat's.
func IsGroup(chatID string) bool { return strings.HasPrefix(chatID, "-") }

// captionPart is as much of text as a caption takes: all of it when it
// shows at most MaxCaption characters (Telegram counts after parsing the
// HTML), else its first part cut on a line boundary.
func captionPart(text string) string {
	if bot.VisibleLen(text) <= MaxCaption {
		return text
	}
	return bot.SplitText(text, MaxCaption)[0]
}

// edit changes a message's text, or its caption (m.Caption), and its
// inline keyboard. Telegram refuses to change the text of a photo, or the
// caption of a text: when the message turns out to be the other kind (an
// edit queued before captions were told apart, a press on a message
// Telegram did not describe), the same edit is made the other way.
func (a *Adapter) edit(ctx context.Context, chatID int64, m bot.Outgoing) (string, error) {
	msgID, err := strconv.Atoi(m.MessageID)
	if err != nil {
		return "", &bot.PlatformError{Kind: bot.Rejected, Reason: "message id is not a number"}
	}
	err = a.editAs(ctx, chatID, msgID, m, m.Caption)
	if err != nil && otherKind(err) {
		if err = bot.Pace(ctx); err != nil {
			return "", &bot.PlatformError{Kind: bot.Temporary, Reason: "stopped before editing again: " + err.Error()}
		}
		err = a.editAs(ctx, chatID, msgID, m, !m.Caption)
	}
	if err != nil {
		return "", a.mapError(err)
	}
	return m.MessageID, nil
}

// editAs makes the edit m of message msgID as a caption's or a text's;
// an edit that changes nothing (a double press) is no error.
func (a *Adapter) editAs(ctx context.Context, chatID int64, msgID int, m bot.Outgoing, caption bool) error {
	var kb *tgbotapi.InlineKeyboardMarkup
	if m.Keyboard != nil && !m.Keyboard.Reply && !m.Keyboard.Remove && m.Keyboard.Buttons() > 0 {
		k := inline(m.Keyboard)
		kb = &k
	}
	var cfg tgbotapi.Chattable
	if caption {
		c := tgbotapi.NewEditMessageCaption(chatID, msgID, captionPart(m.Text))
		c.ParseMode, c.ReplyMarkup = tgbotapi.ModeHTML, kb
		cfg = c
	} else {
		c := tgbotapi.NewEditMessageText(chatID, msgID, bot.SplitText(m.Text, MaxText)[0])
		c.ParseMode, c.DisableWebPagePreview, c.ReplyMarkup = tgbotapi.ModeHTML, true, kb
		cfg = c
	}
	_, err := a.with(ctx).Send(cfg)
	if err != nil && strings.Contains(err.Error(), "message is not modified") {
		return nil // a double press: already showing this
	}
	return err
}

// otherKind reports whether Telegram refused an edit because the message
// is a photo where a text was meant, or the other way round.
func otherKind(err error) bool {
	return strings.Contains(err.Error(), "there is no text in the message to edit") ||
		strings.Contains(err.Error(), "there is no caption in the message to edit")
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

// setChatCommands sets the command menu of one private chat, as a
// person's roles change (the menu is already in their language).
func (a *Adapter) setChatCommands(ctx context.Context, chatID int64, cmds []bot.MenuCommand) error {
	list := make([]tgbotapi.BotCommand, 0, len(cmds))
	for _, c := range cmds {
		list = append(list, tgbotapi.BotCommand{Command: c.Name, Description: c.Description})
	}
	cfg := tgbotapi.NewSetMyCommandsWithScope(tgbotapi.NewBotCommandScopeChat(chatID), list...)
	if _, err := a.with(ctx).Request(cfg); err != nil {
		return a.mapError(err)
	}
	return nil
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
