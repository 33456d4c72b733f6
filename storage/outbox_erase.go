package storage

import (
	"context"
	"fmt"
)

// DeleteOutbox removes a message from the outbox whatever its status, for
// messages that must leave no trace once delivered. Deleting a message
// that is not there is not an error.
func (db *DB) DeleteOutbox(ctx context.Context, id int64) error {
	return db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.exec(`DELETE FROM outbox WHERE id = ?`, id); err != nil {
			return fmt.Errorf("delete outbox %d: %w", id, dbErr(err))
		}
		return nil
	})
}
