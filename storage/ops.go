package storage

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"
)

// Ops is what an operator watches of the database: the messages waiting
// to be sent, the appeals going out, the scheduled runs of late, the
// people served and the size of the files.
type Ops struct {
	// Backlog counts the messages pending or being sent, by platform and
	// lane (Bulk: appeals and digests; otherwise replies).
	Backlog []Backlog
	// Appeals are the appeals queued, being expanded or being sent, with
	// their deliveries counted by status.
	Appeals []AppealProgress
	// Runs counts the stored schedules' runs started since the time
	// asked for, by outcome (RunOK, RunFailed, RunSkipped, RunRunning).
	Runs map[string]int
	// Residents counts the people who use the bot (not forgotten).
	Residents int
	// DBBytes and WALBytes are the sizes of the database file and of its
	// write-ahead log.
	DBBytes, WALBytes int64
}

// Backlog is one platform's and lane's messages not yet settled.
type Backlog struct {
	Platform string
	Bulk     bool
	Count    int
}

// AppealProgress is an appeal with its deliveries counted.
type AppealProgress struct {
	Appeal
	Figures AppealFigures
}

// Ops reads what an operator watches, in one read transaction; runs are
// counted from since. It reads indexes only, except for each active
// appeal's deliveries.
func (db *DB) Ops(ctx context.Context, since time.Time) (Ops, error) {
	o := Ops{Runs: map[string]int{}}
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT platform, priority > 0, count(*) FROM outbox
			WHERE status IN ('pending', 'sending') GROUP BY 1, 2 ORDER BY 1, 2`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var b Backlog
			if err := rows.Scan(&b.Platform, &b.Bulk, &b.Count); err != nil {
				rows.Close()
				return err
			}
			o.Backlog = append(o.Backlog, b)
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return err
		}
		active, err := tx.ActiveAppeals()
		if err != nil {
			return err
		}
		for _, a := range active {
			f, err := tx.AppealFigures(a.ID)
			if err != nil {
				return err
			}
			o.Appeals = append(o.Appeals, AppealProgress{Appeal: a, Figures: f})
		}
		if rows, err = tx.query(`SELECT outcome, count(*) FROM schedule_runs WHERE started_at >= ? GROUP BY 1`,
			ms(since)); err != nil {
			return err
		}
		for rows.Next() {
			var outcome string
			var n int
			if err := rows.Scan(&outcome, &n); err != nil {
				rows.Close()
				return err
			}
			o.Runs[outcome] = n
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return err
		}
		n, err := tx.count(`SELECT count(*) FROM residents`)
		o.Residents = int(n)
		return err
	})
	if err != nil {
		return o, fmt.Errorf("read the operator's figures: %w", err)
	}
	o.DBBytes, o.WALBytes = fileSize(db.path), fileSize(db.path+"-wal")
	return o, nil
}

// fileSize is the size of the file at path, 0 if there is none.
func fileSize(path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return st.Size()
}

// Ping reads from the database: it answers within ctx, or says why not.
func (db *DB) Ping(ctx context.Context) error {
	return db.View(ctx, func(tx *Tx) error {
		_, err := tx.count(`SELECT count(*) FROM schema_migrations`)
		return err
	})
}
