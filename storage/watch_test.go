package storage

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

func TestWatch(t *testing.T) {
	t.Run("notices a write by another DB on the same file", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		path := filepath.Join(t.TempDir(), "watched.db")
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		other, err := Open(ctx, path) // as `chungsuc appeal send` would, in its own process
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()

		changed := make(chan struct{}, 100)
		done := make(chan error, 1)
		go func() { done <- db.Watch(ctx, time.Millisecond, func() { changed <- struct{}{} }) }()
		// Watch reads its first version at some point after it starts:
		// write until it notices, each write a new chance.
		deadline := time.After(10 * time.Second)
	wait:
		for {
			enqueue(t, other, OutboxMessage{ChatID: "a"})
			select {
			case <-changed:
				break wait
			case <-time.After(100 * time.Millisecond):
			case <-deadline:
				t.Fatal("the other DB's writes were never noticed")
			}
		}
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Watch = %v, want nil after cancel", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Watch did not return after cancel")
		}
	})
	t.Run("calls once as it starts, then stays quiet while nothing is written", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		db, _ := openTest(t)
		calls := 0
		done := make(chan error, 1)
		go func() { done <- db.Watch(ctx, time.Millisecond, func() { calls++ }) }()
		time.Sleep(30 * time.Millisecond) // some polls; none may call
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if calls != 1 {
			t.Errorf("changed called %d times, want once (at the start, for what came before)", calls)
		}
	})
}
