package handlers_test

import (
	"database/sql"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/handlers"
	"github.com/chungsuc/chungsuc/storage"
)

var deedRefRe = regexp.MustCompile(`VT-(\d+)`)

// report makes userID report a good deed of their own through /report,
// without photos, and returns its id and what the others were sent.
func (e *harness) report(userID, description string) (int64, []sent) {
	e.t.Helper()
	out := e.say(userID, "/report")
	out = e.press(userID, button(e.t, to(out, userID), "🤝").Data)
	out = e.press(userID, button(e.t, to(out, userID), "🙋").Data)
	out = e.say(userID, description)
	out = e.press(userID, button(e.t, to(out, userID), "Bỏ qua").Data)
	out = e.press(userID, button(e.t, to(out, userID), "✅ Gửi").Data)
	m := deedRefRe.FindStringSubmatch(texts(to(out, userID)))
	if m == nil {
		e.t.Fatalf("no report number in %q", texts(to(out, userID)))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id, others(out, userID)
}

// forget deletes userID's data through /forget and its confirmation.
func (e *harness) forget(userID string) {
	e.t.Helper()
	out := e.say(userID, "/forget")
	e.press(userID, button(e.t, to(out, userID), "🗑").Data)
}

// answer returns the text of the answer to a button press in out.
func answer(out []sent) string {
	for _, s := range out {
		if s.msg.Kind == bot.OutAnswer {
			return s.msg.Text
		}
	}
	return ""
}

func texts(out []sent) string {
	var b strings.Builder
	for _, s := range out {
		b.WriteString(s.msg.Text + "\n---\n")
	}
	return b.String()
}

// TestForgottenIDsAreNeverReused forgets the resident whose report and
// help request are the newest, then has another resident report and ask:
// the new ones get new numbers, and the coordinator's old buttons say the
// old ones are gone instead of acting on the new ones.
func TestForgottenIDsAreNeverReused(t *testing.T) {
	e := newHarness(t)
	e.resident("5001", "An", "HN-TM-T01", "")
	e.resident("5002", "Bình", "HN-TM-T01", "")
	e.resident("5101", "Cán bộ Tương Mai", "", "HN-TM")

	helpID, tickets := e.ask("5001")
	deedID, notices := e.report("5001", "Tôi đi chợ hộ ba gia đình đang cách ly.")
	claim := button(t, tickets, "✋")
	approve := button(t, notices, "✅ Duyệt")
	e.forget("5001")

	help2, _ := e.ask("5002")
	deed2, _ := e.report("5002", "Tôi góp gạo cho bếp ăn của tổ dân phố.")
	if help2 == helpID || deed2 == deedID {
		t.Fatalf("new numbers %s and %s reuse the forgotten %s and %s",
			storage.HelpRef(help2), storage.DeedRef(deed2), storage.HelpRef(helpID), storage.DeedRef(deedID))
	}

	out := e.press("5101", claim.Data)
	if got := answer(out); !strings.Contains(got, "không còn") {
		t.Errorf("old claim button answered %q, want that the request no longer exists", got)
	}
	if got := to(out, "5002"); len(got) != 0 {
		t.Errorf("the other resident was told %q about a request they did not make", texts(got))
	}
	out = e.press("5101", approve.Data)
	if got := answer(out); !strings.Contains(got, "Không tìm thấy") {
		t.Errorf("old approve button answered %q, want that the report no longer exists", got)
	}
	var h storage.HelpRequest
	var d storage.Deed
	err := e.db.View(e.ctx, func(tx *storage.Tx) (err error) {
		if h, err = tx.HelpRequestByID(help2); err != nil {
			return err
		}
		d, err = tx.DeedByID(deed2)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if h.Status != storage.HelpOpen || d.Status != storage.DeedPending {
		t.Errorf("the other resident's request is %s and report %s; want both untouched", h.Status, d.Status)
	}
}

// TestForgetLeavesNoTraceInAnyTable has a resident ask for help with
// their phone, report a deed and check in unwell; a coordinator takes the
// request on and approves the report (edits of their notices carry the
// resident's details); then the resident forgets their data, and every
// table is scanned for their name and phone.
func TestForgetLeavesNoTraceInAnyTable(t *testing.T) {
	e := newHarness(t)
	const name, phone = "Trần Thị Quên", "0987654321"
	e.resident("5003", name, "HN-TM-T01", "")
	e.resident("5103", "Cán bộ Tương Mai", "", "HN-TM")

	out := e.say("5003", "/support")
	e.press("5003", button(t, to(out, "5003"), "🍚").Data)
	e.say("5003", "Nhà tôi cần gạo và rau cho ba ngày tới.")
	tickets := others(e.say("5003", phone), "5003")
	_, notices := e.report("5003", "Tôi nấu cơm cho các chiến sĩ ở chốt kiểm soát.")
	out = e.say("5003", "/checkin")
	out = e.press("5003", button(t, to(out, "5003"), "🤒").Data)
	out = e.press("5003", button(t, to(out, "5003"), "☐ Sốt").Data)
	out = e.press("5003", button(t, to(out, "5003"), "✔").Data)
	out = e.press("5003", button(t, to(out, "5003"), "✅ Tôi thực hiện").Data)
	e.press("5003", button(t, to(out, "5003"), "👍").Data)

	e.press("5103", button(t, tickets, "✋").Data)
	e.press("5103", button(t, notices, "✅ Duyệt").Data)
	e.forget("5003")
	e.drain()

	for _, needle := range []string{name, phone, phone[1:]} {
		if where := scanDatabase(t, e, needle); len(where) > 0 {
			t.Errorf("%q is still stored after /forget, in %v", needle, where)
		}
	}
	// Their messenger's user id too, but in the record of updates already
	// handled (which keeps update ids, so that none is handled twice).
	for _, where := range scanDatabase(t, e, "5003") {
		if table, _, _ := strings.Cut(where, "."); table != "processed_updates" && table != "update_offsets" {
			t.Errorf("their user id is still stored after /forget, in %s", where)
		}
	}
}

// scanDatabase returns the tables holding needle in any text or blob.
func scanDatabase(t *testing.T, e *harness, needle string) []string {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+e.path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(`SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	var found []string
	for _, table := range tables {
		rows, err := raw.Query(fmt.Sprintf(`SELECT * FROM "%s"`, table))
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
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				var s string
				switch v := v.(type) {
				case string:
					s = v
				case []byte:
					s = string(v)
				}
				if strings.Contains(s, needle) {
					found = append(found, table+"."+cols[i])
				}
			}
		}
		rows.Close()
	}
	return found
}

// TestNobodyReviewsTheirOwnWork checks that a coordinator's own report
// and request go to the coordinators above (or the administrators), and
// that they cannot take on their own request.
func TestNobodyReviewsTheirOwnWork(t *testing.T) {
	t.Run("a coordinator's report goes to the unit above", func(t *testing.T) {
		e := newHarness(t)
		e.resident("5201", "Tổ trưởng", "HN-TM-T01", "HN-TM-T01")
		e.resident("5202", "Cán bộ phường", "", "HN-TM")
		_, notices := e.report("5201", "Tôi tổ chức quyên góp sách vở cho các cháu.")
		if got, want := strings.Join(chats(notices), ","), "5202"; got != want {
			t.Errorf("the report went to %q, want %q", got, want)
		}
	})
	t.Run("with nobody above it goes to the administrators", func(t *testing.T) {
		e := newHarness(t)
		e.resident(adminID, "Quản trị", "", "")
		e.resident("5203", "Tổ trưởng", "QN-MC1-K1", "QN-MC1-K1")
		id, notices := e.report("5203", "Tôi tổ chức quyên góp sách vở cho các cháu.")
		if got, want := strings.Join(chats(notices), ","), adminID; got != want {
			t.Errorf("the report went to %q, want the administrator %q", got, want)
		}
		if id == 0 {
			t.Error("no report number")
		}
	})
	t.Run("a coordinator cannot take on their own request", func(t *testing.T) {
		e := newHarness(t)
		e.resident("5204", "Tổ trưởng", "HN-TM-T01", "HN-TM-T01")
		e.resident("5205", "Cán bộ phường", "", "HN-TM")
		id, tickets := e.ask("5204")
		if got, want := strings.Join(chats(tickets), ","), "5205"; got != want {
			t.Errorf("the request went to %q, want %q", got, want)
		}
		data, err := e.signer.Sign("5204", "hc", strconv.FormatInt(id, 10))
		if err != nil {
			t.Fatal(err)
		}
		out := e.press("5204", data)
		if got := answer(out); !strings.Contains(got, "của chính bạn") {
			t.Errorf("claiming one's own request answered %q", got)
		}
	})
	t.Run("an unwell coordinator alerts the others, not themself", func(t *testing.T) {
		e := newHarness(t)
		e.resident("5206", "Tổ trưởng", "HN-TM-T01", "HN-TM-T01")
		e.resident("5207", "Cán bộ phường", "", "HN-TM")
		out := e.say("5206", "/checkin")
		out = e.press("5206", button(t, to(out, "5206"), "🟡").Data)
		out = e.press("5206", button(t, to(out, "5206"), "✅ Tôi thực hiện").Data)
		out = e.press("5206", button(t, to(out, "5206"), "👍").Data)
		if got, want := strings.Join(chats(others(out, "5206")), ","), "5207"; got != want {
			t.Errorf("the alert went to %q, want %q", got, want)
		}
	})
}

// TestEscalationSkipsThoseAlreadyTold has one person coordinate a group
// and its ward: the escalation of a request from the group goes to the
// ward's other coordinator, not again to them, and says how long it
// really waited.
func TestEscalationSkipsThoseAlreadyTold(t *testing.T) {
	e := newHarness(t)
	e.resident("5301", "Lan", "HN-TM-T01", "")
	both := e.resident("5302", "Cán bộ hai cấp", "", "HN-TM-T01")
	err := e.db.Update(e.ctx, func(tx *storage.Tx) error {
		u, err := tx.UnitByCode("HN-TM")
		if err != nil {
			return err
		}
		_, err = tx.GrantRole(both, storage.RoleCoordinator, u.ID, 0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	e.resident("5303", "Cán bộ phường", "", "HN-TM")
	_, tickets := e.ask("5301")
	if got, want := strings.Join(chats(tickets), ","), "5302"; got != want {
		t.Fatalf("first told %q, want %q", got, want)
	}
	e.now = e.now.Add(3*time.Hour + 20*time.Minute)
	n, out := e.escalate()
	if n != 1 {
		t.Fatalf("escalated %d, want 1", n)
	}
	if got, want := strings.Join(chats(out), ","), "5303"; got != want {
		t.Errorf("escalation went to %q, want only %q", got, want)
	}
	if !strings.Contains(texts(out), "đã chờ 3 giờ") {
		t.Errorf("escalation does not say it waited 3 hours:\n%s", texts(out))
	}
}

// TestAppointedCoordinatorLearnsWhatWaits has residents report and ask
// where nobody coordinates; the coordinator appointed later is told of
// their role with what waits, can act on it, and /help counts it.
func TestAppointedCoordinatorLearnsWhatWaits(t *testing.T) {
	e := newHarness(t)
	e.resident("5401", "Hà", "HN-HL-T01", "")
	deedID, _ := e.report("5401", "Tôi dọn vệ sinh ngõ xóm cùng các cháu.")
	e.ask("5401")

	coord := e.resident("5402", "Cán bộ Hoàng Liệt", "", "")
	err := e.db.Update(e.ctx, func(tx *storage.Tx) error {
		u, err := tx.UnitByCode("HN-HL")
		if err != nil {
			return err
		}
		if _, err := tx.GrantRole(coord, storage.RoleCoordinator, u.ID, 0); err != nil {
			return err
		}
		w, err := e.app.AnnounceRole(tx, coord, storage.RoleCoordinator, u.ID)
		if w != (storage.Waiting{Deeds: 1, Help: 1}) {
			t.Errorf("waiting = %+v, want one report and one request", w)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	out := to(e.drain(), "5402")
	all := texts(out)
	for _, want := range []string{"cán bộ phụ trách", "Phường Hoàng Liệt", "<b>1</b> báo cáo chưa duyệt",
		storage.DeedRef(deedID), "dọn vệ sinh", "gạo và rau"} {
		if !strings.Contains(all, want) {
			t.Errorf("the appointment lacks %q:\n%s", want, all)
		}
	}
	e.press("5402", button(t, out, "✅ Duyệt").Data)
	var d storage.Deed
	err = e.db.View(e.ctx, func(tx *storage.Tx) (err error) {
		d, err = tx.DeedByID(deedID)
		return err
	})
	if err != nil || d.Status != storage.DeedApproved {
		t.Errorf("the waiting report is %q (%v), want approved with the button sent", d.Status, err)
	}

	help := to(e.say("5402", "/help"), "5402")
	if all := texts(help); !strings.Contains(all, "Đang chờ: <b>1</b> đề nghị hỗ trợ") {
		t.Errorf("/help does not count what waits:\n%s", all)
	}
	shown := to(e.press("5402", button(t, help, "📋").Data), "5402")
	if all := texts(shown); !strings.Contains(all, "gạo và rau") {
		t.Errorf("“see what is waiting” did not send the request:\n%s", all)
	}

	if all := texts(to(e.say("5401", "/help"), "5401")); strings.Contains(all, "cán bộ phụ trách</b>") {
		t.Errorf("a resident's /help shows the coordinator's part:\n%s", all)
	}
}

// TestEveryInputGetsAnAnswer covers what used to get silence: a command
// for another bot typed in our private chat, and our bot mentioned in a
// group (answered once, then quiet for a while).
func TestEveryInputGetsAnAnswer(t *testing.T) {
	e := newHarness(t, withConfig(func(c *handlers.Config) { c.BotName = "ChungSucBot" }))
	e.resident("5501", "Nam", "HN-TM-T01", "")

	if got := to(e.say("5501", "/help@OtherBot"), "5501"); len(got) == 0 || !strings.Contains(got[0].msg.Text, "/checkin") {
		t.Errorf("/help@OtherBot in a private chat got %q, want the help", texts(got))
	}
	group := func(text string) []sent {
		return e.update("5501", func(u *bot.Update) {
			u.Text, u.Chat = text, bot.Chat{ID: "-1001", Private: false}
		})
	}
	if out := group("@ChungSucBotFan ơi"); len(out) != 0 {
		t.Errorf("a mention of a longer name got %s, want nothing", texts(out))
	}
	out := group("@ChungSucBot cho tôi hỏi khai báo thế nào?")
	if len(out) != 1 || out[0].msg.ChatID != "-1001" {
		t.Fatalf("a mention in a group got %d messages (%s), want one answer in the group", len(out), texts(out))
	}
	if b := button(t, out, "💬"); b.URL != "https://t.me/ChungSucBot" {
		t.Errorf("the button opens %q, want the private chat", b.URL)
	}
	if out := group("/start@ChungSucBot"); len(out) != 0 {
		t.Errorf("a second call within minutes got %s, want quiet", texts(out))
	}
	if out := group("/start@OtherBot"); len(out) != 0 {
		t.Errorf("another bot's command got %s, want nothing", texts(out))
	}
	e.now = e.now.Add(11 * time.Minute)
	if out := group("/help"); len(out) != 1 {
		t.Errorf("after ten minutes a command got %d messages, want one answer", len(out))
	}
	if out := group("chào cả nhà"); len(out) != 0 {
		t.Errorf("plain group chatter got %s, want nothing", texts(out))
	}
}

// TestMyDataSaysWhatIsKept checks /mydata's summary and that its file
// holds what the summary says is everything: labels beside codes, the
// messages still kept, ended roles and what one did as a coordinator.
func TestMyDataSaysWhatIsKept(t *testing.T) {
	e := newHarness(t)
	coord := e.resident("5601", "Cán bộ Thu", "HN-TM-T01", "HN-TM")
	e.resident("5602", "Dân Hải", "HN-TM-T01", "")
	_, tickets := e.ask("5602")
	e.press("5601", button(t, tickets, "✋").Data)
	err := e.db.Update(e.ctx, func(tx *storage.Tx) error {
		u, err := tx.UnitByCode("HN-TM-T01")
		if err != nil {
			return err
		}
		id, err := tx.GrantRole(coord, storage.RoleOfficial, u.ID, 0)
		if err != nil {
			return err
		}
		return tx.RevokeRole(id)
	})
	if err != nil {
		t.Fatal(err)
	}

	out := to(e.say("5602", "/mydata"), "5602")
	if len(out) != 2 || out[1].msg.Kind != bot.OutDoc {
		t.Fatalf("/mydata sent %d messages, want a summary and a file", len(out))
	}
	for _, want := range []string{"Tổ dân phố 1, Phường Tương Mai", "Đề nghị hỗ trợ: 1 đã có cán bộ tiếp nhận",
		"Báo cáo người tốt, việc tốt: không có", "Khai báo y tế: không có"} {
		if !strings.Contains(out[0].msg.Text, want) {
			t.Errorf("summary lacks %q:\n%s", want, out[0].msg.Text)
		}
	}
	doc := string(out[1].msg.Content)
	for _, want := range []string{`"kind": "food"`, `"kind_label": "thực phẩm"`, `"status_label": "đã có cán bộ tiếp nhận"`,
		`"messages": [`, `"text": "✅ Chung Sức đã gửi đề nghị hỗ trợ`, `"coordinator_actions"`, `"about_you": true`} {
		if !strings.Contains(doc, want) {
			t.Errorf("the file lacks %s", want)
		}
	}

	out = to(e.say("5601", "/mydata"), "5601")
	summary, doc := out[0].msg.Text, string(out[len(out)-1].msg.Content)
	for _, want := range []string{"cán bộ phụ trách của Phường Tương Mai", "lãnh đạo theo dõi của Tổ dân phố 1", "(đã thôi)",
		"tiếp nhận hoặc hoàn thành 1 đề nghị"} {
		if !strings.Contains(summary, want) {
			t.Errorf("coordinator's summary lacks %q:\n%s", want, summary)
		}
	}
	for _, want := range []string{`"revoked_at"`, `"help_requests_handled": [`, `"request": "HT-`, `"about_someone_else": true`} {
		if !strings.Contains(doc, want) {
			t.Errorf("coordinator's file lacks %s", want)
		}
	}
	for _, leak := range []string{"gạo và rau", "Dân Hải"} {
		if strings.Contains(doc, leak) {
			t.Errorf("the coordinator's file holds another resident's details: %q", leak)
		}
	}
}

// TestCoordinatorsAreKeptInformed covers what a trial found: the one who
// took a request on hears when another marks it done; a coordinator named
// "Cán bộ …" is not called "Cán bộ Cán bộ …"; an official's /help has their
// part; a coordinator's /forget says their role ends.
func TestCoordinatorsAreKeptInformed(t *testing.T) {
	e := newHarness(t)
	e.resident("5701", "Lan", "HN-TM-T01", "")
	e.resident("5702", "Cán bộ Hùng", "", "HN-TM")
	e.resident("5703", "Chị Mai", "", "HN-TM")
	_, tickets := e.ask("5701")
	out := e.press("5702", button(t, to(tickets, "5702"), "✋").Data)
	if got := texts(to(out, "5701")); !strings.Contains(got, "<b>Cán bộ Hùng</b> đã tiếp nhận") || strings.Contains(got, "Cán bộ <b>Cán bộ") {
		t.Errorf("the resident read %q", got)
	}
	out = e.press("5703", button(t, to(tickets, "5703"), "✅").Data)
	if got := texts(to(out, "5702")); !strings.Contains(got, "Chị Mai</b> vừa xác nhận") {
		t.Errorf("the coordinator who took it on was told %q; want that Chị Mai marked it done", got)
	}

	official := e.resident("5704", "Lãnh đạo phường", "", "")
	err := e.db.Update(e.ctx, func(tx *storage.Tx) error {
		u, err := tx.UnitByCode("HN-TM")
		if err != nil {
			return err
		}
		_, err = tx.GrantRole(official, storage.RoleOfficial, u.ID, 0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(to(e.say("5704", "/help"), "5704")); !strings.Contains(got, "Phần việc của lãnh đạo theo dõi") {
		t.Errorf("an official's /help lacks their part:\n%s", got)
	}
	if got := texts(to(e.say("5702", "/forget"), "5702")); !strings.Contains(got, "Vai trò cán bộ phụ trách của Phường Tương Mai") {
		t.Errorf("a coordinator's /forget does not say the role ends:\n%s", got)
	}
}
