package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
	"github.com/chungsuc/chungsuc/storage"
)

// Telegram user ids 4100–4199 belong to this test.

// The most messages each flow may cost, per person. Telegram lets a bot
// send about 30 messages a second in all, so every message a flow sends
// is capacity taken from everyone else: a change that makes a flow send
// more messages must fail this test (then be weighed, and the figure
// raised here with the reason). Counted is every request that puts or
// changes a message in a person's chat, as the fake Bot API records it:
// sends (sendMessage, sendPhoto, sendDocument) and edits
// (editMessageText, editMessageCaption, editMessageReplyMarkup). Not
// counted: the answers to button presses (answerCallbackQuery), which
// show nothing in the chat, and the setting of a chat's command menu
// (setMyCommands, bot.OutMenu), a setting of the chat, not a message in it.
const (
	// checkinMessages: the question, then each of the three steps edited
	// into it.
	checkinMessages = 4
	// deedReporterMessages: a report of one's own deed with one photo, from
	// /report to the confirmation that it was sent.
	deedReporterMessages = 7
	// deedCoordinatorMessages: the same report to each coordinator of the
	// unit: the photo, the notice as its caption, the decision buttons
	// under it.
	deedCoordinatorMessages = 1
)

// TestFlowCount drives the real program through the fake Bot API and
// counts the messages each flow sends to each person.
func TestFlowCount(t *testing.T) {
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	b := startBot(t, fake, "")
	binh := newPerson(t, fake, 4101, "Bình", "vi")
	mai := newPerson(t, fake, 4102, "Mai", "vi")
	for _, coord := range []*person{binh, mai} {
		grantRole(t, b.dbPath, coord.user.ID, "coordinator", "HN-TM")
	}
	an := newPerson(t, fake, 4151, "An", "vi")
	an.join("HN-TM-T01")
	everyone := []*person{an, binh, mai}
	waitOutboxEmpty(t, b.dbPath)
	var notice telegramtest.Sent // Bình's notice of An's report

	t.Run("a daily check-in", func(t *testing.T) {
		an.t = t
		count := countMessages(fake, everyone...)
		sum := an.checkIn("😊", "✅ Tôi thực hiện 5K", "👍")
		mustContain(t, "the check-in", sum, "Đã ghi nhận khai báo y tế hôm nay")
		waitOutboxEmpty(t, b.dbPath)
		got := count()
		t.Logf("messages of a check-in: %v", got)
		if n := got[an.user.ID]; n > checkinMessages {
			t.Errorf("a check-in costs its resident %d messages, want at most %d", n, checkinMessages)
		}
		for _, coord := range []*person{binh, mai} {
			if n := got[coord.user.ID]; n != 0 {
				t.Errorf("a check-in without needs sent %d messages to coordinator %s", n, coord.user.FirstName)
			}
		}
	})

	t.Run("a deed report with one photo", func(t *testing.T) {
		an.t, binh.t, mai.t = t, t, t
		count := countMessages(fake, everyone...)
		const story = "Tôi đi chợ hộ năm gia đình đang cách ly trong ngõ 12 suốt hai tuần, không lấy công."
		an.reportSelf("🤝 Giúp đỡ", story)
		sent := an.submit(an.sendPhoto("photoFC1", "uniqFC1", "Đã nhận ảnh 1/5"))
		ref := deedRefIn(t, sent)
		notice = binh.expect("Báo cáo người tốt, việc tốt " + ref)
		other := mai.expect("Báo cáo người tốt, việc tốt " + ref)
		waitOutboxEmpty(t, b.dbPath)
		got := count()
		t.Logf("messages of a deed report with one photo: %v", got)
		if n := got[an.user.ID]; n > deedReporterMessages {
			t.Errorf("a report with one photo costs its reporter %d messages, want at most %d", n, deedReporterMessages)
		}
		for _, coord := range []*person{binh, mai} {
			if n := got[coord.user.ID]; n != deedCoordinatorMessages {
				t.Errorf("coordinator %s got %d messages of the report, want %d:\n%s",
					coord.user.FirstName, n, deedCoordinatorMessages, coord.transcript())
			}
		}
		for _, m := range []telegramtest.Sent{notice, other} {
			if m.Method != "sendPhoto" || m.Photo != "photoFC1" {
				t.Errorf("the notice came by %s of %q, want sendPhoto of the report's photo", m.Method, m.Photo)
			}
			mustContain(t, "the notice's caption", m, "Người báo cáo: An", story, "Mời bạn xem xét")
			for _, label := range []string{"✅ Duyệt", "🏅 Biểu dương", "❌ Từ chối"} {
				if !hasButton(m, label) {
					t.Errorf("the notice has no %q button: %v", label, m.Buttons())
				}
			}
		}
	})

	t.Run("approving it edits the photo's caption", func(t *testing.T) {
		if notice.MessageID == 0 {
			t.Skip("no notice to press")
		}
		an.t, binh.t = t, t
		qid := binh.press(notice, "✅ Duyệt")
		if got := binh.answered(qid); !strings.Contains(got, "Đã duyệt báo cáo") {
			t.Errorf("the answer to “Duyệt” = %q", got)
		}
		an.expect("đã được duyệt")
		edited := binh.expect("đã duyệt lúc")
		if edited.Method != "editMessageCaption" || edited.MessageID != notice.MessageID {
			t.Errorf("the decision was shown by %s of #%d, want editMessageCaption of the notice #%d",
				edited.Method, edited.MessageID, notice.MessageID)
		}
		mustContain(t, "the new caption", edited, "Kết quả:", "Người báo cáo: An")
		if !hasButton(edited, "🏅 Biểu dương") || hasButton(edited, "✅ Duyệt") {
			t.Errorf("buttons under the decided notice: %v, want only commend", edited.Buttons())
		}
		waitOutboxEmpty(t, b.dbPath)
	})

	for _, f := range fake.Failures() {
		if f.Code == 400 {
			t.Errorf("the Bot API refused %s to %d: %s", f.Method, f.ChatID, f.Description)
		}
	}
}

// countMessages starts counting the messages sent to people, and returns
// what reads, per user id, how many were sent or edited since.
func countMessages(fake *telegramtest.Server, people ...*person) func() map[int64]int {
	before := map[int64]int{}
	for _, p := range people {
		before[p.user.ID] = len(fake.SentTo(p.user.ID))
	}
	return func() map[int64]int {
		got := map[int64]int{}
		for _, p := range people {
			got[p.user.ID] = len(fake.SentTo(p.user.ID)) - before[p.user.ID]
		}
		return got
	}
}

// waitOutboxEmpty waits until the bot has sent everything it queued (no
// message pending or being sent), so that what a flow sends is all
// counted. The flow's updates must have been applied: a test waits for
// their replies first.
func waitOutboxEmpty(t *testing.T, dbPath string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	db, err := storage.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		n, err := db.OutboxBacklog(ctx)
		if err != nil {
			t.Fatalf("outbox backlog: %v", err)
		}
		if n == 0 {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%d messages still unsent", n)
		case <-tick.C:
		}
	}
}
