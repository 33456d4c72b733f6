package main

import (
	"database/sql"
	"strings"
	"testing"

	"chungsuc/bot/telegram/telegramtest"
)

// Telegram user ids 6000–6999 belong to these tests.

// TestFamilyMembers runs a resident's family member through the real bot:
// added by name, checked in with symptoms (the coordinator is told whose
// household it is), counted in the group, exported, and deleted with the
// resident's data.
func TestFamilyMembers(t *testing.T) {
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	b := startBot(t, fake, "")
	grantRole(t, b.dbPath, 6900, "coordinator", "HN-TM")
	coord := newPerson(t, fake, 6900, "Cán bộ Hùng", "vi")
	an := newPerson(t, fake, 6001, "An", "vi")
	an.join("HN-TM-T01")

	t.Run("a family member is added by name", func(t *testing.T) {
		an.t = t
		an.say("/giadinh", "Mời bạn gõ họ tên người thân")
		list := an.say("Bà Nguyễn Thị Lan", "Đã thêm Bà Nguyễn Thị Lan")
		if !hasButton(list, "🗑 Xóa Bà Nguyễn Thị Lan") {
			t.Errorf("no remove button: %v", list.Buttons())
		}
		an.press(list, "✔ Xong")
		an.expect("Đã đóng danh sách người thân")
	})
	var summary telegramtest.Sent
	t.Run("checking in for them alerts the coordinator, naming the household", func(t *testing.T) {
		an.t = t
		msg := an.say("/khaibao", "Bạn khai báo cho ai?")
		an.press(msg, "👤 Bà Nguyễn Thị Lan")
		msg = an.expect("Sức khỏe của Bà Nguyễn Thị Lan hôm nay thế nào?")
		for _, step := range []struct{ label, next string }{
			{"🤒", "Bà Nguyễn Thị Lan có những triệu chứng nào?"},
			{"☐ Sốt", "☑ Sốt"},
			{"✔ Xong", "Thực hiện 5K (Bà Nguyễn Thị Lan)"},
			{"✅", "Hôm nay Bà Nguyễn Thị Lan có cần hỗ trợ gì không?"},
			{"👍", "Đã ghi nhận khai báo y tế hôm nay cho Bà Nguyễn Thị Lan"},
		} {
			an.press(msg, step.label)
			msg = an.expect(step.next)
		}
		summary = msg
		for _, want := range []string{"🔥 Bà Nguyễn Thị Lan: 1 ngày", "Tổ dân phố 1 hôm nay: 1/2 cư dân đã khai báo"} {
			if !strings.Contains(summary.PlainText, want) {
				t.Errorf("summary lacks %q:\n%s", want, summary.PlainText)
			}
		}
		coord.t = t
		alert := coord.expect("Khai báo y tế cần quan tâm")
		for _, want := range []string{"Bà Nguyễn Thị Lan (người thân của An)", "Sốt", "Tổ dân phố 1, Phường Tương Mai"} {
			if !strings.Contains(alert.PlainText, want) {
				t.Errorf("alert lacks %q:\n%s", want, alert.PlainText)
			}
		}
		if !strings.Contains(alert.Text, `tg://user?id=6001`) {
			t.Errorf("alert has no link to chat with the resident:\n%s", alert.Text)
		}
	})
	t.Run("the button under the summary goes on with the resident", func(t *testing.T) {
		an.t = t
		an.press(summary, "➡️ Khai báo tiếp cho bản thân")
		msg := an.expect("Sức khỏe của bạn hôm nay thế nào?")
		an.press(msg, "😊")
		an.press(an.expect("Thực hiện 5K"), "✅ Tôi thực hiện")
		an.press(an.expect("cần hỗ trợ gì"), "👍")
		sum := an.expect("Đã ghi nhận khai báo y tế hôm nay (")
		if !strings.Contains(sum.PlainText, "2/2 cư dân đã khai báo") {
			t.Errorf("participation does not count both:\n%s", sum.PlainText)
		}
	})
	t.Run("/mydata holds them", func(t *testing.T) {
		an.t = t
		doc := an.say("/mydata", "toàn bộ dữ liệu")
		if doc.Upload == nil || !strings.Contains(string(doc.Upload.Data), `"family_members"`) ||
			!strings.Contains(string(doc.Upload.Data), "Bà Nguyễn Thị Lan") ||
			!strings.Contains(string(doc.Upload.Data), `"family_member_id"`) {
			t.Errorf("export lacks the family member")
		}
	})
	t.Run("/forget deletes them with their check-ins", func(t *testing.T) {
		an.t = t
		msg := an.say("/forget", "🗑") // the confirmation, by its button
		an.press(msg, "🗑")
		an.expect("2 lượt khai báo y tế")
	})
	b.stop()
	db, err := sql.Open("sqlite", "file:"+b.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, table := range []string{"dependants", "checkins"} {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%d rows left in %s", n, table)
		}
	}
	assertNoTrace(t, b.dbPath, "Bà Nguyễn Thị Lan")
}
