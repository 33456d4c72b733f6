package zalotest

import (
	"context"
	"encoding/json"
	"time"
)

// defaultPollSeconds is getUpdates' timeout when the call gives none.
const defaultPollSeconds = 30

// PushEvent queues any update for getUpdates: an Event, a map, a struct,
// or a json.RawMessage / []byte taken as is. It panics if ev cannot be
// encoded as JSON (a bug in the test).
func (s *Server) PushEvent(ev any) {
	var raw []byte
	switch v := ev.(type) {
	case json.RawMessage:
		raw = v
	case []byte:
		raw = v
	default:
		b, err := json.Marshal(ev)
		if err != nil {
			panic("zalotest: encode event: " + err.Error())
		}
		raw = b
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queue = append(s.queue, raw)
	s.updates.broadcast()
}

// getUpdates is Zalo's long poll: it waits up to the timeout parameter
// (seconds, a string or a number; default 30) for an update and returns
// the oldest queued one, forgetting it at once. With none it answers 408
// "Request timeout"; while a webhook is set, 400.
func (s *Server) getUpdates(r *request) (any, *Fault) {
	secs, ok := r.seconds("timeout", defaultPollSeconds)
	if !ok {
		return nil, badRequest("timeout must be a number of seconds")
	}
	wait := time.Duration(secs * float64(time.Second))
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.maxPoll > 0 {
		wait = min(wait, s.maxPoll)
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	for {
		switch {
		case s.hook.url != "":
			return nil, badRequest("getUpdates does not work while a webhook is set: call deleteWebhook first")
		case len(s.queue) > 0:
			u := json.RawMessage(s.queue[0])
			s.queue[0] = nil
			s.queue = s.queue[1:]
			return u, nil
		case s.closed:
			return nil, errTimeout
		}
		wake := s.updates.wait()
		s.setPollingLocked(+1)
		s.mu.Unlock()
		var expired, gone bool
		select {
		case <-wake:
		case <-timer.C:
			expired = true
		case <-r.ctx.Done():
			gone = true
		}
		s.mu.Lock()
		s.setPollingLocked(-1)
		if expired || gone {
			return nil, errTimeout
		}
	}
}

func (s *Server) setPollingLocked(delta int) {
	s.polling += delta
	s.state.broadcast()
}

// Pending returns the number of queued updates not yet taken by getUpdates.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// Polling returns the number of getUpdates calls waiting for an update.
func (s *Server) Polling() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.polling
}

// WaitPolling blocks until exactly n getUpdates calls wait for an update
// (n=1: the bot is long polling, so a pushed update wakes it). It returns
// ctx.Err() if ctx ends first and ErrClosed if the server closes first.
func (s *Server) WaitPolling(ctx context.Context, n int) error {
	return s.waitUntil(ctx, func() bool { return s.polling == n })
}

// waitUntil blocks until cond (evaluated under the mutex) holds, waking on
// every change of state.
func (s *Server) waitUntil(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		ok, closed, wake := cond(), s.closed, s.state.wait()
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
