package handlers

import (
	"errors"
	"fmt"
	"strings"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
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
func (co *core) coordinatorsFor(s *session, unitID int64) ([]recipient, int64, error) {
	return co.reviewersFor(s, unitID, reach{admins: true})
}

// reach says whom a notice may go to besides the coordinators found
// upward, and whom it must skip.
type reach struct {
	// admins lets the notice fall back to the administrators when no unit
	// up the tree has a coordinator left.
	admins bool
	// skip holds resident ids that must not get it: the person it is
	// about (nobody reviews their own report or request), and those who
	// were already told.
	skip map[int64]bool
}

// reviewersFor returns who must hear about something in unitID: the
// coordinators of the nearest unit upward that has any not in r.skip,
// else (when r.admins) the administrators on the sender's platform not in
// r.skip. It also returns the unit where the coordinators were found (0
// for administrators or nobody).
func (co *core) reviewersFor(s *session, unitID int64, r reach) ([]recipient, int64, error) {
	for at := unitID; at != 0; {
		coords, found, err := s.tx.CoordinatorsOf(at)
		if err != nil {
			return nil, 0, fmt.Errorf("coordinators of unit %d: %w", at, err)
		}
		if found == 0 {
			break // no unit up to the root has one
		}
		var out []recipient
		for _, c := range coords {
			if !r.skip[c.ID] {
				out = append(out, co.recipientOf(c))
			}
		}
		if len(out) > 0 {
			return out, found, nil
		}
		u, err := s.tx.UnitByID(found)
		if err != nil {
			return nil, 0, fmt.Errorf("unit %d: %w", found, err)
		}
		at = u.ParentID // everyone here is skipped: try the level above
	}
	if !r.admins {
		return nil, 0, nil
	}
	admins, err := co.admins(s, s.res.Platform)
	if err != nil {
		return nil, 0, err
	}
	var out []recipient
	for _, ad := range admins {
		if ad.ResidentID == 0 || !r.skip[ad.ResidentID] {
			out = append(out, ad)
		}
	}
	return out, 0, nil
}

// admins returns the administrators on platform, as recipients; one who
// never wrote to the bot is reached in the private chat of their user id.
func (co *core) admins(s *session, platform string) ([]recipient, error) {
	var out []recipient
	for key := range co.Admins {
		p, id, ok := strings.Cut(key, ":")
		if !ok || p != platform {
			continue
		}
		r, err := s.tx.ResidentByPlatformUser(p, id)
		switch {
		case errors.Is(err, storage.ErrNotFound):
			out = append(out, recipient{Platform: p, UserID: id, ChatID: id, Lang: co.Lang})
		case err != nil:
			return nil, fmt.Errorf("admin %s: %w", key, err)
		case !r.Stopped():
			out = append(out, co.recipientOf(r))
		}
	}
	return out, nil
}

// recipientOf is how a resident is reached by what the bot sends on its
// own: on the messenger they chose, or used last.
func (co *core) recipientOf(r storage.Resident) recipient {
	platform, userID, chatID := r.Delivery()
	return recipient{ResidentID: r.ID, Platform: platform, UserID: userID, ChatID: chatID,
		Lang: co.langFor(r.Language, r.PlatformLanguage)}
}

// tell queues a message to another person, in their language, carrying
// details about the resident about (0 for none).
func (co *core) tell(q bot.Queue, to recipient, about int64, text string, kb *bot.Keyboard) {
	q.Queue(bot.Outgoing{Kind: bot.OutSend, Platform: to.Platform, ChatID: to.ChatID, Lang: to.Lang,
		ResidentID: to.ResidentID, AboutResidentID: about, Text: text, Keyboard: kb})
}

// tellResident queues a message to a resident other than the sender (the
// reporter of a deed a coordinator decided, say), in their language.
func (co *core) tellResident(q bot.Queue, r storage.Resident, key string, args ...any) {
	if !r.BlockedAt.IsZero() {
		return // they blocked the bot: nothing more is sent
	}
	to := co.recipientOf(r)
	co.tell(q, to, 0, co.Catalog.Text(to.Lang, key, args...), nil)
}

// personLink names a resident for a coordinator, as a link that opens a
// chat with them where their messenger has one.
func (co *core) personLink(r storage.Resident) HTML {
	name := r.Name
	if name == "" {
		name = "#" + r.UserID
	}
	link := co.Platforms.Of(r.Platform).PersonLink(r.UserID, r.Username)
	if link == "" {
		return HTML(bot.Escape(name))
	}
	return HTML(fmt.Sprintf(`<a href="%s">%s</a>`, bot.Escape(link), bot.Escape(name)))
}
