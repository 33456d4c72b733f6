package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// enqueue adds messages and returns their ids.
func enqueue(tb testing.TB, db *DB, msgs ...OutboxMessage) []int64 {
	tb.Helper()
	var ids []int64
	update(tb, db, func(tx *Tx) error {
		for _, m := range msgs {
			if m.Platform == "" {
				m.Platform = "telegram"
			}
			if m.Kind == "" {
				m.Kind = "send"
			}
			id, err := tx.Enqueue(m)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	return ids
}

func claim(tb testing.TB, db *DB, limit int) []int64 {
	tb.Helper()
	msgs, err := db.ClaimOutbox(context.Background(), "telegram", limit)
	if err != nil {
		tb.Fatalf("ClaimOutbox: %v", err)
	}
	var ids []int64
	for _, m := range msgs {
		if m.Status != StatusSending {
			tb.Errorf("claimed message %d has status %q, want sending", m.ID, m.Status)
		}
		ids = append(ids, m.ID)
	}
	return ids
}

// outboxStatus returns the status of each message, by id.
func outboxStatus(tb testing.TB, db *DB, ids ...int64) []string {
	tb.Helper()
	var out []string
	view(tb, db, func(tx *Tx) error {
		for _, id := range ids {
			m, err := scanOutbox(tx.queryRow(`SELECT `+outboxCols+` FROM outbox WHERE id = ?`, id))
			if err != nil {
				return err
			}
			out = append(out, m.Status)
		}
		return nil
	})
	return out
}

func TestEnqueue(t *testing.T) {
	db, clock := openTest(t)
	var m OutboxMessage
	update(t, db, func(tx *Tx) error {
		id, err := tx.Enqueue(OutboxMessage{Platform: "zalo", ChatID: "c1", ResidentID: 7, Kind: "send",
			Payload: []byte(`{"text":"Xin chào"}`), BatchID: 3, AboutResidentID: 9})
		if err != nil {
			return err
		}
		m, err = scanOutbox(tx.queryRow(`SELECT `+outboxCols+` FROM outbox WHERE id = ?`, id))
		return err
	})
	want := OutboxMessage{ID: m.ID, Platform: "zalo", ChatID: "c1", ResidentID: 7, Kind: "send",
		Payload: []byte(`{"text":"Xin chào"}`), Status: StatusPending, NotBefore: clock.Now(),
		CreatedAt: clock.Now(), BatchID: 3, AboutResidentID: 9}
	if got := fmt.Sprintf("%+v", m); got != fmt.Sprintf("%+v", want) {
		t.Errorf("stored %s\nwant   %+v", got, want)
	}
	t.Run("refuses a message without chat or kind", func(t *testing.T) {
		err := db.Update(context.Background(), func(tx *Tx) error {
			_, err := tx.Enqueue(OutboxMessage{Platform: "telegram", Kind: "send"})
			return err
		})
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("Enqueue = %v, want ErrInvalid", err)
		}
	})
}

func TestClaimOutbox(t *testing.T) {
	ctx := context.Background()
	t.Run("takes replies before bulk, then oldest first", func(t *testing.T) {
		db, _ := openTest(t)
		ids := enqueue(t, db,
			OutboxMessage{ChatID: "a", Priority: 1},
			OutboxMessage{ChatID: "b", Priority: 1},
			OutboxMessage{ChatID: "c", Priority: 0},
			OutboxMessage{ChatID: "d", Priority: 0},
			OutboxMessage{ChatID: "z", Platform: "zalo"},
		)
		if got, want := claim(t, db, 3), []int64{ids[2], ids[3], ids[0]}; !slices.Equal(got, want) {
			t.Errorf("claimed %v, want %v", got, want)
		}
		if got, want := claim(t, db, 10), []int64{ids[1]}; !slices.Equal(got, want) {
			t.Errorf("then claimed %v, want %v", got, want)
		}
	})
	t.Run("a button's answer never waits behind a message being retried", func(t *testing.T) {
		db, clock := openTest(t)
		ids := enqueue(t, db, OutboxMessage{ChatID: "x"})
		if got := claim(t, db, 10); !slices.Equal(got, ids) {
			t.Fatalf("claimed %v, want %v", got, ids)
		}
		if err := db.MarkRetry(ctx, ids[0], clock.Now().Add(time.Minute), "502 Bad Gateway"); err != nil {
			t.Fatal(err)
		}
		later := enqueue(t, db, OutboxMessage{ChatID: "x", Kind: "answer"}, OutboxMessage{ChatID: "x", Kind: "edit"})
		if got, want := claim(t, db, 10), later[:1]; !slices.Equal(got, want) {
			t.Errorf("claimed %v, want only the answer %v: the edit keeps its place behind the retry", got, want)
		}
	})
	t.Run("keeps a chat's order while an earlier message waits to retry", func(t *testing.T) {
		db, clock := openTest(t)
		ids := enqueue(t, db,
			OutboxMessage{ChatID: "x", Priority: 1},
			OutboxMessage{ChatID: "x", Priority: 0}, // a reply, but after x's first message
			OutboxMessage{ChatID: "y"},
		)
		if got, want := claim(t, db, 10), []int64{ids[2], ids[0]}; !slices.Equal(got, want) {
			t.Fatalf("claimed %v, want %v", got, want)
		}
		retryAt := clock.Now().Add(time.Minute)
		if err := db.MarkRetry(ctx, ids[0], retryAt, "429 Too Many Requests"); err != nil {
			t.Fatal(err)
		}
		if got := claim(t, db, 10); len(got) != 0 {
			t.Errorf("claimed %v while x's first message waits, want nothing", got)
		}
		due, ok, err := db.NextDue(ctx, "telegram")
		if err != nil || !ok || !due.Equal(retryAt) {
			t.Errorf("NextDue = %v, %v, %v, want %v, true, nil", due, ok, err, retryAt)
		}
		clock.Advance(time.Minute)
		if got, want := claim(t, db, 10), []int64{ids[0]}; !slices.Equal(got, want) {
			t.Errorf("after the wait claimed %v, want %v", got, want)
		}
		if err := db.MarkSent(ctx, ids[0], "m1"); err != nil {
			t.Fatal(err)
		}
		if got, want := claim(t, db, 10), []int64{ids[1]}; !slices.Equal(got, want) {
			t.Errorf("after the first was sent claimed %v, want %v", got, want)
		}
	})
	t.Run("counts attempts and requeues interrupted messages, counting those started", func(t *testing.T) {
		db, _ := openTest(t)
		ids := enqueue(t, db, OutboxMessage{ChatID: "a"}, OutboxMessage{ChatID: "b"})
		claim(t, db, 10)
		if err := db.MarkSending(ctx, ids[0]); err != nil {
			t.Fatal(err)
		}
		n, err := db.RequeueInterrupted(ctx, "telegram")
		if err != nil {
			t.Fatal(err)
		}
		if got, want := n, int64(1); got != want {
			t.Errorf("requeued %d counted as resent, want %d (the one started)", got, want)
		}
		msgs, err := db.ClaimOutbox(ctx, "telegram", 10)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(msgs), len(ids); got != want {
			t.Fatalf("claimed %d again, want %d", got, want)
		}
		if got, want := msgs[0].Attempts, 2; got != want {
			t.Errorf("attempts = %d, want %d", got, want)
		}
		if got, want := []int{msgs[0].Resent, msgs[1].Resent}, []int{1, 0}; !slices.Equal(got, want) {
			t.Errorf("resent = %v, want %v: the started one put back once after the crash, the other not counted", got, want)
		}
	})
	t.Run("replies only leaves bulk traffic in the outbox", func(t *testing.T) {
		db, _ := openTest(t)
		ids := enqueue(t, db,
			OutboxMessage{ChatID: "a", Priority: 10},
			OutboxMessage{ChatID: "b"},
			OutboxMessage{ChatID: "c", Priority: 10},
			OutboxMessage{ChatID: "d"},
		)
		msgs, err := db.ClaimReplies(ctx, "telegram", 10)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, m := range msgs {
			got = append(got, m.ID)
		}
		if want := []int64{ids[1], ids[3]}; !slices.Equal(got, want) {
			t.Errorf("claimed %v, want the replies %v", got, want)
		}
		if got, want := claim(t, db, 10), []int64{ids[0], ids[2]}; !slices.Equal(got, want) {
			t.Errorf("then claimed %v, want the bulk %v", got, want)
		}
	})
	t.Run("uses its indexes without sorting", func(t *testing.T) {
		db, _ := openTest(t)
		rows, err := db.read.QueryContext(ctx, "EXPLAIN QUERY PLAN "+claimable, "telegram", 0, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		text := strings.Join(plan, "\n")
		for _, want := range []string{"COVERING INDEX outbox_due", "COVERING INDEX outbox_chat"} {
			if !strings.Contains(text, want) {
				t.Errorf("plan lacks %q:\n%s", want, text)
			}
		}
		if strings.Contains(text, "TEMP B-TREE") || strings.Contains(text, "SCAN") {
			t.Errorf("plan scans or sorts:\n%s", text)
		}
	})
}

func TestMarkOutbox(t *testing.T) {
	ctx := context.Background()
	t.Run("sent stores the platform's message id", func(t *testing.T) {
		db, clock := openTest(t)
		ids := enqueue(t, db, OutboxMessage{ChatID: "a"})
		claim(t, db, 1)
		if err := db.MarkSent(ctx, ids[0], "42"); err != nil {
			t.Fatal(err)
		}
		view(t, db, func(tx *Tx) error {
			m, err := scanOutbox(tx.queryRow(`SELECT `+outboxCols+` FROM outbox WHERE id = ?`, ids[0]))
			if got, want := m.Status+"/"+m.PlatformMessageID, "sent/42"; got != want {
				t.Errorf("status/message id = %q, want %q", got, want)
			}
			if !m.SentAt.Equal(clock.Now()) {
				t.Errorf("sent at %v, want %v", m.SentAt, clock.Now())
			}
			return err
		})
	})
	t.Run("only a claimed message can be marked", func(t *testing.T) {
		db, _ := openTest(t)
		ids := enqueue(t, db, OutboxMessage{ChatID: "a"})
		if err := db.MarkSent(ctx, ids[0], "1"); !errors.Is(err, ErrConflict) {
			t.Errorf("MarkSent(pending) = %v, want ErrConflict", err)
		}
		if err := db.MarkFailed(ctx, 999, "x"); !errors.Is(err, ErrNotFound) {
			t.Errorf("MarkFailed(unknown) = %v, want ErrNotFound", err)
		}
	})
	t.Run("failed messages no longer hold up their chat", func(t *testing.T) {
		db, _ := openTest(t)
		ids := enqueue(t, db, OutboxMessage{ChatID: "a"}, OutboxMessage{ChatID: "a"})
		claim(t, db, 10)
		if err := db.MarkFailed(ctx, ids[0], "400 Bad Request"); err != nil {
			t.Fatal(err)
		}
		if got, want := claim(t, db, 10), []int64{ids[1]}; !slices.Equal(got, want) {
			t.Errorf("claimed %v, want %v", got, want)
		}
	})
	t.Run("blocked marks the resident and cancels their chat", func(t *testing.T) {
		db, _ := openTest(t)
		var r Resident
		update(t, db, func(tx *Tx) (err error) {
			r, err = tx.TouchResident("telegram", "u1", "c1", "An", "", "vi")
			return err
		})
		ids := enqueue(t, db,
			OutboxMessage{ChatID: "c1", ResidentID: r.ID},
			OutboxMessage{ChatID: "c1", ResidentID: r.ID, Priority: 1},
			OutboxMessage{ChatID: "c2"},
		)
		claim(t, db, 1)
		if err := db.MarkBlocked(ctx, ids[0], "403 Forbidden: bot was blocked by the user"); err != nil {
			t.Fatal(err)
		}
		if got, want := outboxStatus(t, db, ids...), []string{"blocked", "cancelled", "pending"}; !slices.Equal(got, want) {
			t.Errorf("statuses %v, want %v", got, want)
		}
		view(t, db, func(tx *Tx) error {
			r, err := tx.ResidentByID(r.ID)
			if got, want := r.Stopped(), true; got != want {
				t.Errorf("resident stopped = %v, want %v", got, want)
			}
			if r.BlockedAt.IsZero() {
				t.Errorf("resident blocked_at is not set")
			}
			return err
		})
		if got, want := claim(t, db, 10), []int64{ids[2]}; !slices.Equal(got, want) {
			t.Errorf("claimed %v, want %v", got, want)
		}
	})
}

func TestMarkBlockedIsOneTransaction(t *testing.T) {
	// A resident row that cannot be updated makes MarkBlocked fail: the
	// delivery then stays sending, not blocked with its resident unmarked.
	ctx := context.Background()
	db, _ := openTest(t)
	var r Resident
	update(t, db, func(tx *Tx) (err error) {
		r, err = tx.TouchResident("telegram", "u1", "c1", "An", "", "vi")
		if err != nil {
			return err
		}
		_, err = tx.exec(`CREATE TRIGGER no_block BEFORE UPDATE OF blocked_at ON residents
			BEGIN SELECT RAISE(ABORT, 'residents are read-only'); END`)
		return err
	})
	ids := enqueue(t, db, OutboxMessage{ChatID: "c1", ResidentID: r.ID})
	claim(t, db, 1)
	if err := db.MarkBlocked(ctx, ids[0], "403 Forbidden: bot was blocked by the user"); err == nil {
		t.Fatal("MarkBlocked succeeded although the resident could not be marked")
	}
	if got, want := outboxStatus(t, db, ids...), []string{"sending"}; !slices.Equal(got, want) {
		t.Errorf("statuses %v, want %v: the delivery's status rolled back with the resident", got, want)
	}
	update(t, db, func(tx *Tx) error { _, err := tx.exec(`DROP TRIGGER no_block`); return err })
	if err := db.MarkBlocked(ctx, ids[0], "403 Forbidden: bot was blocked by the user"); err != nil {
		t.Fatal(err)
	}
	view(t, db, func(tx *Tx) error {
		r, err := tx.ResidentByID(r.ID)
		if r.BlockedAt.IsZero() {
			t.Errorf("resident blocked_at is not set")
		}
		return err
	})
	if got, want := outboxStatus(t, db, ids...), []string{"blocked"}; !slices.Equal(got, want) {
		t.Errorf("statuses %v, want %v", got, want)
	}
}

// resentOf returns the resent count of each message, by id.
func resentOf(tb testing.TB, db *DB, ids ...int64) []int {
	tb.Helper()
	var got []int
	view(tb, db, func(tx *Tx) error {
		for _, id := range ids {
			m, err := scanOutbox(tx.queryRow(`SELECT `+outboxCols+` FROM outbox WHERE id = ?`, id))
			if err != nil {
				return err
			}
			got = append(got, m.Resent)
		}
		return nil
	})
	return got
}

// startedAt returns the started_at of each message, by id (0: not set).
func startedAt(tb testing.TB, db *DB, ids ...int64) []int64 {
	tb.Helper()
	var got []int64
	view(tb, db, func(tx *Tx) error {
		for _, id := range ids {
			n, err := tx.count(`SELECT COALESCE(started_at, 0) FROM outbox WHERE id = ?`, id)
			if err != nil {
				return err
			}
			got = append(got, n)
		}
		return nil
	})
	return got
}

func TestRequeueCountsResent(t *testing.T) {
	ctx := context.Background()
	db, clock := openTest(t)
	ids := enqueue(t, db, OutboxMessage{ChatID: "a"}, OutboxMessage{ChatID: "b"}, OutboxMessage{ChatID: "c"},
		OutboxMessage{ChatID: "d"})
	claim(t, db, 10)
	for _, id := range ids[:3] { // d is claimed, its request not started
		if err := db.MarkSending(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	clock.Advance(time.Minute)
	n, err := db.RequeueStale(ctx, "telegram", clock.Now(), []int64{ids[1]})
	if err != nil || n != 2 {
		t.Fatalf("RequeueStale = %d, %v, want 2 (a and c; b is in flight, d never started), nil", n, err)
	}
	if got, want := outboxStatus(t, db, ids...), []string{"pending", "sending", "pending", "pending"}; !slices.Equal(got, want) {
		t.Errorf("after the sweep: %v, want %v", got, want)
	}
	claim(t, db, 10) // a, c and d again; b is still in a dispatcher's hands
	for _, id := range []int64{ids[0], ids[2]} {
		if err := db.MarkSending(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	n, err = db.RequeueInterrupted(ctx, "telegram")
	if err != nil || n != 3 {
		t.Fatalf("RequeueInterrupted = %d, %v, want 3 (a, b and c; not d), nil", n, err)
	}
	if got, want := resentOf(t, db, ids...), []int{2, 1, 2, 0}; !slices.Equal(got, want) {
		t.Errorf("resent = %v, want %v", got, want)
	}
	if got, want := startedAt(t, db, ids...), []int64{0, 0, 0, 0}; !slices.Equal(got, want) {
		t.Errorf("started_at = %v, want none once pending", got)
	}
	t.Run("a message settled normally is never counted", func(t *testing.T) {
		ids := enqueue(t, db, OutboxMessage{ChatID: "e"})
		claimed := claim(t, db, 10)
		if !slices.Contains(claimed, ids[0]) {
			t.Fatalf("claimed %v, want %d among them", claimed, ids[0])
		}
		if err := db.MarkSending(ctx, ids[0]); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkSent(ctx, ids[0], "1"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RequeueInterrupted(ctx, "telegram"); err != nil {
			t.Fatal(err)
		}
		if got := resentOf(t, db, ids[0]); got[0] != 0 {
			t.Errorf("resent = %d, want 0", got[0])
		}
	})
}

func TestMarkSending(t *testing.T) {
	ctx := context.Background()
	db, clock := openTest(t)
	ids := enqueue(t, db, OutboxMessage{ChatID: "a"}, OutboxMessage{ChatID: "b"})
	t.Run("only a claimed message can be marked", func(t *testing.T) {
		if err := db.MarkSending(ctx, ids[0]); !errors.Is(err, ErrConflict) {
			t.Errorf("MarkSending(pending) = %v, want ErrConflict", err)
		}
		if err := db.MarkSending(ctx, 999); !errors.Is(err, ErrNotFound) {
			t.Errorf("MarkSending(unknown) = %v, want ErrNotFound", err)
		}
	})
	claim(t, db, 10)
	if err := db.MarkSending(ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkSending(ctx, ids[1]); err != nil {
		t.Fatal(err)
	}
	if got, want := startedAt(t, db, ids...), []int64{clock.Now().UnixMilli(), clock.Now().UnixMilli()}; !slices.Equal(got, want) {
		t.Errorf("started_at = %v, want %v", got, want)
	}
	t.Run("a message put back is no longer started", func(t *testing.T) {
		if err := db.MarkRetry(ctx, ids[0], clock.Now(), "502"); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkDeferred(ctx, ids[1], clock.Now(), "429"); err != nil {
			t.Fatal(err)
		}
		if got, want := startedAt(t, db, ids...), []int64{0, 0}; !slices.Equal(got, want) {
			t.Errorf("started_at = %v, want %v", got, want)
		}
		claim(t, db, 10)
		if n, err := db.RequeueInterrupted(ctx, "telegram"); err != nil || n != 0 {
			t.Errorf("RequeueInterrupted = %d, %v; want 0 counted: claimed again, never started", n, err)
		}
	})
}

// TestMigration007 checks that messages an older release left sending
// keep being counted as resent after the upgrade: that release did not
// record when a request started, so any of them may have been sent.
func TestMigration007(t *testing.T) {
	ctx := context.Background()
	old, path, _ := openAtVersion(t, 6)
	for _, q := range []string{
		`INSERT INTO outbox (id, platform, chat_id, kind, payload, status, not_before, created_at, claimed_at)
			VALUES (1, 'telegram', '11', 'send', x'', 'sending', 0, 0, 5), (2, 'telegram', '22', 'send', x'', 'pending', 0, 0, NULL)`,
	} {
		if _, err := old.write.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	old.write.Close()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open migrated: %v", err)
	}
	defer db.Close()
	if got, want := startedAt(t, db, 1, 2), []int64{5, 0}; !slices.Equal(got, want) {
		t.Errorf("started_at = %v, want %v", got, want)
	}
	if n, err := db.RequeueInterrupted(ctx, "telegram"); err != nil || n != 1 {
		t.Errorf("RequeueInterrupted = %d, %v; want 1", n, err)
	}
}

func TestOutboxBatchIndex(t *testing.T) {
	db, _ := openTest(t)
	rows, err := db.read.QueryContext(context.Background(),
		"EXPLAIN QUERY PLAN SELECT status, count(*) FROM outbox WHERE batch_id = ? GROUP BY status", 1)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if text := strings.Join(plan, "\n"); !strings.Contains(text, "COVERING INDEX outbox_batch_status") || strings.Contains(text, "TEMP B-TREE") {
		t.Errorf("counting an appeal's deliveries by status does not use outbox_batch_status alone:\n%s", text)
	}
}

func TestOutboxHousekeeping(t *testing.T) {
	ctx := context.Background()
	db, clock := openTest(t)
	ids := enqueue(t, db, OutboxMessage{ChatID: "a"}, OutboxMessage{ChatID: "b"}, OutboxMessage{ChatID: "c"})
	claim(t, db, 2)
	if err := db.MarkSent(ctx, ids[0], ""); err != nil {
		t.Fatal(err)
	}
	t.Run("backlog counts pending and sending", func(t *testing.T) {
		n, err := db.OutboxBacklog(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := n, int64(2); got != want {
			t.Errorf("backlog = %d, want %d", got, want)
		}
	})
	t.Run("next due is the earliest claimable message", func(t *testing.T) {
		due, ok, err := db.NextDue(ctx, "telegram")
		if err != nil || !ok || !due.Equal(clock.Now()) {
			t.Errorf("NextDue = %v, %v, %v, want %v, true, nil", due, ok, err, clock.Now())
		}
		_, ok, err = db.NextDue(ctx, "zalo")
		if err != nil || ok {
			t.Errorf("NextDue(zalo) ok = %v, %v, want false, nil", ok, err)
		}
	})
	t.Run("prune removes only finished old messages", func(t *testing.T) {
		n, err := db.PruneOutbox(ctx, clock.Now().Add(time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := n, int64(1); got != want {
			t.Errorf("pruned %d, want %d", got, want)
		}
		n, err = db.OutboxBacklog(ctx)
		if got, want := n, int64(2); err != nil || got != want {
			t.Errorf("backlog after prune = %d, %v, want %d", got, err, want)
		}
	})
}

func BenchmarkClaimOutbox(b *testing.B) {
	db, _ := openTest(b)
	ctx := context.Background()
	update(b, db, func(tx *Tx) error {
		for i := 0; i < 100_000; i++ {
			_, err := tx.Enqueue(OutboxMessage{Platform: "telegram", ChatID: fmt.Sprint(i), Kind: "send",
				Priority: i % 2, Payload: []byte(`{"text":"Lời kêu gọi"}`)})
			if err != nil {
				return err
			}
		}
		return nil
	})
	for b.Loop() {
		msgs, err := db.ClaimOutbox(ctx, "telegram", 30)
		if err != nil {
			b.Fatal(err)
		}
		if len(msgs) < 30 {
			b.StopTimer()
			if _, err := db.RequeueInterrupted(ctx, "telegram"); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
	}
}
