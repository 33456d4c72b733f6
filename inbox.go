package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// inboxSource is the engine's source in webhook mode: the updates the
// webhooks stored, oldest first. Each is applied exactly as a polled one
// (the same ids, so a repeat is recognised across modes), and its row is
// deleted in the transaction that applies it (Update.Receipt): a crash
// leaves only the updates not yet applied. When the engine asks for the
// next batch, the rows of the previous one that are still there (those
// that could not be read) are deleted.
type inboxSource struct {
	db  *storage.DB
	log *slog.Logger
	// parse turns a stored body into an update, by platform.
	parse map[string]func(body []byte) (bot.Update, error)
	// wake is signalled by the webhooks when they store an update.
	wake chan struct{}
	// done is the id of the last row of the previous batch.
	done int64
}

// inboxBatch is how many stored updates one poll takes.
const inboxBatch = 100

// inboxIdle bounds the wait for a webhook's signal.
const inboxIdle = time.Second

func newInboxSource(db *storage.DB, log *slog.Logger) *inboxSource {
	return &inboxSource{db: db, log: log, parse: map[string]func([]byte) (bot.Update, error){},
		wake: make(chan struct{}, 1)}
}

// Name identifies the inbox for the engine's offset (unused: the inbox
// keeps its own place).
func (s *inboxSource) Name() string { return bot.InboxSource }

// received wakes the poll without blocking.
func (s *inboxSource) received() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Poll deletes the previous batch, now applied, and returns the next
// stored updates, waiting for one if there is none.
func (s *inboxSource) Poll(ctx context.Context, _ int64) ([]bot.Update, error) {
	if s.done > 0 {
		if err := s.db.DropInboxUpTo(ctx, s.platforms(), s.done); err != nil {
			return nil, err
		}
	}
	for {
		rows, err := s.db.Inbox(ctx, s.platforms(), inboxBatch)
		if err != nil {
			return nil, err
		}
		if len(rows) > 0 {
			s.done = rows[len(rows)-1].ID
			return s.updates(rows), nil
		}
		t := time.NewTimer(inboxIdle)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-s.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// platforms are the messengers whose updates this inbox applies: those
// of another (one switched off since) wait for a process that serves it.
func (s *inboxSource) platforms() []string {
	out := make([]string, 0, len(s.parse))
	for p := range s.parse {
		out = append(out, p)
	}
	return out
}

// updates parses stored bodies; one that no longer parses (it did when it
// was stored) is logged and dropped with its batch.
func (s *inboxSource) updates(rows []storage.InboxUpdate) []bot.Update {
	out := make([]bot.Update, 0, len(rows))
	for _, r := range rows {
		u, err := s.parse[r.Platform](r.Body)
		u.Receipt = r.ID // deleted by the transaction that applies it
		if err != nil {
			s.log.Error("an update in the inbox cannot be read; dropped", "platform", r.Platform, "err", err)
			continue
		}
		out = append(out, u)
	}
	return out
}
