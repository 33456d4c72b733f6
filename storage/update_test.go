package storage

import (
	"context"
	"fmt"
	"testing"
	"time"
)

func TestUpdateBookkeeping(t *testing.T) {
	ctx := context.Background()
	db, clock := openTest(t)
	const src = "telegram:123456"
	record := func(id string, next int64) {
		t.Helper()
		update(t, db, func(tx *Tx) error { return tx.RecordUpdate(src, id, next) })
	}
	offset := func() int64 {
		t.Helper()
		n, err := db.Offset(ctx, src)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	t.Run("no offset before the first update", func(t *testing.T) {
		if got, want := offset(), int64(0); got != want {
			t.Errorf("offset = %d, want %d", got, want)
		}
	})
	record("100", 101)
	t.Run("a recorded update is seen, others are not", func(t *testing.T) {
		view(t, db, func(tx *Tx) error {
			for _, tc := range []struct {
				source, id string
				want       bool
			}{{src, "100", true}, {src, "99", false}, {"telegram:999", "100", false}} {
				got, err := tx.UpdateSeen(tc.source, tc.id)
				if err != nil {
					return err
				}
				if got != tc.want {
					t.Errorf("UpdateSeen(%s, %s) = %v, want %v", tc.source, tc.id, got, tc.want)
				}
			}
			return nil
		})
		if got, want := offset(), int64(101); got != want {
			t.Errorf("offset = %d, want %d", got, want)
		}
	})
	t.Run("the offset is what was given even when lower", func(t *testing.T) {
		record("7", 8) // ids restarted at random after a quiet week
		if got, want := offset(), int64(8); got != want {
			t.Errorf("offset = %d, want %d", got, want)
		}
	})
	t.Run("offset 0 leaves it alone and recording twice is harmless", func(t *testing.T) {
		record("7", 0)
		if got, want := offset(), int64(8); got != want {
			t.Errorf("offset = %d, want %d", got, want)
		}
	})
	t.Run("prune forgets old ids only", func(t *testing.T) {
		clock.Advance(49 * time.Hour)
		record("8", 9)
		n, err := db.PruneUpdates(ctx, clock.Now().Add(-48*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := n, int64(2); got != want {
			t.Errorf("pruned %d, want %d", got, want)
		}
		view(t, db, func(tx *Tx) error {
			seen, err := tx.UpdateSeen(src, "8")
			if !seen {
				t.Error("recent update 8 was pruned")
			}
			return err
		})
	})
}

// BenchmarkUpdateTx measures the transaction the bot commits per update:
// the resident, one reply and the update id.
func BenchmarkUpdateTx(b *testing.B) {
	db, _ := openTest(b)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		i++
		err := db.Update(ctx, func(tx *Tx) error {
			user := fmt.Sprint(i % 1000)
			r, err := tx.TouchResident("telegram", user, user, "Nguyễn Văn An", "an", "vi")
			if err != nil {
				return err
			}
			if _, err := tx.Enqueue(OutboxMessage{Platform: "telegram", ChatID: r.ChatID, ResidentID: r.ID,
				Kind: "send", Payload: []byte(`{"text":"Cảm ơn bạn đã điểm danh"}`)}); err != nil {
				return err
			}
			return tx.RecordUpdate("telegram:1", fmt.Sprint(i), int64(i+1))
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
