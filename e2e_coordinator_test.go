package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
	"github.com/chungsuc/chungsuc/storage"
)

// Telegram user ids 9000–9999 belong to this test; the residents it
// inserts directly have ids from coordCrowdFirst on.

const (
	// coordCrowd residents of Phường Tương Mai are inserted before the
	// bot starts, spread over its groups 2 to 5.
	coordCrowd      = 10000
	coordCrowdFirst = 1_000_000
	// coordRate is the sending rate: 10,000 messages take about 10 s.
	coordRate = 1000
	// coordReplyBound is a generous bound on a reply's latency while an
	// appeal runs; the target is 2 s at the 99th percentile.
	coordReplyBound = 5 * time.Second
)

var (
	coordInviteRe    = regexp.MustCompile(`/start (inv_[A-Za-z0-9_-]+)`)
	coordProgressRe  = regexp.MustCompile(`Đã gửi ([\d.]+)/([\d.]+)`)
	coordAppealIDRe  = regexp.MustCompile(`📢 #([\d.]+)`)
	coordEndRe       = regexp.MustCompile(`Đã hủy: đã gửi ([\d.]+)\D+([\d.]+)`)
	coordCancelledRe = regexp.MustCompile(`Đã hủy lời kêu gọi #([\d.]+): đã gửi ([\d.]+) tin\D+([\d.]+)`)
)

// TestCoordinatorCycle walks the whole work of a coordinator through the
// fake Bot API: an administrator invites them, they accept and get their
// menu, review and commend a resident's deed, publish it as an example
// once the reporter agreed to be named, send an appeal to the ward's
// 10,000 residents (residents' replies staying prompt meanwhile), cancel
// a second one halfway, and the administrator reads it all in the log.
func TestCoordinatorCycle(t *testing.T) {
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	dbPath := filepath.Join(t.TempDir(), "coordinator.db")
	seedSample(t, dbPath)
	coordAddCrowd(t, dbPath)
	tz := coordDaytimeZone(time.Now())
	t.Logf("units' time zone: %s (outside the quiet hours 21:00–07:00 for the whole test)", tz)
	t.Setenv("CHUNGSUC_ADMINS", "9001")
	t.Setenv("CHUNGSUC_TELEGRAM_RATE", strconv.Itoa(coordRate))
	t.Setenv("CHUNGSUC_TELEGRAM_PAID_BROADCAST", "1")
	b := coordStartBot(t, fake, dbPath, tz)

	admin := newPerson(t, fake, 9001, "Hà", "vi")
	binh := newPerson(t, fake, 9101, "Bình", "vi")
	an := newPerson(t, fake, 9201, "An", "vi")
	cuc := newPerson(t, fake, 9202, "Cúc", "vi")
	dung := newPerson(t, fake, 9301, "Dung", "vi") // another ward: not in the appeals
	const story = "Tôi đi chợ hộ năm gia đình đang cách ly trong ngõ 12 suốt hai tuần, không lấy công."
	var ref string

	t.Run("the administrator invites a coordinator of the ward", func(t *testing.T) {
		admin.t = t
		coordSay(admin, "/start", "Chung Sức xin chào Hà")
		menu := coordWaitMenu(t, fake, admin.user.ID, "audit")
		coordMenuHas(t, "the administrator's menu", menu, "invite", "roles", "revoke", "audit", "review", "appeal")
		made := coordSay(admin, "/invite coordinator HN-TM", "Đường dẫn mời làm cán bộ phụ trách của Phường Tương Mai")
		mustContain(t, "the invitation", made, "https://t.me/"+telegramtest.DefaultBotUsername+"?start=inv_",
			"chỉ dùng được một lần", "đừng đăng vào nhóm chung")
		m := coordInviteRe.FindStringSubmatch(made.PlainText)
		if m == nil {
			t.Fatalf("no “/start inv_…” to type in the invitation:\n%s", made.PlainText)
		}

		binh.t = t
		offer := coordSay(binh, "/start "+m[1], "Bạn được mời nhận nhiệm vụ cán bộ phụ trách của Phường Tương Mai")
		mustContain(t, "the offer", offer, "Người mời: Hà", "duyệt báo cáo người tốt, việc tốt", "Bạn có nhận nhiệm vụ này không?")
		binh.press(offer, "✅ Nhận nhiệm vụ")
		mustContain(t, "the acceptance", coordExpect(binh, "Bạn đã nhận nhiệm vụ cán bộ phụ trách của Phường Tương Mai"),
			"Cảm ơn bạn đã chung sức cùng bà con")
		mustContain(t, "the role's announcement", coordExpect(binh, "Bạn đã được giao làm cán bộ phụ trách"),
			"Phường Tương Mai", "báo cáo người tốt, việc tốt cần duyệt")
		menu = coordWaitMenu(t, fake, binh.user.ID, "review")
		coordMenuHas(t, "the coordinator's menu", menu, "start", "checkin", "review", "requests", "appeal", "appeals",
			"invite", "roles", "revoke")
		if i := slices.IndexFunc(menu, func(c telegramtest.Command) bool { return c.Command == "review" }); i >= 0 &&
			menu[i].Description != "Duyệt báo cáo người tốt, việc tốt" {
			t.Errorf("/review is described %q in the menu, want it in Vietnamese", menu[i].Description)
		}
		mustContain(t, "the inviter's news", coordExpect(admin, "Bình đã nhận lời mời"),
			"cán bộ phụ trách", "Phường Tương Mai")
	})

	t.Run("a resident reports a deed with a photo", func(t *testing.T) {
		for _, p := range []*person{an, cuc} {
			p.t = t
			p.join("HN-TM-T01")
		}
		dung.t = t
		dung.join("HN-HL-T01")
		an.t = t
		an.reportSelf("🤝 Giúp đỡ", story)
		sent := an.submit(an.sendPhoto("photoCC1", "uniqCC1", "Đã nhận ảnh 1/5"))
		mustContain(t, "the confirmation", sent, "tới cán bộ phụ trách")
		ref = deedRefIn(t, sent)
		binh.t = t
		mustContain(t, "the notice", coordExpect(binh, "Báo cáo người tốt, việc tốt "+ref), "Người báo cáo: An", story)
	})

	t.Run("the coordinator commends it and publishes it once the reporter agreed", func(t *testing.T) {
		binh.t = t
		fake.PushMessage(binh.user, "/review")
		photo := coordExpect(binh, ref+" — ảnh 1/1")
		if photo.Method != "sendPhoto" || photo.Photo != "photoCC1" {
			t.Errorf("/review's photo: %s of %q, want sendPhoto of photoCC1", photo.Method, photo.Photo)
		}
		card := coordExpect(binh, "Duyệt báo cáo · còn 1 báo cáo đang chờ")
		mustContain(t, "the report under review", card, ref, "Người báo cáo: An", "Tổ dân phố 1, Phường Tương Mai",
			"Giúp đỡ người khó khăn", story, "Ảnh: 1", "Mời bạn xem xét")
		for _, label := range []string{"✅ Duyệt", "🏅 Biểu dương", "❌ Từ chối", "⏭ Bỏ qua"} {
			if !hasButton(card, label) {
				t.Errorf("the report under review has no %q button: %v", label, card.Buttons())
			}
		}
		qid := binh.press(card, "🏅 Biểu dương")
		if got := binh.answered(qid); !strings.Contains(got, "Đã biểu dương việc tốt trong báo cáo "+ref) {
			t.Errorf("the answer to “Biểu dương” = %q", got)
		}
		decided := coordExpect(binh, "Bình đã biểu dương lúc")
		if decided.MessageID != card.MessageID || !hasButton(decided, "📣 Đăng gương") {
			t.Errorf("the card was not turned into the decision with a publish button: #%d (card #%d), buttons %v",
				decided.MessageID, card.MessageID, decided.Buttons())
		}
		coordExpect(binh, "Không còn báo cáo nào chờ duyệt")

		an.t = t
		mustContain(t, "the commendation", coordExpect(an, "Chúc mừng!"), ref, "biểu dương")
		consent := coordExpect(an, "Bạn có đồng ý nêu tên bạn trong tin không?")
		mustContain(t, "the consent question", consent, ref, "một cư dân")
		an.press(consent, "Đồng ý nêu tên")
		coordExpect(an, "Cảm ơn bạn! Tin đăng sẽ nêu tên bạn.")

		binh.t = t
		binh.press(decided, "📣 Đăng gương")
		preview := coordExpect(binh, "Gương người tốt, việc tốt — Tổ dân phố 1")
		mustContain(t, "the example's preview", preview, "An — 🤝 Giúp đỡ người khó khăn", story)
		if preview.Method != "sendPhoto" || preview.Photo != "photoCC1" {
			t.Errorf("the example's preview: %s of %q, want sendPhoto of the deed's photo", preview.Method, preview.Photo)
		}
		ask := coordExpect(binh, "Trên đây là tin sẽ gửi tới 2 cư dân của Tổ dân phố 1, Phường Tương Mai")
		mustContain(t, "the publication's question", ask, "Người trong tin đã đồng ý nêu tên")
		coordNotQuiet(t, "the publication's question", ask)
		binh.press(ask, "📣 Đăng cho 2 người")
		if progress := coordExpectIn(binh, ask.MessageID, "📢 #"); !strings.Contains(progress.PlainText, "Đã gửi 0/2") {
			t.Errorf("the publication's progress, just confirmed outside the quiet hours, does not say “Đã gửi 0/2”:\n%s",
				progress.PlainText)
		}
		mustContain(t, "the publication's end", coordExpect(binh, "Đã gửi xong"), "2 người đã nhận")

		for _, p := range []*person{an, cuc} {
			p.t = t
			got := coordExpect(p, "Gương người tốt, việc tốt — Tổ dân phố 1")
			mustContain(t, "the published example", got, "An — 🤝 Giúp đỡ người khó khăn", story, "Gõ /stop")
			if got.Method != "sendPhoto" || got.Photo != "photoCC1" {
				t.Errorf("the example reached %d as %s of %q, want the deed's photo", p.user.ID, got.Method, got.Photo)
			}
		}
	})

	const appealText = "Bà con phường Tương Mai chú ý: sáng Chủ nhật 8 giờ tổng vệ sinh, phun khử khuẩn các ngõ. Mỗi hộ cử một người tham gia."
	total := coordCrowd + 2 // and An and Cúc, of Tổ dân phố 1
	t.Run("the coordinator sends an appeal to the ward's 10,000 residents", func(t *testing.T) {
		binh.t = t
		progressID, appealID := coordSendAppeal(t, binh, appealText, total)
		t.Logf("appeal #%d to %d residents", appealID, total)

		// While it runs, residents are answered at once.
		dung.t = t
		first, last := int64(coordCrowdFirst), int64(coordCrowdFirst+coordCrowd-1)
		coordWaitChat(t, fake, first, appealText)
		var took []time.Duration
		for _, step := range []struct{ say, want string }{
			{"/help", "Chung Sức có thể giúp bạn"},
			{"/checkin", "Khai báo y tế hôm nay"},
			{"/hotline", "Đường dây nóng"},
		} {
			pushed := time.Now()
			fake.PushMessage(dung.user, step.say)
			reply := coordExpect(dung, step.want)
			lat := reply.At.Sub(pushed)
			took = append(took, lat)
			if lat > coordReplyBound {
				t.Errorf("%s was answered %v after it was sent, during the appeal; want under %v", step.say, lat, coordReplyBound)
			}
			if got, ok := fake.LastTo(last); ok && strings.Contains(got.Text, "tổng vệ sinh") {
				t.Errorf("the appeal had reached everyone before %s was answered: the latency proves nothing", step.say)
			}
		}
		t.Logf("replies during the appeal took %v (target p99 ≤ 2 s)", took)

		done := coordExpect(binh, "Đã gửi xong")
		if done.MessageID != progressID {
			t.Errorf("“Đã gửi xong” came as message #%d, not as the progress message #%d", done.MessageID, progressID)
		}
		mustContain(t, "the end of the appeal", done, coordNum(total)+" người đã nhận, 0 không gửi được, 0 đã chặn bot")
		states, counts := coordProgressCounts(fake, binh.user.ID, progressID)
		t.Logf("progress shown: %v", states)
		if len(states) < 2 {
			t.Errorf("the progress message showed %d different states (%v) before the end, want at least 2", len(states), states)
		}
		if !slices.IsSorted(counts) {
			t.Errorf("the progress went backwards: %v", counts)
		}
		got := coordAppealChats(fake, "tổng vệ sinh", binh.user.ID)
		if len(got) != total {
			t.Errorf("%d chats got the appeal, want %d", len(got), total)
		}
		for chat, n := range got {
			if n != 1 {
				t.Errorf("chat %d got the appeal %d times", chat, n)
			}
		}
		if got[dung.user.ID] != 0 {
			t.Errorf("a resident of another ward got the appeal")
		}
	})

	const secondText = "Khẩn: ngày mai phường tạm dừng chợ tạm ở ngõ 5 để phun khử khuẩn, bà con lưu ý mua sắm trước."
	t.Run("the coordinator cancels a second appeal from its progress message", func(t *testing.T) {
		binh.t = t
		progressID, appealID := coordSendAppeal(t, binh, secondText, total)
		// Let about 2,000 go out, then cancel.
		coordWaitChat(t, fake, coordCrowdFirst+1999, secondText)
		var card telegramtest.Sent
		for _, s := range fake.SentTo(binh.user.ID) {
			if s.MessageID == progressID && hasButton(s, "✖️ Hủy lời kêu gọi") {
				card = s
			}
		}
		if card.MessageID == 0 {
			t.Fatalf("the progress message #%d never had a “✖️ Hủy lời kêu gọi” button", progressID)
		}
		binh.press(card, "✖️ Hủy lời kêu gọi")
		ask := coordExpect(binh, fmt.Sprintf("Hủy lời kêu gọi #%d?", appealID))
		mustContain(t, "the cancel question", ask, "Những tin chưa gửi sẽ bị bỏ")
		binh.press(ask, "Hủy lời kêu gọi")
		cancelled := coordExpect(binh, fmt.Sprintf("Đã hủy lời kêu gọi #%d", appealID))
		m := coordCancelledRe.FindStringSubmatch(cancelled.PlainText)
		if m == nil {
			t.Fatalf("the cancellation does not say how many were sent and dropped: %q", cancelled.PlainText)
		}
		sentAtCancel, dropped := coordAtoi(m[2]), coordAtoi(m[3])
		t.Logf("appeal #%d cancelled: %d sent, %d dropped", appealID, sentAtCancel, dropped)
		if dropped == 0 || dropped >= total || sentAtCancel < 1000 {
			t.Errorf("cancelled with %d sent and %d dropped of %d: want it cancelled halfway", sentAtCancel, dropped, total)
		}

		settled := coordWaitSettled(t, dbPath, int64(appealID))
		delivered := len(coordAppealChats(fake, "tạm dừng chợ tạm", binh.user.ID))
		t.Logf("after it settled: %d received the cancelled appeal; outbox figures %+v", delivered, settled)
		if delivered+dropped != total {
			t.Errorf("the coordinator was told %d of %d would not get the cancelled appeal, but %d got it in the end "+
				"(%d after the cancellation was confirmed): figures %+v", dropped, total, delivered, delivered-sentAtCancel, settled)
		}
		// Nothing more of it goes out afterwards, whatever the runner does.
		timer := time.NewTimer(2 * time.Second)
		<-timer.C
		if again := len(coordAppealChats(fake, "tạm dừng chợ tạm", binh.user.ID)); again != delivered {
			t.Errorf("%d more messages of the cancelled appeal went out after it settled", again-delivered)
		}

		// The progress message shows the end, with the same figures, and
		// no longer offers to cancel.
		end := coordExpectIn(binh, progressID, "Đã hủy")
		t.Logf("the progress message ends with: %q", end.PlainText)
		if hasButton(end, "✖️ Hủy lời kêu gọi") {
			t.Errorf("the progress message of the cancelled appeal still offers to cancel it: %v", end.Buttons())
		}
		if m := coordEndRe.FindStringSubmatch(end.PlainText); m == nil {
			t.Errorf("the progress message does not say how many got the cancelled appeal and how many did not:\n%s", end.PlainText)
		} else if got, gotNot := coordAtoi(m[1]), coordAtoi(m[2]); got != sentAtCancel || gotNot != dropped {
			t.Errorf("the progress message says %d sent and %d not reached, the cancellation said %d and %d",
				got, gotNot, sentAtCancel, dropped)
		}
	})

	t.Run("the administrator reads it all in the log", func(t *testing.T) {
		admin.t = t
		log := coordSay(admin, "/audit", "Nhật ký hoạt động")
		mustContain(t, "/audit", log,
			"Hà — tạo lời mời #1 làm cán bộ phụ trách",
			"Bình — nhận lời mời #1 làm cán bộ phụ trách",
			"Hà — giao vai trò cán bộ phụ trách cho Bình (qua đường dẫn mời)", // the inviter's act
			"Bình — biểu dương "+ref,
			"Bình — đăng gương người tốt việc tốt "+ref,
			"Bình — hủy lời kêu gọi",
			"Phường Tương Mai")
		if n := strings.Count(log.PlainText, "— gửi lời kêu gọi #"); n != 3 {
			t.Errorf("/audit shows %d appeals sent, want 3 (the example and two appeals):\n%s", n, log.PlainText)
		}
	})

	if code := b.stop(); code != 0 {
		t.Errorf("exit code %d\nlogs:\n%s", code, b.logs.String())
	}
}

// coordBot is the program run() as `chungsuc run`, with the settings
// this test needs (administrators and the rate come from the environment).
type coordBot struct {
	t      *testing.T
	logs   *syncBuffer
	cancel context.CancelFunc
	done   chan int
}

// coordStartBot runs the program against fake with the database at
// dbPath and the units' time zone tz, until the test ends.
func coordStartBot(t *testing.T, fake *telegramtest.Server, dbPath, tz string) *coordBot {
	t.Helper()
	b := &coordBot{t: t, logs: &syncBuffer{}, done: make(chan int, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	b.cancel = cancel
	args := []string{"run", "-token", fake.Token(), "-endpoint", fake.Endpoint(), "-db", dbPath,
		"-lang", "vi", "-tz", tz}
	go func() { b.done <- run(ctx, args, strings.NewReader(""), &bytes.Buffer{}, b.logs) }()
	wctx, wcancel := context.WithTimeout(context.Background(), waitLimit)
	defer wcancel()
	if err := fake.WaitPolling(wctx, 1); err != nil {
		cancel()
		t.Fatalf("bot did not start polling: %v\nlogs:\n%s", err, b.logs.String())
	}
	t.Cleanup(func() { b.stop() })
	return b
}

// stop cancels the program as SIGTERM would and returns its exit code.
func (b *coordBot) stop() int {
	b.cancel()
	select {
	case code := <-b.done:
		b.done <- code
		return code
	case <-time.After(waitLimit):
		b.t.Fatalf("bot did not stop\nlogs:\n%s", b.logs.String())
	}
	return -1
}

// coordDaytimeZone returns the time zone the units are run in: Vietnam's
// when it is between 08:00 and 20:00 there (an hour from the quiet hours
// either side), else a fixed zone where it is about noon, so that neither
// the example nor the appeals wait for the morning.
func coordDaytimeZone(now time.Time) string {
	if vn, err := time.LoadLocation("Asia/Ho_Chi_Minh"); err == nil {
		if h := now.In(vn).Hour(); h >= 8 && h < 20 {
			return "Asia/Ho_Chi_Minh"
		}
	}
	east := 12 - now.UTC().Hour() // hours east of UTC where it is noon: -11 to 12
	if east == 0 {
		return "Etc/GMT"
	}
	return fmt.Sprintf("Etc/GMT%+d", -east) // the Etc zones count west as positive
}

// coordAddCrowd inserts coordCrowd residents of Phường Tương Mai, spread
// over its groups 2 to 5, with Telegram ids from coordCrowdFirst on.
func coordAddCrowd(t *testing.T, dbPath string) {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(ctx, func(tx *storage.Tx) error {
		var units []int64
		for _, code := range []string{"HN-TM-T02", "HN-TM-T03", "HN-TM-T04", "HN-TM-T05"} {
			u, err := tx.UnitByCode(code)
			if err != nil {
				return err
			}
			units = append(units, u.ID)
		}
		for i := range coordCrowd {
			id := strconv.Itoa(coordCrowdFirst + i)
			r, err := tx.TouchResident("telegram", id, id, "Cư dân "+id, "", "vi")
			if err != nil {
				return err
			}
			if err := tx.SetResidentUnit(r.ID, units[i%len(units)]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// coordSay sends text as p and waits for the reply containing want.
func coordSay(p *person, text, want string) telegramtest.Sent {
	p.t.Helper()
	p.fake.PushMessage(p.user, text)
	return coordExpect(p, want)
}

// coordExpect is person.expect for a busy fake: it waits for the chat's
// latest message to change (WaitLast) instead of copying every message
// the fake recorded (WaitFor) at each of an appeal's thousands of sends.
func coordExpect(p *person, want string) telegramtest.Sent {
	p.t.Helper()
	return coordExpectWhere(p, fmt.Sprintf("containing %q", want), func(s telegramtest.Sent) bool {
		return strings.Contains(s.PlainText, want) || hasButton(s, want)
	})
}

// coordExpectIn waits for message msgID to p (sent or edited) to contain
// want.
func coordExpectIn(p *person, msgID int64, want string) telegramtest.Sent {
	p.t.Helper()
	return coordExpectWhere(p, fmt.Sprintf("#%d containing %q", msgID, want), func(s telegramtest.Sent) bool {
		return s.MessageID == msgID && strings.Contains(s.PlainText, want)
	})
}

// coordExpectWhere waits for a message to p, not seen before, that
// satisfies ok, and marks everything up to it as seen.
func coordExpectWhere(p *person, what string, ok func(telegramtest.Sent) bool) telegramtest.Sent {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	for {
		all := p.fake.SentTo(p.user.ID)
		for i := p.seen; i < len(all); i++ {
			if ok(all[i]) {
				p.seen = i + 1
				return all[i]
			}
		}
		var last telegramtest.Sent
		if len(all) > 0 {
			last = all[len(all)-1]
		}
		_, err := p.fake.WaitLast(ctx, p.user.ID, func(s telegramtest.Sent) bool {
			return s.MessageID != last.MessageID || s.Method != last.Method || !s.At.Equal(last.At)
		})
		if err != nil {
			p.t.Fatalf("no message to %d %s; got:\n%s", p.user.ID, what, coordTranscript(p, p.seen))
		}
	}
}

// coordTranscript prints the messages to p from the from-th on.
func coordTranscript(p *person, from int) string {
	var b strings.Builder
	all := p.fake.SentTo(p.user.ID)
	for _, s := range all[min(from, len(all)):] {
		fmt.Fprintf(&b, "--- %s #%d\n%s\n%v\n", s.Method, s.MessageID, s.PlainText, s.Buttons())
	}
	return b.String()
}

// coordWaitChat waits until the latest message to chat contains want.
func coordWaitChat(t *testing.T, fake *telegramtest.Server, chat int64, want string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	if _, err := fake.WaitLast(ctx, chat, func(s telegramtest.Sent) bool { return strings.Contains(s.PlainText, want) }); err != nil {
		t.Fatalf("chat %d never got %q: %v", chat, want, err)
	}
}

// coordWaitMenu waits until the fake holds a command menu for the private
// chat with userID (scope chat) that has the command want.
func coordWaitMenu(t *testing.T, fake *telegramtest.Server, userID int64, want string) []telegramtest.Command {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		menu := fake.Commands("chat:"+strconv.FormatInt(userID, 10), "")
		if slices.ContainsFunc(menu, func(c telegramtest.Command) bool { return c.Command == want }) {
			return menu
		}
		if time.Now().After(deadline) {
			t.Fatalf("no command menu with /%s for chat %d (setMyCommands with a chat scope); it has %v", want, userID, menu)
		}
		<-tick.C
	}
}

// coordMenuHas checks that menu lists every command of wants.
func coordMenuHas(t *testing.T, what string, menu []telegramtest.Command, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !slices.ContainsFunc(menu, func(c telegramtest.Command) bool { return c.Command == want }) {
			t.Errorf("%s lacks /%s: %v", what, want, menu)
		}
	}
}

// coordSendAppeal writes an appeal to the residents of Phường Tương Mai
// as p, checks the preview and confirms it; it returns the progress
// message's id and the appeal's number.
func coordSendAppeal(t *testing.T, p *person, text string, total int) (int64, int) {
	t.Helper()
	coordSay(p, "/appeal", "Soạn lời kêu gọi")
	units := coordSay(p, text, "Gửi tới đơn vị nào?")
	p.press(units, "Phường Tương Mai")
	audience := coordExpect(p, "Gửi tới ai ở Phường Tương Mai")
	p.press(audience, "👥 Cư dân")
	coordExpect(p, "Người nhận: 👥 Cư dân")
	shown := coordExpect(p, "Lời kêu gọi từ Phường Tương Mai")
	mustContain(t, "the appeal as residents see it", shown, text, "Gõ /stop")
	preview := coordExpect(p, "Trên đây là lời kêu gọi đúng như người nhận sẽ thấy")
	mustContain(t, "the preview", preview, "Sẽ gửi tới "+coordNum(total)+" người: cư dân của Phường Tương Mai")
	coordNotQuiet(t, "the appeal's preview", preview)
	label := "✅ Gửi"
	if !hasButton(preview, label) {
		t.Errorf("the appeal's preview has no “✅ Gửi” button outside the quiet hours: %v", preview.Buttons())
		label = "🕖 Gửi lúc" // the same button (a normal send), labelled for the quiet hours
	}
	p.press(preview, label)
	progress := coordExpectIn(p, preview.MessageID, "📢 #")
	if want := "Đã gửi 0/" + coordNum(total); !strings.Contains(progress.PlainText, want) {
		t.Errorf("the progress message, just confirmed outside the quiet hours, does not say %q:\n%s", want, progress.PlainText)
	}
	if !hasButton(progress, "✖️ Hủy lời kêu gọi") {
		t.Errorf("the progress message has no cancel button: %v", progress.Buttons())
	}
	m := coordAppealIDRe.FindStringSubmatch(progress.PlainText)
	if m == nil {
		t.Fatalf("the progress message does not number the appeal: %q", progress.PlainText)
	}
	return progress.MessageID, coordAtoi(m[1])
}

// coordNotQuiet checks that msg, sent while the units' clock is outside
// the quiet hours (coordDaytimeZone), does not speak of them.
func coordNotQuiet(t *testing.T, what string, msg telegramtest.Sent) {
	t.Helper()
	if strings.Contains(msg.PlainText, "giờ nghỉ") || strings.Contains(msg.PlainText, "Chờ gửi") {
		t.Errorf("%s, outside the quiet hours (21:00–07:00), says the sending waits for them:\n%s", what, msg.PlainText)
	}
}

// coordProgressCounts returns the states the progress message msgID
// showed to chat before the end, in order, each once: "waiting" for
// “Chờ gửi”, else the count of “Đã gửi N/…”; and those counts alone.
func coordProgressCounts(fake *telegramtest.Server, chat, msgID int64) (states []string, counts []int) {
	for _, s := range fake.SentTo(chat) {
		if s.MessageID != msgID {
			continue
		}
		state := ""
		if m := coordProgressRe.FindStringSubmatch(s.PlainText); m != nil {
			state = m[1]
			counts = append(counts, coordAtoi(m[1]))
		} else if strings.Contains(s.PlainText, "Chờ gửi") {
			state = "waiting"
		}
		if state != "" && (len(states) == 0 || states[len(states)-1] != state) {
			states = append(states, state)
		}
	}
	return states, counts
}

// coordAppealChats counts, per chat but the sender's, the messages the
// fake received whose text contains marker.
func coordAppealChats(fake *telegramtest.Server, marker string, sender int64) map[int64]int {
	got := map[int64]int{}
	for _, s := range fake.Sent() {
		if s.ChatID != sender && strings.Contains(s.Text, marker) {
			got[s.ChatID]++
		}
	}
	return got
}

// coordWaitSettled waits until no delivery of appeal id is pending or
// being sent, and returns its figures.
func coordWaitSettled(t *testing.T, dbPath string, id int64) storage.AppealFigures {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	db, err := storage.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		var f storage.AppealFigures
		err := db.View(ctx, func(tx *storage.Tx) (err error) { f, err = tx.AppealFigures(id); return err })
		if err != nil {
			t.Fatalf("figures of appeal %d: %v", id, err)
		}
		if f.Pending+f.Sending == 0 {
			return f
		}
		select {
		case <-ctx.Done():
			t.Fatalf("appeal %d still has deliveries pending or being sent: %+v", id, f)
		case <-tick.C:
		}
	}
}

// coordNum writes n as the Vietnamese catalogue does: 10.002.
func coordNum(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

// coordAtoi reads a number written as coordNum writes it (-1 if it is
// not one).
func coordAtoi(s string) int {
	n, err := strconv.Atoi(strings.ReplaceAll(s, ".", ""))
	if err != nil {
		return -1
	}
	return n
}
