package main

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"chungsuc/bot"
	"chungsuc/bot/telegram/telegramtest"
	"chungsuc/storage"
)

// Telegram user ids 4000–4999 belong to these tests.

// pushOthersContact sends, as p, the contact card of someone else.
func (p *person) pushOthersContact(phone string, ownerID int64) {
	raw := fmt.Sprintf(`{"message":{"message_id":%d,"date":%d,
		"from":{"id":%d,"is_bot":false,"first_name":%q},
		"chat":{"id":%d,"type":"private","first_name":%q},
		"contact":{"phone_number":%q,"first_name":"Bình","user_id":%d}}}`,
		900000+ownerID, time.Now().Unix(), p.user.ID, p.user.FirstName, p.user.ID, p.user.FirstName, phone, ownerID)
	p.fake.PushRaw(json.RawMessage(raw))
}

// buttonData returns the callback data of msg's button labelled label.
func buttonData(t *testing.T, msg telegramtest.Sent, label string) string {
	t.Helper()
	for _, row := range msg.Buttons() {
		for _, b := range row {
			if strings.HasPrefix(b.Text, label) {
				return b.CallbackData
			}
		}
	}
	t.Fatalf("no button %q on %q", label, msg.PlainText)
	return ""
}

// signFor signs button data for userID with the bot's own key, read from
// its database (a button the bot could have made, just not for userID).
func signFor(t *testing.T, dbPath string, userID int64, action string, params ...string) string {
	t.Helper()
	db, err := storage.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	key, err := db.Secret(context.Background(), "callback_key", 32)
	if err != nil {
		t.Fatal(err)
	}
	data, err := bot.NewSigner(key).Sign(strconv.FormatInt(userID, 10), action, params...)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

var helpRefRe = regexp.MustCompile(`HT-(\d+)`)

func TestSupportRequestOverTelegram(t *testing.T) {
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	b := startBot(t, fake, "")
	grantRole(t, b.dbPath, 4100, "coordinator", "HN-TM")
	grantRole(t, b.dbPath, 4101, "coordinator", "HN-TM")
	hung := newPerson(t, fake, 4100, "Trần Hùng", "vi")
	mai := newPerson(t, fake, 4101, "Mai", "vi")
	lan := newPerson(t, fake, 4001, "Lan", "vi")

	t.Run("before joining, /support offers /start", func(t *testing.T) {
		stranger := newPerson(t, fake, 4002, "Khách", "vi")
		msg := stranger.say("/hotro", "Bạn cần chọn nơi sinh sống trước")
		if !hasButton(msg, "Chọn nơi sinh sống") {
			t.Errorf("no button to join: %v", msg.Buttons())
		}
	})

	lan.join("HN-TM-T02")
	lan.say("/mysupport", "Bạn chưa gửi đề nghị hỗ trợ nào")

	var ref string
	t.Run("a resident asks for food and shares their phone", func(t *testing.T) {
		lan.t = t
		lan.press(lan.say("/support", "Bạn cần hỗ trợ về việc gì?"), "🍚 Thực phẩm")
		lan.expect("Loại hỗ trợ: thực phẩm")
		fake.PushSticker(lan.user)
		lan.expect("gõ nội dung bằng chữ")
		lan.say("Cần gạo", "bạn vừa gõ 7 ký tự")
		ask := lan.say("  Gia đình 4 người đang cách ly, cần gạo và rau cho 3 ngày.  ", "Chia sẻ số điện thoại")
		rows := ask.Buttons()
		if len(rows) != 2 || !rows[0][0].RequestContact || rows[1][0].Text != "Bỏ qua" {
			t.Errorf("phone step keyboard = %+v, want a contact button and Bỏ qua", rows)
		}
		lan.say("12345", "Số điện thoại chưa đúng")
		lan.pushOthersContact("0987654321", 4888)
		lan.expect("số điện thoại của người khác")
		fake.PushContact(lan.user, "+84912345678")
		done := lan.expect("Chung Sức đã gửi đề nghị hỗ trợ HT-")
		if !strings.Contains(string(done.ReplyMarkup), "remove_keyboard") || !strings.Contains(done.PlainText, "/hotline") {
			t.Errorf("final reply %q (markup %s): want the hotline hint and the keyboard removed", done.PlainText, done.ReplyMarkup)
		}
		ref = helpRefRe.FindString(done.PlainText)
	})
	if ref == "" {
		t.Fatal("no request was opened")
	}
	id := strings.TrimLeft(strings.TrimPrefix(ref, "HT-"), "0")

	var ticket, maiTicket telegramtest.Sent
	t.Run("the ward's coordinators get the ticket with the phone and buttons", func(t *testing.T) {
		hung.t, mai.t = t, t
		ticket = hung.expect(ref)
		for _, want := range []string{"Lan", "thực phẩm", "0912345678", "Tổ dân phố 2, Phường Tương Mai", "cần gạo và rau"} {
			if !strings.Contains(ticket.PlainText, want) {
				t.Errorf("ticket lacks %q:\n%s", want, ticket.PlainText)
			}
		}
		if !hasButton(ticket, "Tiếp nhận") || !hasButton(ticket, "Đã xong") {
			t.Errorf("ticket buttons %v", ticket.Buttons())
		}
		maiTicket = mai.expect(ref)
	})

	t.Run("a resident pressing a claim button is refused", func(t *testing.T) {
		lan.t = t
		_, qid := fake.PushCallbackQuery(lan.user, ticket.MessageID, buttonData(t, ticket, "✋"))
		if got := lan.answered(qid); !strings.Contains(got, "hết hiệu lực") {
			t.Errorf("someone else's button: answered %q", got)
		}
		_, qid = fake.PushCallbackQuery(lan.user, ticket.MessageID, signFor(t, b.dbPath, lan.user.ID, "hc", id))
		if got := lan.answered(qid); !strings.Contains(got, "dành cho cán bộ phụ trách") {
			t.Errorf("a forged claim button: answered %q", got)
		}
	})

	var claimed telegramtest.Sent
	t.Run("a coordinator claims it: the resident is told, the ticket edited", func(t *testing.T) {
		hung.t, lan.t = t, t
		qid := hung.press(ticket, "✋ Tiếp nhận")
		if got := hung.answered(qid); !strings.Contains(got, "Bạn đã tiếp nhận đề nghị "+ref) {
			t.Errorf("claim answered %q", got)
		}
		lan.expect("Cán bộ Trần Hùng đã tiếp nhận đề nghị hỗ trợ")
		claimed = hung.expect("Trần Hùng đã tiếp nhận lúc")
		if claimed.Method != "editMessageText" || hasButton(claimed, "Tiếp nhận") || !hasButton(claimed, "Đã xong") {
			t.Errorf("claimed ticket: %s with buttons %v", claimed.Method, claimed.Buttons())
		}
	})

	t.Run("a second coordinator is told who claimed it", func(t *testing.T) {
		mai.t = t
		qid := mai.press(maiTicket, "✋")
		if got := mai.answered(qid); !strings.Contains(got, "đã có Trần Hùng tiếp nhận") {
			t.Errorf("second claim answered %q", got)
		}
	})

	lan.say("/hotrocuatoi", "đã có cán bộ tiếp nhận")

	t.Run("resolving tells the resident and thanks them", func(t *testing.T) {
		hung.t, lan.t = t, t
		hung.press(claimed, "✅ Đã xong")
		lan.expect("đã được giải quyết xong")
		hung.expect("Đã xong: Trần Hùng xác nhận")
	})

	t.Run("/mysupport shows every status, newest first", func(t *testing.T) {
		lan.t = t
		lan.press(lan.say("/support", "Bạn cần hỗ trợ về việc gì?"), "💊 Thuốc")
		lan.say("Cần thuốc hạ sốt cho con nhỏ.", "Chia sẻ số điện thoại")
		lan.say("Bỏ qua", "Chung Sức đã gửi đề nghị hỗ trợ")
		list := lan.say("/mysupport", "Các đề nghị hỗ trợ của bạn")
		open, done := strings.Index(list.PlainText, "đang chờ tiếp nhận"), strings.Index(list.PlainText, "đã xong")
		if open < 0 || done < 0 || open > done || !strings.Contains(list.PlainText, ref) {
			t.Errorf("/mysupport:\n%s", list.PlainText)
		}
	})

	if code := b.stop(); code != 0 {
		t.Fatalf("exit code %d, logs:\n%s", code, b.logs.String())
	}
	checkSupportStored(t, b.dbPath)
}

// checkSupportStored checks the database after the run: the phone kept on
// the resident and on the first request, which is resolved.
func checkSupportStored(t *testing.T, dbPath string) {
	t.Helper()
	db, err := storage.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(context.Background(), func(tx *storage.Tx) error {
		r, err := tx.ResidentByPlatformUser("telegram", "4001")
		if err != nil {
			return err
		}
		if got, want := r.Phone, "0912345678"; got != want {
			t.Errorf("resident phone = %q, want %q", got, want)
		}
		list, err := tx.HelpRequestsOf(r.ID, 0)
		if err != nil {
			return err
		}
		if len(list) != 2 {
			t.Fatalf("%d requests stored, want 2", len(list))
		}
		first, second := list[1], list[0]
		if first.Status != storage.HelpResolved || first.Phone != "0912345678" || first.Kind != storage.NeedFood ||
			first.Description != "Gia đình 4 người đang cách ly, cần gạo và rau cho 3 ngày." {
			t.Errorf("first request stored as %+v", first)
		}
		if second.Status != storage.HelpOpen || second.Phone != "" || second.Kind != storage.NeedMedicine {
			t.Errorf("second request stored as %+v", second)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
