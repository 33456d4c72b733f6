package storage

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

// gateOrder has the gate's holder let in, one by one, the waiters named by
// relaxed (in the order they queued), and returns the order they got in.
func gateOrder(t *testing.T, relaxed []bool) []int {
	t.Helper()
	var g writeGate
	if err := g.enter(context.Background(), false); err != nil {
		t.Fatal(err)
	}
	in := make(chan int, len(relaxed))
	for i, r := range relaxed {
		go func() {
			if err := g.enter(context.Background(), r); err != nil {
				t.Error(err)
				return
			}
			in <- i
		}()
		waitQueued(t, &g, i+1)
	}
	var order []int
	for range relaxed {
		g.leave()
		order = append(order, <-in)
	}
	g.leave()
	if g.busy {
		t.Error("the gate is still busy after everyone left")
	}
	return order
}

// waitQueued waits until n transactions wait at g.
func waitQueued(t *testing.T, g *writeGate, n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		g.mu.Lock()
		k := len(g.urgent) + len(g.relaxed)
		g.mu.Unlock()
		if k == n {
			return
		}
	}
	t.Fatalf("%d transactions never waited at the gate", n)
}

func TestWriteGate(t *testing.T) {
	t.Run("durable transactions go ahead of waiting records", func(t *testing.T) {
		// relaxed 0, durable 1, durable 2
		got := gateOrder(t, []bool{true, false, false})
		if want := []int{1, 2, 0}; !slices.Equal(got, want) {
			t.Errorf("order %v, want %v", got, want)
		}
	})
	t.Run("a waiting record goes after two durable transactions", func(t *testing.T) {
		// relaxed 0, durable 1..4
		got := gateOrder(t, []bool{true, false, false, false, false})
		if want := []int{1, 2, 0, 3, 4}; !slices.Equal(got, want) {
			t.Errorf("order %v, want %v", got, want)
		}
	})
	t.Run("each kind in the order it came", func(t *testing.T) {
		got := gateOrder(t, []bool{true, true, true})
		if want := []int{0, 1, 2}; !slices.Equal(got, want) {
			t.Errorf("order %v, want %v", got, want)
		}
	})
	t.Run("a waiter that gives up holds nothing", func(t *testing.T) {
		var g writeGate
		if err := g.enter(context.Background(), true); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		gaveUp := make(chan error, 1)
		go func() { gaveUp <- g.enter(ctx, false) }()
		waitQueued(t, &g, 1)
		cancel()
		if err := <-gaveUp; !errors.Is(err, context.Canceled) {
			t.Fatalf("enter: %v, want context.Canceled", err)
		}
		g.leave()
		if err := g.enter(context.Background(), true); err != nil || !g.busy {
			t.Fatalf("the gate was not free again: %v", err)
		}
	})
}
