package storage

import (
	"fmt"
	"time"
)

// Conversation is the state of a multi-step flow with one resident (for
// example reporting a deed: photo, then description, then confirmation).
// It survives restarts. Nonce is the caller's: typically increased on each
// step so that a button from an older step can be recognised as stale.
type Conversation struct {
	ResidentID int64
	Flow       string
	Step       string
	Data       []byte // the flow's own JSON
	Nonce      int64
	UpdatedAt  time.Time
}

// Conversation returns the resident's current conversation, or ErrNotFound
// when there is none.
func (tx *Tx) Conversation(residentID int64) (Conversation, error) {
	c := Conversation{ResidentID: residentID}
	var updated int64
	err := tx.queryRow(`SELECT flow, step, data, nonce, updated_at FROM conversations
		WHERE resident_id = ?`, residentID).Scan(&c.Flow, &c.Step, &c.Data, &c.Nonce, &updated)
	if err != nil {
		return Conversation{}, fmt.Errorf("get conversation of resident %d: %w", residentID, dbErr(err))
	}
	c.UpdatedAt = time.UnixMilli(updated).UTC()
	return c, nil
}

// SaveConversation creates or replaces the resident's conversation, with
// UpdatedAt set to the transaction's time. It returns ErrInvalid when
// Flow is empty and ErrNotFound for an unknown resident.
func (tx *Tx) SaveConversation(c Conversation) error {
	if c.Flow == "" {
		return fmt.Errorf("save conversation of resident %d: empty flow: %w", c.ResidentID, ErrInvalid)
	}
	_, err := tx.exec(`INSERT INTO conversations (resident_id, flow, step, data, nonce, updated_at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (resident_id) DO UPDATE SET flow = excluded.flow, step = excluded.step,
			data = excluded.data, nonce = excluded.nonce, updated_at = excluded.updated_at`,
		c.ResidentID, c.Flow, c.Step, c.Data, c.Nonce, ms(tx.Now))
	if err != nil {
		return fmt.Errorf("save conversation of resident %d: %w", c.ResidentID, dbErr(err))
	}
	return nil
}

// ClearConversation ends the resident's conversation; clearing when there
// is none is not an error.
func (tx *Tx) ClearConversation(residentID int64) error {
	if _, err := tx.exec(`DELETE FROM conversations WHERE resident_id = ?`, residentID); err != nil {
		return fmt.Errorf("clear conversation of resident %d: %w", residentID, err)
	}
	return nil
}
