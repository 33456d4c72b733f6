package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
	"github.com/chungsuc/chungsuc/storage"
)

// TestStopOnSignal stops the bot with SIGTERM while it answers a load:
// it exits with code 0 within 5 seconds, having checkpointed its
// write-ahead log into a sound database.
func TestStopOnSignal(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the bot as a child process")
	}
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	dbPath := filepath.Join(t.TempDir(), "stop.db")
	seedSample(t, dbPath)
	pushHelp(fake, 400)
	c := startChild(t, fake, dbPath, "CHUNGSUC_TELEGRAM_RATE=200", "CHUNGSUC_TELEGRAM_PAID_BROADCAST=1")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := fake.WaitSent(ctx, 50); err != nil {
		t.Fatalf("no progress: %v\nlogs:\n%s", err, c.logs.String())
	}
	began := time.Now()
	if err := c.term(t); err != nil { // fails the test past 5 s
		t.Fatalf("exit after SIGTERM: %v\nlogs:\n%s", err, c.logs.String())
	}
	t.Logf("stopped %s after SIGTERM", time.Since(began).Round(time.Millisecond))
	if !strings.Contains(c.logs.String(), "stopped on signal") {
		t.Errorf("the log does not say it stopped on the signal:\n%s", c.logs.String())
	}
	if st, err := os.Stat(dbPath + "-wal"); err == nil && st.Size() > 0 {
		t.Errorf("the write-ahead log holds %d bytes after a clean stop, want it checkpointed", st.Size())
	}
	if err := storage.CheckFile(context.Background(), dbPath); err != nil {
		t.Errorf("the database after the stop: %v", err)
	}
}

// TestSecondSignalStopsAtOnce sends SIGTERM while a send hangs (the bot
// waits a moment for it), then a second one: the bot exits at once with
// code 128+SIGTERM.
func TestSecondSignalStopsAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the bot as a child process")
	}
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	dbPath := filepath.Join(t.TempDir(), "stop.db")
	seedSample(t, dbPath)
	fake.FailNext("sendMessage", 1, telegramtest.Stalled(time.Minute))
	c := startChild(t, fake, dbPath)
	fake.PushMessage(telegramtest.User{ID: 4242, FirstName: "Lan"}, "/help")
	for deadline := time.Now().Add(waitLimit); fake.Calls("sendMessage") == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the reply was never sent\nlogs:\n%s", c.logs.String())
		}
	}
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // the first one is being handled: the send in hand is waited for
	err := c.term(t)
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 128+int(syscall.SIGTERM) {
		t.Fatalf("exit after a second SIGTERM: %v, want code %d\nlogs:\n%s", err, 128+int(syscall.SIGTERM), c.logs.String())
	}
	if !strings.Contains(c.logs.String(), "a second signal: stopping at once") {
		t.Errorf("the log does not say why it stopped at once:\n%s", c.logs.String())
	}
}
