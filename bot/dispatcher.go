package bot

import (
	"context"
	"hash/fnv"
	"log/slog"
	"sync"
	"time"
)

// Queued is an outbox message claimed for sending.
type Queued struct {
	ID       int64
	Attempts int // including this one
	Msg      Outgoing
}

// Outbox is what the dispatcher needs from storage.
type Outbox interface {
	// Claim marks up to limit due messages of platform as being sent and
	// returns them: replies before bulk traffic, oldest first, never a
	// message whose chat has an earlier one still unsent (answers to
	// button presses excepted: they neither wait nor hold others back).
	Claim(ctx context.Context, platform string, limit int) ([]Queued, error)
	MarkSent(ctx context.Context, id int64, platformMessageID string) error
	// MarkRetry puts a message back to be sent again at or after at.
	MarkRetry(ctx context.Context, id int64, at time.Time, reason string) error
	// MarkDeferred is MarkRetry for a send that was not tried or not its
	// fault (the platform asked to wait, or the bot is stopping): the
	// attempt does not count towards giving up.
	MarkDeferred(ctx context.Context, id int64, at time.Time, reason string) error
	MarkFailed(ctx context.Context, id int64, reason string) error
	// MarkBlocked records that the recipient blocked the bot: the message
	// and every other pending one to that chat are dropped, and the
	// recipient gets nothing more.
	MarkBlocked(ctx context.Context, id int64, reason string) error
	// NextDue returns when the earliest pending message becomes due.
	NextDue(ctx context.Context, platform string) (time.Time, bool, error)
	// RequeueStale puts back to pending the messages of platform claimed
	// before the given time and still marked as being sent, except those
	// in inFlight, and returns how many: their status write was lost.
	RequeueStale(ctx context.Context, platform string, claimedBefore time.Time, inFlight []int64) (int64, error)
}

// Sender delivers one outgoing message to its platform: an adapter.
type Sender interface {
	// Send delivers m and returns the platform's id of the message it
	// created or changed ("" for answers). Errors are *PlatformError.
	Send(ctx context.Context, m Outgoing) (string, error)
}

// Dispatcher sends the outbox of one platform after each commit: in order
// per chat, several chats at once, retrying what can be retried.
type Dispatcher struct {
	Platform string
	Outbox   Outbox
	Sender   Sender
	Log      *slog.Logger
	Now      func() time.Time
	// Workers is how many chats are served at once (default 8); Batch how
	// many messages one claim takes (default 64); MaxAttempts how often a
	// temporary failure is retried before the message fails (default 5).
	Workers, Batch, MaxAttempts int
	// SendTimeout bounds one request (default 30 s); StopGrace bounds how
	// long a request in flight may go on once Run's context ends (default
	// 2 s), so that stopping stays within its budget.
	SendTimeout, StopGrace time.Duration
	// PollEvery bounds how long an idle dispatcher waits before looking at
	// the outbox again (default 5 s), so that messages queued by another
	// process (the command line) go out without a kick. SweepEvery is how
	// often claimed messages whose status write was lost are put back
	// (default 1 min); StaleAfter is how long after its claim a message not
	// in flight counts as lost (default SendTimeout + StopGrace + 30 s).
	PollEvery, SweepEvery, StaleAfter time.Duration

	once    sync.Once
	kick    chan struct{}
	mu      sync.Mutex
	wanted  uint64        // kicks so far
	done    uint64        // kicks fully served
	idle    chan struct{} // closed when done catches up with a waiter
	pausing time.Time     // no sends before this (a 429)
	// inFlight holds the ids claimed and not yet settled: a sweep never
	// puts them back.
	inFlight  map[int64]bool
	lastSweep time.Time
}

func (d *Dispatcher) init() {
	d.once.Do(func() {
		d.kick = make(chan struct{}, 1)
		d.idle = make(chan struct{})
		if d.Workers <= 0 {
			d.Workers = 8
		}
		if d.Batch <= 0 {
			d.Batch = 64
		}
		if d.MaxAttempts <= 0 {
			d.MaxAttempts = 10 // with the back-off, about two and a half minutes
		}
		if d.StopGrace <= 0 {
			d.StopGrace = 2 * time.Second
		}
		if d.SendTimeout <= 0 {
			d.SendTimeout = 30 * time.Second
		}
		if d.Now == nil {
			d.Now = time.Now
		}
		if d.PollEvery <= 0 {
			d.PollEvery = 5 * time.Second
		}
		if d.SweepEvery <= 0 {
			d.SweepEvery = time.Minute
		}
		if d.StaleAfter <= 0 {
			d.StaleAfter = d.SendTimeout + d.StopGrace + 30*time.Second
		}
		d.inFlight = map[int64]bool{}
		if d.Log == nil {
			d.Log = slog.Default()
		}
	})
}

// Kick tells the dispatcher that new messages may be due. It never blocks.
func (d *Dispatcher) Kick() {
	d.init()
	d.mu.Lock()
	d.wanted++
	d.mu.Unlock()
	select {
	case d.kick <- struct{}{}:
	default:
	}
}

// WaitIdle returns once every message due at the last Kick has been tried,
// or when ctx is done.
func (d *Dispatcher) WaitIdle(ctx context.Context) error {
	d.init()
	for {
		d.mu.Lock()
		caughtUp, ch := d.done >= d.wanted, d.idle
		d.mu.Unlock()
		if caughtUp {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Run sends until ctx is cancelled. Sends in flight when ctx ends are
// finished (within SendTimeout); what was claimed but not started goes
// back to the outbox.
func (d *Dispatcher) Run(ctx context.Context) error {
	d.init()
	for ctx.Err() == nil {
		d.mu.Lock()
		gen := d.wanted
		d.mu.Unlock()
		d.sweepIfDue(ctx)
		n, err := d.round(ctx)
		if err != nil && ctx.Err() != nil {
			return nil // stopping: what was not claimed stays in the outbox
		}
		if err != nil {
			d.Log.Error("outbox round failed", "platform", d.Platform, "err", err)
			if Sleep(ctx, time.Second) != nil {
				return nil
			}
			continue
		}
		if n > 0 {
			continue
		}
		d.served(gen)
		d.waitForWork(ctx)
	}
	return nil
}

func (d *Dispatcher) served(gen uint64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if gen > d.done {
		d.done = gen
		close(d.idle)
		d.idle = make(chan struct{})
	}
}

// sweepIfDue puts back, every SweepEvery, the messages claimed long ago
// that are neither in flight nor settled: their status write was lost
// (the database was locked, say), and without this their chat would wait
// behind them until a restart.
func (d *Dispatcher) sweepIfDue(ctx context.Context) {
	now := d.Now()
	if now.Sub(d.lastSweep) < d.SweepEvery {
		return
	}
	d.lastSweep = now
	d.mu.Lock()
	held := make([]int64, 0, len(d.inFlight))
	for id := range d.inFlight {
		held = append(held, id)
	}
	d.mu.Unlock()
	n, err := d.Outbox.RequeueStale(ctx, d.Platform, now.Add(-d.StaleAfter), held)
	switch {
	case err != nil && ctx.Err() == nil:
		d.Log.Error("outbox sweep failed", "platform", d.Platform, "err", err)
	case n > 0:
		d.Log.Warn("messages whose sending was never recorded are queued again; a recipient may get one of them twice",
			"platform", d.Platform, "count", n, "claimed_before", now.Add(-d.StaleAfter).Format(time.RFC3339))
	}
}

// waitForWork sleeps until a kick, the next due message, PollEvery, or
// ctx's end.
func (d *Dispatcher) waitForWork(ctx context.Context) {
	wait := d.PollEvery
	if next, ok, err := d.Outbox.NextDue(ctx, d.Platform); err == nil && ok {
		wait = min(max(next.Sub(d.Now()), time.Millisecond), wait)
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-d.kick:
	case <-t.C:
	case <-ctx.Done():
	}
}

// round claims one batch and sends it, a worker per group of chats.
func (d *Dispatcher) round(ctx context.Context) (int, error) {
	batch, err := d.Outbox.Claim(ctx, d.Platform, d.Batch)
	if err != nil || len(batch) == 0 {
		return 0, err
	}
	d.mu.Lock()
	for _, q := range batch {
		d.inFlight[q.ID] = true
	}
	d.mu.Unlock()
	shards := make([][]Queued, d.Workers)
	for _, q := range batch {
		h := fnv.New32a()
		h.Write([]byte(q.Msg.ChatID))
		i := int(h.Sum32() % uint32(d.Workers))
		shards[i] = append(shards[i], q)
	}
	var wg sync.WaitGroup
	for _, shard := range shards {
		if len(shard) == 0 {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, q := range shard {
				d.deliver(ctx, q)
			}
		}()
	}
	wg.Wait()
	return len(batch), nil
}

// The back-off of a status write that failed: from recordRetryMin
// doubling to recordRetryMax, and recordStopTries tries once stopping.
const (
	recordRetryMin  = 50 * time.Millisecond
	recordRetryMax  = 5 * time.Second
	recordStopTries = 3
)

// deliver sends one message and records the outcome. The outcome is
// recorded even when ctx is cancelled meanwhile.
func (d *Dispatcher) deliver(ctx context.Context, q Queued) {
	bg := context.WithoutCancel(ctx)
	if ctx.Err() != nil || d.waitPause(ctx) != nil {
		d.record(ctx, q, func(c context.Context) error { return d.Outbox.MarkDeferred(c, q.ID, d.Now(), "stopping") })
		return
	}
	sctx, cancel := context.WithTimeout(bg, d.SendTimeout)
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(d.StopGrace, cancel) })
	msgID, err := d.Sender.Send(sctx, q.Msg)
	stop()
	cancel()
	if err == nil {
		d.record(ctx, q, func(c context.Context) error { return d.Outbox.MarkSent(c, q.ID, msgID) })
		return
	}
	reason := err.Error()
	switch KindOf(err) {
	case Blocked:
		d.Log.Info("recipient blocked the bot", "outbox", q.ID, "platform", d.Platform)
		d.record(ctx, q, func(c context.Context) error { return d.Outbox.MarkBlocked(c, q.ID, reason) })
	case Rejected, Unauthorized:
		d.Log.Warn("message rejected", "outbox", q.ID, "kind", q.Msg.Kind, "reason", reason)
		d.record(ctx, q, func(c context.Context) error { return d.Outbox.MarkFailed(c, q.ID, reason) })
	case RateLimited:
		until := d.pause(RetryAfterOf(err))
		d.record(ctx, q, func(c context.Context) error { return d.Outbox.MarkDeferred(c, q.ID, until, reason) })
	default:
		if ctx.Err() != nil { // cut short by stopping, not the platform's fault
			d.record(ctx, q, func(c context.Context) error { return d.Outbox.MarkDeferred(c, q.ID, d.Now(), reason) })
			return
		}
		if q.Attempts >= d.MaxAttempts {
			d.Log.Warn("message failed after retries", "outbox", q.ID, "attempts", q.Attempts, "err", reason)
			d.record(ctx, q, func(c context.Context) error { return d.Outbox.MarkFailed(c, q.ID, reason) })
			return
		}
		wait := backoffMax
		if q.Attempts <= 6 { // beyond that the shift would only exceed the cap, or overflow
			wait = min(backoffMin<<max(q.Attempts-1, 0), backoffMax)
		}
		d.record(ctx, q, func(c context.Context) error { return d.Outbox.MarkRetry(c, q.ID, d.Now().Add(wait), reason) })
	}
}

// record saves the outcome of q with mark, trying again with a back-off
// while it fails (the database may be locked for a few seconds by an
// import): a lost status would hold the chat's later messages back and
// send q again at the next start. While stopping it tries a few times
// only; the start-up requeue then takes q.
func (d *Dispatcher) record(ctx context.Context, q Queued, mark func(context.Context) error) {
	bg := context.WithoutCancel(ctx)
	wait := recordRetryMin
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
		if ctx.Err() != nil || Sleep(ctx, wait) != nil {
			time.Sleep(recordRetryMin)
		}
		wait = min(wait*2, recordRetryMax)
	}
	d.mu.Lock()
	delete(d.inFlight, q.ID)
	d.mu.Unlock()
}

// pause stops all sending for retryAfter plus a small margin and returns
// when sending may resume.
func (d *Dispatcher) pause(retryAfter time.Duration) time.Time {
	until := d.Now().Add(retryAfter + 100*time.Millisecond)
	d.mu.Lock()
	defer d.mu.Unlock()
	if until.After(d.pausing) {
		d.pausing = until
	}
	d.Log.Warn("platform asked to slow down", "platform", d.Platform, "retry_after", retryAfter)
	return d.pausing
}

func (d *Dispatcher) waitPause(ctx context.Context) error {
	d.mu.Lock()
	until := d.pausing
	d.mu.Unlock()
	return Sleep(ctx, until.Sub(d.Now()))
}
