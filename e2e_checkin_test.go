package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"testing"

	"chungsuc/bot/telegram/telegramtest"
)

// Telegram user ids 2000–2999 belong to these tests.

// checkIn runs /checkin with the given buttons and returns the last
// message (the summary, once every step is pressed).
func (p *person) checkIn(labels ...string) telegramtest.Sent {
	p.t.Helper()
	msg := p.say("/khaibao", "Sức khỏe của bạn hôm nay thế nào?")
	for _, label := range labels {
		p.press(msg, label)
		msg = p.expect("") // the same message, edited into the next step
	}
	return msg
}

func TestDailyCheckin(t *testing.T) {
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	b := startBot(t, fake, "")
	grantRole(t, b.dbPath, 2900, "coordinator", "HN-TM")
	coord := newPerson(t, fake, 2900, "Cán bộ Hùng", "vi")
	grantRole(t, b.dbPath, 2901, "coordinator", "HN-HL")

	an := newPerson(t, fake, 2001, "An", "vi")
	an.join("HN-TM-T01")
	binh := newPerson(t, fake, 2002, "Bình", "vi")
	binh.join("HN-TM-T01")

	t.Run("a well resident checks in with three taps", func(t *testing.T) {
		an.t = t
		sum := an.checkIn("😊", "✅ Tôi thực hiện 5K", "👍")
		for _, want := range []string{"Đã ghi nhận khai báo y tế hôm nay", "Khỏe mạnh", "5K: đã thực hiện", "1 ngày khai báo liên tiếp", "Tổ dân phố 1 hôm nay: 1/2 cư dân đã khai báo"} {
			if !strings.Contains(sum.PlainText, want) {
				t.Errorf("summary lacks %q:\n%s", want, sum.PlainText)
			}
		}
	})
	t.Run("a second check-in the same day updates it and says so", func(t *testing.T) {
		an.t = t
		an.say("/checkin", "Hôm nay bạn đã khai báo lúc")
		msg := an.expect("Sức khỏe của bạn hôm nay thế nào?")
		an.press(msg, "😊")
		an.press(an.expect("Thực hiện 5K"), "Hôm nay tôi chưa")
		an.press(an.expect("cần hỗ trợ gì"), "👍")
		sum := an.expect("Đã cập nhật khai báo y tế hôm nay")
		if !strings.Contains(sum.PlainText, "chưa thực hiện đủ") {
			t.Errorf("update not shown:\n%s", sum.PlainText)
		}
	})
	t.Run("symptoms alert the unit's coordinators and nobody else", func(t *testing.T) {
		binh.t = t
		msg := binh.say("/checkin", "Sức khỏe của bạn hôm nay thế nào?")
		binh.press(msg, "🤒")
		msg = binh.expect("Bạn có những triệu chứng nào?")
		qid := binh.press(msg, "☐ Sốt")
		binh.answered(qid)
		msg = binh.expect("☑ Sốt")
		binh.press(msg, "☐ Ho")
		msg = binh.expect("☑ Ho")
		binh.press(msg, "✔ Xong")
		binh.press(binh.expect("Thực hiện 5K"), "✅")
		binh.press(binh.expect("cần hỗ trợ gì"), "👍")
		sum := binh.expect("Đã ghi nhận khai báo y tế hôm nay")
		if !strings.Contains(sum.PlainText, "đã báo cán bộ phụ trách khu vực") {
			t.Errorf("the resident is not told the coordinators know:\n%s", sum.PlainText)
		}
		coord.t = t
		alert := coord.expect("Khai báo y tế cần quan tâm")
		for _, want := range []string{"Bình", "Sốt, Ho", "Tổ dân phố 1, Phường Tương Mai"} {
			if !strings.Contains(alert.PlainText, want) {
				t.Errorf("alert lacks %q:\n%s", want, alert.PlainText)
			}
		}
		if !strings.Contains(alert.Text, `tg://user?id=2002`) {
			t.Errorf("alert has no link to chat with the resident:\n%s", alert.Text)
		}
		for _, s := range fake.SentTo(2901) {
			if strings.Contains(s.PlainText, "Sốt") {
				t.Errorf("a coordinator of another ward saw the health details: %s", s.PlainText)
			}
		}
	})
	t.Run("Done without a symptom is refused", func(t *testing.T) {
		p := newPerson(t, fake, 2003, "Chi", "vi")
		p.join("HN-TM-T02")
		msg := p.say("/checkin", "Sức khỏe")
		p.press(msg, "🤒")
		qid := p.press(p.expect("triệu chứng nào"), "✔ Xong")
		if got := p.answered(qid); !strings.Contains(got, "ít nhất một triệu chứng") {
			t.Errorf("answer = %q", got)
		}
	})
	t.Run("text where a button is expected shows the buttons again", func(t *testing.T) {
		p := newPerson(t, fake, 2004, "Dũng", "vi")
		p.join("HN-TM-T02")
		old := p.say("/checkin", "Sức khỏe")
		again := p.say("khỏe", "chỉ cần chọn một mục")
		if !hasButton(again, "😊 Khỏe mạnh") {
			t.Errorf("the health buttons are not shown again: %v", again.Buttons())
		}
		p.press(old, "😊") // the same step: either message's buttons work
		p.expect("Thực hiện 5K")
		qid := p.press(old, "😊") // but not once the flow has moved on
		if got := p.answered(qid); !strings.Contains(got, "hết hiệu lực") {
			t.Errorf("stale button answer = %q", got)
		}
	})
	t.Run("someone who has not joined is offered /start", func(t *testing.T) {
		p := newPerson(t, fake, 2005, "Giang", "vi")
		p.say("/checkin", "Bạn cần chọn nơi sinh sống trước")
	})
	b.stop()
	db, err := sql.Open("sqlite", "file:"+b.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM checkins c JOIN residents r ON r.id = c.resident_id WHERE r.platform_user_id = '2001'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("An has %d check-in rows today, want 1 (updated, not duplicated)", n)
	}
}

func TestPrivacyCommands(t *testing.T) {
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	b := startBot(t, fake, "")
	p := newPerson(t, fake, 2100, "Lê Thị Hoa", "vi")
	p.join("HN-HL-T01")
	if sum := p.checkIn("🤒", "☐ Sốt", "✔ Xong", "✅", "👍"); !strings.Contains(sum.PlainText, "Đã ghi nhận") {
		t.Fatalf("check-in not recorded:\n%s", sum.PlainText)
	}

	t.Run("/mydata sends everything as a JSON document", func(t *testing.T) {
		p.t = t
		doc := p.say("/mydata", "toàn bộ dữ liệu")
		if doc.Method != "sendDocument" || doc.Upload == nil {
			t.Fatalf("got %s, want a document", doc.Method)
		}
		var data map[string]any
		if err := json.Unmarshal(doc.Upload.Data, &data); err != nil {
			t.Fatalf("not JSON: %v", err)
		}
		body := string(doc.Upload.Data)
		for _, want := range []string{"Lê Thị Hoa", "fever", "HN-HL-T01"} {
			if !strings.Contains(body, want) {
				t.Errorf("export lacks %q", want)
			}
		}
	})
	t.Run("/stop and /start", func(t *testing.T) {
		p.t = t
		p.say("/dunglai", "không tự gửi tin cho bạn")
		p.say("/stop", "đã ngừng nhận")
		p.say("/help", "Chung Sức có thể giúp bạn") // commands still work
		p.say("/start", "Chào mừng bạn trở lại")
	})
	t.Run("/forget deletes after a confirmation", func(t *testing.T) {
		p.t = t
		msg := p.say("/forget", "Bạn muốn xóa dữ liệu của mình?")
		if !strings.Contains(msg.PlainText, "đã được biểu dương") {
			t.Errorf("the confirmation does not say what is kept:\n%s", msg.PlainText)
		}
		qid := p.press(msg, "🗑")
		p.expect("Đã xóa dữ liệu của bạn: 1 lượt khai báo y tế")
		p.answered(qid)
	})
	b.stop()
	assertNoTrace(t, b.dbPath, "Lê Thị Hoa", "2100")
}

// assertNoTrace searches every text column of every table for needles.
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
