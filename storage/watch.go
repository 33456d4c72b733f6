package storage

import (
	"context"
	"fmt"
	"time"
)

// DefaultWatchEvery is how often Watch looks for changes when every ≤ 0.
const DefaultWatchEvery = 250 * time.Millisecond

// Watch calls changed, from its own goroutine, each time it sees that the
// database was changed by another connection (another process, such as
// the command line enqueueing an appeal, or this DB's writer), looking
// every `every` (DefaultWatchEvery when ≤ 0). It holds one connection of
// the reader pool until ctx ends, and returns then: nil, or the error that
// stopped it from watching.
//
// It calls changed once as soon as it watches, for what was committed
// before. It polls PRAGMA data_version, which SQLite changes for a connection
// whenever any other connection commits a change to the file: a cheap
// read that touches no table.
func (db *DB) Watch(ctx context.Context, every time.Duration, changed func()) error {
	if every <= 0 {
		every = DefaultWatchEvery
	}
	conn, err := db.read.Conn(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("watch database: %w", err)
	}
	defer conn.Close()
	version := func() (int64, error) {
		var v int64
		err := conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v)
		return v, err
	}
	last, err := version()
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("watch database: %w", err)
	}
	changed() // what was committed before watching began is not missed
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		v, err := version()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("watch database: %w", err)
		}
		if v != last {
			last = v
			changed()
		}
	}
}
