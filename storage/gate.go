package storage

import (
	"context"
	"sync"
)

// writeGate hands the one writer connection to one transaction at a time,
// the durable ones first: a transaction that applies updates (Update)
// waits for the transaction in progress at most, never behind a queue of
// the dispatcher's claims and delivery records (updateRelaxed), which
// would otherwise take turns with it at random. So that the records are
// not starved in turn (their messages would stop), a relaxed transaction
// that waited through urgentRun durable ones goes next.
type writeGate struct {
	mu      sync.Mutex
	busy    bool
	urgent  []chan struct{} // durable transactions waiting, in order
	relaxed []chan struct{} // relaxed transactions waiting, in order
	run     int             // durable transactions let in since a relaxed one
}

// urgentRun is how many durable transactions go ahead of a waiting
// relaxed one.
const urgentRun = 2

// enter waits for the writer. It returns ctx's error, holding nothing,
// when ctx ends first.
func (g *writeGate) enter(ctx context.Context, relaxed bool) error {
	g.mu.Lock()
	if !g.busy {
		g.busy = true
		g.mu.Unlock()
		return nil
	}
	ch := make(chan struct{})
	if relaxed {
		g.relaxed = append(g.relaxed, ch)
	} else {
		g.urgent = append(g.urgent, ch)
	}
	g.mu.Unlock()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		g.mu.Lock()
		if g.drop(ch, relaxed) {
			g.mu.Unlock()
			return ctx.Err()
		}
		g.mu.Unlock()
		// handed the writer meanwhile: pass it on
		g.leave()
		return ctx.Err()
	}
}

// drop removes ch from its queue, reporting whether it was still waiting.
func (g *writeGate) drop(ch chan struct{}, relaxed bool) bool {
	q := &g.urgent
	if relaxed {
		q = &g.relaxed
	}
	for i, c := range *q {
		if c == ch {
			*q = append((*q)[:i], (*q)[i+1:]...)
			return true
		}
	}
	return false
}

// leave hands the writer to the next waiting transaction, if any.
func (g *writeGate) leave() {
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case len(g.relaxed) > 0 && (len(g.urgent) == 0 || g.run >= urgentRun):
		close(g.relaxed[0])
		g.relaxed = g.relaxed[1:]
		g.run = 0
	case len(g.urgent) > 0:
		close(g.urgent[0])
		g.urgent = g.urgent[1:]
		if len(g.relaxed) > 0 {
			g.run++
		}
	default:
		g.busy = false
		g.run = 0
	}
}
