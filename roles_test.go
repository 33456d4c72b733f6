package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// TestRolesGrantTellsTheNewCoordinator grants a role on a unit where a
// report waits: the command says so, the outbox holds the news with the
// report and its buttons, a second grant says nothing new, and a grant
// that overlaps one above it gets a note.
func TestRolesGrantTellsTheNewCoordinator(t *testing.T) {
	clearEnv(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "roles.db")
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportSample(ctx); err != nil {
		t.Fatal(err)
	}
	err = db.Update(ctx, func(tx *storage.Tx) error {
		r, err := tx.TouchResident("telegram", "777", "777", "Dân", "", "vi")
		if err != nil {
			return err
		}
		u, err := tx.UnitByCode("HN-TM-T01")
		if err != nil {
			return err
		}
		_, err = tx.CreateDeed(storage.Deed{ResidentID: r.ID, UnitID: u.ID, Subject: storage.SubjectSelf,
			Description: "Tôi nấu cơm cho chốt kiểm soát."})
		return err
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}

	code, stdout, stderr := runCmd(t, "", "roles", "grant", "-db", path, "telegram:888", "coordinator", "HN-TM")
	if code != 0 {
		t.Fatalf("grant: exit %d, %s", code, stderr)
	}
	if !strings.Contains(stdout, "1 report to review") {
		t.Errorf("grant did not say what waits: %s", stdout)
	}
	db, err = storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []storage.OutboxMessage
	for { // one message of a chat at a time: each is marked sent before the next
		batch, err := db.ClaimOutbox(ctx, "telegram", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(batch) == 0 {
			break
		}
		for _, m := range batch {
			if err := db.MarkSent(ctx, m.ID, "1"); err != nil {
				t.Fatal(err)
			}
		}
		msgs = append(msgs, batch...)
	}
	db.Close()
	var all []string
	buttons := 0
	for _, m := range msgs {
		out, err := bot.DecodeOutgoing(m.Payload)
		if err != nil {
			t.Fatal(err)
		}
		if m.ChatID != "888" {
			t.Errorf("a message went to %s", m.ChatID)
		}
		all = append(all, out.Text)
		buttons += out.Keyboard.Buttons()
	}
	if text := strings.Join(all, "\n"); !strings.Contains(text, "cán bộ phụ trách") || !strings.Contains(text, "chốt kiểm soát") {
		t.Errorf("the new coordinator is not told of the role and the waiting report:\n%s", text)
	}
	if buttons == 0 {
		t.Error("the waiting report came without its buttons")
	}

	code, stdout, stderr = runCmd(t, "", "roles", "grant", "-db", path, "telegram:888", "coordinator", "HN-TM-T01")
	if code != 0 || !strings.Contains(stderr, "note: they are already coordinator of HN-TM") {
		t.Errorf("overlapping grant: exit %d, stdout %q, stderr %q; want a note", code, stdout, stderr)
	}
}
