package handlers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// What waits for a coordinator: the reports and help requests of their
// units that nobody has taken on, including those made before anyone
// coordinated the unit. /help counts them and offers a button that sends
// them again with their buttons; a newly appointed coordinator is sent
// them with the news of their role.
const (
	actShowWaiting = "qw" // no params: the button is signed for its owner
	// waitingLimit bounds the reports, and the requests, sent at once.
	waitingLimit = 10
	// waitingAgainAfter is how soon one person may have them sent again.
	waitingAgainAfter = 2 * time.Minute
)

// coordinatorHelp is the coordinator's own part of /help: what they
// receive, what they can do, and what waits (with a button to see it).
// It is empty for residents.
func (qu *Queue) coordinatorHelp(c *bot.Context, s *session) (string, *bot.Keyboard, error) {
	scope, err := qu.reviewScope(s)
	if err != nil || scope.Empty() {
		return "", nil, err
	}
	where := c.T("coord.everywhere")
	if !scope.All {
		var names []string
		for _, id := range scope.Units {
			path, err := qu.unitPath(s.tx, id)
			if err != nil {
				return "", nil, err
			}
			names = append(names, path)
		}
		where = strings.Join(names, "; ")
	}
	w, err := s.tx.WaitingIn(scope, s.res.ID)
	if err != nil {
		return "", nil, err
	}
	text := c.T("coord.help", HTML(where)) + "\n\n" + qu.waitingLine(c.Lang, w)
	if w.Deeds+w.Help == 0 {
		return text, nil, nil
	}
	return text, bot.Inline(bot.Row(c.Button(c.T("coord.show_waiting"), actShowWaiting))), nil
}

// officialHelp is an official's own part of /help ("" for others).
func (qu *Queue) officialHelp(c *bot.Context, s *session) (string, error) {
	scope, err := s.tx.ScopeOf(s.res.ID, storage.RoleOfficial)
	if err != nil || scope.Empty() {
		return "", err
	}
	var names []string
	for _, id := range scope.Units {
		path, err := qu.unitPath(s.tx, id)
		if err != nil {
			return "", err
		}
		names = append(names, path)
	}
	return c.T("official.help", HTML(strings.Join(names, "; "))), nil
}

// waitingLine says in lang how many reports and requests wait, naming
// only what there is.
func (qu *Queue) waitingLine(lang string, w storage.Waiting) string {
	switch {
	case w.Deeds+w.Help == 0:
		return qu.Catalog.Text(lang, "coord.nothing_waiting")
	case w.Help == 0:
		return qu.Catalog.Text(lang, "coord.waiting_deeds", w.Deeds)
	case w.Deeds == 0:
		return qu.Catalog.Text(lang, "coord.waiting_help", w.Help)
	}
	return qu.Catalog.Text(lang, "coord.waiting", w.Deeds, w.Help)
}

// onShowWaiting sends the coordinator what waits in their units.
func (qu *Queue) onShowWaiting(ctx context.Context, c *bot.Context, s *session) error {
	scope, err := qu.reviewScope(s)
	if err != nil {
		return err
	}
	if scope.Empty() {
		c.Answer(c.T("coord.not_coordinator"), true)
		return nil
	}
	// A second press soon after would send everything again.
	if due, err := s.tx.Throttle(fmt.Sprintf("waiting:%d", s.res.ID), waitingAgainAfter); err != nil || !due {
		if err == nil {
			c.Answer(c.T("coord.just_sent"), true)
		}
		return err
	}
	w, err := qu.sendWaiting(c, s, qu.recipientOf(s.res), scope, c.ButtonFor)
	if err != nil {
		return err
	}
	if w.Deeds+w.Help == 0 {
		c.Answer(c.T("coord.nothing_waiting"), true)
	}
	return nil
}

// sendWaiting queues to r, oldest first, up to waitingLimit pending
// reports (each as notifyDeed sends it: its photos, and where it can one
// message) and as many open help requests of scope, each with the buttons
// to act on it, then a line saying how many more wait. It returns how many
// wait in all.
func (qu *Queue) sendWaiting(q bot.Queue, s *session, r recipient, scope storage.Scope, mk buttonFunc) (storage.Waiting, error) {
	w, err := s.tx.WaitingIn(scope, r.ResidentID)
	if err != nil || w.Deeds+w.Help == 0 {
		return w, err
	}
	deeds, err := s.tx.WaitingDeeds(scope, r.ResidentID, waitingLimit)
	if err != nil {
		return w, err
	}
	for _, d := range deeds {
		text, err := qu.review.deedNotice(s.tx, r.Lang, d)
		if err != nil {
			return w, err
		}
		kb := qu.review.reviewKeyboard(mk, r.UserID, r.Lang, d)
		if rep, err := s.tx.ResidentByID(d.ResidentID); err == nil {
			qu.review.tellNotice(q, r, d, text, kb, rep.Platform)
		} else {
			qu.tell(q, r, d.ResidentID, text, kb) // without the reporter, whose messenger their photos need
		}
	}
	helps, err := s.tx.WaitingHelp(scope, r.ResidentID, waitingLimit)
	if err != nil {
		return w, err
	}
	for _, h := range helps {
		t, err := qu.support.ticketOf(s.tx, h)
		if isNotFound(err) {
			continue
		}
		if err != nil {
			return w, err
		}
		qu.support.sendTickets(q, t, []recipient{r}, mk, nil)
	}
	if more := w.Deeds - len(deeds) + w.Help - len(helps); more > 0 {
		qu.tell(q, r, 0, qu.Catalog.Text(r.Lang, "coord.more_waiting", more), nil)
	}
	return w, nil
}

// announceRole tells a person just granted role on unitID, in their
// language, what the role means and, for a coordinator, sends what
// already waits in the unit (reports and help requests made before anyone
// could take them), each with its buttons. The messages are queued to b.
// It returns what waits.
func (qu *Queue) announceRole(b bot.Queue, tx *storage.Tx, residentID int64, role string, unitID int64) (storage.Waiting, error) {
	res, err := tx.ResidentByID(residentID)
	if err != nil {
		return storage.Waiting{}, fmt.Errorf("announce role: %w", err)
	}
	if !res.BlockedAt.IsZero() {
		return storage.Waiting{}, nil // nothing reaches someone who blocked the bot
	}
	s := &session{core: qu.core, tx: tx, res: res}
	r := qu.recipientOf(res)
	path, err := qu.unitPath(tx, unitID)
	if err != nil {
		return storage.Waiting{}, err
	}
	var w storage.Waiting
	below := ""
	if n, err := tx.CountChildren(unitID); err != nil {
		return storage.Waiting{}, fmt.Errorf("announce role: %w", err)
	} else if n > 0 {
		below = qu.Catalog.Text(r.Lang, "role.and_below")
	}
	text := qu.Catalog.Text(r.Lang, "role.granted."+role, HTML(path), HTML(below))
	if role == storage.RoleCoordinator {
		if w, err = tx.WaitingIn(storage.Scope{Units: []int64{unitID}}, res.ID); err != nil {
			return w, err
		}
		text += "\n\n" + qu.waitingLine(r.Lang, w)
	}
	if res.Stopped() {
		text += "\n\n" + qu.Catalog.Text(r.Lang, "role.stopped")
	}
	qu.tell(b, r, 0, text, nil)
	if role == storage.RoleCoordinator {
		if _, err := qu.sendWaiting(b, s, r, storage.Scope{Units: []int64{unitID}}, qu.Messages.ButtonFor); err != nil {
			return w, err
		}
	}
	return w, nil
}
