package storage

import (
	"context"
	"database/sql"
	"sync"
)

// maxCachedStmts bounds the statement cache: queries built with a
// variable number of parameters beyond it are never prepared.
const maxCachedStmts = 512

// stmtCache prepares each distinct query once per connection pool, so
// SQLite parses it once instead of at every call (parsing dominated the
// cost of a short transaction). A query is prepared only between
// transactions: the writer pool has a single connection, which a
// transaction holds.
type stmtCache struct {
	pool   *sql.DB
	mu     sync.Mutex
	m      map[string]*sql.Stmt
	wanted map[string]bool // seen in a transaction, to prepare after it
}

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, m: map[string]*sql.Stmt{}, wanted: map[string]bool{}}
}

// get returns the prepared statement for query, or nil (and remembers to
// prepare it) when it has not been prepared yet.
func (c *stmtCache) get(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[query]; ok {
		return st
	}
	if len(c.m)+len(c.wanted) < maxCachedStmts {
		c.wanted[query] = true
	}
	return nil
}

// prepareWanted prepares the queries seen since the last call. It must
// not run inside a transaction on the pool. A query that fails to prepare
// is simply run unprepared next time.
func (c *stmtCache) prepareWanted(ctx context.Context) {
	c.mu.Lock()
	wanted := c.wanted
	c.wanted = map[string]bool{}
	c.mu.Unlock()
	for q := range wanted {
		st, err := c.pool.PrepareContext(ctx, q)
		if err != nil {
			continue
		}
		c.mu.Lock()
		if _, dup := c.m[q]; dup {
			_ = st.Close()
		} else {
			c.m[q] = st
		}
		c.mu.Unlock()
	}
}

// pending reports whether some queries wait to be prepared.
func (c *stmtCache) pending() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.wanted) > 0
}

// close closes every cached statement.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, st := range c.m {
		_ = st.Close()
		delete(c.m, q)
	}
}

// stmt returns query prepared for this transaction's connection, or nil
// to run it unprepared.
func (tx *Tx) stmt(query string) *sql.Stmt {
	if tx.cache == nil {
		return nil
	}
	st := tx.cache.get(query)
	if st == nil {
		return nil
	}
	return tx.tx.StmtContext(tx.ctx, st)
}
