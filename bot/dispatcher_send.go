package bot

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// recordBackoff spaces the tries of a status write that failed;
// recordStopTries is how often it is tried once stopping.
var recordBackoff = Backoff{Min: 50 * time.Millisecond, Max: 5 * time.Second}

const recordStopTries = 3

// deliver marks one message as being sent, waits for its turn, sends it
// and records the outcome. The outcome is recorded even when ctx is
// cancelled meanwhile.
func (d *Dispatcher) deliver(ctx context.Context, q Queued) {
	if !d.start(ctx, q) {
		return
	}
	if !d.await(ctx, q) {
		d.measure(q, ResultStopping, 0)
		d.record(ctx, q, func(c context.Context) error { return d.Outbox.MarkDeferred(c, q.ID, d.Now(), "stopping") })
		return
	}
	if q.Msg.Priority > 0 && d.PaidBroadcast {
		q.Msg.PaidBroadcast = true
	}
	began := time.Now()
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), d.SendTimeout)
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(d.StopGrace, cancel) })
	msgID, err := d.Sender.Send(withOutboxID(withPacer(sctx, d, q.Msg), q.ID), q.Msg)
	stop()
	cancel()
	took := time.Since(began)
	if err == nil {
		d.measure(q, ResultSent, took)
		d.record(ctx, q, func(c context.Context) error { return d.Outbox.MarkSent(c, q.ID, msgID) })
		return
	}
	reason := err.Error()
	switch KindOf(err) {
	case Blocked:
		d.measure(q, ResultBlocked, took)
		d.Log.Info("recipient blocked the bot", "outbox", q.ID, "platform", d.Platform)
		d.record(ctx, q, func(c context.Context) error { return d.Outbox.MarkBlocked(c, q.ID, reason) })
	case Rejected:
		d.measure(q, ResultRejected, took)
		d.Log.Warn("message rejected", "outbox", q.ID, "kind", q.Msg.Kind, "reason", reason)
		d.record(ctx, q, func(c context.Context) error { return d.Outbox.MarkFailed(c, q.ID, reason) })
	case Unauthorized:
		d.measure(q, ResultUnauthorized, took)
		d.record(ctx, q, func(c context.Context) error { return d.Outbox.MarkDeferred(c, q.ID, d.Now(), reason) })
		d.mu.Lock()
		abort := d.abort
		d.mu.Unlock()
		abort(fmt.Errorf("send %s messages: %w", d.Platform, ErrTokenRejected))
	case RateLimited:
		d.measure(q, ResultRateLimited, took)
		until := d.pause(RetryAfterOf(err))
		d.record(ctx, q, func(c context.Context) error { return d.Outbox.MarkDeferred(c, q.ID, until, reason) })
	default:
		d.retry(ctx, q, reason, took)
	}
}

// measure tells the Meter, if any, how the send of q ended.
func (d *Dispatcher) measure(q Queued, r Result, took time.Duration) {
	if d.Meter != nil {
		d.Meter.Delivered(d.Platform, LaneOf(q.Msg.Priority), r, took)
	}
}

// start marks q as being sent (Outbox.MarkSending) before it waits for
// its turn, and reports whether it may go on: a message whose mark was
// not saved, or when the bot is stopping, goes back to the outbox
// instead. Only a message about to wait for its turn is marked, so the
// messages marked and unsettled are never more than Workers: all that a
// crash can have sent without a record.
func (d *Dispatcher) start(ctx context.Context, q Queued) bool {
	reason := "stopping"
	if ctx.Err() == nil {
		// Not cancelled with ctx: the mark shares its commit with other
		// workers' records, which must not fail because the bot stops.
		err := d.Outbox.MarkSending(context.WithoutCancel(ctx), q.ID)
		if err == nil {
			return true
		}
		if errors.Is(err, ErrNotClaimed) {
			d.Log.Debug("message dropped before it was sent", "outbox", q.ID, "err", err)
			d.mu.Lock()
			d.waiting--
			delete(d.inFlight, q.ID)
			d.changedLocked()
			d.mu.Unlock()
			return false
		}
		d.Log.Warn("message not marked as being sent; it goes back to the outbox", "outbox", q.ID, "err", err)
		reason = "sending not recorded: " + err.Error()
	}
	d.mu.Lock()
	d.waiting-- // it will not wait for a turn
	d.changedLocked()
	d.mu.Unlock()
	at := d.Now()
	if reason != "stopping" {
		at = at.Add(time.Second)
	}
	d.record(ctx, q, func(c context.Context) error { return d.Outbox.MarkDeferred(c, q.ID, at, reason) })
	return false
}

// retry puts back a message that failed for a temporary reason, or gives
// it up once it is older than GiveUpAfter.
func (d *Dispatcher) retry(ctx context.Context, q Queued, reason string, took time.Duration) {
	now := d.Now()
	switch {
	case ctx.Err() != nil: // cut short by stopping, not the platform's fault
		d.measure(q, ResultStopping, took)
		d.record(ctx, q, func(c context.Context) error { return d.Outbox.MarkDeferred(c, q.ID, now, reason) })
	case !q.Created.IsZero() && now.Sub(q.Created) >= d.GiveUpAfter:
		d.measure(q, ResultGivenUp, took)
		d.Log.Debug("message given up", "outbox", q.ID, "attempts", q.Attempts, "err", reason)
		reason = fmt.Sprintf("given up after %s: %s", d.GiveUpAfter, reason)
		d.record(ctx, q, func(c context.Context) error { return d.Outbox.MarkFailed(c, q.ID, reason) })
		d.mu.Lock()
		d.gaveUp++
		d.mu.Unlock()
	default:
		d.measure(q, ResultRetry, took)
		at := now.Add(d.Backoff.Next(q.Attempts))
		d.record(ctx, q, func(c context.Context) error { return d.Outbox.MarkRetry(c, q.ID, at, reason) })
	}
}

// record saves the outcome of q with mark, trying again with a back-off
// while it fails (the database may be locked for a few seconds by an
// import): a lost status would hold the chat's later messages back and
// send q again at the next start. While stopping it tries a few times
// only; the sweep of a later Run, or the start-up requeue, then takes q.
//
// Each send's record is written before its worker takes the next message,
// so the messages sent but not recorded are never more than the sends in
// flight: all a crash can repeat.
func (d *Dispatcher) record(ctx context.Context, q Queued, mark func(context.Context) error) {
	bg := context.WithoutCancel(ctx)
	for attempt := 1; ; attempt++ {
		err := mark(bg)
		if err == nil {
			break
		}
		if attempt == 1 || attempt%10 == 0 {
			d.Log.Error("outbox status not saved; trying again", "outbox", q.ID, "attempt", attempt, "err", err)
		}
		if ctx.Err() != nil && attempt >= recordStopTries {
			d.Log.Warn("outbox status not saved before stopping; the message is sent again at the next start",
				"outbox", q.ID)
			break
		}
		if ctx.Err() != nil || Sleep(ctx, recordBackoff.Next(attempt)) != nil {
			time.Sleep(recordBackoff.Min)
		}
	}
	d.mu.Lock()
	delete(d.inFlight, q.ID)
	d.mu.Unlock()
}
