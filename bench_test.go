package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
	"github.com/chungsuc/chungsuc/storage"
)

// benchStack starts the bot as `chungsuc run` assembles it, against fake,
// and returns it with a function that stops it.
func benchStack(b *testing.B, fake *telegramtest.Server) (*stack, func()) {
	return benchStackMode(b, fake, false)
}

// benchStackMode is benchStack by polling or, with webhook, by webhook on
// a free port of the loopback.
func benchStackMode(b *testing.B, fake *telegramtest.Server, webhook bool) (*stack, func()) {
	b.Helper()
	dbPath := filepath.Join(b.TempDir(), "bench.db")
	cfg := config{Token: fake.Token(), Endpoint: fake.Endpoint(), DB: dbPath, Lang: "vi", tzName: "Asia/Ho_Chi_Minh"}
	if webhook {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		cfg.HTTP = ln.Addr().String()
		cfg.Webhook = "http://" + cfg.HTTP
		ln.Close()
	}
	if err := cfg.check(); err != nil {
		b.Fatal(err)
	}
	log := newLogger(io.Discard, 0)
	ctx, cancel := context.WithCancel(context.Background())
	st, err := newBotStack(ctx, &cfg, log)
	if err != nil {
		b.Fatal(err)
	}
	if err := loadSample(ctx, st.db, io.Discard); err != nil {
		b.Fatal(err)
	}
	// These benchmarks measure the bot, not Telegram's flood limits: the
	// pacing is lifted (BenchmarkDispatchPaced measures it).
	unpaced(st.disp)
	done := make(chan struct{})
	go func() { _ = serve(ctx, st, log); close(done) }()
	return st, func() { cancel(); <-done; st.db.Close() }
}

// BenchmarkPipeline feeds updates through the fake Bot API to the whole
// bot: each one polled, handled in its SQLite transaction with its reply
// written to the outbox, and the reply sent.
func BenchmarkPipeline(b *testing.B) {
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	_, stop := benchStack(b, fake)
	defer stop()
	b.ResetTimer()
	start := time.Now()
	pushHelp(fake, b.N)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if err := fake.WaitSent(ctx, b.N); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "updates/s")
}

// pushHelp queues n messages "/help" at fake, ten from each resident (well
// under the flood limit): the load of the pipeline benchmarks.
func pushHelp(fake *telegramtest.Server, n int) {
	users := max(n/10, 1)
	for i := range n {
		fake.PushMessage(telegramtest.User{ID: int64(100000 + i%users), FirstName: "Cư dân"}, "/help")
	}
}

// BenchmarkPipelineWebhook is BenchmarkPipeline in webhook mode: the fake
// posts each update to the bot's webhook, which commits it to the inbox
// and answers 200; the engine applies it from there and the reply is sent.
func BenchmarkPipelineWebhook(b *testing.B) {
	// Telegram delivers to a webhook over up to 40 connections at once
	// (the max_connections the bot sets): so does the fake here.
	fake := telegramtest.New(telegramtest.Config{WebhookConnections: 40})
	defer fake.Close()
	_, stop := benchStackMode(b, fake, true)
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	for ctx.Err() == nil {
		if url, _ := fake.Webhook(); url != "" {
			break
		}
		time.Sleep(time.Millisecond)
	}
	b.ResetTimer()
	start := time.Now()
	pushHelp(fake, b.N)
	if err := fake.WaitSent(ctx, b.N); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "updates/s")
}

// BenchmarkEchoBot is the reference: a bare tgbotapi bot that polls the
// same fake and echoes each message, with no storage at all.
func BenchmarkEchoBot(b *testing.B) {
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	api, err := tgbotapi.NewBotAPIWithAPIEndpoint(fake.Token(), fake.Endpoint())
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		fake.PushMessage(telegramtest.User{ID: int64(100000 + i%1000), FirstName: "Cư dân"}, "/help")
	}
	offset, sent := 0, 0
	for sent < b.N {
		updates, err := api.GetUpdates(tgbotapi.UpdateConfig{Offset: offset, Limit: 100, Timeout: 1})
		if err != nil {
			b.Fatal(err)
		}
		for _, u := range updates {
			offset = u.UpdateID + 1
			if _, err := api.Send(tgbotapi.NewMessage(u.Message.Chat.ID, u.Message.Text)); err != nil {
				b.Fatal(err)
			}
			sent++
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "updates/s")
}

// timedProcessor measures how long each update takes to handle: its
// transaction, its handler and its outbox writes. The engine applies the
// updates of one poll in one transaction (App.ProcessBatch), and none of
// them is done before that transaction commits: each update of a commit
// counts the time from its batch's start to that commit (App.Applied).
type timedProcessor struct {
	mu   sync.Mutex
	took []time.Duration
}

func (t *timedProcessor) record(n int, d time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for range n {
		t.took = append(t.took, d)
	}
}

func (t *timedProcessor) percentile(p float64) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := slices.Clone(t.took)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

// BenchmarkCheckins has 10,000 residents (already joined to the sample
// groups) each complete a check-in through the fake Bot API — the
// command and its three button presses, each press made from the buttons
// of the bot's last message — and reports the handler latency of every
// update. Run it with -benchtime=1x: one iteration is the whole crowd.
func BenchmarkCheckins(b *testing.B) {
	const residents, parallel = 10000, 50
	for i := 0; i < b.N; i++ {
		fake := telegramtest.New(telegramtest.Config{})
		st, stop := benchStack(b, fake)
		timed := &timedProcessor{}
		st.app.Applied = timed.record
		seedResidents(b, st.db, residents)
		b.ResetTimer()
		start := time.Now()
		runCrowd(b, fake, residents, parallel)
		elapsed := time.Since(start)
		b.StopTimer()
		countCheckins(b, st.db, residents)
		stop()
		fake.Close()
		b.ReportMetric(float64(timed.percentile(0.50).Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(timed.percentile(0.99).Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(len(timed.took))/elapsed.Seconds(), "updates/s")
	}
}

// seedResidents makes n residents of the sample groups, as if each had
// joined through /start.
func seedResidents(b *testing.B, db *storage.DB, n int) {
	b.Helper()
	err := db.Update(context.Background(), func(tx *storage.Tx) error {
		groups := []int64{}
		for _, code := range []string{"HN-TM-T01", "HN-TM-T02", "HN-TM-T03", "HN-TM-T04", "HN-TM-T05"} {
			u, err := tx.UnitByCode(code)
			if err != nil {
				return err
			}
			groups = append(groups, u.ID)
		}
		for i := 0; i < n; i++ {
			id := strconv.Itoa(200000 + i)
			r, err := tx.TouchResident("telegram", id, id, "Cư dân "+id, "", "vi")
			if err != nil {
				return err
			}
			if err := tx.SetResidentUnit(r.ID, groups[i%len(groups)]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// runCrowd has the residents check in, parallel at a time.
func runCrowd(b *testing.B, fake *telegramtest.Server, n, parallel int) {
	work := make(chan int)
	errs := make(chan error, parallel)
	var wg sync.WaitGroup
	for w := 0; w < parallel; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				if err := checkInOnce(fake, int64(200000+i)); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := 0; i < n; i++ {
		select {
		case work <- i:
		case err := <-errs:
			b.Fatal(err)
		}
	}
	close(work)
	wg.Wait()
	select {
	case err := <-errs:
		b.Fatal(err)
	default:
	}
}

// checkInOnce is one resident's check-in: /checkin, then Khỏe, the 5K
// pledge and "no help needed", each pressed on the bot's latest message.
func checkInOnce(fake *telegramtest.Server, id int64) error {
	user := telegramtest.User{ID: id, FirstName: "Cư dân", LanguageCode: "vi"}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	fake.PushMessage(user, "/checkin")
	for step, label := range []string{"😊 Khỏe mạnh", "✅ Tôi thực hiện 5K hôm nay", "👍 Không cần hỗ trợ"} {
		msg, data, err := waitButton(ctx, fake, id, label)
		if err != nil {
			return fmt.Errorf("resident %d, step %d: %w", id, step, err)
		}
		fake.PushCallback(user, msg, data)
	}
	return waitText(ctx, fake, id, "Đã ghi nhận khai báo y tế hôm nay")
}

func waitButton(ctx context.Context, fake *telegramtest.Server, chat int64, label string) (int64, string, error) {
	var data string
	last, err := fake.WaitLast(ctx, chat, func(m telegramtest.Sent) bool {
		for _, row := range m.Buttons() {
			for _, btn := range row {
				if btn.Text == label {
					data = btn.CallbackData
					return true
				}
			}
		}
		return false
	})
	return last.MessageID, data, err
}

func waitText(ctx context.Context, fake *telegramtest.Server, chat int64, want string) error {
	_, err := fake.WaitLast(ctx, chat, func(m telegramtest.Sent) bool {
		return strings.Contains(m.PlainText, want)
	})
	return err
}

// countCheckins checks that every resident's check-in was stored.
func countCheckins(b *testing.B, db *storage.DB, n int) {
	b.Helper()
	got := 0
	err := db.View(context.Background(), func(tx *storage.Tx) error {
		for i := 0; i < n; i++ {
			r, err := tx.ResidentByPlatformUser("telegram", strconv.Itoa(200000+i))
			if err != nil {
				return err
			}
			cs, err := tx.CheckinsOf(r.ID)
			if err != nil {
				return err
			}
			got += len(cs)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if got != n {
		b.Fatalf("%d check-ins stored, want %d", got, n)
	}
}

// benchAppeal sends n bulk messages (one per chat) through a fake that
// enforces limit per second (0: none) with a dispatcher at rate, and
// reports what the fake saw: the achieved rate, the one-second windows
// above the limit, the 429s, and the messages lost or sent twice.
func benchAppeal(b *testing.B, n int, rate float64, limit int) {
	for i := 0; i < b.N; i++ {
		fake, front := limitedFake(b, telegramtest.Limits{PerSecond: limit})
		st, _ := startStack(b, fake, front.Endpoint(), rate, io.Discard)
		chats := chatRange(1000000, n)
		enqueueBulk(b, st.db, chats, "Lời kêu gọi")
		b.ResetTimer()
		start := time.Now()
		st.kick()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		if err := fake.WaitSent(ctx, n); err != nil {
			b.Fatal(err)
		}
		cancel()
		elapsed := time.Since(start)
		b.StopTimer()
		got := map[int64]int{}
		for _, s := range fake.Sent() {
			got[s.ChatID]++
		}
		lost, dups := 0, 0
		for _, c := range chats {
			lost += max(1-got[c], 0)
			dups += max(got[c]-1, 0)
		}
		b.ReportMetric(float64(n)/elapsed.Seconds(), "msgs/s")
		if limit > 0 {
			b.ReportMetric(float64(n)/elapsed.Seconds()/float64(limit), "of-limit")
			b.ReportMetric(float64(windowsOver(front.Admitted(), time.Second, limit)), "windows-over")
		}
		b.ReportMetric(float64(front.Refused()), "429s")
		b.ReportMetric(float64(lost), "lost")
		b.ReportMetric(float64(dups), "dups")
	}
}

// windowsOver counts the requests that end a one-second window (t-w, t]
// holding more than limit of them.
func windowsOver(admitted []telegramtest.Admitted, w time.Duration, limit int) int {
	over, i := 0, 0
	for j := range admitted {
		for !admitted[i].At.After(admitted[j].At.Add(-w)) {
			i++
		}
		if j-i+1 > limit {
			over++
		}
	}
	return over
}

// BenchmarkDispatchPaced sends an appeal at the platform's limit, against
// a fake that answers 429 above it. Run with -benchtime 1x: one
// iteration is the whole appeal.
func BenchmarkDispatchPaced(b *testing.B) {
	b.Run("1000 at 30 per s", func(b *testing.B) { benchAppeal(b, 1000, 30, 30) })
	b.Run("10000 at 1000 per s", func(b *testing.B) { benchAppeal(b, 10000, 1000, 1000) })
}

// BenchmarkDispatchCeiling sends an appeal with the limit lifted: the
// dispatcher's own ceiling, its SQLite claims and status records
// included.
func BenchmarkDispatchCeiling(b *testing.B) {
	benchAppeal(b, 20000, 1e6, 0)
}

// BenchmarkDispatchResponsiveness sends 10,000 appeal messages at 30 per
// second and, meanwhile, a reply every half second, queued in the outbox
// and kicked as the engine does after an update's commit (the update
// itself is simulated); it reports how long each reply took from being
// queued to reaching the fake, over the first minute of the appeal.
func BenchmarkDispatchResponsiveness(b *testing.B) {
	const bulk, rate, replies = 10000, 30, 120
	for i := 0; i < b.N; i++ {
		fake, front := limitedFake(b, telegramtest.Limits{PerSecond: rate, ChatEvery: time.Second})
		st, _ := startStack(b, fake, front.Endpoint(), rate, io.Discard)
		enqueueBulk(b, st.db, chatRange(2000000, bulk), "Lời kêu gọi")
		st.kick()
		b.ResetTimer()
		queued := map[int64]time.Time{}
		for r := 0; r < replies; r++ {
			time.Sleep(500 * time.Millisecond)
			chat := int64(3000000 + r)
			payload, _ := bot.Outgoing{Kind: bot.OutSend, Platform: "telegram", ChatID: strconv.FormatInt(chat, 10),
				Text: "Trả lời"}.Encode()
			queued[chat] = time.Now()
			err := st.db.Update(context.Background(), func(tx *storage.Tx) error {
				_, err := tx.Enqueue(storage.OutboxMessage{Platform: "telegram", ChatID: strconv.FormatInt(chat, 10),
					Kind: "send", Payload: payload})
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
			st.kick()
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		err := fake.WaitFor(ctx, func(all []telegramtest.Sent) bool {
			n := 0
			for _, s := range all {
				if _, ok := queued[s.ChatID]; ok {
					n++
				}
			}
			return n == replies
		})
		cancel()
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		var took []time.Duration
		for _, s := range fake.Sent() {
			if q, ok := queued[s.ChatID]; ok {
				took = append(took, s.At.Sub(q))
			}
		}
		slices.Sort(took)
		b.ReportMetric(float64(took[len(took)/2].Milliseconds()), "p50-ms")
		b.ReportMetric(float64(took[len(took)*99/100].Milliseconds()), "p99-ms")
		b.ReportMetric(float64(took[len(took)-1].Milliseconds()), "max-ms")
		b.ReportMetric(float64(front.Refused()), "429s")
	}
}
