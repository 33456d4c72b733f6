package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"chungsuc/bot"
	"chungsuc/storage"
)

// session is the application's state for one update: its transaction,
// the person who sent it, and their unfinished conversation if any.
type session struct {
	app *App
	tx  *storage.Tx
	res storage.Resident
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
}

// sess returns the session of c, set by App.Process.
func sess(c *bot.Context) *session { return c.Data.(*session) }

// privateOnly keeps the bot to private chats: in a group it answers a
// command with an invitation to talk privately and ignores the rest.
func (a *App) privateOnly(next bot.HandlerFunc) bot.HandlerFunc {
	return func(ctx context.Context, c *bot.Context) error {
		if c.Update.Chat.Private || c.Update.Platform != "telegram" {
			return next(ctx, c)
		}
		name, at, _, isCmd := bot.ParseCommand(c.Update.Text)
		if c.Update.Kind == bot.KindMessage && isCmd && name != "" && (at == "" || strings.EqualFold(at, a.BotName)) {
			c.Send(c.T("group.private_only", a.BotName), nil)
		}
		c.Answer("", false)
		return nil
	}
}

// identify records who wrote (creating them on first contact), settles
// their language, and loads their unfinished flow, expiring it when it has
// been idle too long (and saying so).
func (a *App) identify(next bot.HandlerFunc) bot.HandlerFunc {
	return func(ctx context.Context, c *bot.Context) error {
		s := sess(c)
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
		return next(ctx, c)
	}
}

// isAdmin reports whether the sender is an administrator.
func (s *session) isAdmin() bool {
	return s.app.Admins[s.res.Platform+":"+s.res.UserID]
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
