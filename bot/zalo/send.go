package zalo

import (
	"context"
	"fmt"
	"net/url"

	"github.com/chungsuc/chungsuc/bot"
)

// Send delivers one outgoing message and returns the Zalo id of the last
// message it created. A text (bot.OutSend) goes as plain text: HTML tags
// dropped, entities decoded, a link's address kept visible; beyond 1,900
// UTF-16 code units it goes as several messages, cut on line breaks where
// it can. A photo (bot.OutPhoto) goes by its public URL, m.PhotoURL, with
// the text as its caption (the rest of a long caption follows as text).
// Keyboards are ignored: the shaper has already written them into the
// text. Zalo can do nothing else: edits (of a text or of a photo's
// caption alike: the shaper sends them as new messages), answers,
// documents and command menus, an empty text, a photo without an http(s)
// URL and a message without a chat are Rejected. Errors are
// *bot.PlatformError.
func (a *Adapter) Send(ctx context.Context, m bot.Outgoing) (string, error) {
	if m.ChatID == "" {
		return "", a.fail(bot.Rejected, fmt.Sprintf("%s: no chat id", m.Kind))
	}
	switch m.Kind {
	case bot.OutSend:
		parts := splitText(plainText(m.Text), partLimit)
		if len(parts) == 0 {
			return "", a.fail(bot.Rejected, "sendMessage: empty text (Zalo needs at least one character)")
		}
		return a.sendParts(ctx, m.ChatID, parts, false)
	case bot.OutPhoto:
		return a.sendPhoto(ctx, m)
	case bot.OutEdit:
		return "", a.fail(bot.Rejected, "zalo cannot edit a message")
	case bot.OutAnswer:
		return "", a.fail(bot.Rejected, "zalo cannot answer a button press")
	case bot.OutDoc:
		return "", a.fail(bot.Rejected, "zalo cannot send a document")
	case bot.OutMenu:
		return "", a.fail(bot.Rejected, "zalo cannot set a command menu")
	}
	return "", a.fail(bot.Rejected, fmt.Sprintf("zalo cannot send a message of kind %q", m.Kind))
}

// sendParts sends the parts of a text in order and returns the last one's
// id; delivered says that something of the same outgoing message already
// reached the person (a photo whose caption this continues).
func (a *Adapter) sendParts(ctx context.Context, chatID string, parts []string, delivered bool) (string, error) {
	var id string
	for i, part := range parts {
		sent, err := a.sendPart(ctx, "sendMessage", map[string]string{"chat_id": chatID, "text": part}, delivered || i > 0)
		if err != nil {
			return "", err
		}
		id = sent
	}
	return id, nil
}

func (a *Adapter) sendPhoto(ctx context.Context, m bot.Outgoing) (string, error) {
	if m.PhotoURL == "" {
		return "", a.fail(bot.Rejected, "sendPhoto: no photo URL (Zalo takes photos by URL only)")
	}
	if !isHTTPURL(m.PhotoURL) {
		return "", a.fail(bot.Rejected, "sendPhoto: the photo URL is not an absolute http(s) URL")
	}
	parts := splitText(plainText(m.Text), partLimit)
	params := map[string]string{"chat_id": m.ChatID, "photo": m.PhotoURL}
	if len(parts) > 0 {
		params["caption"] = parts[0]
	}
	id, err := a.sendPart(ctx, "sendPhoto", params, false)
	if err != nil || len(parts) < 2 {
		return id, err
	}
	return a.sendParts(ctx, m.ChatID, parts[1:], true)
}

// sendPart makes one sending request and returns the message's id. The
// first request of a message goes when the dispatcher hands the message
// out; each later one (more) waits its own turn (bot.Pace). Once earlier
// parts were delivered, a rate limit or a temporary failure is not
// returned, which would make the dispatcher send the earlier parts again:
// a 429 pauses the whole platform (bot.Throttled) and the part waits for
// its turn again; a temporary failure is tried again a few times after a
// back-off. As with Telegram, a part that still fails fails the message.
func (a *Adapter) sendPart(ctx context.Context, method string, params map[string]string, more bool) (string, error) {
	for attempt := 1; ; attempt++ {
		if more {
			if err := bot.Pace(ctx); err != nil {
				return "", a.fail(bot.Temporary, "stopped before a later part: "+err.Error())
			}
		}
		var res struct {
			MessageID str `json:"message_id"`
		}
		_, err := a.call(ctx, method, params, &res)
		if err == nil {
			return string(res.MessageID), nil
		}
		kind := bot.KindOf(err)
		if !more || attempt >= 5 || (kind != bot.RateLimited && kind != bot.Temporary) {
			return "", err
		}
		if kind == bot.RateLimited {
			err = bot.Throttled(ctx, bot.RetryAfterOf(err))
		} else {
			err = bot.Sleep(ctx, a.partBackoff.Next(attempt))
		}
		if err != nil {
			return "", a.fail(bot.Temporary, "stopped before a later part: "+err.Error())
		}
	}
}

// isHTTPURL reports whether s is an absolute http or https URL with a host.
func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}
