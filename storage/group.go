package storage

import (
	"context"
	"encoding/json"
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
	// mark, when set, replaces fn: a delivery mark of one message, run
	// with the other marks of its kind in one statement.
	mark *outboxMark
}

// outboxMark is a delivery mark: the request of message id starts
// (sent false), or it was delivered as platform message msgID (sent).
type outboxMark struct {
	id    int64
	sent  bool
	msgID string
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

// doMark records a delivery mark, sharing its statement with the other
// marks of its kind that commit together.
func (g *groupCommit) doMark(ctx context.Context, db *DB, m outboxMark) error {
	return g.add(ctx, db, &groupWrite{mark: &m, done: make(chan error, 1)})
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
		var marks []int
		for i, w := range batch {
			switch {
			case w.mark != nil:
				marks = append(marks, i)
			case w.single:
				errs[i] = w.fn(tx)
			default:
				errs[i] = tx.savepoint(w.fn)
			}
		}
		if len(marks) > 0 {
			return tx.markAll(batch, marks, errs)
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

// markAll runs the delivery marks of batch (at the indexes marks) in two
// statements at most, one per kind, and sets the error of each mark that
// found its message no longer being sent. An error it returns is the
// transaction's.
func (tx *Tx) markAll(batch []*groupWrite, marks []int, errs []error) error {
	var starting []int64
	var sent [][2]any
	for _, i := range marks {
		if m := batch[i].mark; m.sent {
			sent = append(sent, [2]any{m.id, m.msgID})
		} else {
			starting = append(starting, m.id)
		}
	}
	done := map[int64]bool{}
	if len(starting) > 0 {
		if err := tx.marked(done, `UPDATE outbox SET started_at = ?
			WHERE id IN (SELECT value FROM json_each(?)) AND status = 'sending' RETURNING id`, starting); err != nil {
			return fmt.Errorf("mark sending: %w", err)
		}
	}
	if len(sent) > 0 {
		if err := tx.marked(done, `UPDATE outbox SET status = 'sent', sent_at = ?, platform_message_id = j.value ->> 1
			FROM json_each(?) AS j WHERE outbox.id = j.value ->> 0 AND outbox.status = 'sending'
			RETURNING outbox.id`, sent); err != nil {
			return fmt.Errorf("mark sent: %w", err)
		}
	}
	for _, i := range marks {
		if id := batch[i].mark.id; !done[id] {
			errs[i] = tx.notSending(id)
		}
	}
	return nil
}

// marked runs a mark statement over list (JSON) at the transaction's
// time and adds the ids it changed to done.
func (tx *Tx) marked(done map[int64]bool, query string, list any) error {
	arg, err := json.Marshal(list)
	if err != nil {
		return err
	}
	rows, err := tx.query(query, ms(tx.Now), string(arg))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		done[id] = true
	}
	return rows.Err()
}
