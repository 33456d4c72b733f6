package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/storage"
)

// TestAppealSendCommand covers `chungsuc appeal send`: what it refuses,
// with the reason, and what it queues and prints.
func TestAppealSendCommand(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "cli.db")
	seedSample(t, dbPath)
	addResidents(t, dbPath, "HN-TM-T02", 70000, 3)
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ok := write("ok.txt", "Bà con tổ 2 chú ý: 8 giờ sáng mai tổng vệ sinh.\n")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no subcommand", []string{"appeal"}, 2, "Usage:"},
		{"help", []string{"appeal", "-h"}, 0, "Usage:"},
		{"no unit", []string{"appeal", "send", "-db", dbPath, ok}, 2, "--unit is missing"},
		{"no file", []string{"appeal", "send", "-db", dbPath, "--unit", "HN-TM"}, 2, "exactly one FILE"},
		{"unknown unit", []string{"appeal", "send", "-db", dbPath, "--unit", "XX", ok}, 2, `no unit with code "XX"`},
		{"bad audience", []string{"appeal", "send", "-db", dbPath, "--unit", "HN-TM", "--audience", "everyone", ok}, 2,
			"--audience must be"},
		{"empty", []string{"appeal", "send", "-db", dbPath, "--unit", "HN-TM", write("empty.txt", " \n")}, 2,
			"the appeal is empty"},
		{"too long", []string{"appeal", "send", "-db", dbPath, "--unit", "HN-TM", write("long.txt", strings.Repeat("ạ", 3501))},
			2, "3501 characters long"},
		{"not UTF-8", []string{"appeal", "send", "-db", dbPath, "--unit", "HN-TM", write("latin1.txt", "B\xe0 con")}, 2,
			"not UTF-8"},
		{"missing file", []string{"appeal", "send", "-db", dbPath, "--unit", "HN-TM", filepath.Join(dir, "nope.txt")}, 2,
			"cannot read the appeal"},
		{"nobody", []string{"appeal", "send", "-db", dbPath, "--unit", "HN-HL", ok}, 2, "nobody would receive it"},
		{"flags after the file", []string{"appeal", "send", ok, "-db", dbPath, "--unit", "HN-TM-T02", "--urgent"}, 0,
			"queued for 3 people of HN-TM-T02 (residents)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(context.Background(), tt.args, strings.NewReader(""), &out, &errOut)
			if code != tt.code || !strings.Contains(out.String()+errOut.String(), tt.want) {
				t.Errorf("exit %d, output %q%q; want exit %d with %q", code, out.String(), errOut.String(), tt.code, tt.want)
			}
		})
	}

	// --wait with no bot running says so, and keeps waiting.
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	var out, errOut bytes.Buffer
	code := run(ctx, []string{"appeal", "send", "-db", dbPath, "--unit", "HN-TM", "--urgent", "--wait", ok},
		strings.NewReader(""), &out, &errOut)
	if code != 1 || !strings.Contains(out.String(), "no bot is running on this database") ||
		!strings.Contains(out.String(), "appeal #2: queued, sent 0 of 3") {
		t.Errorf("--wait without a bot: exit %d, %q%q", code, out.String(), errOut.String())
	}

	db, err := storage.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(context.Background(), func(tx *storage.Tx) error {
		list, err := tx.AuditIn(storage.Scope{All: true}, 10, 0)
		if err != nil {
			return err
		}
		if len(list) != 2 || list[0].Actor != storage.ActorOperator || list[0].Action != storage.AuditAppealSend {
			t.Errorf("audit = %+v, want two appeals by the operator", list)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
