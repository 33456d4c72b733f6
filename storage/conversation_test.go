package storage

import (
	"errors"
	"testing"
	"time"
)

func TestConversation(t *testing.T) {
	db, clock := openTest(t)
	r := touch(t, db, "1", "An")
	get := func() (Conversation, error) {
		var c Conversation
		err := db.View(t.Context(), func(tx *Tx) (err error) {
			c, err = tx.Conversation(r.ID)
			return err
		})
		return c, err
	}
	t.Run("none at first", func(t *testing.T) {
		if _, err := get(); !errors.Is(err, ErrNotFound) {
			t.Errorf("error = %v, want ErrNotFound", err)
		}
	})
	t.Run("saves and replaces", func(t *testing.T) {
		update(t, db, func(tx *Tx) error {
			return tx.SaveConversation(Conversation{ResidentID: r.ID, Flow: "deed", Step: "photo", Nonce: 1})
		})
		clock.Advance(time.Minute)
		update(t, db, func(tx *Tx) error {
			return tx.SaveConversation(Conversation{ResidentID: r.ID, Flow: "deed", Step: "text",
				Data: []byte(`{"photo":"abc"}`), Nonce: 2})
		})
		c, err := get()
		if err != nil {
			t.Fatal(err)
		}
		if c.Step != "text" || string(c.Data) != `{"photo":"abc"}` || c.Nonce != 2 || !c.UpdatedAt.Equal(clock.Now()) {
			t.Errorf("conversation = %+v, want step text, data, nonce 2, updated now", c)
		}
	})
	t.Run("clears, also when there is none", func(t *testing.T) {
		for i := 0; i < 2; i++ {
			update(t, db, func(tx *Tx) error { return tx.ClearConversation(r.ID) })
		}
		if _, err := get(); !errors.Is(err, ErrNotFound) {
			t.Errorf("error = %v, want ErrNotFound", err)
		}
	})
	t.Run("refuses an unknown resident", func(t *testing.T) {
		err := db.Update(t.Context(), func(tx *Tx) error {
			return tx.SaveConversation(Conversation{ResidentID: 9999, Flow: "deed"})
		})
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("error = %v, want ErrNotFound", err)
		}
	})
}
