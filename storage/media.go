package storage

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// KeepMedia keeps an image the bot made (a digest's chart) under its
// SHA-256, in the transaction of the message that shows it, and returns
// the hash. Keeping the same bytes again changes nothing; images nothing
// refers to are pruned after a day, once sent.
func (tx *Tx) KeepMedia(mime string, data []byte) (string, error) {
	if len(data) == 0 || len(data) > MaxMedia {
		return "", fmt.Errorf("keep media of %d bytes: %w", len(data), ErrInvalid)
	}
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	if _, err := tx.exec(`INSERT INTO media (hash, mime, size, data, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (hash) DO NOTHING`, hash, mime, len(data), data, ms(tx.Now)); err != nil {
		return "", fmt.Errorf("keep media: %w", dbErr(err))
	}
	return hash, nil
}
