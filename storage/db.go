// Package storage keeps Chung Sức's state in one SQLite file (pure Go,
// modernc.org/sqlite): units, residents, roles, hotlines, conversations,
// the bookkeeping that makes every incoming update count exactly once, and
// the outbox that holds every outgoing message until it has been sent.
//
// Writes go through one writer connection in IMMEDIATE transactions
// (DB.Update); reads use a small pool of read-only connections (DB.View).
// Most methods live on Tx so that a caller can compose everything an
// update causes into one transaction. All times are stored in UTC as
// INTEGER unix milliseconds.
package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Errors returned (wrapped) by this package; check them with errors.Is.
var (
	// ErrNotFound means the requested row does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict means the change clashes with the current state
	// (a duplicate, or a row not in the state the operation needs).
	ErrConflict = errors.New("conflict")
	// ErrInvalid means an argument was rejected before touching the database.
	ErrInvalid = errors.New("invalid")
)

const (
	// secure_delete(fast) overwrites deleted content where that costs no
	// extra I/O, so a forgotten resident's data does not linger in freed
	// pages.
	//
	// synchronous(full) makes every commit durable across a power cut, not
	// only a crash of the process: the WAL is synced at each commit. The
	// dispatcher's records, whose loss can only send a message again, are
	// the exception (DB.updateRelaxed).
	//
	// temp_store(memory) keeps the journals of savepoints (one per update
	// of a batch) and of statements in memory, not in temporary files: they
	// only serve to undo an update that failed, never a crash.
	pragmas = "_pragma=busy_timeout(5000)&_pragma=journal_mode(wal)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(full)&_pragma=secure_delete(on)" +
		"&_pragma=temp_store(memory)"
	maxReaders = 4
)

// DB is an open Chung Sức database: one writer connection and a pool of
// read-only connections on the same file. It is safe for concurrent use.
type DB struct {
	write  *sql.DB
	read   *sql.DB
	wcache *stmtCache
	rcache *stmtCache
	group  groupCommit
	holds  holdStats // how long write transactions held the writer
	path   string    // the database file's absolute path
	// observe, when set, is told of each write transaction's timing.
	observe atomic.Pointer[func(durable bool, wait, hold time.Duration)]
	gate    writeGate // who has the writer next: durable transactions first
	scrubs  scrubber  // the checkpoints that follow a forget (scrub.go)
	// relaxed: the writer connection's synchronous setting is NORMAL (a
	// relaxed transaction ran last). Read and written only while holding
	// the writer connection.
	relaxed bool
	// version counts the write transactions committed (Version).
	version atomic.Uint64
	// Now is the clock used for every timestamp; tests replace it.
	// It defaults to time.Now and is read once per transaction.
	Now func() time.Time
}

// Tx is one transaction. Its methods use the context given to Update or
// View. A Tx must not be used after the function it was passed to returns.
type Tx struct {
	tx    *sql.Tx
	ctx   context.Context
	cache *stmtCache
	// Now is the transaction's clock reading (UTC, millisecond precision):
	// every timestamp the transaction writes uses it.
	Now time.Time
	// scrub: the transaction forgot someone; once it commits, the files
	// are scrubbed of them (scrub.go).
	scrub bool
}

// Open opens (creating if needed) the database file at path, checks that it
// is in WAL mode and applies pending migrations. It refuses ":memory:"
// (each pooled connection would get its own empty database) with ErrInvalid.
//
// The file holds health data and the button-signing key: it is created
// readable by its owner only (0600), and an existing file readable by
// others is narrowed to that. SQLite gives its -wal and -shm files the
// database file's permissions.
func Open(ctx context.Context, path string) (*DB, error) {
	base, err := fileURI(path)
	if err != nil {
		return nil, err
	}
	if err := ownerOnly(path); err != nil {
		return nil, err
	}
	write, err := openPool(ctx, base+"?"+pragmas+"&_txlock=immediate", 1)
	if err != nil {
		return nil, err
	}
	abs, _ := filepath.Abs(path) // fileURI checked it
	db := &DB{write: write, wcache: newStmtCache(write), path: abs, Now: time.Now}
	if err := checkWAL(ctx, write); err != nil {
		write.Close()
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		write.Close()
		return nil, err
	}
	read, err := openPool(ctx, base+"?"+pragmas+"&_query_only=1", maxReaders)
	if err != nil {
		write.Close()
		return nil, err
	}
	db.read, db.rcache = read, newStmtCache(read)
	return db, nil
}

// ownerOnly creates the database file with mode 0600 if it does not
// exist, and removes the group's and others' access from an existing one
// (and from its -wal and -shm files).
func ownerOnly(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	f.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		st, err := os.Stat(p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("open database: %w", err)
		}
		if st.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(p, st.Mode().Perm()&0o700); err != nil {
				return fmt.Errorf("open database: make %s private: %w", p, err)
			}
		}
	}
	return nil
}

// fileURI turns a file system path into an SQLite URI with the path
// percent-encoded, so spaces, '?', '#' and '%' in it are kept literally.
func fileURI(path string) (string, error) {
	if strings.TrimSpace(path) == "" {
		return "", fmt.Errorf("open database: empty path: %w", ErrInvalid)
	}
	if strings.Contains(path, ":memory:") {
		return "", fmt.Errorf("open database %q: in-memory databases are not supported, give a file path: %w", path, ErrInvalid)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("open database %q: %w", path, err)
	}
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: C:/x → /C:/x
	}
	u := url.URL{Scheme: "file", Path: p}
	return u.String(), nil
}

func openPool(ctx context.Context, dsn string, conns int) (*sql.DB, error) {
	pool, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	pool.SetMaxOpenConns(conns)
	pool.SetMaxIdleConns(conns)
	pool.SetConnMaxLifetime(0)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open database: %w", err)
	}
	return pool, nil
}

func checkWAL(ctx context.Context, pool *sql.DB) error {
	var mode string
	if err := pool.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("check journal mode: %w", err)
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("check journal mode: got %q, want wal", mode)
	}
	return nil
}

// Close checkpoints the write-ahead log into the database (briefly: a
// reader in another process may hold it; SQLite checkpoints again when
// the last connection closes) and closes both connection pools.
func (db *DB) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	_ = db.Scrub(ctx)
	cancel()
	var errs []error
	for _, c := range []*stmtCache{db.wcache, db.rcache} {
		if c != nil {
			c.close()
		}
	}
	if db.read != nil {
		errs = append(errs, db.read.Close())
	}
	errs = append(errs, db.write.Close())
	return errors.Join(errs...)
}

// Update runs fn in one write transaction: it commits when fn returns nil
// and rolls back when fn returns an error (returned unchanged) or panics
// (the panic continues after the rollback). Calls must not be nested.
// Once it returns nil, the changes survive a power cut (the WAL is synced
// before the commit returns).
func (db *DB) Update(ctx context.Context, fn func(tx *Tx) error) error {
	return db.runWrite(ctx, false, fn)
}

// updateRelaxed is Update for writes whose loss in a power cut (not a
// crash of the process: those survive) can only have a message sent once
// more: the dispatcher's claims and delivery records. They commit without
// waiting for the disk; the next durable commit syncs them too.
func (db *DB) updateRelaxed(ctx context.Context, fn func(tx *Tx) error) error {
	return db.runWrite(ctx, true, fn)
}

// runWrite runs fn in a write transaction on the writer connection, with
// the synchronous setting the transaction needs, when the gate lets it in
// (durable transactions first).
func (db *DB) runWrite(ctx context.Context, relaxed bool, fn func(tx *Tx) error) error {
	asked := time.Now()
	if err := db.gate.enter(ctx, relaxed); err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer db.gate.leave()
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if observe := db.observe.Load(); observe != nil {
		got := time.Now()
		defer func() { (*observe)(!relaxed, got.Sub(asked), time.Since(got)) }()
	}
	err = func() error {
		defer conn.Close() // also when fn panics
		if err := db.setRelaxed(ctx, conn, relaxed); err != nil {
			return err
		}
		return db.runTx(ctx, conn, db.wcache, nil, fn)
	}()
	if db.wcache.pending() {
		db.wcache.prepareWanted(context.WithoutCancel(ctx)) // the connection is free again
	}
	return err
}

// setRelaxed switches the writer connection's synchronous setting when it
// differs from what the next transaction needs (SQLite refuses the switch
// inside a transaction).
func (db *DB) setRelaxed(ctx context.Context, conn *sql.Conn, relaxed bool) error {
	if db.relaxed == relaxed {
		return nil
	}
	level := "FULL"
	if relaxed {
		level = "NORMAL"
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA synchronous = "+level); err != nil {
		return fmt.Errorf("set synchronous %s: %w", level, err)
	}
	db.relaxed = relaxed
	return nil
}

// View runs fn in one read-only transaction on the reader pool; it sees a
// consistent snapshot. Writing inside it fails.
func (db *DB) View(ctx context.Context, fn func(tx *Tx) error) error {
	err := db.runTx(ctx, db.read, db.rcache, &sql.TxOptions{ReadOnly: true}, fn)
	if db.rcache.pending() {
		db.rcache.prepareWanted(context.WithoutCancel(ctx))
	}
	return err
}

// Version is a number that changes each time a write transaction
// commits: what was read when it had one value may be out of date once it
// has another (the public page's cache is kept until it changes).
func (db *DB) Version() uint64 { return db.version.Load() }

// beginner is a pool or a connection.
type beginner interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

func (db *DB) runTx(ctx context.Context, on beginner, cache *stmtCache, opts *sql.TxOptions, fn func(tx *Tx) error) error {
	sqlTx, err := on.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	// Rolls back on error and on panic; a no-op after Commit.
	defer func() { _ = sqlTx.Rollback() }()
	if on != beginner(db.read) {
		defer db.holds.since(time.Now())
	}
	tx := &Tx{tx: sqlTx, ctx: ctx, cache: cache, Now: db.now()}
	if err := fn(tx); err != nil {
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	if on != beginner(db.read) {
		db.version.Add(1)
	}
	if tx.scrub {
		db.scrubSoon()
	}
	return nil
}

func (db *DB) now() time.Time {
	clock := db.Now
	if clock == nil {
		clock = time.Now
	}
	return time.UnixMilli(clock().UnixMilli()).UTC()
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface {
	Scan(dest ...any) error
}

func (tx *Tx) exec(query string, args ...any) (sql.Result, error) {
	if st := tx.stmt(query); st != nil {
		return st.ExecContext(tx.ctx, args...)
	}
	return tx.tx.ExecContext(tx.ctx, query, args...)
}

func (tx *Tx) query(query string, args ...any) (*sql.Rows, error) {
	if st := tx.stmt(query); st != nil {
		return st.QueryContext(tx.ctx, args...)
	}
	return tx.tx.QueryContext(tx.ctx, query, args...)
}

func (tx *Tx) queryRow(query string, args ...any) *sql.Row {
	if st := tx.stmt(query); st != nil {
		return st.QueryRowContext(tx.ctx, args...)
	}
	return tx.tx.QueryRowContext(tx.ctx, query, args...)
}

// count runs a query returning one integer.
func (tx *Tx) count(query string, args ...any) (int64, error) {
	var n int64
	err := tx.queryRow(query, args...).Scan(&n)
	return n, err
}

// execOne runs a statement that must change at least one row; it returns
// ErrNotFound when it changed none.
func (tx *Tx) execOne(query string, args ...any) error {
	res, err := tx.exec(query, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// dbErr maps driver errors to this package's errors: no rows → ErrNotFound,
// unique violation → ErrConflict, foreign key violation → ErrNotFound.
func dbErr(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("%w: %v", ErrConflict, err)
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return fmt.Errorf("%w: %v", ErrNotFound, err)
		}
	}
	return err
}

// ms converts a time to stored unix milliseconds.
func ms(t time.Time) int64 { return t.UnixMilli() }

// nullMs stores the zero time as NULL.
func nullMs(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

// timeOf reads stored unix milliseconds; NULL gives the zero time.
func timeOf(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.UnixMilli(v.Int64).UTC()
}

// nullID stores id 0 as NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// WriteStats says how long write transactions held the only writer, in
// real time, since the database was opened or the stats were reset: the
// wait every other writer (an update, a job) may have had.
type WriteStats struct {
	Count      int64
	Total, Max time.Duration
}

// holdStats gathers WriteStats without a lock.
type holdStats struct {
	count, total, max atomic.Int64
}

// since records a write transaction that began at start.
func (h *holdStats) since(start time.Time) {
	d := int64(time.Since(start))
	h.count.Add(1)
	h.total.Add(d)
	for {
		m := h.max.Load()
		if d <= m || h.max.CompareAndSwap(m, d) {
			return
		}
	}
}

// ObserveWrites has fn told of each write transaction from now on:
// whether it was durable (synced before its commit returned), how long it
// waited for the writer and how long it held it. fn must be quick and
// safe for concurrent use.
func (db *DB) ObserveWrites(fn func(durable bool, wait, hold time.Duration)) {
	db.observe.Store(&fn)
}

// Path is the database file's absolute path.
func (db *DB) Path() string { return db.path }

// WriteStats returns how long write transactions held the writer.
func (db *DB) WriteStats() WriteStats {
	return WriteStats{Count: db.holds.count.Load(), Total: time.Duration(db.holds.total.Load()),
		Max: time.Duration(db.holds.max.Load())}
}

// ResetWriteStats starts the write stats again from zero.
func (db *DB) ResetWriteStats() {
	db.holds.count.Store(0)
	db.holds.total.Store(0)
	db.holds.max.Store(0)
}
