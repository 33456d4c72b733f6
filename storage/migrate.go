package storage

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

var migrationFile = regexp.MustCompile(`^(\d+)_([A-Za-z0-9_]+)\.sql$`)

type migration struct {
	version int
	name    string
	body    string
	// noForeignKeys is set by the line "-- chungsuc:foreign_keys=off":
	// the migration rebuilds tables that others reference, which must not
	// cascade. Foreign keys are checked before it commits.
	noForeignKeys bool
}

// noForeignKeysMark is the line that runs a migration with foreign keys off.
const noForeignKeysMark = "-- chungsuc:foreign_keys=off"

// loadMigrations reads the embedded migrations sorted by version number.
func loadMigrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var list []migration
	seen := map[int]string{}
	for _, e := range entries {
		m := migrationFile.FindStringSubmatch(e.Name())
		if m == nil {
			return nil, fmt.Errorf("migration %q: name must be NNN_name.sql", e.Name())
		}
		v, err := strconv.Atoi(m[1])
		if err != nil {
			return nil, fmt.Errorf("migration %q: %w", e.Name(), err)
		}
		if other, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %q and %q share version %d", other, e.Name(), v)
		}
		seen[v] = e.Name()
		body, err := fs.ReadFile(migrationFiles, "migrations/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("read migration %q: %w", e.Name(), err)
		}
		list = append(list, migration{version: v, name: m[2], body: string(body),
			noForeignKeys: strings.Contains(string(body), "\n"+noForeignKeysMark+"\n")})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].version < list[j].version })
	return list, nil
}

// migrate applies every embedded migration not yet recorded in
// schema_migrations, each in its own transaction.
func (db *DB) migrate(ctx context.Context) error { return db.migrateTo(ctx, 0) }

// migrateTo applies the migrations up to version last (0: all).
func (db *DB) migrateTo(ctx context.Context, last int) error {
	const create = `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		applied_at INTEGER NOT NULL)`
	if _, err := db.write.ExecContext(ctx, create); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	list, err := loadMigrations()
	if err != nil {
		return err
	}
	// Migrations applied before are passed over without a transaction: a
	// migration with foreign keys off ends with a check of the whole
	// database (seconds on a city's), which only its own run needs.
	applied := map[int]bool{}
	rows, err := db.write.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return fmt.Errorf("read schema_migrations: %w", err)
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return fmt.Errorf("read schema_migrations: %w", err)
		}
		applied[v] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read schema_migrations: %w", err)
	}
	for _, m := range list {
		if last > 0 && m.version > last {
			break
		}
		if applied[m.version] {
			continue
		}
		if err := db.applyMigration(ctx, m); err != nil {
			return fmt.Errorf("migration %03d_%s: %w", m.version, m.name, err)
		}
	}
	if last > 0 {
		return nil
	}
	return db.refoldUnits(ctx)
}

// foldVersion names the current Fold; stored search keys made by an
// older one are made again once.
const foldVersion = "2" // 2: NFKC, format characters dropped

// refoldUnits recomputes every unit's search key when Fold changed since
// the keys were written, so that a search finds units imported before.
func (db *DB) refoldUnits(ctx context.Context) error {
	err := db.Update(ctx, func(tx *Tx) error {
		v, err := tx.Setting("fold_version")
		if err == nil && string(v) == foldVersion {
			return nil
		}
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		rows, err := tx.query(`SELECT id, name, search_key FROM units`)
		if err != nil {
			return err
		}
		type key struct {
			id  int64
			key string
		}
		var stale []key
		for rows.Next() {
			var k key
			var name, old string
			if err := rows.Scan(&k.id, &name, &old); err != nil {
				rows.Close()
				return err
			}
			if k.key = Fold(name); k.key != old {
				stale = append(stale, k)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, k := range stale {
			if _, err := tx.exec(`UPDATE units SET search_key = ? WHERE id = ?`, k.key, k.id); err != nil {
				return err
			}
		}
		return tx.SetSetting("fold_version", []byte(foldVersion))
	})
	if err != nil {
		return fmt.Errorf("refold unit names: %w", err)
	}
	return nil
}

// applyMigration applies m in its own transaction, with foreign keys off
// around it when m asks (the pragma has no effect inside a transaction;
// the writer pool is one connection, so it applies to the transaction).
func (db *DB) applyMigration(ctx context.Context, m migration) error {
	if m.noForeignKeys {
		if _, err := db.write.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
			return fmt.Errorf("turn foreign keys off: %w", err)
		}
	}
	err := db.Update(ctx, func(tx *Tx) error {
		if err := tx.applyMigration(m); err != nil || !m.noForeignKeys {
			return err
		}
		return tx.checkForeignKeys()
	})
	if !m.noForeignKeys {
		return err
	}
	// Foreign keys must be on again, whatever happened: check it.
	var on int
	back := context.WithoutCancel(ctx)
	if _, ferr := db.write.ExecContext(back, "PRAGMA foreign_keys = ON"); ferr != nil {
		return errors.Join(err, fmt.Errorf("turn foreign keys on again: %w", ferr))
	}
	if ferr := db.write.QueryRowContext(back, "PRAGMA foreign_keys").Scan(&on); ferr != nil || on != 1 {
		return errors.Join(err, fmt.Errorf("foreign keys are not on again (%d): %v", on, ferr))
	}
	return err
}

// checkForeignKeys fails if any row points at a row that does not exist.
func (tx *Tx) checkForeignKeys() error {
	rows, err := tx.tx.QueryContext(tx.ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return fmt.Errorf("foreign key check: %w", err)
	}
	defer rows.Close()
	if rows.Next() {
		var table string
		var rowid sql.NullInt64
		var parent string
		var fk int
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			return fmt.Errorf("foreign key check: %w", err)
		}
		return fmt.Errorf("foreign key check: %s row %d points at a missing %s row", table, rowid.Int64, parent)
	}
	return rows.Err()
}

// applyMigration runs m unless it is already recorded (another process
// may have applied it between our check and our transaction).
func (tx *Tx) applyMigration(m migration) error {
	n, err := tx.count(`SELECT count(*) FROM schema_migrations WHERE version = ?`, m.version)
	if err != nil || n > 0 {
		return err
	}
	if _, err := tx.exec(m.body); err != nil {
		return err
	}
	_, err = tx.exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.version, m.name, ms(tx.Now))
	return err
}
