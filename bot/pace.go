package bot

import (
	"context"
	"time"
)

// pace hands out the messages in hand, each to its own goroutine, at most
// Workers at once, until ctx ends.
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

// deferBeyond is how far off a chat's limit may put a message's turn
// before the message goes back to the outbox rather than stay in hand
// (a busy group chat), so it never holds a place a second's traffic needs.
const deferBeyond = 2 * time.Second

// next waits until a message may be sent, and takes it: once no pause is
// on, the platform's rate allows one more request and a message in hand
// may go to its chat, the best of those (replies first, then oldest)
// chosen at that moment, so that a reply claimed meanwhile goes first.
// ok is false once ctx is done.
func (d *Dispatcher) next(ctx context.Context) (q Queued, ok bool) {
	for ctx.Err() == nil {
		now := d.Now()
		if wait := d.pausedFor(now); wait > 0 {
			if d.Sleep(ctx, wait) != nil {
				break
			}
			continue
		}
		d.mu.Lock()
		_, ready, soonest := d.pickLocked(ctx, now)
		changed := d.changed
		d.mu.Unlock()
		if !ready {
			d.waitChange(ctx, changed, soonest, now)
			continue
		}
		res := d.limiter.ReserveN(now, 1)
		if delay := res.DelayFrom(now); delay > 0 {
			if d.Sleep(ctx, delay) != nil {
				res.Cancel()
				break
			}
			now = d.Now()
		}
		d.mu.Lock()
		i, ready, _ := d.pickLocked(ctx, now)
		if !ready || now.Before(d.pausing) {
			d.mu.Unlock()
			res.CancelAt(now) // a 429 came meanwhile, or the message was deferred
			continue
		}
		q = d.takeLocked(i, now)
		d.mu.Unlock()
		return q, true
	}
	return Queued{}, false
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
// whose chat may receive it, else the first such bulk message; i counts
// replies first. When there is none, soonest is when one may go (zero:
// none in hand). Messages whose turn is more than deferBeyond away go
// back to the outbox. d.mu is held.
func (d *Dispatcher) pickLocked(ctx context.Context, now time.Time) (i int, ready bool, soonest time.Time) {
	for lane, list := range [][]Queued{d.replies, d.bulk} {
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

// takeLocked removes message i (replies first) from hand and counts it
// against its chat's limit. d.mu is held.
func (d *Dispatcher) takeLocked(i int, now time.Time) Queued {
	list := &d.replies
	if i >= len(d.replies) {
		list, i = &d.bulk, i-len(d.replies)
	}
	q := (*list)[i]
	*list = append((*list)[:i], (*list)[i+1:]...)
	d.sending++
	d.chats.sent(q.Msg, now)
	if q.Msg.Priority > 0 && d.PaidBroadcast {
		q.Msg.PaidBroadcast = true
	}
	if len(d.replies)+len(d.bulk) == d.Batch && !d.exhausted {
		d.wake() // running low: claim more
	}
	return q
}

// putBack returns a message handed out but not sent (a 429 came first)
// to the front of its lane.
func (d *Dispatcher) putBack(q Queued) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if q.Msg.Priority > 0 {
		d.bulk = append([]Queued{q}, d.bulk...)
	} else {
		d.replies = append([]Queued{q}, d.replies...)
	}
	d.sending++ // finished counts it down; it is in hand again
	close(d.changed)
	d.changed = make(chan struct{})
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
// and an edit changes what the person already has, in step with their
// own presses.
func inChat(m Outgoing) bool { return m.Kind != OutAnswer && m.Kind != OutEdit }

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
		res := d.limiter.ReserveN(now, 1)
		if delay := res.DelayFrom(now); delay > 0 {
			if err := d.Sleep(ctx, delay); err != nil {
				res.Cancel()
				return err
			}
			now = d.Now()
		}
		d.mu.Lock()
		if now.Before(d.pausing) {
			d.mu.Unlock()
			res.CancelAt(now)
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
