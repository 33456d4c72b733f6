package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
)

// TestMain lets the test binary play the bot as a child process: with
// CHUNGSUC_TEST_CHILD=1 it runs the program (configured by environment)
// instead of the tests.
func TestMain(m *testing.M) {
	if os.Getenv("CHUNGSUC_TEST_CHILD") == "1" {
		ctx, stop := signalContext(os.Stderr)
		code := run(ctx, []string{"run"}, os.Stdin, os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// child is the bot running as a separate process.
type child struct {
	cmd  *exec.Cmd
	logs *syncBuffer
	done chan error
}

// startChild starts the bot as a child process, configured by its
// environment, plus env ("KEY=value").
func startChild(t *testing.T, fake *telegramtest.Server, dbPath string, env ...string) *child {
	t.Helper()
	c := &child{logs: &syncBuffer{}, done: make(chan error, 1)}
	c.cmd = exec.Command(os.Args[0], "-test.run=^$")
	c.cmd.Env = append(os.Environ(), "CHUNGSUC_TEST_CHILD=1", "TELEGRAM_TOKEN="+fake.Token(),
		"TELEGRAM_API_ENDPOINT="+fake.Endpoint(), "CHUNGSUC_DB="+dbPath, "CHUNGSUC_ADMINS=", "CHUNGSUC_LANG=vi")
	c.cmd.Env = append(c.cmd.Env, env...)
	c.cmd.Stdout, c.cmd.Stderr = &bytes.Buffer{}, c.logs
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { c.done <- c.cmd.Wait() }()
	t.Cleanup(func() { _ = c.cmd.Process.Kill() })
	return c
}

// kill ends the child with SIGKILL: no chance to finish anything.
func (c *child) kill(t *testing.T) {
	t.Helper()
	if err := c.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-c.done
}

// term ends the child with SIGTERM and returns its exit error.
func (c *child) term(t *testing.T) error {
	t.Helper()
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-c.done:
		return err
	case <-time.After(5 * time.Second):
		t.Fatalf("the bot did not exit within 5 s of SIGTERM\nlogs:\n%s", c.logs.String())
	}
	return nil
}

// crashRate is the sending rate of TestKillAndRestartLosesNothingAndRepeatsNothing's
// bot. Every message there is a reply, which the dispatcher's rate
// limits as it does bulk messages (paid broadcasts, which allow a rate
// above 30, are for bulk messages only: Telegram would hold real replies
// to about 30 a second, the fake does not); at 25 a second its 2,000
// replies took 80 s, at crashRate about 10 s, each chat still paced.
const crashRate = 200

// TestKillAndRestartLosesNothingAndRepeatsNothing kills the bot with
// SIGKILL three times while it answers 2,000 updates: after the last
// restart every update is answered once in the outbox, and the replies
// sent twice (sent, then killed before the send was recorded) are at most
// the sends in flight at each kill.
func TestKillAndRestartLosesNothingAndRepeatsNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the bot as a child process several times")
	}
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	dbPath := filepath.Join(t.TempDir(), "crash.db")
	seedSample(t, dbPath)

	const users, each, kills = 200, 10, 3
	total := users * each
	for i := 0; i < each; i++ {
		for u := 0; u < users; u++ {
			fake.PushMessage(telegramtest.User{ID: int64(10000 + u), FirstName: "Cư dân"}, "/help")
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rate := []string{fmt.Sprintf("CHUNGSUC_TELEGRAM_RATE=%d", crashRate), "CHUNGSUC_TELEGRAM_PAID_BROADCAST=1"}
	for k := 1; k <= kills; k++ {
		c := startChild(t, fake, dbPath, rate...)
		if err := fake.WaitSent(ctx, total*k/(kills+1)); err != nil {
			t.Fatalf("run %d made no progress: %v\nlogs:\n%s", k, err, c.logs.String())
		}
		c.kill(t)
	}
	c := startChild(t, fake, dbPath, rate...)
	err := fake.WaitFor(ctx, func([]telegramtest.Sent) bool {
		return replyCount(fake, users, each) == users
	})
	if err != nil {
		t.Fatalf("not every update was answered after the restarts: %v\nlogs:\n%s", err, c.logs.String())
	}
	if err := c.term(t); err != nil {
		t.Fatalf("exit after SIGTERM: %v\nlogs:\n%s", err, c.logs.String())
	}

	applied, perChat := appliedCounts(t, dbPath)
	if applied != total {
		t.Errorf("updates recorded as applied = %d, want %d", applied, total)
	}
	for chat, n := range perChat {
		if n != each {
			t.Errorf("chat %s has %d replies in the outbox, want %d (an update lost or applied twice)", chat, n, each)
		}
	}
	if len(perChat) != users {
		t.Errorf("%d chats in the outbox, want %d", len(perChat), users)
	}
	dups := len(fake.Sent()) - total
	resent := resentCount(t, dbPath)
	t.Logf("%d updates, %d kills: %d messages sent twice (a crash between a send and its record); %d counted as resent",
		total, kills, dups, resent)
	// At a kill, at most the dispatcher's workers have a send in flight.
	workers := crashRate / 4
	if dups > kills*workers {
		t.Errorf("%d duplicate sends, more than the %d sends in flight at %d kills", dups, kills*workers, kills)
	}
	if resent < dups || resent > kills*workers {
		t.Errorf("%d messages counted as resent, want between the %d duplicates and the %d sends in flight at %d kills",
			resent, dups, kills*workers, kills)
	}
}

// replyCount is how many of the users have received at least each replies.
func replyCount(fake *telegramtest.Server, users, each int) int {
	got := map[int64]int{}
	for _, s := range fake.Sent() {
		got[s.ChatID]++
	}
	done := 0
	for u := 0; u < users; u++ {
		if got[int64(10000+u)] >= each {
			done++
		}
	}
	return done
}

// resentCount reads, from the database, how many times a message was put
// back after a crash with its request started.
func resentCount(t *testing.T, dbPath string) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT COALESCE(SUM(resent), 0) FROM outbox`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// appliedCounts reads, from the database, how many updates were recorded
// as applied and how many replies each chat has in the outbox.
func appliedCounts(t *testing.T, dbPath string) (int, map[string]int) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var applied int
	if err := db.QueryRow(`SELECT COUNT(*) FROM processed_updates`).Scan(&applied); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`SELECT chat_id, COUNT(*) FROM outbox GROUP BY chat_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	perChat := map[string]int{}
	for rows.Next() {
		var chat string
		var n int
		if err := rows.Scan(&chat, &n); err != nil {
			t.Fatal(err)
		}
		perChat[chat] = n
	}
	return applied, perChat
}

func TestSIGTERMStopsPromptly(t *testing.T) {
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	dbPath := filepath.Join(t.TempDir(), "term.db")
	c := startChild(t, fake, dbPath)
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	if err := fake.WaitPolling(ctx, 1); err != nil {
		t.Fatalf("never polled: %v\n%s", err, c.logs.String())
	}
	if err := c.term(t); err != nil {
		t.Fatalf("exit: %v\nlogs:\n%s", err, c.logs.String())
	}
	if logs := c.logs.String(); !strings.Contains(logs, "stopped on signal") {
		t.Errorf("logs do not say it stopped on a signal:\n%s", logs)
	}
	if strings.Contains(c.logs.String(), fake.Token()) {
		t.Error("the token appears in the logs")
	}
}
