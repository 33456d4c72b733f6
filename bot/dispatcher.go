package bot

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"sync"
	"time"
)

// Queued is an outbox message claimed for sending.
type Queued struct {
	ID       int64
	Attempts int       // including this one
	Created  time.Time // when it was queued: a message is given up by age
	Msg      Outgoing
}

// Outbox is what the dispatcher needs from storage.
type Outbox interface {
	// Claim marks up to limit due messages of platform as being sent and
	// returns them: replies before bulk traffic, oldest first, never a
	// message whose chat has an earlier one still unsent (answers to
	// button presses excepted: they neither wait nor hold others back).
	// With bulk false it takes replies (Priority 0) only. A claimed
	// message holds its chat's place, but its request has not started.
	Claim(ctx context.Context, platform string, limit int, bulk bool) ([]Queued, error)
	// MarkSending records that the request for a claimed message is about
	// to start: from then on a crash may have delivered it, and putting it
	// back counts it as sent again. The request must not start unless it
	// returns nil; an error wrapping ErrNotClaimed means the message was
	// dropped meanwhile (an appeal cancelled, a resident forgotten).
	MarkSending(ctx context.Context, id int64) error
	MarkSent(ctx context.Context, id int64, platformMessageID string) error
	// MarkRetry puts a message back to be sent again at or after at.
	MarkRetry(ctx context.Context, id int64, at time.Time, reason string) error
	// MarkDeferred is MarkRetry for a send that was not tried or not its
	// fault (the platform asked to wait, or the bot is stopping): the
	// attempt does not count.
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
	// in inFlight: their status write was lost. It returns how many of
	// them had their request started (their recipient may have them).
	RequeueStale(ctx context.Context, platform string, claimedBefore time.Time, inFlight []int64) (int64, error)
}

// ErrNotClaimed is what Outbox.MarkSending returns for a message that is
// no longer claimed: it is neither sent nor recorded again.
var ErrNotClaimed = errors.New("the message is no longer claimed")

// Sender delivers one outgoing message to its platform: an adapter.
type Sender interface {
	// Send delivers m and returns the platform's id of the message it
	// created or changed ("" for answers). Errors are *PlatformError.
	Send(ctx context.Context, m Outgoing) (string, error)
}

// Dispatcher sends the outbox of one platform, as fast as the platform
// allows and no faster: in order per chat, replies ahead of bulk traffic,
// several requests in flight at once, retrying what can be retried.
//
// A claimer keeps about a second of messages in hand; a pacer hands them
// out, the best first (replies, then the oldest), when their chat's own
// limit allows; each is marked as being sent (Outbox.MarkSending) and
// waits for its turn, given when the platform's rate and any pause a 429
// asked for allow it, to the best of those waiting: a reply never waits
// behind an appeal's batch, and at a crash only the few messages marked
// (at most Workers) can have been sent without a record.
type Dispatcher struct {
	Platform string
	Outbox   Outbox
	Sender   Sender
	Log      *slog.Logger
	Now      func() time.Time
	// Sleep waits d or until ctx is done (default Sleep): the waits of
	// pacing (a token, a chat's limit, a 429's pause). Tests replace it to
	// pace on a fake clock.
	Sleep func(ctx context.Context, d time.Duration) error

	// Rate is how many requests per second the platform gets in all
	// (default 25; Telegram allows about 30); the dispatcher keeps 1%
	// under it (pacingSlack), so that the network's jitter does not put
	// more than Rate in a second as the platform counts. Burst is how many
	// may go at once after a quiet spell (default 1: no one-second window
	// then holds more than Rate). Answers to button presses take their share too:
	// the platform's flood control counts requests, not chat messages, and
	// a 429 they caused would pause every chat; as replies they go first.
	Rate  float64
	Burst int
	// ChatEvery is the least time between two messages to one private
	// chat (default 1 s), once ChatBurst of them (default 1) went at once;
	// GroupPerMinute how many messages one group chat gets in any minute
	// (default 20). IsGroup tells group chats (nil: none is). A negative
	// value lifts the limit. Answers to button presses, edits and command
	// menus count against neither: they add no message to the chat.
	ChatEvery      time.Duration
	ChatBurst      int
	GroupPerMinute int
	IsGroup        func(chatID string) bool
	// Meter, when set, is told how each send ended and of each pause a
	// 429 asked for.
	Meter Meter
	// PaidBroadcast marks bulk messages (Priority > 0) as paid broadcasts,
	// which the platform delivers beyond its free rate.
	PaidBroadcast bool

	// Workers bounds the messages marked as being sent and not settled,
	// the requests in flight among them (default Rate/4 — a quarter
	// second's worth — within [8, 256]); at a crash, no more can have been
	// sent without a record. Batch is about a second's worth of messages
	// (default, within [8, 1024]): the dispatcher holds between one and
	// two Batches of claimed messages, claimed a quarter Batch at a time.
	Workers, Batch int
	// GiveUpAfter is how long after it was queued a message that keeps
	// failing for a temporary reason is given up (default 6 h). Backoff
	// spaces its tries (default 1 s doubling to 5 min, 20% jitter).
	GiveUpAfter time.Duration
	Backoff     Backoff
	// SendTimeout bounds one request (default 30 s); StopGrace bounds how
	// long a request in flight may go on once Run's context ends (default
	// 2 s), so that stopping stays within its budget.
	SendTimeout, StopGrace time.Duration
	// PollEvery bounds how long an idle dispatcher waits before looking at
	// the outbox again (default 5 s): a fallback for messages queued by
	// another process that nobody kicked for. SweepEvery is how often
	// claimed messages whose status write was lost are put back (default
	// 1 min); StaleAfter is how long after its claim a message not in
	// flight counts as lost (default SendTimeout + StopGrace + 30 s).
	PollEvery, SweepEvery, StaleAfter time.Duration

	once sync.Once
	kick chan struct{} // wakes the claimer
	sem  chan struct{} // one token per request in flight
	mu   sync.Mutex
	// wanted counts kicks; done the kicks fully served; idle is closed
	// when done catches up with a waiter.
	wanted, done uint64
	idle         chan struct{}
	// poked: a kick or a settled reply since the last claim, so a reply
	// may be due even when enough bulk traffic is in hand.
	poked bool
	// exhausted: the last claim took all that was due. Written by the
	// claimer under mu.
	exhausted bool
	// replies and bulk are the claimed messages not yet handed out, in
	// claim order; sending counts those handed out and not yet settled.
	replies, bulk []Queued
	sending       int
	// ready are the messages marked as being sent that wait for their
	// turn, in the order they were marked; waiting counts them and those
	// being marked, at most ahead.
	ready          []*turnWaiter
	waiting, ahead int
	// changed is closed (and replaced) when a message is put in hand,
	// starts or stops waiting for its turn.
	changed chan struct{}
	// inFlight holds the ids claimed and not yet settled: a sweep never
	// puts them back.
	inFlight  map[int64]bool
	spacer    spacer
	pausing   time.Time // no request before this (a 429)
	chats     chatPacer
	gaveUp    int // messages given up since the last report
	lastSweep time.Time
	abort     context.CancelCauseFunc // ends the current Run with a cause
	sends     sync.WaitGroup          // the goroutines settling messages
}

func (d *Dispatcher) init() {
	d.once.Do(func() {
		if d.Rate <= 0 {
			d.Rate = 25
		}
		d.Burst = max(d.Burst, 1)
		if d.ChatEvery == 0 {
			d.ChatEvery = time.Second
		}
		if d.GroupPerMinute == 0 {
			d.GroupPerMinute = 20
		}
		if d.Workers <= 0 {
			d.Workers = int(min(max(math.Ceil(d.Rate/4), 8), 256))
		}
		d.ahead = int(min(max(math.Ceil(d.Rate*markAhead.Seconds()), 2), float64(d.Workers)))
		if d.Batch <= 0 {
			d.Batch = int(min(max(math.Ceil(d.Rate), 8), 1024))
		}
		if d.GiveUpAfter <= 0 {
			d.GiveUpAfter = 6 * time.Hour
		}
		if d.Backoff == (Backoff{}) {
			d.Backoff = Backoff{Min: time.Second, Max: 5 * time.Minute, Jitter: 0.2}
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
		if d.Sleep == nil {
			d.Sleep = Sleep
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
		if d.Log == nil {
			d.Log = slog.Default()
		}
		d.kick = make(chan struct{}, 1)
		d.sem = make(chan struct{}, d.Workers)
		d.idle = make(chan struct{})
		d.changed = make(chan struct{})
		d.inFlight = map[int64]bool{}
		if !math.IsInf(d.Rate, 1) {
			// Rate less the slack: an interval of 1/(0.99 Rate).
			every := time.Duration(float64(time.Second) / (d.Rate * float64(time.Second-pacingSlack) / float64(time.Second)))
			d.spacer = spacer{interval: every, tolerance: time.Duration(d.Burst-1)*every + catchUp}
		}
		d.ChatBurst = max(d.ChatBurst, 1)
		d.chats = chatPacer{every: d.ChatEvery, burst: d.ChatBurst, perMinute: d.GroupPerMinute,
			isGroup: d.IsGroup, chats: map[string]*chatState{}}
	})
}

// Kick tells the dispatcher that new messages may be due. It never blocks.
func (d *Dispatcher) Kick() {
	d.init()
	d.mu.Lock()
	d.wanted++
	d.poked = true
	d.mu.Unlock()
	d.wake()
}

// wake wakes the claimer; it never blocks.
func (d *Dispatcher) wake() {
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

// Run sends until ctx is cancelled (it returns nil then) or the platform
// refuses the bot's token (it returns an error wrapping
// ErrTokenRejected; the message stays in the outbox). Sends in flight
// when it stops are finished (within StopGrace); what was claimed but not
// started goes back to the outbox.
func (d *Dispatcher) Run(ctx context.Context) error {
	d.init()
	runCtx, abort := context.WithCancelCause(ctx)
	defer abort(nil)
	d.mu.Lock()
	d.abort = abort
	d.mu.Unlock()
	paced, granted := make(chan struct{}), make(chan struct{})
	go func() { defer close(paced); d.pace(runCtx) }()
	go func() { defer close(granted); d.grant(runCtx) }()
	d.claimLoop(runCtx)
	<-paced
	<-granted
	d.sends.Wait()
	d.release(runCtx)
	if cause := context.Cause(runCtx); ctx.Err() == nil && cause != nil {
		return cause
	}
	return nil
}

// claimLoop keeps messages in hand until ctx ends.
func (d *Dispatcher) claimLoop(ctx context.Context) {
	for ctx.Err() == nil {
		d.mu.Lock()
		gen := d.wanted
		d.mu.Unlock()
		d.sweepIfDue(ctx)
		d.reportGivenUp()
		n, idle, err := d.claim(ctx)
		if err != nil && ctx.Err() != nil {
			return // stopping: what was not claimed stays in the outbox
		}
		if err != nil {
			d.Log.Error("outbox claim failed", "platform", d.Platform, "err", err)
			if Sleep(ctx, time.Second) != nil {
				return
			}
			continue
		}
		if n > 0 && !d.exhausted {
			continue
		}
		if idle {
			d.served(gen)
		}
		d.waitForWork(ctx)
	}
}

// claim takes messages in hand when fewer than a Batch are left, or when
// a reply may be waiting (a kick, a settled reply): with enough bulk in
// hand it then takes replies only. It returns how many it took, and
// whether it found nothing in hand and nothing due: idle.
func (d *Dispatcher) claim(ctx context.Context) (n int, idle bool, err error) {
	d.mu.Lock()
	held := len(d.replies) + len(d.bulk)
	outstanding := held + d.sending
	poked := d.poked
	d.poked = false
	d.mu.Unlock()
	limit, bulk := 2*d.Batch-held, true
	switch {
	case limit > 0 && (held <= d.Batch || poked):
	case poked:
		limit, bulk = d.Batch, false
	default:
		return 0, false, nil
	}
	// A claim's transaction holds the database: a small one lets the
	// first sends start at once and the marks of those in flight commit
	// between claims. The claimer claims again at once while it holds
	// too few.
	limit = min(limit, max(d.Batch/4, 8))
	batch, err := d.Outbox.Claim(ctx, d.Platform, limit, bulk)
	if err != nil {
		if poked {
			d.mu.Lock()
			d.poked = true
			d.mu.Unlock()
		}
		return 0, false, err
	}
	d.mu.Lock()
	d.exhausted = len(batch) < limit
	for _, q := range batch {
		d.inFlight[q.ID] = true
		if q.Msg.Priority > 0 {
			d.bulk = append(d.bulk, q)
		} else {
			d.replies = append(d.replies, q)
		}
	}
	if len(batch) > 0 {
		d.changedLocked()
	}
	d.mu.Unlock()
	return len(batch), outstanding == 0 && len(batch) == 0, nil
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

// waitForWork sleeps until a kick (or a wake from the pacer or a settled
// message), the next due message, PollEvery, or ctx's end.
func (d *Dispatcher) waitForWork(ctx context.Context) {
	wait := d.PollEvery
	if d.exhausted {
		if next, ok, err := d.Outbox.NextDue(ctx, d.Platform); err == nil && ok {
			wait = min(max(next.Sub(d.Now()), time.Millisecond), wait)
		}
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-d.kick:
	case <-t.C:
	case <-ctx.Done():
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

// reportGivenUp tells the operator, once per round, how many messages
// were given up since the last report.
func (d *Dispatcher) reportGivenUp() {
	d.mu.Lock()
	n := d.gaveUp
	d.gaveUp = 0
	d.mu.Unlock()
	if n > 0 {
		d.Log.Warn("messages given up: they kept failing for longer than the outbox keeps trying",
			"platform", d.Platform, "count", n, "give_up_after", d.GiveUpAfter)
	}
}

// release puts the messages still in hand back in the outbox.
func (d *Dispatcher) release(ctx context.Context) {
	d.mu.Lock()
	left := append(d.replies, d.bulk...)
	d.replies, d.bulk = nil, nil
	d.mu.Unlock()
	for _, q := range left {
		d.record(ctx, q, func(c context.Context) error { return d.Outbox.MarkDeferred(c, q.ID, d.Now(), "stopping") })
	}
}
