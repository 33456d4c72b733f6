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
	// message whose chat has an earlier one still unsent.
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

	once    sync.Once
	kick    chan struct{}
	mu      sync.Mutex
	wanted  uint64        // kicks so far
	done    uint64        // kicks fully served
	idle    chan struct{} // closed when done catches up with a waiter
	pausing time.Time     // no sends before this (a 429)
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

// waitForWork sleeps until a kick, the next due message, or ctx's end.
func (d *Dispatcher) waitForWork(ctx context.Context) {
	wait := time.Hour
	if next, ok, err := d.Outbox.NextDue(ctx, d.Platform); err == nil && ok {
		wait = max(next.Sub(d.Now()), time.Millisecond)
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

// deliver sends one message and records the outcome. The outcome is
// recorded even when ctx is cancelled meanwhile.
func (d *Dispatcher) deliver(ctx context.Context, q Queued) {
	bg := context.WithoutCancel(ctx)
	if ctx.Err() != nil || d.waitPause(ctx) != nil {
		d.record(d.Outbox.MarkDeferred(bg, q.ID, d.Now(), "stopping"), q)
		return
	}
	sctx, cancel := context.WithTimeout(bg, d.SendTimeout)
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(d.StopGrace, cancel) })
	msgID, err := d.Sender.Send(sctx, q.Msg)
	stop()
	cancel()
	if err == nil {
		d.record(d.Outbox.MarkSent(bg, q.ID, msgID), q)
		return
	}
	reason := err.Error()
	switch KindOf(err) {
	case Blocked:
		d.Log.Info("recipient blocked the bot", "outbox", q.ID, "platform", d.Platform)
		d.record(d.Outbox.MarkBlocked(bg, q.ID, reason), q)
	case Rejected, Unauthorized:
		d.Log.Warn("message rejected", "outbox", q.ID, "kind", q.Msg.Kind, "reason", reason)
		d.record(d.Outbox.MarkFailed(bg, q.ID, reason), q)
	case RateLimited:
		until := d.pause(RetryAfterOf(err))
		d.record(d.Outbox.MarkDeferred(bg, q.ID, until, reason), q)
	default:
		if ctx.Err() != nil { // cut short by stopping, not the platform's fault
			d.record(d.Outbox.MarkDeferred(bg, q.ID, d.Now(), reason), q)
			return
		}
		if q.Attempts >= d.MaxAttempts {
			d.Log.Warn("message failed after retries", "outbox", q.ID, "attempts", q.Attempts, "err", reason)
			d.record(d.Outbox.MarkFailed(bg, q.ID, reason), q)
			return
		}
		wait := backoffMax
		if q.Attempts <= 6 { // beyond that the shift would only exceed the cap, or overflow
			wait = min(backoffMin<<max(q.Attempts-1, 0), backoffMax)
		}
		d.record(d.Outbox.MarkRetry(bg, q.ID, d.Now().Add(wait), reason), q)
	}
}

func (d *Dispatcher) record(err error, q Queued) {
	if err != nil {
		d.Log.Error("outbox status not saved", "outbox", q.ID, "err", err)
	}
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
