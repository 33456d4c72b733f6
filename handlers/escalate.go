package handlers

import (
	"context"
	"fmt"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// EscalateAfter is how long a help request may wait unclaimed before it
// is escalated, once, to the level above the coordinators first told.
const EscalateAfter = 2 * time.Hour

// escalateBatch bounds the requests one run escalates; the rest wait for
// the next run.
const escalateBatch = 100

// escalate escalates the help requests still open (unclaimed) EscalateAfter
// after they were created, as of now: each goes, once, to the coordinators
// of the nearest unit above the unit whose coordinators were told (else to
// the administrators), with its ticket, its buttons and a line saying how
// long it waited. Everything happens in one transaction: the messages are
// queued to the outbox and the requests marked escalated together. It
// returns how many requests it escalated; the caller should wake the
// dispatcher when that is more than zero.
func (es *Escalation) escalate(ctx context.Context, now time.Time) (int, error) {
	var n int
	err := es.DB.Update(ctx, func(tx *storage.Tx) error {
		n = 0
		due, err := tx.EscalationDue(now.Add(-EscalateAfter), escalateBatch)
		if err != nil {
			return err
		}
		for _, h := range due {
			out, at, err := es.escalation(tx, h, now)
			if err != nil {
				return fmt.Errorf("escalate %s: %w", storage.HelpRef(h.ID), err)
			}
			for _, m := range out {
				if err := enqueue(tx, m); err != nil {
					return err
				}
			}
			if err := tx.MarkEscalated(h.ID, at); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("escalate help requests: %w", err)
	}
	return n, nil
}

// escalation returns the messages that escalate h and the unit whose
// coordinators get them (0 for the administrators). A request whose
// resident is gone, or that the administrators already had, gets none.
func (es *Escalation) escalation(tx *storage.Tx, h storage.HelpRequest, now time.Time) ([]bot.Outgoing, int64, error) {
	t, err := es.support.ticketOf(tx, h)
	if isNotFound(err) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	if h.NotifiedUnitID == 0 {
		return es.unheard(tx, t, now)
	}
	lower, err := tx.UnitByID(h.NotifiedUnitID)
	if err != nil {
		return nil, 0, fmt.Errorf("notified unit: %w", err)
	}
	s := &session{core: es.core, tx: tx, res: t.res}
	// Those told first are not told again (one person may coordinate the
	// unit and the unit above it), nor is the person who asked.
	skip := map[int64]bool{t.res.ID: true}
	if told, at, err := tx.CoordinatorsOf(lower.ID); err != nil {
		return nil, 0, fmt.Errorf("coordinators told: %w", err)
	} else if at == lower.ID {
		for _, r := range told {
			skip[r.ID] = true
		}
	}
	recips, at, err := es.reviewersFor(s, lower.ParentID, reach{admins: true, skip: skip})
	if err != nil {
		return nil, 0, err
	}
	b := &bot.Batch{}
	waited := now.Sub(h.CreatedAt)
	note := func(lang string) string {
		return es.Catalog.Text(lang, "support.escalated", HTML(es.duration(lang, waited)), lower.Name)
	}
	es.support.sendTickets(b, t, recips, es.Messages.ButtonFor, note)
	return b.Outgoing(), at, nil
}

// unheard escalates a request that reached no coordinator when it was
// made (only the administrators, or nobody): if a unit up from its own
// now has coordinators, they get it, saying how long it waited.
// Otherwise there is nobody above to tell; a coordinator appointed later
// finds it in /requests and in the news of their role.
func (es *Escalation) unheard(tx *storage.Tx, t ticket, now time.Time) ([]bot.Outgoing, int64, error) {
	s := &session{core: es.core, tx: tx, res: t.res}
	recips, at, err := es.reviewersFor(s, t.h.UnitID, reach{skip: map[int64]bool{t.res.ID: true}})
	if err != nil || at == 0 {
		return nil, 0, err
	}
	b := &bot.Batch{}
	waited := now.Sub(t.h.CreatedAt)
	note := func(lang string) string {
		return es.Catalog.Text(lang, "support.unheard", HTML(es.duration(lang, waited)))
	}
	es.support.sendTickets(b, t, recips, es.Messages.ButtonFor, note)
	return b.Outgoing(), at, nil
}
