package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// Outbox lets the bot's dispatcher read and settle the outbox kept in
// storage, turning stored payloads back into bot.Outgoing messages.
// Messages marked Erase are deleted once settled instead of kept. It lives
// in the root, which wires bot to storage: neither knows the other.
type Outbox struct {
	DB    *storage.DB
	erase sync.Map // ids of claimed messages to delete once settled
}

var _ bot.Outbox = (*Outbox)(nil)

// newOutbox returns the dispatcher's view of db's outbox.
func newOutbox(db *storage.DB) *Outbox { return &Outbox{DB: db} }

// Claim takes up to limit due messages of platform for sending (replies
// only unless bulk). A payload that cannot be read is failed on the spot,
// never retried.
func (o *Outbox) Claim(ctx context.Context, platform string, limit int, bulk bool) ([]bot.Queued, error) {
	claim := o.DB.ClaimReplies
	if bulk {
		claim = o.DB.ClaimOutbox
	}
	msgs, err := claim(ctx, platform, limit)
	if err != nil {
		return nil, err
	}
	out := make([]bot.Queued, 0, len(msgs))
	for _, m := range msgs {
		msg, err := bot.DecodeOutgoing(m.Payload)
		if err != nil {
			if ferr := o.DB.MarkFailed(ctx, m.ID, err.Error()); ferr != nil {
				return nil, ferr
			}
			continue
		}
		if msg.Erase {
			o.erase.Store(m.ID, true)
		}
		msg.Priority, msg.ResidentID, msg.AboutResidentID = m.Priority, m.ResidentID, m.AboutResidentID
		out = append(out, bot.Queued{ID: m.ID, Attempts: m.Attempts, Created: m.CreatedAt, Msg: msg})
	}
	return out, nil
}

// settled records a final outcome, or deletes the message if it asked to
// leave no trace. A failed write may be tried again: the message stays
// marked for erasure until it is settled.
func (o *Outbox) settled(ctx context.Context, id int64, record func() error) error {
	if _, ok := o.erase.Load(id); ok {
		if err := o.DB.DeleteOutbox(ctx, id); err != nil {
			return err
		}
		o.erase.Delete(id)
		return nil
	}
	return already(record())
}

// already treats a write that finds the message settled as done: an
// earlier try of the same write committed although it reported an error,
// or the message is no longer there (its resident was forgotten).
func already(err error) error {
	if errors.Is(err, storage.ErrConflict) || errors.Is(err, storage.ErrNotFound) {
		return nil
	}
	return err
}

// MarkSending records that the request for a claimed message starts. It
// returns an error wrapping bot.ErrNotClaimed when the message is no
// longer claimed (its appeal cancelled, its resident forgotten): it is
// not sent.
func (o *Outbox) MarkSending(ctx context.Context, id int64) error {
	err := o.DB.MarkSending(ctx, id)
	if errors.Is(err, storage.ErrConflict) || errors.Is(err, storage.ErrNotFound) {
		o.erase.Delete(id)
		return fmt.Errorf("%w: %w", bot.ErrNotClaimed, err)
	}
	return err
}

// MarkSent records a delivered message.
func (o *Outbox) MarkSent(ctx context.Context, id int64, platformMessageID string) error {
	return o.settled(ctx, id, func() error { return o.DB.MarkSent(ctx, id, platformMessageID) })
}

// MarkRetry puts a message back to be sent at or after at.
func (o *Outbox) MarkRetry(ctx context.Context, id int64, at time.Time, reason string) error {
	if err := already(o.DB.MarkRetry(ctx, id, at, reason)); err != nil {
		return err
	}
	o.erase.Delete(id) // claimed again later, and marked again then
	return nil
}

// MarkDeferred puts a message back without counting the attempt.
func (o *Outbox) MarkDeferred(ctx context.Context, id int64, at time.Time, reason string) error {
	if err := already(o.DB.MarkDeferred(ctx, id, at, reason)); err != nil {
		return err
	}
	o.erase.Delete(id)
	return nil
}

// MarkFailed gives up on a message.
func (o *Outbox) MarkFailed(ctx context.Context, id int64, reason string) error {
	return o.settled(ctx, id, func() error { return o.DB.MarkFailed(ctx, id, reason) })
}

// MarkBlocked records that the recipient blocked the bot.
func (o *Outbox) MarkBlocked(ctx context.Context, id int64, reason string) error {
	return o.settled(ctx, id, func() error { return o.DB.MarkBlocked(ctx, id, reason) })
}

// RequeueStale puts back claimed messages whose delivery record was lost
// and returns how many of them had their request started.
func (o *Outbox) RequeueStale(ctx context.Context, platform string, claimedBefore time.Time, inFlight []int64) (int64, error) {
	return o.DB.RequeueStale(ctx, platform, claimedBefore, inFlight)
}

// NextDue returns when the earliest pending message of platform is due.
func (o *Outbox) NextDue(ctx context.Context, platform string) (time.Time, bool, error) {
	return o.DB.NextDue(ctx, platform)
}
