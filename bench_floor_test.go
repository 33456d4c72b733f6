package main

import (
	"database/sql"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
)

// BenchmarkDurableEcho is BenchmarkEchoBot made exactly-once in the least
// work there is, with no handler at all: each poll's updates are recorded
// with their replies in one synced SQLite transaction, the replies are
// sent, and one statement marks them sent. It measures what durability
// alone costs against the echo bot, apart from everything else the bot
// does (residents, sessions, catalogs, pacing, the dispatcher): the floor
// under BenchmarkPipeline. Sub-benchmarks send one at a time, as the echo
// bot does, or 16 at once.
func BenchmarkDurableEcho(b *testing.B) {
	for _, c := range []struct {
		name    string
		senders int
	}{{"serial", 1}, {"parallel16", 16}} {
		b.Run(c.name, func(b *testing.B) { durableEcho(b, c.senders) })
	}
}

func durableEcho(b *testing.B, senders int) {
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	api, err := tgbotapi.NewBotAPIWithAPIEndpoint(fake.Token(), fake.Endpoint())
	if err != nil {
		b.Fatal(err)
	}
	api.Client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 32}}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(b.TempDir(), "echo.db")+
		"?_pragma=journal_mode(wal)&_pragma=synchronous(full)&_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE processed (update_id INTEGER PRIMARY KEY);
		CREATE TABLE outbox (id INTEGER PRIMARY KEY, chat INTEGER NOT NULL, text TEXT NOT NULL, sent INTEGER NOT NULL DEFAULT 0)`); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	pushHelp(fake, b.N)
	offset, sent := 0, 0
	for sent < b.N {
		updates, err := api.GetUpdates(tgbotapi.UpdateConfig{Offset: offset, Limit: 100, Timeout: 1})
		if err != nil {
			b.Fatal(err)
		}
		if len(updates) == 0 {
			continue
		}
		first, last := durableRecord(b, db, updates)
		durableSend(b, api, updates, senders)
		if _, err := db.Exec(`UPDATE outbox SET sent = 1 WHERE id BETWEEN ? AND ?`, first, last); err != nil {
			b.Fatal(err)
		}
		offset = updates[len(updates)-1].UpdateID + 1
		sent += len(updates)
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "updates/s")
}

// durableRecord commits the updates of one poll and their replies in one
// transaction, skipping any already recorded, and returns the range of
// the replies' ids.
func durableRecord(b *testing.B, db *sql.DB, updates []tgbotapi.Update) (first, last int64) {
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	seen, err := tx.Prepare(`INSERT INTO processed (update_id) VALUES (?) ON CONFLICT DO NOTHING`)
	if err != nil {
		b.Fatal(err)
	}
	reply, err := tx.Prepare(`INSERT INTO outbox (chat, text) VALUES (?, ?)`)
	if err != nil {
		b.Fatal(err)
	}
	for _, u := range updates {
		r, err := seen.Exec(u.UpdateID)
		if err != nil {
			b.Fatal(err)
		}
		if n, _ := r.RowsAffected(); n == 0 {
			continue
		}
		r, err = reply.Exec(u.Message.Chat.ID, u.Message.Text)
		if err != nil {
			b.Fatal(err)
		}
		last, _ = r.LastInsertId()
		if first == 0 {
			first = last
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return first, last
}

// durableSend sends the echo of each update, senders at a time.
func durableSend(b *testing.B, api *tgbotapi.BotAPI, updates []tgbotapi.Update, senders int) {
	var wg sync.WaitGroup
	next := make(chan tgbotapi.Update)
	for range senders {
		wg.Go(func() {
			for u := range next {
				if _, err := api.Send(tgbotapi.NewMessage(u.Message.Chat.ID, u.Message.Text)); err != nil {
					b.Error(err)
				}
			}
		})
	}
	for _, u := range updates {
		next <- u
	}
	close(next)
	wg.Wait()
}
