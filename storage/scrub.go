package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Forgetting a person must not leave them in the files. secure_delete
// overwrites what a DELETE frees, in the pages it writes; but in WAL mode
// those writes are new frames at the end of the write-ahead log, and the
// frames written before, which hold the person, stay in the log until it
// is reset and overwritten. So a commit that forgot someone is followed by
// a TRUNCATE checkpoint: every frame is copied into the database file
// (already overwritten) and the log emptied. A reader in the middle of a
// transaction (another process, a backup, a replication tool such as
// Litestream) keeps the checkpoint from completing: it is tried again a
// little later, each try holding up the bot's writes for scrubWait at most.

// ErrBusy is a checkpoint that readers kept from completing.
var ErrBusy = errors.New("readers kept the checkpoint from completing")

// scrubWait bounds how long one try waits for readers (and holds the
// writer); scrubBackoff spaces the tries, scrubTries bounds them.
const (
	scrubWait  = 200 * time.Millisecond
	scrubTries = 40
)

var scrubBackoff = []time.Duration{100 * time.Millisecond, time.Second, 5 * time.Second, 30 * time.Second}

// scrubber runs one background scrub at a time; a forget during a scrub
// asks for another after it.
type scrubber struct {
	mu      sync.Mutex
	running bool
	again   bool
	done    chan struct{} // closed when no scrub runs or is wanted
	// failed, when set, is told of a scrub that gave up.
	failed func(error)
}

// forgot marks the transaction as having forgotten someone: once it
// commits, the files are scrubbed.
func (tx *Tx) forgot() { tx.scrub = true }

// scrubSoon starts a background scrub, or asks the running one for
// another round.
func (db *DB) scrubSoon() {
	s := &db.scrubs
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running {
		s.again = true
		return
	}
	s.running = true
	s.done = make(chan struct{})
	go db.scrubLoop()
}

// scrubLoop scrubs until a round completes with no further forget asked
// for meanwhile, or the tries run out. Whether another round is wanted is
// decided under the same lock that ends the loop, so that no forget's
// request falls between the two.
func (db *DB) scrubLoop() {
	s := &db.scrubs
	var err error
	for try := 0; ; try++ {
		if try > 0 {
			time.Sleep(scrubBackoff[min(try-1, len(scrubBackoff)-1)])
		}
		s.mu.Lock()
		s.again = false
		s.mu.Unlock()
		err = db.Scrub(context.Background())
		s.mu.Lock()
		switch {
		case errors.Is(err, errClosed): // closed meanwhile: closing checkpoints the log itself
			err = nil
		case err == nil && s.again, err != nil && try+1 < scrubTries:
			s.mu.Unlock()
			continue
		}
		if err != nil && s.failed != nil {
			s.failed(err)
		}
		s.running = false
		close(s.done)
		s.mu.Unlock()
		return
	}
}

// WaitScrubbed waits until no scrub runs, or ctx ends.
func (db *DB) WaitScrubbed(ctx context.Context) error {
	db.scrubs.mu.Lock()
	done := db.scrubs.done
	db.scrubs.mu.Unlock()
	if done == nil {
		return nil
	}
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// OnScrubFailed has fn told when a scrub after a forget gave up (readers
// held the log for minutes): the forgotten frames stay in the log until
// the next checkpoint that completes.
func (db *DB) OnScrubFailed(fn func(error)) {
	db.scrubs.mu.Lock()
	db.scrubs.failed = fn
	db.scrubs.mu.Unlock()
}

var errClosed = errors.New("database closed")

// Scrub copies every frame of the write-ahead log into the database and
// empties the log (a TRUNCATE checkpoint), waiting scrubWait at most for
// readers. It returns ErrBusy when readers kept it from completing.
func (db *DB) Scrub(ctx context.Context) error {
	if err := db.gate.enter(ctx, false); err != nil {
		return fmt.Errorf("scrub: %w", err)
	}
	defer db.gate.leave()
	conn, err := db.write.Conn(ctx)
	if err != nil {
		if strings.Contains(err.Error(), "database is closed") {
			return errClosed
		}
		return fmt.Errorf("scrub: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", scrubWait.Milliseconds())); err != nil {
		return fmt.Errorf("scrub: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA busy_timeout = 5000")
	var busy, logFrames, moved int
	err = conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &moved)
	switch {
	case err != nil && isBusy(err):
		return ErrBusy
	case err != nil:
		return fmt.Errorf("scrub: %w", err)
	case busy != 0:
		return ErrBusy
	}
	return nil
}
