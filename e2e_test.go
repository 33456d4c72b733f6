package main

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"chungsuc/bot/telegram/telegramtest"
	"chungsuc/storage"
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

	hot := an.say("/duongdaynong", "☎️ Đường dây nóng")
	for _, want := range []string{"1022", "115", "Thành phố Hà Nội"} {
		if !strings.Contains(hot.PlainText, want) {
			t.Errorf("/hotline lacks %q:\n%s", want, hot.PlainText)
		}
	}
	settings := an.say("/settings", "Cài đặt của bạn")
	an.press(settings, "🌐 English")
	an.expect("Your settings")
	an.say("/help", "Chung Sức can help you")

	if code := b.stop(); code != 0 {
		t.Fatalf("exit code %d, logs:\n%s", code, b.logs.String())
	}
	if got, want := residentUnit(t, b.dbPath, "501"), "HN-TM-T03"; got != want {
		t.Errorf("joined unit = %q, want %q", got, want)
	}
}

func TestJoinByDeepLinkAndSearch(t *testing.T) {
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	b := startBot(t, fake, "")

	t.Run("a deep link proposes its unit at once", func(t *testing.T) {
		p := newPerson(t, fake, 601, "Bình", "vi")
		confirm := p.say("/start g_HN-HL-T02", "Bạn sinh sống tại đây, đúng không?")
		if !strings.Contains(confirm.PlainText, "Tổ dân phố 2") || !strings.Contains(confirm.PlainText, "Phường Hoàng Liệt") {
			t.Errorf("confirmation names the wrong unit:\n%s", confirm.PlainText)
		}
		p.press(confirm, "✅")
		p.expect("đã tham gia phong trào tại Tổ dân phố 2, Phường Hoàng Liệt")
	})
	t.Run("an unknown code says so and offers the list", func(t *testing.T) {
		p := newPerson(t, fake, 602, "Chi", "vi")
		p.say("/start g_NOPE", "Không tìm thấy đơn vị có mã “NOPE”")
		p.expect("Bạn sinh sống ở đâu?")
	})
	t.Run("typing a name without diacritics finds the unit", func(t *testing.T) {
		p := newPerson(t, fake, 603, "Dũng", "vi")
		p.say("/start", "Bạn sinh sống ở đâu?")
		res := p.say("TUONG mai", "Kết quả tìm")
		p.press(res, "Phường Tương Mai")
		picker := p.expect("Tổ dân phố 1")
		p.press(picker, "Tổ dân phố 1")
		p.press(p.expect("Bạn sinh sống tại đây"), "✅")
		p.expect("đã tham gia phong trào tại Tổ dân phố 1, Phường Tương Mai")
	})
	t.Run("an English speaker is answered in English", func(t *testing.T) {
		p := newPerson(t, fake, 604, "Emma", "en")
		p.say("/start", "Welcome to Chung Sức, Emma")
		p.expect("Where do you live?")
	})
	b.stop()
	if got, want := residentUnit(t, b.dbPath, "601"), "HN-HL-T02"; got != want {
		t.Errorf("deep-linked unit = %q, want %q", got, want)
	}
}

func TestButtonsThatMustNotAct(t *testing.T) {
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	b := startBot(t, fake, "")
	an := newPerson(t, fake, 701, "An", "vi")
	picker := an.say("/start", "Bạn sinh sống ở đâu?")

	t.Run("a forged button expires", func(t *testing.T) {
		_, qid := fake.PushCallbackQuery(an.user, picker.MessageID, "jy:1:9|AAAAAAAA")
		if got := an.answered(qid); !strings.Contains(got, "hết hiệu lực") {
			t.Errorf("answer = %q, want the expired-button notice", got)
		}
	})
	t.Run("another person's button expires", func(t *testing.T) {
		mallory := newPerson(t, fake, 702, "Mallory", "vi")
		own := mallory.say("/help", "Chung Sức có thể giúp bạn")
		var data string
		for _, row := range picker.Buttons() {
			data = row[0].CallbackData // An's button, replayed by Mallory
		}
		_, qid := fake.PushCallbackQuery(mallory.user, own.MessageID, data)
		if got := mallory.answered(qid); !strings.Contains(got, "hết hiệu lực") {
			t.Errorf("answer = %q, want the expired-button notice", got)
		}
	})
	t.Run("a button from a finished flow expires", func(t *testing.T) {
		an.press(picker, "Thành phố Hà Nội")
		p2 := an.expect("📍 Thành phố Hà Nội")
		an.say("/cancel", "Đã hủy việc chọn nơi sinh sống")
		qid := an.press(p2, "Phường Tương Mai")
		if got := an.answered(qid); !strings.Contains(got, "hết hiệu lực") {
			t.Errorf("answer = %q, want the expired-button notice", got)
		}
	})
	b.stop()
	if got := residentUnit(t, b.dbPath, "701"); got != "" {
		t.Errorf("a refused button joined unit %q", got)
	}
}

func TestEveryInputGetsAnAnswer(t *testing.T) {
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	startBot(t, fake, "")
	p := newPerson(t, fake, 801, "Giang", "vi")
	tests := []struct {
		label, send, want string
	}{
		{"unknown command names /help", "/xinchao", "Chung Sức chưa có lệnh /xinchao"},
		{"free text before joining names /start", "alo alo", "gõ /start và chọn nơi mình sinh sống"},
		{"an alias works", "/trogiup", "Chung Sức có thể giúp bạn"},
		{"hotline before joining says to join", "/hotline", "gõ /start"},
		{"cancel with nothing to cancel", "/huy", "không có việc nào đang làm dở"},
		{"a command addressed to this bot", "/help@chungsuc_test_bot", "Chung Sức có thể giúp bạn"},
		{"huge text", strings.Repeat("á", 5000), "gõ /start"},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			p.t = t
			p.say(tt.send, tt.want)
		})
	}
	t.Run("a sticker", func(t *testing.T) {
		p.t = t
		fake.PushSticker(p.user)
		p.expect("chưa xử lý được nội dung này")
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
