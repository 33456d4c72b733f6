package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// session is the application's state for one update: its transaction,
// the person who sent it, and their unfinished conversation if any.
type session struct {
	core *core
	tx   *storage.Tx
	res  storage.Resident
	// conv is the person's unfinished flow; hasConv is false when there is
	// none (or it just expired).
	conv    storage.Conversation
	hasConv bool
	// forgotten is set once the person's data is deleted: the replies to
	// them are erased from the outbox as soon as they are delivered.
	forgotten bool
	// told is how many people the last notification reached (a help
	// ticket), so the reply never claims someone was told when nobody was.
	told int
	// dropped is the unfinished flow a new one replaced in this update
	// ("" for none): the person is told it was cancelled.
	dropped string
}

// groupHintEvery is how often the bot may remind one group that it works
// in private chats.
const groupHintEvery = 10 * time.Minute

// privateOnly keeps the bot to private chats. In a group, a command for
// this bot or a message that mentions it gets one short answer with a
// button that opens the private chat (at most every groupHintEvery per
// group, so a busy group is not flooded); everything else is left alone.
func (a *App) privateOnly(next handler) handler {
	return func(ctx context.Context, c *bot.Context, s *session) error {
		u := c.Update
		if u.Chat.Private {
			return next(ctx, c, s)
		}
		c.Answer("", false)
		if u.Kind != bot.KindMessage || !a.addressed(u) {
			return nil
		}
		due, err := s.tx.Throttle("group_hint:"+u.Platform+":"+u.Chat.ID, groupHintEvery)
		if err != nil || !due {
			return err
		}
		if c.Caps.BotLink == "" { // no link to offer: say where to go
			c.Send(c.T("group.private_only_nolink"), nil)
			return nil
		}
		kb := bot.Inline(bot.Row(bot.Button{Text: c.T("group.open"), URL: c.Caps.BotLink}))
		c.Send(c.T("group.private_only"), kb)
		return nil
	}
}

// addressed reports whether a group message is meant for this bot: a
// command without a bot name or with ours, or a mention of ours.
func (a *App) addressed(u *bot.Update) bool {
	if _, at, _, isCmd := bot.ParseCommand(u.Text); isCmd {
		return at == "" || strings.EqualFold(at, a.BotName)
	}
	if a.BotName == "" {
		return false
	}
	text, name := strings.ToLower(u.Text), "@"+strings.ToLower(a.BotName)
	for i := strings.Index(text, name); i >= 0; {
		end := i + len(name)
		if end == len(text) || !isNameChar(text[end]) { // not the start of a longer name
			return true
		}
		next := strings.Index(text[end:], name)
		if next < 0 {
			break
		}
		i = end + next
	}
	return false
}

// isNameChar reports whether b may continue a Telegram username.
func isNameChar(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9'
}

// identify records who wrote (creating them on first contact), settles
// their language, and loads their unfinished flow, expiring it when it has
// been idle too long (and saying so).
func (a *App) identify(next handler) handler {
	return func(ctx context.Context, c *bot.Context, s *session) error {
		u := c.Update
		if u.From.ID == "" {
			return nil
		}
		res, err := s.tx.TouchResident(u.Platform, u.From.ID, u.Chat.ID, u.From.Name, u.From.Username, u.From.LanguageCode)
		if err != nil {
			return fmt.Errorf("touch resident: %w", err)
		}
		s.res = res
		c.Lang = a.langFor(res.Language, res.PlatformLanguage)
		if err := s.loadFlow(c); err != nil {
			return err
		}
		return next(ctx, c, s)
	}
}

// isAdmin reports whether the sender is an administrator.
func (s *session) isAdmin() bool {
	return s.core.Admins[s.res.Platform+":"+s.res.UserID]
}

// unit returns the person's unit, or ok false when they have not joined.
func (s *session) unit() (storage.Unit, bool, error) {
	if s.res.UnitID == 0 {
		return storage.Unit{}, false, nil
	}
	u, err := s.tx.UnitByID(s.res.UnitID)
	if errors.Is(err, storage.ErrNotFound) {
		return storage.Unit{}, false, nil
	}
	if err != nil {
		return storage.Unit{}, false, fmt.Errorf("load unit: %w", err)
	}
	return u, true, nil
}

// isNotFound reports whether err says a record does not exist.
func isNotFound(err error) bool { return errors.Is(err, storage.ErrNotFound) }
