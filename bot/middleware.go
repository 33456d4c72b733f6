package bot

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"
)

// Recover turns a handler's panic into an error wrapping ErrPanic and logs
// the stack, so one bad update cannot stop the bot.
func Recover[S any](log *slog.Logger) Middleware[S] {
	return func(next HandlerFunc[S]) HandlerFunc[S] {
		return func(ctx context.Context, c *Context, s S) (err error) {
			defer func() {
				if p := recover(); p != nil {
					log.Error("handler panicked", "update", c.Update.ID, "panic", fmt.Sprint(p),
						"stack", string(debug.Stack()))
					err = fmt.Errorf("%w: %v", ErrPanic, p)
				}
			}()
			return next(ctx, c, s)
		}
	}
}

// FloodLimit lets each person through at most max updates in any window;
// the first update over the limit gets one polite notice, the rest are
// dropped in silence until the window has passed.
type FloodLimit struct {
	Max    int
	Window time.Duration
	Now    func() time.Time

	mu    sync.Mutex
	users map[string]*floodState
	calls int
}

type floodState struct {
	times  []time.Time
	warned bool
}

// NewFloodLimit returns a limit of max updates per window per person.
func NewFloodLimit(max int, window time.Duration) *FloodLimit {
	return &FloodLimit{Max: max, Window: window, Now: time.Now, users: map[string]*floodState{}}
}

// Flood returns the limit f as middleware for a router whose per-update
// state is S.
func Flood[S any](f *FloodLimit) Middleware[S] {
	return func(next HandlerFunc[S]) HandlerFunc[S] {
		return func(ctx context.Context, c *Context, s S) error {
			if c.Update.Kind == KindIgnored || c.Update.From.ID == "" {
				return next(ctx, c, s) // nobody to limit, nobody to tell
			}
			switch f.admit(c.Update.Platform + ":" + c.Update.From.ID) {
			case floodWarn:
				if c.Update.Kind == KindCallback {
					c.Answer(c.T(MsgSlowDown), false)
				} else {
					c.Send(c.T(MsgSlowDown), nil)
				}
				return nil
			case floodDrop:
				c.Answer("", false)
				return nil
			}
			return next(ctx, c, s)
		}
	}
}

type floodVerdict int

const (
	floodPass floodVerdict = iota
	floodWarn
	floodDrop
)

func (f *FloodLimit) admit(key string) floodVerdict {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.users == nil {
		f.users = map[string]*floodState{}
	}
	if f.Now == nil {
		f.Now = time.Now
	}
	now := f.Now()
	f.sweep(now)
	s := f.users[key]
	if s == nil {
		s = &floodState{}
		f.users[key] = s
	}
	s.times = recent(s.times, now.Add(-f.Window))
	if len(s.times) < f.Max {
		s.times = append(s.times, now)
		s.warned = false
		return floodPass
	}
	if s.warned {
		return floodDrop
	}
	s.warned = true
	return floodWarn
}

// recent drops the times at or before cutoff (times are in order).
func recent(times []time.Time, cutoff time.Time) []time.Time {
	i := 0
	for i < len(times) && !times[i].After(cutoff) {
		i++
	}
	return append(times[:0], times[i:]...)
}

// sweep forgets idle people now and then, so the map stays small.
func (f *FloodLimit) sweep(now time.Time) {
	f.calls++
	if f.calls%1024 != 0 {
		return
	}
	cutoff := now.Add(-f.Window)
	for k, s := range f.users {
		if len(s.times) == 0 || !s.times[len(s.times)-1].After(cutoff) {
			delete(f.users, k)
		}
	}
}
