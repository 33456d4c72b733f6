package handlers_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// Telegram user ids 6000–6999 belong to these tests.

// famTexts are the texts of the messages in out (answers included).
func famTexts(out []sent) string {
	var b strings.Builder
	for _, s := range out {
		b.WriteString(string(s.msg.Kind) + ": " + s.msg.Text + "\n")
	}
	return b.String()
}

// famAnswer is the text of the answer to a pressed button in out.
func famAnswer(out []sent) string {
	for _, s := range out {
		if s.msg.Kind == bot.OutAnswer {
			return s.msg.Text
		}
	}
	return ""
}

// famSay checks that the replies to userID hold every want.
func famSay(t *testing.T, out []sent, userID string, want ...string) {
	t.Helper()
	got := famTexts(to(out, userID))
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("replies lack %q:\n%s", w, got)
		}
	}
}

// famLabels lists the labels of the buttons in out.
func famLabels(out []sent) []string {
	var l []string
	for _, s := range out {
		if s.msg.Keyboard == nil {
			continue
		}
		for _, row := range s.msg.Keyboard.Rows {
			for _, b := range row {
				l = append(l, b.Text)
			}
		}
	}
	return l
}

// famAdd makes userID add a family member through /giadinh.
func (e *harness) famAdd(userID, name string) {
	e.t.Helper()
	if out := e.say(userID, "/giadinh"); strings.Contains(famTexts(out), "Người thân bạn khai báo giúp") {
		e.press(userID, button(e.t, out, "➕").Data)
	}
	out := e.say(userID, name)
	if !strings.Contains(famTexts(out), "Đã thêm") {
		e.t.Fatalf("adding %s: %s", name, famTexts(out))
	}
	e.press(userID, button(e.t, out, "✔ Xong").Data)
}

// famTap presses the button starting with prefix among the messages to
// userID in out, and returns what the press caused.
func (e *harness) famTap(userID string, out []sent, prefix string) []sent {
	e.t.Helper()
	return e.press(userID, button(e.t, to(out, userID), prefix).Data)
}

// famCount runs a count query on the database file.
func (e *harness) famCount(query string, args ...any) int {
	e.t.Helper()
	return e.count(query, args...)
}

func TestFamilyList(t *testing.T) {
	e := newHarness(t)
	an := e.resident("6001", "Nguyễn Văn An", "HN-TM-T01", "")
	e.resident("6002", "Người lạ", "HN-TM-T01", "")

	t.Run("the first /giadinh explains and asks for a name", func(t *testing.T) {
		out := e.say("6001", "/giadinh")
		famSay(t, out, "6001", "không dùng điện thoại", "ông bà hay trẻ nhỏ", "cán bộ phụ trách", "Mời bạn gõ họ tên")
	})
	for _, tc := range []struct {
		label string
		text  string
		want  string
	}{
		{"a name too short is refused", "B", "từ 2 đến 100 ký tự; bạn vừa gõ 1 ký tự"},
		{"a name too long is refused", strings.Repeat("Lan ", 30), "từ 2 đến 100 ký tự; bạn vừa gõ 119 ký tự"},
		{"invisible characters are refused", "Bà\u200bLan", "ký tự không dùng được"},
	} {
		t.Run(tc.label, func(t *testing.T) {
			famSay(t, e.say("6001", tc.text), "6001", tc.want)
		})
	}
	t.Run("a photo is not a name", func(t *testing.T) {
		out := e.update("6001", func(u *bot.Update) { u.Photo = &bot.Photo{FileID: "p", FileUniqueID: "p"} })
		famSay(t, out, "6001", "gõ họ tên người thân bằng chữ")
	})
	var list []sent
	t.Run("a good name is added and listed", func(t *testing.T) {
		list = e.say("6001", "  Bà   Nguyễn Thị Lan ")
		famSay(t, list, "6001", "Đã thêm <b>Bà Nguyễn Thị Lan</b>", "• Bà Nguyễn Thị Lan", "/khaibao")
		got := strings.Join(famLabels(list), "|")
		if want := "📝 Khai báo y tế cho Bà Nguyễn Thị Lan ngay|🗑 Xóa Bà Nguyễn Thị Lan|➕ Thêm người thân|✔ Xong"; got != want {
			t.Errorf("buttons %s, want %s", got, want)
		}
	})
	t.Run("the same name again is refused, whatever the case", func(t *testing.T) {
		out := e.famTap("6001", list, "➕")
		famSay(t, out, "6001", "Mời bạn gõ họ tên")
		famSay(t, e.say("6001", "BÀ NGUYỄN THỊ LAN"), "6001", "Danh sách đã có người tên <b>BÀ NGUYỄN THỊ LAN</b>")
		list = e.say("6001", "Bé Minh Anh")
		famSay(t, list, "6001", "• Bà Nguyễn Thị Lan", "• Bé Minh Anh")
	})
	t.Run("a stranger cannot press someone else's buttons", func(t *testing.T) {
		out := e.press("6002", button(t, list, "🗑 Xóa Bà").Data)
		if got := famAnswer(out); !strings.Contains(got, "hết hiệu lực") {
			t.Errorf("stranger's press answered %q, want expired", got)
		}
		if got := e.famCount(`SELECT count(*) FROM dependants`); got != 2 {
			t.Errorf("%d family members after a stranger's press, want 2", got)
		}
	})
	t.Run("removing asks first, and can be called off", func(t *testing.T) {
		ask := e.famTap("6001", list, "🗑 Xóa Bé")
		famSay(t, ask, "6001", "Xóa Bé Minh Anh khỏi danh sách?", "khai báo y tế bạn đã làm cho người thân này cũng sẽ bị xóa")
		back := e.famTap("6001", ask, "↩️ Không")
		famSay(t, back, "6001", "• Bé Minh Anh")
		ask = e.famTap("6001", back, "🗑 Xóa Bé")
		done := e.famTap("6001", ask, "🗑 Xóa")
		famSay(t, done, "6001", "Đã xóa <b>Bé Minh Anh</b> khỏi danh sách, cùng 0 lượt khai báo y tế")
		if strings.Contains(famTexts(done), "• Bé Minh Anh") {
			t.Errorf("still listed:\n%s", famTexts(done))
		}
		if got := e.famCount(`SELECT count(*) FROM dependants WHERE resident_id = ?`, an); got != 1 {
			t.Errorf("%d family members left, want 1", got)
		}
		if got := famAnswer(e.famTap("6001", ask, "🗑 Xóa")); !strings.Contains(got, "hết hiệu lực") {
			t.Errorf("the old confirmation pressed again answered %q, want expired", got)
		}
		list = done
	})
	t.Run("Done closes the list", func(t *testing.T) {
		famSay(t, e.famTap("6001", list, "✔ Xong"), "6001", "Đã đóng danh sách người thân")
		if got := famTexts(e.say("6001", "xin chào")); strings.Contains(got, "Đã thêm") || strings.Contains(got, "Danh sách") {
			t.Errorf("text after Done taken as a name:\n%s", got)
		}
		if got := e.famCount(`SELECT count(*) FROM dependants`); got != 1 {
			t.Errorf("%d family members, want 1", got)
		}
	})
	t.Run("at most ten", func(t *testing.T) {
		for i := 2; i <= storage.MaxDependants; i++ {
			e.now = e.now.Add(10 * time.Second) // within the flood limit
			e.famAdd("6001", "Cháu số "+strconv.Itoa(i))
		}
		out := e.say("6001", "/giadinh")
		famSay(t, out, "6001", "• Cháu số 10", "tối đa 10 người thân")
		if strings.Contains(strings.Join(famLabels(out), "|"), "➕") {
			t.Errorf("an add button with the list full: %v", famLabels(out))
		}
	})
	t.Run("/help lists /family after /checkin", func(t *testing.T) {
		got := famTexts(e.say("6001", "/help"))
		if i, j := strings.Index(got, "/checkin"), strings.Index(got, "/family"); i < 0 || j < i || !strings.Contains(got, "/giadinh") {
			t.Errorf("help:\n%s", got)
		}
	})
}

func TestFamilyCheckin(t *testing.T) {
	e := newHarness(t)
	an := e.resident("6011", "Nguyễn Văn An", "HN-TM-T01", "")
	e.resident("6012", "Trần Thị Bình", "HN-TM-T01", "")
	e.resident("6111", "Cán bộ phường", "", "HN-TM")
	e.resident("6112", "Cán bộ phường khác", "", "HN-HL")
	e.famAdd("6011", "Bà Nguyễn Thị Lan")
	lan := e.famCount(`SELECT id FROM dependants WHERE name = 'Bà Nguyễn Thị Lan'`)

	var next []sent
	t.Run("a family member's symptoms alert the unit's coordinators, naming them and the household", func(t *testing.T) {
		out := e.say("6011", "/khaibao")
		famSay(t, out, "6011", "Bạn khai báo cho ai?")
		if got, want := strings.Join(famLabels(out), "|"), "👤 Bản thân tôi|👤 Bà Nguyễn Thị Lan|➕ Thêm người thân|❌ Hủy"; got != want {
			t.Errorf("choices %s, want %s", got, want)
		}
		out = e.famTap("6011", out, "👤 Bà")
		famSay(t, out, "6011", "Khai báo y tế hôm nay cho Bà Nguyễn Thị Lan", "Sức khỏe của Bà Nguyễn Thị Lan")
		out = e.famTap("6011", out, "🤒")
		famSay(t, out, "6011", "Bà Nguyễn Thị Lan có những triệu chứng nào?")
		out = e.famTap("6011", out, "☐ Khó thở")
		out = e.famTap("6011", out, "✔ Xong")
		famSay(t, out, "6011", "Thực hiện 5K (Bà Nguyễn Thị Lan)")
		out = e.famTap("6011", out, "✅ Có thực hiện")
		famSay(t, out, "6011", "Hôm nay Bà Nguyễn Thị Lan có cần hỗ trợ gì không?")
		out = e.famTap("6011", out, "💊")
		famSay(t, out, "6011", "Đã ghi nhận khai báo y tế hôm nay cho Bà Nguyễn Thị Lan", "🔥 Bà Nguyễn Thị Lan: 1 ngày",
			"Tổ dân phố 1 hôm nay: 1/3 cư dân đã khai báo", "Bạn báo <b>Bà Nguyễn Thị Lan khó thở</b>", "115", "HT-")
		if got, want := strings.Join(famLabels(to(out, "6011")), "|"), "➡️ Khai báo tiếp cho bản thân|💉 Ghi mũi tiêm vắc xin (nếu có)"; got != want {
			t.Errorf("buttons under the summary %s, want %s", got, want)
		}
		next = out
		var alert, ticket sent
		for _, s := range to(out, "6111") {
			switch {
			case strings.Contains(s.msg.Text, "Khai báo y tế cần quan tâm"):
				alert = s
			case strings.Contains(s.msg.Text, "HT-"):
				ticket = s
			}
		}
		for _, want := range []string{"Bà Nguyễn Thị Lan (người thân của <a href=\"tg://user?id=6011\">Nguyễn Văn An</a>)",
			"Tổ dân phố 1, Phường Tương Mai", "Khó thở"} {
			if !strings.Contains(alert.msg.Text, want) {
				t.Errorf("alert lacks %q:\n%s", want, alert.msg.Text)
			}
		}
		if alert.about != an {
			t.Errorf("alert is about resident %d, want %d", alert.about, an)
		}
		if !strings.Contains(ticket.msg.Text, "cho người thân Bà Nguyễn Thị Lan") {
			t.Errorf("help ticket does not name the family member:\n%s", ticket.msg.Text)
		}
		for _, s := range append(to(out, "6112"), to(out, "6012")...) {
			t.Errorf("someone else was told: %s: %s", s.msg.ChatID, s.msg.Text)
		}
	})
	t.Run("a stranger pressing the household's button gets expired", func(t *testing.T) {
		out := e.press("6012", button(t, next, "➡️").Data)
		if got := famAnswer(out); !strings.Contains(got, "hết hiệu lực") {
			t.Errorf("answered %q, want expired", got)
		}
	})
	t.Run("the next button checks in the resident; participation counts both", func(t *testing.T) {
		out := e.famTap("6011", next, "➡️")
		famSay(t, out, "6011", "Sức khỏe của bạn hôm nay thế nào?")
		out = e.famTap("6011", out, "😊")
		out = e.famTap("6011", out, "✅ Tôi thực hiện")
		out = e.famTap("6011", out, "👍")
		famSay(t, out, "6011", "Đã ghi nhận khai báo y tế hôm nay (", "🔥 1 ngày khai báo liên tiếp", "2/3 cư dân đã khai báo")
		if l := famLabels(to(out, "6011")); len(l) != 1 || l[0] != "💉 Ghi mũi tiêm vắc xin (nếu có)" {
			t.Errorf("buttons under the summary with everyone done: %v, want only the dose's", l)
		}
		// The check-in's optional last step: a dose of the person.
		out = e.famTap("6011", out, "💉")
		famSay(t, out, "6011", "Ghi mũi tiêm cho bạn: đó là mũi thứ mấy?")
		out = e.famTap("6011", out, "mũi 1")
		out = e.famTap("6011", out, "Hôm nay")
		famSay(t, out, "6011", "Đã ghi mũi 1")
		if strings.Contains(famTexts(out), "/giadinh") {
			t.Errorf("the hint shown to a resident who has family members:\n%s", famTexts(out))
		}
		out = e.say("6011", "/checkin")
		if got, want := strings.Join(famLabels(out), "|"), "✅ Bản thân tôi|✅ Bà Nguyễn Thị Lan|➕ Thêm người thân|❌ Hủy"; got != want {
			t.Errorf("choices %s, want %s", got, want)
		}
		out = e.famTap("6011", out, "✅ Bà")
		famSay(t, out, "6011", "Hôm nay bạn đã khai báo cho Bà Nguyễn Thị Lan lúc 08:00")
		e.famTap("6011", out, "❌")
	})
	t.Run("each person has their own streak", func(t *testing.T) {
		e.now = e.now.Add(24 * time.Hour)
		out := e.say("6011", "/khaibao")
		for _, label := range []string{"👤 Bà", "😊", "✅", "👍"} {
			out = e.famTap("6011", out, label)
		}
		famSay(t, out, "6011", "🔥 Bà Nguyễn Thị Lan: 2 ngày", "1/3 cư dân")
		out = e.famTap("6011", out, "➡️ Khai báo tiếp cho bản thân")
		for _, label := range []string{"😊", "✅", "👍"} {
			out = e.famTap("6011", out, label)
		}
		famSay(t, out, "6011", "🔥 2 ngày khai báo liên tiếp", "2/3 cư dân")
	})
	t.Run("a resident without family members gets the hint on the day's first check-in only", func(t *testing.T) {
		var out []sent
		for range 2 {
			out = e.say("6012", "/checkin")
			if again := strings.Contains(famTexts(out), "Hôm nay bạn đã khai báo"); again {
				out = to(out, "6012")[1:]
			}
			for _, label := range []string{"😊", "✅", "👍"} {
				out = e.famTap("6012", out, label)
			}
			if first := strings.Contains(famTexts(out), "Đã ghi nhận"); first != strings.Contains(famTexts(out), "Gõ /giadinh để thêm và khai báo giúp") {
				t.Errorf("hint shown wrongly (first check-in of the day: %v):\n%s", first, famTexts(out))
			}
		}
	})
	t.Run("removing a family member deletes their check-ins", func(t *testing.T) {
		out := e.say("6011", "/giadinh")
		out = e.famTap("6011", out, "🗑 Xóa Bà")
		out = e.famTap("6011", out, "🗑 Xóa")
		famSay(t, out, "6011", "cùng 2 lượt khai báo y tế")
		if got := e.famCount(`SELECT count(*) FROM checkins WHERE dependant_id = ?`, lan); got != 0 {
			t.Errorf("%d check-ins of the removed family member left", got)
		}
		if got := e.famCount(`SELECT count(*) FROM checkins WHERE resident_id = ?`, an); got != 2 {
			t.Errorf("%d check-ins of the resident left, want their own 2", got)
		}
		out = e.press("6011", button(t, next, "➡️").Data) // an old button for themself still works
		famSay(t, out, "6011", "Hôm nay bạn đã khai báo")
	})
}

func TestFamilyPrivacy(t *testing.T) {
	e := newHarness(t)
	an := e.resident("6021", "Nguyễn Văn An", "HN-TM-T01", "")
	e.resident("6022", "Hàng xóm", "HN-TM-T01", "")
	e.famAdd("6021", "Bà Trần Thị Sen")
	e.famAdd("6022", "Ông Hai")
	for _, who := range []string{"6021", "6022"} {
		out := e.say(who, "/khaibao")
		for _, label := range []string{"👤 Bà", "😊", "✅", "👍"} {
			if who == "6022" && label == "👤 Bà" {
				label = "👤 Ông"
			}
			out = e.famTap(who, out, label)
		}
	}
	t.Run("/mydata includes the family members and their check-ins", func(t *testing.T) {
		var doc sent
		for _, s := range e.say("6021", "/mydata") {
			if s.msg.Kind == bot.OutDoc {
				doc = s
			}
		}
		var data struct {
			Family []struct {
				ID   int64  `json:"id"`
				Name string `json:"name"`
			} `json:"family_members"`
			Checkins []struct {
				FamilyMemberID int64 `json:"family_member_id"`
			} `json:"checkins"`
		}
		if err := json.Unmarshal(doc.msg.Content, &data); err != nil {
			t.Fatalf("export: %v", err)
		}
		if len(data.Family) != 1 || data.Family[0].Name != "Bà Trần Thị Sen" {
			t.Fatalf("family_members = %+v", data.Family)
		}
		if len(data.Checkins) != 1 || data.Checkins[0].FamilyMemberID != data.Family[0].ID {
			t.Errorf("checkins = %+v, want Bà Sen's", data.Checkins)
		}
	})
	t.Run("/forget deletes them and their check-ins", func(t *testing.T) {
		out := e.say("6021", "/khaibao")
		for _, label := range []string{"👤 Bản thân", "😊", "✅", "👍"} {
			out = e.famTap("6021", out, label)
		}
		out = e.say("6021", "/forget")
		famSay(t, e.famTap("6021", out, "🗑"), "6021", "2 lượt khai báo y tế") // their own and the family member's
		for q, want := range map[string]int{
			`SELECT count(*) FROM dependants WHERE resident_id = ?`:  0,
			`SELECT count(*) FROM checkins WHERE resident_id = ?`:    0,
			`SELECT count(*) FROM dependants WHERE resident_id <> ?`: 1, // the neighbour's
			`SELECT count(*) FROM checkins WHERE resident_id <> ?`:   1,
		} {
			if got := e.famCount(q, an); got != want {
				t.Errorf("%s = %d, want %d", q, got, want)
			}
		}
		if got := e.famCount(`SELECT count(*) FROM dependants WHERE name LIKE '%Sen%'`); got != 0 {
			t.Errorf("the family member's name is still stored")
		}
		if where := scanDatabase(t, e, "Bà Trần Thị Sen"); len(where) > 0 {
			t.Errorf("the family member's name is still stored, in %v", where)
		}
	})
}

func TestFamilyButtonsFitTelegramLimit(t *testing.T) {
	signer := bot.NewSigner([]byte("key"))
	nonce := strconv.FormatInt(1<<40-1, 36) // the longest a nonce gets
	id := strconv.FormatInt(1<<62, 10)
	for _, tc := range []struct {
		action string
		params []string
	}{
		{"cw", []string{nonce, id}},
		{"cx", []string{id}},
		{"ga", []string{nonce}},
		{"gr", []string{nonce, id}},
		{"gy", []string{nonce}},
		{"gb", []string{nonce}},
		{"gk", []string{nonce, id}},
	} {
		if _, err := signer.Sign("-1001234567890123", tc.action, tc.params...); err != nil {
			t.Errorf("%s: %v", tc.action, err)
		}
	}
}
