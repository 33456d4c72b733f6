package handlers

import (
	"errors"
	"fmt"
	"strings"

	"chungsuc/bot"
	"chungsuc/storage"
)

// recipient is someone told about a resident: a coordinator of the
// resident's unit or, where no unit up the tree has one, an administrator.
type recipient struct {
	ResidentID int64
	Platform   string
	UserID     string
	ChatID     string
	Lang       string
}

// coordinatorsFor returns who must hear about something in unitID: the
// coordinators of the nearest unit upward that has any, else the
// administrators on that platform. It also returns the unit where the
// coordinators were found (0 for administrators).
func (a *App) coordinatorsFor(s *session, unitID int64) ([]recipient, int64, error) {
	coords, at, err := s.tx.CoordinatorsOf(unitID)
	if err != nil {
		return nil, 0, fmt.Errorf("coordinators of unit %d: %w", unitID, err)
	}
	var out []recipient
	for _, r := range coords {
		out = append(out, a.recipientOf(r))
	}
	if len(out) > 0 {
		return out, at, nil
	}
	admins, err := a.admins(s, s.res.Platform)
	return admins, 0, err
}

// admins returns the administrators on platform, as recipients; one who
// never wrote to the bot is reached in the private chat of their user id.
func (a *App) admins(s *session, platform string) ([]recipient, error) {
	var out []recipient
	for key := range a.Admins {
		p, id, ok := strings.Cut(key, ":")
		if !ok || p != platform {
			continue
		}
		r, err := s.tx.ResidentByPlatformUser(p, id)
		switch {
		case errors.Is(err, storage.ErrNotFound):
			out = append(out, recipient{Platform: p, UserID: id, ChatID: id, Lang: a.Lang})
		case err != nil:
			return nil, fmt.Errorf("admin %s: %w", key, err)
		case !r.Stopped():
			out = append(out, a.recipientOf(r))
		}
	}
	return out, nil
}

func (a *App) recipientOf(r storage.Resident) recipient {
	return recipient{ResidentID: r.ID, Platform: r.Platform, UserID: r.UserID, ChatID: r.ChatID,
		Lang: a.langFor(r.Language, r.PlatformLanguage)}
}

// tell queues a message to another person, in their language, carrying
// details about the resident about (0 for none).
func (a *App) tell(c *bot.Context, to recipient, about int64, text string, kb *bot.Keyboard) {
	c.Queue(bot.Outgoing{Kind: bot.OutSend, Platform: to.Platform, ChatID: to.ChatID, Lang: to.Lang,
		ResidentID: to.ResidentID, AboutResidentID: about, Text: text, Keyboard: kb})
}

// tellResident queues a message to a resident other than the sender (the
// reporter of a deed a coordinator decided, say), in their language.
func (a *App) tellResident(c *bot.Context, r storage.Resident, key string, args ...any) {
	if !r.BlockedAt.IsZero() {
		return // they blocked the bot: nothing more is sent
	}
	to := a.recipientOf(r)
	a.tell(c, to, 0, a.Catalog.Text(to.Lang, key, args...), nil)
}

// personLink names a resident for a coordinator, as a link that opens a
// chat with them where the platform has one.
func personLink(r storage.Resident) HTML {
	name := r.Name
	if name == "" {
		name = "#" + r.UserID
	}
	switch {
	case r.Platform != "telegram":
		return HTML(bot.Escape(name))
	case r.Username != "":
		return HTML(fmt.Sprintf(`<a href="https://t.me/%s">%s</a>`, bot.Escape(r.Username), bot.Escape(name)))
	}
	return HTML(fmt.Sprintf(`<a href="tg://user?id=%s">%s</a>`, bot.Escape(r.UserID), bot.Escape(name)))
}
