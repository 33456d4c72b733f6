package storage

import (
	"context"
	"fmt"
	"sync"
)

// groupCommit runs small independent writes (the dispatcher's delivery
// records) in shared transactions: while one transaction commits, the
// writes that arrive wait and then commit together in the next. A write
// alone commits at once, so nothing waits longer than it would have;
// under load the commits — most of the cost — are shared. Each write runs
// in its own savepoint, so one failing does not undo the others. They
// commit without waiting for the disk (DB.updateRelaxed): a record lost
// in a power cut can only have a message sent once more.
type groupCommit struct {
	mu      sync.Mutex
	pending []*groupWrite
	leading bool // a caller is committing batches
}

type groupWrite struct {
	fn   func(tx *Tx) error
	done chan error
	// single: fn changes rows with one statement at most, which SQLite
	// undoes alone if it fails: it needs no savepoint.
	single bool
}

// do runs fn in a transaction shared with other concurrent calls and
// returns fn's error, or the commit's.
func (g *groupCommit) do(ctx context.Context, db *DB, fn func(tx *Tx) error) error {
	return g.add(ctx, db, &groupWrite{fn: fn, done: make(chan error, 1)})
}

// doSingle is do for a write that changes rows with one statement at
// most (its other statements only read).
func (g *groupCommit) doSingle(ctx context.Context, db *DB, fn func(tx *Tx) error) error {
	return g.add(ctx, db, &groupWrite{fn: fn, done: make(chan error, 1), single: true})
}

func (g *groupCommit) add(ctx context.Context, db *DB, w *groupWrite) error {
	g.mu.Lock()
	g.pending = append(g.pending, w)
	if g.leading {
		g.mu.Unlock()
		return <-w.done
	}
	g.leading = true
	for {
		batch := g.pending
		g.pending = nil
		g.mu.Unlock()
		g.commit(ctx, db, batch)
		g.mu.Lock()
		if len(g.pending) == 0 {
			g.leading = false
			g.mu.Unlock()
			return <-w.done
		}
	}
}

// commit runs a batch in one transaction and tells each write its outcome.
func (g *groupCommit) commit(ctx context.Context, db *DB, batch []*groupWrite) {
	errs := make([]error, len(batch))
	err := db.updateRelaxed(ctx, func(tx *Tx) error {
		for i, w := range batch {
			if w.single {
				errs[i] = w.fn(tx)
			} else {
				errs[i] = tx.savepoint(w.fn)
			}
		}
		return nil
	})
	for i, w := range batch {
		if err != nil {
			errs[i] = err
		}
		w.done <- errs[i]
	}
}

// Savepoint runs fn inside tx so that, if fn returns an error, its changes
// alone are undone (the rest of tx stands) and the error is returned.
func (tx *Tx) Savepoint(fn func(tx *Tx) error) error { return tx.savepoint(fn) }

// savepoint runs fn so that its changes are undone alone if it fails.
func (tx *Tx) savepoint(fn func(tx *Tx) error) error {
	if _, err := tx.exec(`SAVEPOINT w`); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	if err := fn(tx); err != nil {
		if _, rerr := tx.exec(`ROLLBACK TO w`); rerr != nil {
			return fmt.Errorf("%w (and undoing it: %v)", err, rerr)
		}
		_, _ = tx.exec(`RELEASE w`)
		return err
	}
	if _, err := tx.exec(`RELEASE w`); err != nil {
		return fmt.Errorf("release savepoint: %w", err)
	}
	return nil
}
