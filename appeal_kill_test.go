package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
	"github.com/chungsuc/chungsuc/storage"
)

// killRate is the sending rate of the kill test's bot: paid broadcasts
// allow it, and it keeps the test short.
const killRate = 300

// TestAppealSurvivesKills sends an appeal to 2,000 residents while the bot
// is killed with SIGKILL three times, each time in the middle: after the
// last restart every recipient has it, and the duplicates (sent, then the
// bot killed before the send was recorded) are at most the sends that
// can be in flight at each kill, and are counted in the appeal's figures.
func TestAppealSurvivesKills(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the bot as a child process several times")
	}
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	dbPath := filepath.Join(t.TempDir(), "appeal-kill.db")
	seedSample(t, dbPath)
	const recipients, kills = 2000, 3
	addResidents(t, dbPath, "HN-TM-T01", 50000, recipients)

	file := filepath.Join(t.TempDir(), "appeal.txt")
	if err := os.WriteFile(file, []byte("Bà con tổ 1 chú ý: sáng mai tiêm vắc xin tại trạm y tế phường."), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"appeal", "send", "-db", dbPath, "--unit", "HN-TM-T01", "--urgent", file},
		strings.NewReader(""), &out, &errOut); code != 0 {
		t.Fatalf("appeal send: exit %d: %s%s", code, out.String(), errOut.String())
	}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	appealSent := func() int { return len(appealChats(fake)) }
	for k := 1; k <= kills; k++ {
		c := startPacedChild(t, fake, dbPath)
		want := recipients * k / (kills + 1)
		err := fake.WaitFor(ctx, func([]telegramtest.Sent) bool { return appealSent() >= want })
		if err != nil {
			t.Fatalf("run %d reached %d recipients, not %d: %v\nlogs:\n%s", k, appealSent(), want, err, c.logs.String())
		}
		c.kill(t)
	}
	c := startPacedChild(t, fake, dbPath)
	err := fake.WaitFor(ctx, func([]telegramtest.Sent) bool { return appealSent() == recipients })
	if err != nil {
		t.Fatalf("after the restarts %d of %d recipients have the appeal: %v\nlogs:\n%s", appealSent(), recipients, err, c.logs.String())
	}
	figures := waitAppealDone(t, ctx, dbPath, c)
	if err := c.term(t); err != nil {
		t.Fatalf("exit after SIGTERM: %v\nlogs:\n%s", err, c.logs.String())
	}

	dups := 0
	for _, n := range appealChats(fake) {
		dups += n - 1
	}
	// At a kill, at most the dispatcher's workers have a send in flight.
	workers := int(max(killRate/4, 8))
	t.Logf("%d recipients, %d kills: %d sent twice; the appeal counts %d resent", recipients, kills, dups, figures.Resent)
	if dups > kills*workers {
		t.Errorf("%d duplicates, more than the %d sends in flight at %d kills", dups, kills*workers, kills)
	}
	if figures.Sent != recipients {
		t.Errorf("the appeal counts %d sent, want %d", figures.Sent, recipients)
	}
	if figures.Resent < dups {
		t.Errorf("the appeal counts %d resent, fewer than the %d duplicates", figures.Resent, dups)
	}
	// Only the deliveries whose request had started are counted: at most
	// the sends in flight at each kill, not every delivery claimed.
	if figures.Resent > kills*workers {
		t.Errorf("the appeal counts %d resent, more than the %d sends in flight at %d kills", figures.Resent, kills*workers, kills)
	}
}

// startPacedChild starts the bot as a child process sending at killRate.
func startPacedChild(t *testing.T, fake *telegramtest.Server, dbPath string) *child {
	t.Helper()
	return startChild(t, fake, dbPath, fmt.Sprintf("CHUNGSUC_TELEGRAM_RATE=%d", killRate),
		"CHUNGSUC_TELEGRAM_PAID_BROADCAST=1")
}

// appealChats counts, per chat, the appeal messages the fake received.
func appealChats(fake *telegramtest.Server) map[int64]int {
	got := map[int64]int{}
	for _, s := range fake.Sent() {
		if strings.Contains(s.Text, "tiêm vắc xin tại trạm y tế") {
			got[s.ChatID]++
		}
	}
	return got
}

// addResidents adds n residents of unit, with user ids from first on.
func addResidents(t *testing.T, dbPath, unit string, first, n int) {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(ctx, func(tx *storage.Tx) error {
		u, err := tx.UnitByCode(unit)
		if err != nil {
			return err
		}
		for i := range n {
			id := fmt.Sprint(first + i)
			r, err := tx.TouchResident("telegram", id, id, "Cư dân", "", "vi")
			if err != nil {
				return err
			}
			if err := tx.SetResidentUnit(r.ID, u.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// waitAppealDone waits until the bot has closed appeal 1 and returns its
// figures.
func waitAppealDone(t *testing.T, ctx context.Context, dbPath string, c *child) storage.AppealFigures {
	t.Helper()
	db, err := storage.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for {
		var a storage.Appeal
		var f storage.AppealFigures
		err := db.View(ctx, func(tx *storage.Tx) error {
			var err error
			if a, err = tx.AppealByID(1); err == nil {
				f, err = tx.AppealFigures(1)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if a.Status == storage.AppealDone {
			return f
		}
		select {
		case <-ctx.Done():
			t.Fatalf("the appeal is %s, not done: %+v\nlogs:\n%s", a.Status, f, c.logs.String())
		case <-time.After(200 * time.Millisecond):
		}
	}
}
