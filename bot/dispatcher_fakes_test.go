package bot_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot"
)

// The states of a message in fakeOutbox.
const (
	statePending   = "pending"
	stateSending   = "sending"
	stateSent      = "sent"
	stateFailed    = "failed"
	stateBlocked   = "blocked"
	stateCancelled = "cancelled"
)

type outboxRow struct {
	id       int64
	created  time.Time
	msg      bot.Outgoing
	state    string
	due      time.Time
	attempts int
	sentID   string
	reason   string
	// started: its request started (MarkSending) and it is not settled.
	started bool
}

// outboxMark is one status change the dispatcher asked for.
type outboxMark struct {
	op       string // "sent", "retry", "failed", "blocked"
	id       int64
	at       time.Time // for "retry"
	when     time.Time // the clock when the mark was made
	attempts int
	reason   string
}

// fakeOutbox is an in-memory bot.Outbox. Claim honours the contract: due
// messages only, replies before bulk, oldest first, and never a message
// whose chat has an earlier one still unsent (waiting, in flight or due).
type fakeOutbox struct {
	mu         sync.Mutex
	now        func() time.Time
	rows       []*outboxRow
	blocked    map[string]bool
	marks      []outboxMark
	violations []string
	// claimErrs is how many Claims fail before they work again.
	claimErrs int
	// markFails is how many Mark calls fail, without acting (a database
	// locked by another writer), before they work again.
	markFails int
	// claimedAt records when each message was last claimed.
	claimedAt map[int64]time.Time
	// claims records the limit and lane of every claim.
	claims []claimCall
	// startFails is how many MarkSending calls fail, without acting;
	// beforeStart, if set, runs at the start of each, outside the lock.
	startFails  int
	beforeStart func(id int64)
	// started counts the messages started and not settled; mostStarted
	// is the most there ever were.
	started, mostStarted int
}

// claimCall is one Claim the dispatcher made.
type claimCall struct {
	limit int
	bulk  bool
	got   int
}

var _ bot.Outbox = (*fakeOutbox)(nil)

func newFakeOutbox(now func() time.Time) *fakeOutbox {
	return &fakeOutbox{now: now, blocked: map[string]bool{}, claimedAt: map[int64]time.Time{}}
}

func chatKey(m bot.Outgoing) string { return m.Platform + "/" + m.ChatID }

// Add queues m, due now, and returns its id.
func (o *fakeOutbox) Add(m bot.Outgoing) int64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	r := &outboxRow{id: int64(len(o.rows) + 1), msg: m, state: statePending, due: o.now(), created: o.now()}
	if o.blocked[chatKey(m)] {
		r.state = stateBlocked
	}
	o.rows = append(o.rows, r)
	return r.id
}

func (o *fakeOutbox) Claim(_ context.Context, platform string, limit int, bulk bool) ([]bot.Queued, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.claimErrs > 0 {
		o.claimErrs--
		return nil, errors.New("database is locked")
	}
	now := o.now()
	head := map[string]bool{} // chats whose earliest unsent message was seen
	var due []*outboxRow
	for _, r := range o.rows { // rows are in id order
		if r.msg.Platform != platform || (r.state != statePending && r.state != stateSending) {
			continue
		}
		k := chatKey(r.msg)
		if head[k] {
			continue
		}
		head[k] = true
		if r.state == statePending && !r.due.After(now) && (bulk || r.msg.Priority == 0) {
			due = append(due, r)
		}
	}
	sort.SliceStable(due, func(i, j int) bool { return due[i].msg.Priority < due[j].msg.Priority })
	if len(due) > limit {
		due = due[:limit]
	}
	o.claims = append(o.claims, claimCall{limit: limit, bulk: bulk, got: len(due)})
	var out []bot.Queued
	for _, r := range due {
		r.state = stateSending
		r.attempts++
		o.claimedAt[r.id] = now
		out = append(out, bot.Queued{ID: r.id, Attempts: r.attempts, Created: r.created, Msg: r.msg})
	}
	return out, nil
}

// MarkSending records that r's request starts.
func (o *fakeOutbox) MarkSending(_ context.Context, id int64) error {
	if o.beforeStart != nil {
		o.beforeStart(id)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.startFails > 0 {
		o.startFails--
		return errors.New("database is locked")
	}
	if id >= 1 && int(id) <= len(o.rows) && o.rows[id-1].state == stateCancelled {
		return fmt.Errorf("message %d: %w", id, bot.ErrNotClaimed)
	}
	r := o.claimed("MarkSending", id)
	if r == nil {
		return errors.New("not claimed")
	}
	if r.started {
		o.violations = append(o.violations, fmt.Sprintf("MarkSending of message %d twice", id))
	}
	r.started = true
	o.started++
	o.mostStarted = max(o.mostStarted, o.started)
	return nil
}

// settle clears r's start: it left the dispatcher's hands.
func (o *fakeOutbox) settle(r *outboxRow) {
	if r.started {
		r.started = false
		o.started--
	}
}

// claimed returns the row id, which must be in flight, or records a violation.
func (o *fakeOutbox) claimed(op string, id int64) *outboxRow {
	if id < 1 || int(id) > len(o.rows) {
		o.violations = append(o.violations, fmt.Sprintf("%s of unknown message %d", op, id))
		return nil
	}
	r := o.rows[id-1]
	if r.state != stateSending {
		o.violations = append(o.violations, fmt.Sprintf("%s of message %d in state %s", op, id, r.state))
		return nil
	}
	return r
}

func (o *fakeOutbox) MarkSent(_ context.Context, id int64, platformMessageID string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.markFails > 0 {
		o.markFails--
		return errors.New("database is locked (disk full)")
	}
	if r := o.claimed("MarkSent", id); r != nil {
		if !r.started {
			o.violations = append(o.violations, fmt.Sprintf("MarkSent of message %d never marked sending", id))
		}
		o.settle(r)
		r.state, r.sentID = stateSent, platformMessageID
		o.marks = append(o.marks, outboxMark{op: "sent", id: id, when: o.now(), attempts: r.attempts})
	}
	return nil
}

func (o *fakeOutbox) MarkRetry(_ context.Context, id int64, at time.Time, reason string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.markFails > 0 {
		o.markFails--
		return errors.New("database is locked (disk full)")
	}
	if r := o.claimed("MarkRetry", id); r != nil {
		o.settle(r)
		r.state, r.due, r.reason = statePending, at, reason
		o.marks = append(o.marks, outboxMark{op: "retry", id: id, at: at, when: o.now(), attempts: r.attempts, reason: reason})
	}
	return nil
}

func (o *fakeOutbox) MarkDeferred(_ context.Context, id int64, at time.Time, reason string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.markFails > 0 {
		o.markFails--
		return errors.New("database is locked (disk full)")
	}
	if r := o.claimed("MarkDeferred", id); r != nil {
		o.settle(r)
		r.state, r.due, r.reason = statePending, at, reason
		r.attempts = max(r.attempts-1, 0)
		o.marks = append(o.marks, outboxMark{op: "deferred", id: id, at: at, when: o.now(), attempts: r.attempts, reason: reason})
	}
	return nil
}

func (o *fakeOutbox) MarkFailed(_ context.Context, id int64, reason string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.markFails > 0 {
		o.markFails--
		return errors.New("database is locked (disk full)")
	}
	if r := o.claimed("MarkFailed", id); r != nil {
		o.settle(r)
		r.state, r.reason = stateFailed, reason
		o.marks = append(o.marks, outboxMark{op: "failed", id: id, when: o.now(), attempts: r.attempts, reason: reason})
	}
	return nil
}

func (o *fakeOutbox) MarkBlocked(_ context.Context, id int64, reason string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.markFails > 0 {
		o.markFails--
		return errors.New("database is locked (disk full)")
	}
	r := o.claimed("MarkBlocked", id)
	if r == nil {
		return nil
	}
	o.settle(r)
	o.marks = append(o.marks, outboxMark{op: "blocked", id: id, when: o.now(), attempts: r.attempts, reason: reason})
	k := chatKey(r.msg)
	o.blocked[k] = true
	for _, other := range o.rows {
		if chatKey(other.msg) == k && (other.state == statePending || other.id == id) {
			other.state, other.reason = stateBlocked, reason
		}
	}
	return nil
}

func (o *fakeOutbox) NextDue(_ context.Context, platform string) (time.Time, bool, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var next time.Time
	found := false
	for _, r := range o.rows {
		if r.msg.Platform == platform && r.state == statePending && (!found || r.due.Before(next)) {
			next, found = r.due, true
		}
	}
	return next, found, nil
}

func (o *fakeOutbox) RequeueStale(_ context.Context, platform string, before time.Time, inFlight []int64) (int64, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var n int64
	for _, r := range o.rows {
		if r.msg.Platform == platform && r.state == stateSending && o.claimedAt[r.id].Before(before) &&
			!slices.Contains(inFlight, r.id) {
			if r.started {
				n++
			}
			o.settle(r)
			r.state = statePending
		}
	}
	return n, nil
}

// Strand marks message id as claimed at the given time, sent and never
// settled, as a send whose status write was lost leaves it.
func (o *fakeOutbox) Strand(id int64, at time.Time) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.rows[id-1].state = stateSending
	o.rows[id-1].attempts++
	o.rows[id-1].started = true
	o.claimedAt[id] = at
}

// Drop cancels message id whatever its state, as cancelling an appeal
// drops its deliveries claimed and not started.
func (o *fakeOutbox) Drop(id int64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.rows[id-1].state = stateCancelled
}

// Crash returns what a crash at this moment would leave: the messages
// claimed and not settled, and how many of them had their request
// started (those a restart counts as resent).
func (o *fakeOutbox) Crash() (claimed, started int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, r := range o.rows {
		if r.state == stateSending {
			claimed++
			if r.started {
				started++
			}
		}
	}
	return claimed, started
}

// MostStarted returns the most messages ever started and unsettled at once.
func (o *fakeOutbox) MostStarted() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.mostStarted
}

// checkStarted records a violation unless m is a claimed message whose
// request was marked as started: what a send must find.
func (o *fakeOutbox) checkStarted(m bot.Outgoing) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, r := range o.rows {
		if r.state == stateSending && r.started && r.msg.Text == m.Text && chatKey(r.msg) == chatKey(m) {
			return
		}
	}
	o.violations = append(o.violations, fmt.Sprintf("%q sent before it was marked sending", m.Text))
}

// States returns the state of every message, by id.
func (o *fakeOutbox) States() map[int64]string {
	o.mu.Lock()
	defer o.mu.Unlock()
	m := map[int64]string{}
	for _, r := range o.rows {
		m[r.id] = r.state
	}
	return m
}

// Unfinished counts the messages neither sent, failed nor blocked.
func (o *fakeOutbox) Unfinished() int {
	n := 0
	for _, s := range o.States() {
		if s == statePending || s == stateSending {
			n++
		}
	}
	return n
}

func (o *fakeOutbox) Marks() []outboxMark {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.marks)
}

func (o *fakeOutbox) Violations() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.violations)
}

// sendCall is one request the fake sender received.
type sendCall struct {
	text   string
	chat   string
	kind   bot.OutKind
	bulk   bool
	paid   bool
	at     time.Time
	failed bool
}

// fakeSender delivers messages, failing a message (by Text) with the
// errors scripted for it, one per attempt, before it succeeds.
type fakeSender struct {
	mu     sync.Mutex
	now    func() time.Time
	script map[string][]error
	calls  []sendCall
	// before, if set, runs at the start of each Send, outside the lock;
	// check, if set, before it.
	before, check func(ctx context.Context, m bot.Outgoing)
}

func newFakeSender(now func() time.Time) *fakeSender {
	return &fakeSender{now: now, script: map[string][]error{}}
}

func (s *fakeSender) Send(ctx context.Context, m bot.Outgoing) (string, error) {
	if s.check != nil {
		s.check(ctx, m)
	}
	if s.before != nil {
		s.before(ctx, m)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var err error
	if errs := s.script[m.Text]; len(errs) > 0 {
		err, s.script[m.Text] = errs[0], errs[1:]
	}
	s.calls = append(s.calls, sendCall{text: m.Text, chat: m.ChatID, kind: m.Kind, bulk: m.Priority > 0,
		paid: m.PaidBroadcast, at: s.now(), failed: err != nil})
	if err != nil {
		return "", err
	}
	return "pid-" + m.Text, nil
}

func (s *fakeSender) Calls() []sendCall {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.calls)
}

// Texts returns the texts of the calls, successful ones only if ok.
func (s *fakeSender) Texts(okOnly bool) []string {
	var out []string
	for _, c := range s.Calls() {
		if !okOnly || !c.failed {
			out = append(out, c.text)
		}
	}
	return out
}

var quietLog = slog.New(slog.NewTextHandler(io.Discard, nil))

// dispatcherRig is a Dispatcher for platform "test" with fakes around it.
type dispatcherRig struct {
	d      *bot.Dispatcher
	outbox *fakeOutbox
	sender *fakeSender
}

// newDispatcherRig runs on clock, whose time only moves when the test
// advances it or the dispatcher waits for its pacing (a wait moves the
// clock on at once, so pacing costs no real time); nil means the real
// clock.
func newDispatcherRig(clock *fakeClock) *dispatcherRig {
	now := time.Now
	var sleep func(context.Context, time.Duration) error
	if clock != nil {
		now, sleep = clock.Now, clock.sleep
	}
	ob, s := newFakeOutbox(now), newFakeSender(now)
	s.check = func(_ context.Context, m bot.Outgoing) { ob.checkStarted(m) }
	return &dispatcherRig{
		outbox: ob, sender: s,
		d: &bot.Dispatcher{Platform: "test", Outbox: ob, Sender: s, Log: quietLog, Now: now, Sleep: sleep},
	}
}

// sleep is a Dispatcher's Sleep on c: it moves c on by d at once.
func (c *fakeClock) sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d > 0 {
		c.Advance(d)
	}
	return nil
}

func (r *dispatcherRig) add(chat, text string) int64 {
	return r.outbox.Add(bot.Outgoing{Kind: bot.OutSend, Platform: "test", ChatID: chat, Text: text})
}

// addBulk queues a bulk message (an appeal's) and returns its id.
func (r *dispatcherRig) addBulk(chat, text string) int64 {
	return r.outbox.Add(bot.Outgoing{Kind: bot.OutSend, Platform: "test", ChatID: chat, Text: text, Priority: bot.PriorityBulk})
}

// Claims returns the claims made so far.
func (o *fakeOutbox) Claims() []claimCall {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.claims)
}

// start runs the dispatcher until the test ends, and checks then that Run
// returned nil and that the outbox saw no misuse.
func (r *dispatcherRig) start(t *testing.T) context.CancelFunc {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.d.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run = %v, want nil", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("Run did not return after cancel")
		}
		for _, v := range r.outbox.Violations() {
			t.Errorf("outbox misuse: %s", v)
		}
		if got, most := r.outbox.MostStarted(), r.d.Workers; got > most {
			t.Errorf("%d messages were marked sending at once, more than the %d workers", got, most)
		}
	})
	return cancel
}

// kick kicks the dispatcher and waits until it is idle.
func (r *dispatcherRig) kick(t *testing.T) {
	t.Helper()
	r.d.Kick()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := r.d.WaitIdle(ctx); err != nil {
		t.Fatalf("WaitIdle: %v", err)
	}
}
