package storage

import (
	"context"
	"fmt"
	"time"
)

// UpdateSeen reports whether the update with that exact id from source
// (e.g. "telegram:123456", the bot's own id) was already applied. Ids are
// compared exactly, never as "at or below the highest": Telegram's ids
// restart at random after a quiet week.
func (tx *Tx) UpdateSeen(source, updateID string) (bool, error) {
	n, err := tx.count(`SELECT count(*) FROM processed_updates WHERE source = ? AND update_id = ?`,
		source, updateID)
	if err != nil {
		return false, fmt.Errorf("check update %s/%s: %w", source, updateID, err)
	}
	return n > 0, nil
}

// FirstSeen records an update as applied and reports whether it is new:
// false means it was applied before (UpdateSeen and RecordUpdate in one
// statement). Call it in the transaction that applies the update's
// effects, before them.
func (tx *Tx) FirstSeen(source, updateID string) (bool, error) {
	res, err := tx.exec(`INSERT INTO processed_updates (source, update_id, processed_at)
		VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, source, updateID, ms(tx.Now))
	if err != nil {
		return false, fmt.Errorf("record update %s/%s: %w", source, updateID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("record update %s/%s: %w", source, updateID, err)
	}
	return n > 0, nil
}

// RecordUpdate marks an update as applied (recording it twice is
// harmless) and, when nextOffset > 0, stores nextOffset as the source's
// next polling offset as given, even if it is lower than the stored one.
// Call it in the transaction that applies the update's effects.
func (tx *Tx) RecordUpdate(source, updateID string, nextOffset int64) error {
	now := ms(tx.Now)
	if _, err := tx.exec(`INSERT INTO processed_updates (source, update_id, processed_at)
		VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, source, updateID, now); err != nil {
		return fmt.Errorf("record update %s/%s: %w", source, updateID, err)
	}
	if nextOffset <= 0 {
		return nil
	}
	if err := tx.SetOffset(source, nextOffset); err != nil {
		return fmt.Errorf("record update %s/%s: %w", source, updateID, err)
	}
	return nil
}

// SetOffset stores the source's next polling offset as given.
func (tx *Tx) SetOffset(source string, nextOffset int64) error {
	_, err := tx.exec(`INSERT INTO update_offsets (source, next_offset, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (source) DO UPDATE SET next_offset = excluded.next_offset,
			updated_at = excluded.updated_at`, source, nextOffset, ms(tx.Now))
	if err != nil {
		return fmt.Errorf("set offset of %s: %w", source, err)
	}
	return nil
}

// Offset returns the source's stored next polling offset, 0 when none.
func (tx *Tx) Offset(source string) (int64, error) {
	n, err := tx.count(`SELECT COALESCE(MAX(next_offset), 0) FROM update_offsets WHERE source = ?`, source)
	if err != nil {
		return 0, fmt.Errorf("get offset of %s: %w", source, err)
	}
	return n, nil
}

// Offset returns the source's stored next polling offset, 0 when none.
func (db *DB) Offset(ctx context.Context, source string) (int64, error) {
	var n int64
	err := db.View(ctx, func(tx *Tx) (err error) {
		n, err = tx.Offset(source)
		return err
	})
	return n, err
}

// PruneUpdates forgets processed update ids recorded before the given
// time (keep at least 48 h) and returns how many it forgot.
func (db *DB) PruneUpdates(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := db.Update(ctx, func(tx *Tx) error {
		res, err := tx.exec(`DELETE FROM processed_updates WHERE processed_at < ?`, ms(before))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("prune updates: %w", err)
	}
	return n, nil
}
