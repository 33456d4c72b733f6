package storage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// TextMenuLife is how long a text menu's numbers stay valid.
const TextMenuLife = 48 * time.Hour

// SetTextMenu keeps size choices (an opaque encoding) as the text menu of
// the message carrier in a chat, in place of the menu of the message
// replaces, if any (an edit sent as a new message), and returns the
// number of its first choice: the first after every other menu still
// valid in the chat, so that no two share a number. reply marks a reply
// keyboard's choices. A menu that is not standing (a step of the
// person's own conversation) also takes the place of every other such
// menu of the chat: only standing ones (a ticket, a report to review)
// keep their numbers beside it. The menu of an edit of a standing
// message stands.
func (db *DB) SetTextMenu(ctx context.Context, platform, chatID, carrier, replaces string, size int, reply, standing bool,
	choices []byte) (first int, err error) {
	err = db.Update(ctx, func(tx *Tx) error {
		if replaces != "" && !standing { // an edit of a standing message stands too
			var was int
			err := tx.queryRow(`SELECT standing FROM text_menus WHERE platform = ? AND chat_id = ? AND carrier = ?`,
				platform, chatID, replaces).Scan(&was)
			if err != nil && !errors.Is(dbErr(err), ErrNotFound) {
				return err
			}
			standing = was == 1
		}
		if _, err := tx.exec(`DELETE FROM text_menus WHERE platform = ? AND chat_id = ?
			AND (carrier IN (?, ?) OR updated_at < ? OR (? = 0 AND standing = 0))`,
			platform, chatID, carrier, replaces, ms(tx.Now.Add(-TextMenuLife)), standing); err != nil {
			return err
		}
		if err := tx.queryRow(`SELECT COALESCE(MAX(first_number + size), 1) FROM text_menus
			WHERE platform = ? AND chat_id = ?`, platform, chatID).Scan(&first); err != nil {
			return err
		}
		_, err := tx.exec(`INSERT INTO text_menus (platform, chat_id, carrier, first_number, size, reply, standing,
				choices, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			platform, chatID, carrier, first, size, reply, standing, choices, ms(tx.Now))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("set text menu: %w", err)
	}
	return first, nil
}

// RenameTextMenu gives the menu kept under a provisional carrier the
// platform's id of its message.
func (db *DB) RenameTextMenu(ctx context.Context, platform, chatID, from, to string) error {
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.exec(`UPDATE OR REPLACE text_menus SET carrier = ? WHERE platform = ? AND chat_id = ? AND carrier = ?`,
			to, platform, chatID, from)
		if err != nil {
			return fmt.Errorf("rename text menu: %w", err)
		}
		return nil
	})
}

// ClearTextMenu forgets the menu of the message carrier in a chat, or,
// with carrier "", the chat's reply-keyboard menus.
func (db *DB) ClearTextMenu(ctx context.Context, platform, chatID, carrier string) error {
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.exec(`DELETE FROM text_menus WHERE platform = ? AND chat_id = ?
			AND (carrier = ? OR (? = '' AND reply = 1))`, platform, chatID, carrier, carrier)
		if err != nil {
			return fmt.Errorf("clear text menu: %w", err)
		}
		return nil
	})
}

// TextMenuWith returns the menu of a chat that holds choice number n: its
// carrier, its choices and the number of its first choice (choices nil
// when no valid menu holds n).
func (db *DB) TextMenuWith(ctx context.Context, platform, chatID string, n int) (carrier string, choices []byte, first int, err error) {
	err = db.View(ctx, func(tx *Tx) error {
		err := tx.queryRow(`SELECT carrier, choices, first_number FROM text_menus
			WHERE platform = ? AND chat_id = ? AND first_number <= ?3 AND ?3 < first_number + size
			AND updated_at >= ?4`, platform, chatID, n, ms(tx.Now.Add(-TextMenuLife))).Scan(&carrier, &choices, &first)
		if err != nil {
			err = dbErr(err)
		}
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return "", nil, 0, nil
	}
	if err != nil {
		return "", nil, 0, fmt.Errorf("text menu: %w", err)
	}
	return carrier, choices, first, nil
}

// MaxMedia is the largest photo kept (10 MB).
const MaxMedia = 10 << 20

// PutMedia keeps a photo's bytes under their SHA-256 and returns it (hex).
// Keeping the same bytes again changes nothing.
func (db *DB) PutMedia(ctx context.Context, mime string, data []byte) (string, error) {
	if len(data) == 0 || len(data) > MaxMedia {
		return "", fmt.Errorf("media of %d bytes: %w", len(data), ErrInvalid)
	}
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	err := db.Update(ctx, func(tx *Tx) error {
		_, err := tx.exec(`INSERT INTO media (hash, mime, size, data, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (hash) DO NOTHING`, hash, mime, len(data), data, ms(tx.Now))
		return err
	})
	if err != nil {
		return "", fmt.Errorf("put media: %w", err)
	}
	return hash, nil
}

// Media returns the bytes and type of the photo kept under hash, or
// ErrNotFound.
func (db *DB) Media(ctx context.Context, hash string) (data []byte, mime string, err error) {
	err = db.View(ctx, func(tx *Tx) error {
		return dbErr(tx.queryRow(`SELECT data, mime FROM media WHERE hash = ?`, hash).Scan(&data, &mime))
	})
	if err != nil {
		return nil, "", fmt.Errorf("media %.12s: %w", hash, err)
	}
	return data, mime, nil
}

// PruneMedia deletes the photos kept before the given time that no deed
// no practice and no appeal, sent or scheduled, shows (photos people sent outside a
// report, or in a report they never finished): it returns how many went.
func (db *DB) PruneMedia(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		n, err = tx.execCount(`DELETE FROM media WHERE created_at < ?
			AND hash NOT IN (SELECT media_hash FROM deed_photos)
			AND hash NOT IN (SELECT photo_media FROM appeals)
			AND hash NOT IN (SELECT photo_media FROM appeal_templates)
			AND hash NOT IN (SELECT photo_media FROM practices)`, ms(before))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("prune media: %w", err)
	}
	return n, nil
}

// InboxUpdate is an update received by webhook and not yet applied.
type InboxUpdate struct {
	ID         int64
	Platform   string
	Key        string
	Body       []byte
	ReceivedAt time.Time
}

// PutInbox stores an update received by webhook, unless one of platform
// with the same key is already there or was applied (then stored is
// false): a delivery repeated by the platform is kept once.
func (db *DB) PutInbox(ctx context.Context, platform, key string, body []byte) (stored bool, err error) {
	// Webhook calls arrive concurrently: their inserts share commits.
	err = db.group.doSingle(ctx, db, func(tx *Tx) error {
		res, err := tx.exec(`INSERT INTO inbox (platform, key, body, received_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (platform, key) DO NOTHING`, platform, key, body, ms(tx.Now))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		stored = n > 0
		return err
	})
	if err != nil {
		return false, fmt.Errorf("put inbox: %w", err)
	}
	return stored, nil
}

// Inbox returns up to limit updates of the given platforms waiting in the
// inbox, oldest first.
func (db *DB) Inbox(ctx context.Context, platforms []string, limit int) ([]InboxUpdate, error) {
	list, err := json.Marshal(platforms)
	if err != nil {
		return nil, err
	}
	var out []InboxUpdate
	err = db.View(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT id, platform, key, body, received_at FROM inbox
			WHERE platform IN (SELECT value FROM json_each(?)) ORDER BY id LIMIT ?`, string(list), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var u InboxUpdate
			var at int64
			if err := rows.Scan(&u.ID, &u.Platform, &u.Key, &u.Body, &at); err != nil {
				return err
			}
			u.ReceivedAt = time.UnixMilli(at).UTC()
			out = append(out, u)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("read inbox: %w", err)
	}
	return out, nil
}

// DropInbox deletes an update from the inbox; call it in the transaction
// that applies it.
func (tx *Tx) DropInbox(id int64) error {
	if _, err := tx.exec(`DELETE FROM inbox WHERE id = ?`, id); err != nil {
		return fmt.Errorf("drop inbox %d: %w", id, err)
	}
	return nil
}

// DropInboxUpTo deletes the updates of the given platforms up to id (the
// last of a batch read with Inbox), once they are applied.
func (db *DB) DropInboxUpTo(ctx context.Context, platforms []string, id int64) error {
	list, err := json.Marshal(platforms)
	if err != nil {
		return err
	}
	err = db.Update(ctx, func(tx *Tx) error {
		_, err := tx.exec(`DELETE FROM inbox WHERE id <= ? AND platform IN (SELECT value FROM json_each(?))`,
			id, string(list))
		return err
	})
	if err != nil {
		return fmt.Errorf("drop inbox: %w", err)
	}
	return nil
}
