package bot

import (
	"context"
	"slices"
	"sync"
	"time"
)

// pace hands out the messages in hand, each to its own goroutine, at most
// Workers at once, until ctx ends. A message is handed out when its
// chat's limit lets it go and fewer than ahead are marked and waiting for
// their turn; its goroutine marks it as being sent and waits for grant to
// give it a turn: the request then starts at once, so nothing slower
// than a channel stands between the platform's rate and the request.
func (d *Dispatcher) pace(ctx context.Context) {
	for {
		select {
		case d.sem <- struct{}{}:
		case <-ctx.Done():
			return
		}
		q, ok := d.next(ctx)
		if !ok {
			<-d.sem
			return
		}
		d.sends.Add(1)
		go func() {
			defer d.sends.Done()
			d.deliver(ctx, q)
			d.finished(q)
			<-d.sem
		}()
	}
}

// pacingSlack is the margin kept under every limit (10 ms a second for
// the platform's rate, 10 ms more between two messages to a chat): the
// time a request takes to reach the platform varies, and without it two
// messages paced exactly could arrive closer than the limit.
const pacingSlack = 10 * time.Millisecond

// catchUp is how much earlier than its place in the rate's schedule a
// request may go, beyond Burst: enough for the timer that paces requests,
// which wakes a millisecond or two late (at 1000/s, a request's whole
// interval), and well within pacingSlack, so that however late one
// request went (a busy machine), the next never comes so soon after it
// that a one-second window holds more than Rate.
const catchUp = 2 * time.Millisecond

// spacer spaces requests at a rate, on a schedule (the generic cell rate
// algorithm): a request is due an interval after the one before it, and
// may go up to tolerance early; one that goes late moves the schedule
// rather than letting the next ones make up for it.
type spacer struct {
	mu        sync.Mutex
	interval  time.Duration // zero: no limit
	tolerance time.Duration
	due       time.Time // when the next request is due
}

// booking is a request's place in a spacer's schedule.
type booking struct{ at, due, before time.Time }

// reserve books a request at or after now and returns when it may go.
func (s *spacer) reserve(now time.Time) booking {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.interval <= 0 {
		return booking{at: now}
	}
	b := booking{at: later(now, s.due.Add(-s.tolerance)), before: s.due}
	s.due = later(s.due, b.at).Add(s.interval)
	b.due = s.due
	return b
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// cancel gives back b's place, unless a later request was booked since.
func (s *spacer) cancel(b booking) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.interval > 0 && s.due.Equal(b.due) {
		s.due = b.before
	}
}

// deferBeyond is how far off a chat's limit may put a message's turn
// before the message goes back to the outbox rather than stay in hand
// (a busy group chat), so it never holds a place a second's traffic needs.
const deferBeyond = 2 * time.Second

// markAhead is how long before its turn a message may be marked as being
// sent: longer than the mark's commit takes under load (a claim's
// transaction may hold the database for tens of milliseconds), so that
// no turn waits for a mark. The messages marked and waiting are at most
// a markAhead's worth of the rate (ahead: at least 2, at most Workers),
// and as many replies.
const markAhead = 50 * time.Millisecond

// next waits until a message in hand may be marked and takes it: one
// whose chat's limit lets it go (replies first, then oldest), once fewer
// than ahead are being marked or wait for their turn; a reply may take
// ahead more, so that it never waits for the bulk messages marked before
// it to go. ok is false once ctx is done.
func (d *Dispatcher) next(ctx context.Context) (q Queued, ok bool) {
	for ctx.Err() == nil {
		now := d.Now()
		d.mu.Lock()
		changed := d.changed
		full := d.waiting >= d.ahead
		if full && (d.waiting >= 2*d.ahead || len(d.replies) == 0) {
			d.mu.Unlock()
			d.waitChange(ctx, changed, time.Time{}, now)
			continue
		}
		i, ready, soonest := d.pickLocked(ctx, now, full)
		if ready {
			q = d.takeLocked(i)
			d.mu.Unlock()
			return q, true
		}
		d.mu.Unlock()
		d.waitChange(ctx, changed, soonest, now)
	}
	return Queued{}, false
}

// turnWaiter is a message marked as being sent, waiting for its turn.
type turnWaiter struct {
	q    Queued
	turn chan struct{} // closed when it may go
}

// await puts q, marked as being sent, among the messages waiting for
// their turn and returns once grant gave it one (true), or ctx ended
// first (false; q no longer waits).
func (d *Dispatcher) await(ctx context.Context, q Queued) bool {
	w := &turnWaiter{q: q, turn: make(chan struct{})}
	d.mu.Lock()
	d.ready = append(d.ready, w)
	d.changedLocked()
	d.mu.Unlock()
	select {
	case <-w.turn:
		return true
	case <-ctx.Done():
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	i := slices.Index(d.ready, w)
	if i < 0 {
		return true // granted meanwhile: it goes, within StopGrace
	}
	d.ready = slices.Delete(d.ready, i, i+1)
	d.waiting--
	d.changedLocked()
	return false
}

// grant gives turns, until ctx ends, to the messages marked and waiting:
// once no pause is on and the platform's rate allows one more request,
// to the best of them at that moment (replies first, then the first
// marked), so that a reply marked meanwhile goes first.
func (d *Dispatcher) grant(ctx context.Context) {
	for ctx.Err() == nil {
		now := d.Now()
		if wait := d.pausedFor(now); wait > 0 {
			if d.Sleep(ctx, wait) != nil {
				return
			}
			continue
		}
		d.mu.Lock()
		_, ready, soonest := d.bestWaiterLocked(now)
		changed := d.changed
		d.mu.Unlock()
		if !ready {
			d.waitChange(ctx, changed, soonest, now)
			continue
		}
		b := d.spacer.reserve(now)
		if delay := b.at.Sub(now); delay > 0 {
			if d.Sleep(ctx, delay) != nil {
				d.spacer.cancel(b)
				return
			}
			now = d.Now()
		}
		d.mu.Lock()
		i, ready, _ := d.bestWaiterLocked(now)
		if !ready || now.Before(d.pausing) {
			d.mu.Unlock()
			d.spacer.cancel(b) // a 429 came meanwhile
			continue
		}
		w := d.ready[i]
		d.ready = slices.Delete(d.ready, i, i+1)
		d.waiting--
		d.chats.sent(w.q.Msg, now)
		d.changedLocked()
		d.mu.Unlock()
		close(w.turn)
	}
}

// bestWaiterLocked finds the waiting message to go at now: the first
// reply whose chat may receive it, else the first such bulk message.
// When there is none, soonest is when one may go (zero: none waits).
// d.mu is held.
func (d *Dispatcher) bestWaiterLocked(now time.Time) (i int, ready bool, soonest time.Time) {
	first := -1
	for j, w := range d.ready {
		at := d.chats.turn(w.q.Msg, now)
		if at.After(now) {
			if soonest.IsZero() || at.Before(soonest) {
				soonest = at
			}
			continue
		}
		if w.q.Msg.Priority == 0 {
			return j, true, time.Time{}
		}
		if first < 0 {
			first = j
		}
	}
	if first >= 0 {
		return first, true, time.Time{}
	}
	return 0, false, soonest
}

// changedLocked wakes whoever waits for a change in hand or among the
// messages waiting for their turn. d.mu is held.
func (d *Dispatcher) changedLocked() {
	close(d.changed)
	d.changed = make(chan struct{})
}

// waitChange waits until more messages are put in hand, until soonest
// (when a chat's limit lets a message in hand go; zero: no such time), or
// until ctx ends.
func (d *Dispatcher) waitChange(ctx context.Context, changed <-chan struct{}, soonest, now time.Time) {
	if soonest.IsZero() {
		select {
		case <-changed:
		case <-ctx.Done():
		}
		return
	}
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-changed:
			cancel()
		case <-wctx.Done():
		}
	}()
	_ = d.Sleep(wctx, max(soonest.Sub(now), time.Millisecond))
}

// pickLocked finds the message in hand to send at now: the first reply
// whose chat may receive it, else (unless repliesOnly) the first such
// bulk message; i counts replies first. When there is none, soonest is
// when one may go (zero: none in hand). Messages whose turn is more than
// deferBeyond away go back to the outbox. d.mu is held.
func (d *Dispatcher) pickLocked(ctx context.Context, now time.Time, repliesOnly bool) (i int, ready bool, soonest time.Time) {
	lanes := [][]Queued{d.replies, d.bulk}
	if repliesOnly {
		lanes = lanes[:1]
	}
	for lane, list := range lanes {
		for j := 0; j < len(list); j++ {
			at := d.chats.turn(list[j].Msg, now)
			if !at.After(now) {
				if lane == 1 {
					j += len(d.replies)
				}
				return j, true, time.Time{}
			}
			if at.Sub(now) > deferBeyond {
				d.deferLocked(ctx, lane, j, at)
				list = list[:len(list)-1]
				j--
				continue
			}
			if soonest.IsZero() || at.Before(soonest) {
				soonest = at
			}
		}
	}
	return 0, false, soonest
}

// deferLocked sends message j of lane back to the outbox, due at. d.mu is held.
func (d *Dispatcher) deferLocked(ctx context.Context, lane, j int, at time.Time) {
	list := &d.replies
	if lane == 1 {
		list = &d.bulk
	}
	q := (*list)[j]
	*list = append((*list)[:j], (*list)[j+1:]...)
	d.sending++
	d.sends.Add(1)
	go func() {
		defer d.sends.Done()
		d.record(ctx, q, func(c context.Context) error {
			return d.Outbox.MarkDeferred(c, q.ID, at, "the chat's message limit")
		})
		d.finished(q)
	}()
}

// takeLocked removes message i (replies first) from hand to be marked
// and wait for its turn. d.mu is held.
func (d *Dispatcher) takeLocked(i int) Queued {
	list := &d.replies
	if i >= len(d.replies) {
		list, i = &d.bulk, i-len(d.replies)
	}
	q := (*list)[i]
	if i == 0 {
		(*list)[0] = Queued{} // the head goes most often: no copying
		*list = (*list)[1:]
	} else {
		*list = slices.Delete(*list, i, i+1)
	}
	d.sending++
	d.waiting++
	if len(d.replies)+len(d.bulk) == d.Batch && !d.exhausted {
		d.wake() // running low: claim more
	}
	return q
}

// finished counts down a message handed out, and wakes the claimer when
// its settling may have made something claimable: the chat's next message
// (a reply's at once; a bulk message's once hand runs low) or idleness.
func (d *Dispatcher) finished(q Queued) {
	d.mu.Lock()
	d.sending--
	if q.Msg.Priority == 0 {
		d.poked = true
	}
	wake := d.poked || len(d.replies)+len(d.bulk) <= d.Batch
	d.mu.Unlock()
	if wake {
		d.wake()
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
	d.Log.Warn("platform asked to slow down; sending paused", "platform", d.Platform, "retry_after", retryAfter)
	if d.Meter != nil {
		d.Meter.Paused(d.Platform, retryAfter)
	}
	return d.pausing
}

// pausedFor returns how long the pause a 429 asked for still lasts.
func (d *Dispatcher) pausedFor(now time.Time) time.Duration {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.pausing.Sub(now)
}

// chatPacer keeps each chat within its own limit: for a private chat,
// one message every `every` with bursts of up to burst; for a group,
// perMinute in any minute (a negative value: no limit).
type chatPacer struct {
	every     time.Duration
	burst     int
	perMinute int
	isGroup   func(chatID string) bool
	chats     map[string]*chatState
	kept      int // len(chats) after the last clean-up
}

// chatState is what a chat was sent lately: for a private chat the
// tokens of its bucket at last; for a group the times of its latest
// messages, oldest first.
type chatState struct {
	last   time.Time
	tokens float64
	times  []time.Time
}

// inChat reports whether m counts against its chat's limit: a new
// message does; an answer to a button press shows nothing in the chat,
// an edit changes what the person already has, in step with their own
// presses, and a command menu is a setting of the chat, not a message in
// it. All of them still count against the platform's rate.
func inChat(m Outgoing) bool {
	switch m.Kind {
	case OutAnswer, OutEdit, OutMenu:
		return false
	}
	return true
}

// turn returns when a message to m's chat may go (at or before now: at once).
func (p *chatPacer) turn(m Outgoing, now time.Time) time.Time {
	c := p.chats[m.ChatID]
	if !inChat(m) || c == nil {
		return now
	}
	if p.isGroup != nil && p.isGroup(m.ChatID) {
		if p.perMinute < 0 || len(c.times) < p.perMinute {
			return now
		}
		return c.times[0].Add(time.Minute + pacingSlack)
	}
	if p.every < 0 {
		return now
	}
	if tokens := p.tokens(c, now); tokens < 1 {
		return c.last.Add(time.Duration((1-c.tokens)*float64(p.every)) + pacingSlack)
	}
	return now
}

// tokens returns the tokens of a private chat's bucket at now.
func (p *chatPacer) tokens(c *chatState, now time.Time) float64 {
	if p.every <= 0 {
		return float64(p.burst)
	}
	return min(float64(p.burst), c.tokens+float64(now.Sub(c.last))/float64(p.every+pacingSlack))
}

// sent counts a message to m's chat sent at now.
func (p *chatPacer) sent(m Outgoing, now time.Time) {
	if !inChat(m) {
		return
	}
	c := p.chats[m.ChatID]
	if c == nil {
		c = &chatState{tokens: float64(p.burst), last: now}
		p.chats[m.ChatID] = c
	}
	if p.isGroup != nil && p.isGroup(m.ChatID) {
		c.times = append(c.times, now)
		c.times = c.times[max(len(c.times)-max(p.perMinute, 1), 0):]
	} else {
		c.tokens = max(p.tokens(c, now)-1, 0)
	}
	c.last = now
	if len(p.chats) > 2*p.kept+1024 {
		p.forget(now)
	}
}

// forget drops the chats whose limits no longer hold anything back.
func (p *chatPacer) forget(now time.Time) {
	for chat, c := range p.chats {
		if now.Sub(c.last) > max(time.Minute, time.Duration(p.burst)*p.every)+pacingSlack {
			delete(p.chats, chat)
		}
	}
	p.kept = len(p.chats)
}

// pacerKey carries, in a send's context, what Pace needs.
type pacerKey struct{}

type sendPacer struct {
	d *Dispatcher
	m Outgoing
}

func withPacer(ctx context.Context, d *Dispatcher, m Outgoing) context.Context {
	return context.WithValue(ctx, pacerKey{}, sendPacer{d: d, m: m})
}

// Pace waits, inside a Sender, until one more request for the message
// being sent may go (a long text's next part): as for any message, once
// no pause is on, the platform's rate allows it and the chat's limit
// does. An adapter calls it before each request after the first that
// one message needs. Outside a dispatcher it returns at once. It returns
// ctx's error if ctx ends first.
func Pace(ctx context.Context) error {
	p, ok := ctx.Value(pacerKey{}).(sendPacer)
	if !ok {
		return ctx.Err()
	}
	d := p.d
	for {
		now := d.Now()
		d.mu.Lock()
		wait := max(d.pausing.Sub(now), d.chats.turn(p.m, now).Sub(now))
		d.mu.Unlock()
		if wait > 0 {
			if err := d.Sleep(ctx, wait); err != nil {
				return err
			}
			continue
		}
		b := d.spacer.reserve(now)
		if delay := b.at.Sub(now); delay > 0 {
			if err := d.Sleep(ctx, delay); err != nil {
				d.spacer.cancel(b)
				return err
			}
			now = d.Now()
		}
		d.mu.Lock()
		if now.Before(d.pausing) {
			d.mu.Unlock()
			d.spacer.cancel(b)
			continue
		}
		d.chats.sent(p.m, now)
		d.mu.Unlock()
		return nil
	}
}

// Throttled tells the dispatcher, from inside a Sender, that the platform
// asked to wait retryAfter (a 429 on a long text's later part, which
// cannot fail the message without sending its first parts twice): the
// whole platform pauses, and the next Pace waits for it. Outside a
// dispatcher it sleeps retryAfter. It returns ctx's error if ctx ends first.
func Throttled(ctx context.Context, retryAfter time.Duration) error {
	p, ok := ctx.Value(pacerKey{}).(sendPacer)
	if !ok {
		return Sleep(ctx, retryAfter)
	}
	p.d.pause(retryAfter)
	return ctx.Err()
}
