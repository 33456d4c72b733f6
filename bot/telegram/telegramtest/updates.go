package telegramtest

import (
	"context"
	"encoding/json"
	"math"
	"time"
)

const maxUpdatesLimit = 100

// pendingUpdate is an update waiting for confirmation.
type pendingUpdate struct {
	id        int64
	raw       json.RawMessage
	returned  bool // handed out by some getUpdates call
	delivered int  // times a webhook answered 2xx to it
	inFlight  bool // being delivered to a webhook now
}

type pollQuery struct {
	offset  int64
	limit   int
	timeout time.Duration
}

func parsePollQuery(r *request) (pollQuery, *apiError) {
	offset, _, e := r.int64("offset")
	if e != nil {
		return pollQuery{}, e
	}
	limit, _, e := r.int64("limit")
	if e != nil {
		return pollQuery{}, e
	}
	timeout, _, e := r.int64("timeout")
	if e != nil {
		return pollQuery{}, e
	}
	if limit <= 0 || limit > maxUpdatesLimit {
		limit = maxUpdatesLimit
	}
	timeout = min(max(timeout, 0), math.MaxInt32)
	// allowed_updates is accepted and ignored: the fake only produces
	// the update kinds a test pushes.
	return pollQuery{offset: offset, limit: int(limit), timeout: time.Duration(timeout) * time.Second}, nil
}

// getUpdates implements long polling. A new call supersedes any call still
// waiting (which then gets 409), confirms the updates the offset covers
// and waits up to timeout for something to return. While a webhook is
// set it answers 409 at once, and a parked call gets 409 when one is set.
func (s *Server) getUpdates(r *request) (any, *apiError) {
	q, e := parsePollQuery(r)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hook != nil {
		return nil, errWebhookActive
	}
	s.pollGen++
	s.updatesChanged.broadcast()
	s.confirmLocked(q.offset)
	return s.awaitUpdatesLocked(r.ctx, s.pollGen, q)
}

// awaitUpdatesLocked parks the poll identified by gen until there is
// something to return, the timeout fires, the poll is superseded, the
// client goes away or the server goes down or closes.
func (s *Server) awaitUpdatesLocked(ctx context.Context, gen uint64, q pollQuery) (any, *apiError) {
	var expired <-chan time.Time
	if q.timeout > 0 {
		t := time.NewTimer(q.timeout)
		defer t.Stop()
		expired = t.C
	}
	for {
		switch {
		case s.down:
			return nil, errDrop
		case s.hook != nil:
			return nil, errWebhookActive
		case s.pollGen != gen:
			return nil, errConflict
		case len(s.pending) > 0 || expired == nil || s.closed:
			return s.takeLocked(q.limit), nil
		}
		wake := s.updatesChanged.wait()
		s.setPollingLocked(+1)
		s.mu.Unlock()
		var gone bool
		select {
		case <-wake:
		case <-expired:
			expired = nil
		case <-ctx.Done():
			gone = true
		}
		s.mu.Lock()
		s.setPollingLocked(-1)
		if gone {
			return nil, errDrop
		}
	}
}

func (s *Server) setPollingLocked(delta int) {
	s.polling += delta
	s.pollingChanged.broadcast()
}

// confirmLocked applies an offset: a positive one confirms every update
// already handed out whose id is below it; a negative one forgets all but
// the last -offset updates.
func (s *Server) confirmLocked(offset int64) {
	switch {
	case offset > 0:
		kept := s.pending[:0]
		for _, u := range s.pending {
			if !u.returned || u.id >= offset {
				kept = append(kept, u)
			}
		}
		clear(s.pending[len(kept):])
		s.pending = kept
	case offset < 0:
		keep := len(s.pending)
		if offset > -int64(keep) {
			keep = int(-offset)
		}
		s.pending = append([]pendingUpdate(nil), s.pending[len(s.pending)-keep:]...)
	}
}

// takeLocked returns up to limit pending updates, in arrival order, and
// marks them as handed out.
func (s *Server) takeLocked(limit int) json.RawMessage {
	n := min(limit, len(s.pending))
	out := make([]json.RawMessage, n)
	for i := range n {
		s.pending[i].returned = true
		out[i] = s.pending[i].raw
	}
	body, err := json.Marshal(out)
	if err != nil {
		panic("telegramtest: marshal updates: " + err.Error())
	}
	return body
}

// SetNextUpdateID sets the update_id the next pushed update gets; later
// ones continue from there. Real Telegram picks a new random (possibly
// lower) update_id after a week without updates; use this to model it.
func (s *Server) SetNextUpdateID(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextUpdateID = id
}

// Pending returns the number of updates not yet confirmed by the client.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.pending)
}

// Polling returns the number of getUpdates requests currently parked
// waiting for updates.
func (s *Server) Polling() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.polling
}

// WaitPolling blocks until exactly n getUpdates requests are parked (for
// example n=1: the bot is long polling, so a pushed update will wake it;
// n=0: a cancelled poll has been abandoned). It returns ctx.Err() if ctx
// ends first and ErrClosed if the server closes first.
func (s *Server) WaitPolling(ctx context.Context, n int) error {
	return s.waitUntil(ctx, &s.pollingChanged, func() bool { return s.polling == n })
}

// waitUntil blocks until cond (evaluated under the mutex) holds, waking on
// sig.
func (s *Server) waitUntil(ctx context.Context, sig *signal, cond func() bool) error {
	for {
		s.mu.Lock()
		ok, closed, wake := cond(), s.closed, sig.wait()
		s.mu.Unlock()
		if ok {
			return nil
		}
		if closed {
			return ErrClosed
		}
		select {
		case <-wake:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
