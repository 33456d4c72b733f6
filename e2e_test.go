package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
	"github.com/chungsuc/chungsuc/storage"
)

// residentUnit returns the code of the unit a Telegram user has joined
// ("" if none), read from the database after the bot stopped.
func residentUnit(t *testing.T, dbPath string, userID string) string {
	t.Helper()
	db, err := storage.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var code string
	err = db.View(context.Background(), func(tx *storage.Tx) error {
		r, err := tx.ResidentByPlatformUser("telegram", userID)
		if err != nil || r.UnitID == 0 {
			return err
		}
		u, err := tx.UnitByID(r.UnitID)
		code = u.Code
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// TestOnboardingOverTelegram joins through the unit picker as the real
// program runs it over HTTP: the picker is edited in place
// (editMessageText), button presses are answered (answerCallbackQuery),
// the bot stops cleanly and the choice is in the database. What the bot
// says along the way is the handlers' journeys' (handlers/flow_join_test.go).
func TestOnboardingOverTelegram(t *testing.T) {
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	b := startBot(t, fake, "")
	an := newPerson(t, fake, 501, "An", "vi")

	an.say("/start", "Chung Sức xin chào An")
	picker := an.expect("Bạn sinh sống ở đâu?")
	an.press(picker, "Thành phố Hà Nội")
	picker = an.expect("📍 Thành phố Hà Nội")
	an.press(picker, "Phường Tương Mai")
	picker = an.expect("Tổ dân phố 5")
	if got, want := picker.Method, "editMessageText"; got != want {
		t.Errorf("browsing: got %s, want the picker edited in place (%s)", got, want)
	}
	an.press(picker, "Tổ dân phố 3")
	confirm := an.expect("Bạn sinh sống tại đây, đúng không?")
	qid := an.press(confirm, "✅")
	an.expect("Chào mừng bạn đã tham gia phong trào tại Tổ dân phố 3, Phường Tương Mai")
	an.answered(qid)

	if code := b.stop(); code != 0 {
		t.Fatalf("exit code %d, logs:\n%s", code, b.logs.String())
	}
	if got, want := residentUnit(t, b.dbPath, "501"), "HN-TM-T03"; got != want {
		t.Errorf("joined unit = %q, want %q", got, want)
	}
}

// TestJoinByDeepLink: a t.me link's start parameter, as Telegram passes
// it in /start, proposes its unit at once. The other ways to join, an
// unknown code and the language are the handlers' journeys'
// (handlers/flow_join_test.go).
func TestJoinByDeepLink(t *testing.T) {
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	b := startBot(t, fake, "")
	p := newPerson(t, fake, 601, "Bình", "vi")
	confirm := p.say("/start g_HN-HL-T02", "Bạn sinh sống tại đây, đúng không?")
	if !strings.Contains(confirm.PlainText, "Tổ dân phố 2") || !strings.Contains(confirm.PlainText, "Phường Hoàng Liệt") {
		t.Errorf("confirmation names the wrong unit:\n%s", confirm.PlainText)
	}
	p.press(confirm, "✅")
	p.expect("đã tham gia phong trào tại Tổ dân phố 2, Phường Hoàng Liệt")
	b.stop()
	if got, want := residentUnit(t, b.dbPath, "601"), "HN-HL-T02"; got != want {
		t.Errorf("deep-linked unit = %q, want %q", got, want)
	}
}

// TestTheBotKnowsItsTelegramName: the username the program learns from
// getMe reaches the handlers: a command addressed to it (/help@name) is
// answered, and a command in a group is answered with a button opening
// the private chat with it. What every other input gets is the handlers'
// (handlers/flow_inputs_test.go; TestEveryInputGetsAnAnswer in
// handlers/coordinator_test.go).
func TestTheBotKnowsItsTelegramName(t *testing.T) {
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	startBot(t, fake, "")
	p := newPerson(t, fake, 801, "Giang", "vi")

	t.Run("a command addressed to this bot", func(t *testing.T) {
		p.t = t
		p.say("/help@chungsuc_test_bot", "Chung Sức có thể giúp bạn")
	})
	t.Run("a command in a group asks for a private chat", func(t *testing.T) {
		p.t = t
		fake.PushMessageInChat(telegramtest.Chat{ID: -100123, Type: "supergroup", Title: "Tổ 1"}, p.user, "/start")
		ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
		defer cancel()
		err := fake.WaitFor(ctx, func([]telegramtest.Sent) bool {
			for _, s := range fake.SentTo(-100123) {
				if strings.Contains(s.PlainText, "tin nhắn riêng") &&
					strings.Contains(string(s.ReplyMarkup), "https://t.me/chungsuc_test_bot") {
					return true
				}
			}
			return false
		})
		if err != nil {
			t.Fatal("no private-chat invitation in the group")
		}
	})
}

func TestCommandMenuIsRegistered(t *testing.T) {
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	startBot(t, fake, "")
	for _, lang := range []string{"", "vi", "en"} {
		cmds := fake.Commands("default", lang)
		names := map[string]string{}
		for _, c := range cmds {
			names[c.Command] = c.Description
		}
		if _, ok := names["start"]; !ok {
			t.Errorf("menu %q lacks /start: %v", lang, cmds)
		}
		if lang == "en" && !strings.Contains(names["help"], "What you can do") {
			t.Errorf("English menu /help = %q", names["help"])
		}
		if lang == "vi" && !strings.Contains(names["help"], "Những việc") {
			t.Errorf("Vietnamese menu /help = %q", names["help"])
		}
	}
}

func TestPlatformErrors(t *testing.T) {
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	b := startBot(t, fake, "")

	t.Run("a 429 is waited out and the reply arrives", func(t *testing.T) {
		p := newPerson(t, fake, 901, "Hà", "vi")
		fake.FailNext("sendMessage", 1, telegramtest.TooManyRequests(1))
		p.say("/help", "Chung Sức có thể giúp bạn")
	})
	t.Run("a 5xx is retried and the reply arrives", func(t *testing.T) {
		p := newPerson(t, fake, 902, "Khoa", "vi")
		fake.FailNext("sendMessage", 2, telegramtest.ServerError(502))
		p.say("/help", "Chung Sức có thể giúp bạn")
	})
	t.Run("a person who blocked the bot is marked and skipped", func(t *testing.T) {
		p := newPerson(t, fake, 903, "Lan", "vi")
		p.say("/help", "Chung Sức có thể giúp bạn")
		fake.Block(903)
		before := fake.Calls("sendMessage")
		fake.PushMessage(p.user, "/help")
		q := newPerson(t, fake, 904, "Minh", "vi") // a later update, to know the first was handled
		q.say("/help", "Chung Sức có thể giúp bạn")
		if fake.Calls("sendMessage") <= before {
			t.Fatal("the bot never tried to reply to the blocked person")
		}
	})
	db, err := sql.Open("sqlite", "file:"+b.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The reply to the blocked person is tried, and its 403 recorded, on
	// the dispatcher's own time (the reply to 904 may go first): wait for
	// it rather than stop the bot before.
	deadline := time.Now().Add(waitLimit)
	var blocked sql.NullInt64
	for {
		if err := db.QueryRow(`SELECT blocked_at FROM residents WHERE platform_user_id = '903'`).Scan(&blocked); err != nil {
			t.Fatal(err)
		}
		if blocked.Valid || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.stop()
	if !blocked.Valid {
		t.Error("the resident who blocked the bot is not marked blocked")
	}
}

// TestForgetLeavesNoTrace: /mydata arrives as a JSON document
// (sendDocument), and after /forget no table holds the person's name or
// Telegram id, the last words to them included: the program's outbox
// erases those once delivered (outbox.go). What /mydata and /forget say
// is the handlers' (handlers/flow_privacy_test.go).
func TestForgetLeavesNoTrace(t *testing.T) {
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	b := startBot(t, fake, "")
	p := newPerson(t, fake, 2100, "Lê Thị Hoa", "vi")
	p.join("HN-HL-T01")
	if sum := p.checkIn("🤒", "☐ Sốt", "✔ Xong", "✅", "👍"); !strings.Contains(sum.PlainText, "Đã ghi nhận") {
		t.Fatalf("check-in not recorded:\n%s", sum.PlainText)
	}

	doc := p.say("/mydata", "toàn bộ dữ liệu")
	if doc.Method != "sendDocument" || doc.Upload == nil {
		t.Fatalf("got %s, want a document", doc.Method)
	}
	if !json.Valid(doc.Upload.Data) || !strings.Contains(string(doc.Upload.Data), "Lê Thị Hoa") {
		t.Errorf("the document is not the person's data as JSON: %.200s", doc.Upload.Data)
	}

	qid := p.press(p.say("/forget", "Bạn muốn xóa dữ liệu của mình?"), "🗑")
	p.expect("Đã xóa dữ liệu của bạn")
	p.answered(qid)
	waitFilesClean(t, b.dbPath, "Lê Thị Hoa")
	b.stop()
	assertNoTrace(t, b.dbPath, "Lê Thị Hoa", "2100")
}

// waitFilesClean waits, while the bot runs, until neither the database
// file nor its write-ahead log holds any of the needles' bytes: a forget
// is followed by a checkpoint that empties the log.
func waitFilesClean(t *testing.T, dbPath string, needles ...string) {
	t.Helper()
	var found []string
	for deadline := time.Now().Add(waitLimit); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		found = found[:0]
		for _, p := range []string{dbPath, dbPath + "-wal"} {
			data, err := os.ReadFile(p)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			for _, n := range needles {
				if bytes.Contains(data, []byte(n)) {
					found = append(found, p+" holds "+n)
				}
			}
		}
		if len(found) == 0 {
			return
		}
	}
	t.Fatalf("after the forget, the files still hold what was forgotten: %v", found)
}

// assertNoTrace searches every text column of every table for needles
// (but the record of updates handled, which keeps their ids).
func assertNoTrace(t *testing.T, dbPath string, needles ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tables, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for tables.Next() {
		var n string
		_ = tables.Scan(&n)
		names = append(names, n)
	}
	tables.Close()
	for _, table := range names {
		rows, err := db.QueryContext(context.Background(), `SELECT * FROM "`+table+`"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			_ = rows.Scan(ptrs...)
			for i, v := range vals {
				var s string
				switch x := v.(type) {
				case string:
					s = x
				case []byte:
					s = string(x)
				default:
					continue
				}
				for _, n := range needles {
					if strings.Contains(s, n) && !(table == "processed_updates" || table == "update_offsets") {
						t.Errorf("table %s column %s still holds %q: %.120s", table, cols[i], n, s)
					}
				}
			}
		}
		rows.Close()
	}
}
