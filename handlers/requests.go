package handlers

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// /requests (/yeucau): the help requests of the coordinator's units not
// resolved yet, oldest first, a page at a time, each as a ticket with its
// buttons and how long it has waited. Requests made before anyone
// coordinated the unit are among them.
const (
	actRequestsMore = "rm" // offset of the next page
	requestsPage    = 5
)

// requests shows the first page.
func (sp *Support) requests(ctx context.Context, c *bot.Context, s *session) error {
	return sp.requestsPage(c, s, 0)
}

// onRequestsMore shows the page at the button's offset.
func (sp *Support) onRequestsMore(ctx context.Context, c *bot.Context, s *session) error {
	offset, ok := parseID(c.Params, 0)
	if !ok {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return nil
	}
	return sp.requestsPage(c, s, int(offset))
}

// requestsPage sends the tickets from offset on, and a button for more.
func (sp *Support) requestsPage(c *bot.Context, s *session, offset int) error {
	scope, err := sp.reviewScope(s)
	if err != nil {
		return err
	}
	list, total, err := s.tx.OpenHelpIn(scope, s.res.ID, requestsPage, offset)
	if err != nil {
		return fmt.Errorf("open requests: %w", err)
	}
	if total == 0 {
		c.Send(c.T("requests.none"), nil)
		return nil
	}
	if len(list) == 0 {
		c.Send(c.T("requests.no_more"), nil)
		return nil
	}
	c.Send(c.T("requests.head", offset+1, offset+len(list), total), nil)
	me := sp.recipientOf(s.res)
	me.Lang = c.Lang
	for _, h := range list {
		t, err := sp.ticketOf(s.tx, h)
		if isNotFound(err) {
			continue
		}
		if err != nil {
			return err
		}
		waited := c.T("requests.just_now")
		if d := s.tx.Now.Sub(h.CreatedAt); d >= time.Minute {
			waited = c.T("requests.waited", HTML(sp.duration(c.Lang, d)))
		}
		text := sp.ticketText(t, c.Lang) + "\n\n" + waited
		if h.Status == storage.HelpClaimed {
			name, err := sp.coordinatorByID(c, s, h.ClaimedBy)
			if err != nil {
				return err
			}
			text += "\n" + c.T("requests.claimed_by", name)
		}
		sp.tell(c, me, t.res.ID, text, sp.ticketKeyboard(h, c.Update.From.ID, c.Lang, c.ButtonFor))
	}
	if next := offset + len(list); next < total {
		c.Send(c.T("requests.more", total-next), bot.Inline(bot.Row(
			c.Button(c.T("requests.more_button"), actRequestsMore, strconv.Itoa(next)))))
	}
	return nil
}
