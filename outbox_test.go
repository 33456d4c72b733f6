package main

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// recordingSender delivers by remembering the texts it was given; the
// first send waits for proceed once it has said it entered.
type recordingSender struct {
	mu      sync.Mutex
	texts   []string
	sent    chan string
	entered chan struct{}
	proceed chan struct{}
}

func (s *recordingSender) Send(ctx context.Context, m bot.Outgoing) (string, error) {
	if s.entered != nil {
		close(s.entered)
		s.entered = nil
		<-s.proceed
	}
	s.mu.Lock()
	s.texts = append(s.texts, m.Text)
	n := len(s.texts)
	s.mu.Unlock()
	s.sent <- m.Text
	return string(rune('0' + n)), nil
}

// TestDeliveryRecordSurvivesALockedDatabase holds the database's write
// lock from a second connection (as `units import` or `roles grant` do
// for a few seconds) while the dispatcher delivers a message: the record
// of the delivery waits and is saved, the chat's next message follows
// without a restart, and nothing is sent twice.
func TestDeliveryRecordSurvivesALockedDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "locked.db")
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	enqueue := func(text string) {
		t.Helper()
		payload, err := bot.Outgoing{Kind: bot.OutSend, Platform: "console", ChatID: "7", Text: text}.Encode()
		if err != nil {
			t.Fatal(err)
		}
		err = db.Update(ctx, func(tx *storage.Tx) error {
			_, err := tx.Enqueue(storage.OutboxMessage{Platform: "console", ChatID: "7", Kind: "send", Payload: payload})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	enqueue("first")
	enqueue("second")

	other, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(100)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	lock, err := other.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}

	sender := &recordingSender{sent: make(chan string, 10), entered: make(chan struct{}), proceed: make(chan struct{})}
	entered := sender.entered
	disp := &bot.Dispatcher{Platform: "console", Outbox: newOutbox(db), Sender: sender, Workers: 1,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { _ = disp.Run(runCtx); close(done) }()
	defer func() { stop(); <-done }()

	// The first message is claimed and being sent when the lock is
	// taken; the record of its delivery then meets the lock.
	disp.Kick()
	<-entered
	if _, err := lock.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('lock', x'')`); err != nil {
		t.Fatal(err)
	}
	close(sender.proceed)
	if got := <-sender.sent; got != "first" {
		t.Fatalf("first send = %q", got)
	}
	// Hold the lock past the writer's busy timeout (5 s), so the record
	// fails at least once.
	time.Sleep(6 * time.Second)
	if err := lock.Rollback(); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-sender.sent:
		if got != "second" {
			t.Fatalf("second send = %q", got)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the chat's next message was never sent: the first one's record was lost")
	}
	waitCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	disp.Kick()
	if err := disp.WaitIdle(waitCtx); err != nil {
		t.Fatal(err)
	}
	sender.mu.Lock()
	texts := slices.Clone(sender.texts)
	sender.mu.Unlock()
	if want := []string{"first", "second"}; !slices.Equal(texts, want) {
		t.Errorf("sent %q, want %q, each once", texts, want)
	}
	backlog, err := db.OutboxBacklog(ctx)
	if err != nil || backlog != 0 {
		t.Errorf("backlog = %d, %v; want 0: both recorded as sent", backlog, err)
	}
}

// TestMarkSendingADroppedMessage checks that a message dropped after its
// claim (its resident forgotten, its appeal cancelled) is reported to the
// dispatcher as no longer claimed, so that it is not sent.
func TestMarkSendingADroppedMessage(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "dropped.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	payload, err := bot.Outgoing{Kind: bot.OutSend, Platform: "console", ChatID: "7", Text: "x"}.Encode()
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(ctx, func(tx *storage.Tx) error {
		_, err := tx.Enqueue(storage.OutboxMessage{Platform: "console", ChatID: "7", Kind: "send", Payload: payload})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	o := newOutbox(db)
	claimed, err := o.Claim(ctx, "console", 10, true)
	if err != nil || len(claimed) != 1 {
		t.Fatalf("Claim = %v, %v; want one message", claimed, err)
	}
	if err := db.DeleteOutbox(ctx, claimed[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := o.MarkSending(ctx, claimed[0].ID); !errors.Is(err, bot.ErrNotClaimed) {
		t.Errorf("MarkSending = %v, want bot.ErrNotClaimed", err)
	}
}
