package handlers_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/handlers"
	"github.com/chungsuc/chungsuc/storage"
)

var refRe = regexp.MustCompile(`HT-(\d+)`)

// ask makes userID ask for food through /support, skipping the phone, and
// returns the request id and what the coordinators were sent.
func (e *harness) ask(userID string) (int64, []sent) {
	e.t.Helper()
	out := e.say(userID, "/support")
	kind := button(e.t, to(out, userID), "🍚")
	e.press(userID, kind.Data)
	e.say(userID, "Gia đình tôi cần gạo và rau trong ba ngày tới.")
	out = e.say(userID, "Bỏ qua")
	done := to(out, userID)
	if len(done) == 0 {
		e.t.Fatalf("no reply to the request")
	}
	m := refRe.FindStringSubmatch(done[len(done)-1].msg.Text)
	if m == nil {
		e.t.Fatalf("no ticket number in %q", done[len(done)-1].msg.Text)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id, others(out, userID)
}

func TestEscalation(t *testing.T) {
	t.Run("after two hours unclaimed it goes once to the parent unit's coordinators", func(t *testing.T) {
		e := newHarness(t)
		resident := e.resident("4001", "Lan", "HN-TM-T02", "")
		e.resident("4101", "Cán bộ phường", "", "HN-TM")
		e.resident("4102", "Cán bộ quận", "", "HN")
		id, tickets := e.ask("4001")
		if got, want := strings.Join(chats(tickets), ","), "4101"; got != want {
			t.Fatalf("first tickets went to %s, want %s", got, want)
		}
		start := e.now

		e.now = start.Add(handlers.EscalateAfter - time.Minute)
		if n, out := e.escalate(); n != 0 || len(out) != 0 {
			t.Fatalf("at 1h59m: escalated %d, sent %d messages; want none", n, len(out))
		}

		e.now = start.Add(handlers.EscalateAfter)
		n, out := e.escalate()
		if n != 1 {
			t.Fatalf("at 2h: escalated %d, want 1", n)
		}
		if got, want := strings.Join(chats(out), ","), "4102"; got != want {
			t.Fatalf("escalation went to %s, want %s", got, want)
		}
		msg := out[0]
		for _, want := range []string{storage.HelpRef(id), "Lan", "Tổ dân phố 2, Phường Tương Mai", "gạo và rau",
			"đã chờ 2 giờ", "Phường Tương Mai chưa tiếp nhận"} {
			if !strings.Contains(msg.msg.Text, want) {
				t.Errorf("escalated ticket lacks %q:\n%s", want, msg.msg.Text)
			}
		}
		if got, want := msg.about, resident; got != want {
			t.Errorf("escalated ticket is about resident %d, want %d", got, want)
		}
		claim := button(t, out, "✋")
		if action, params, err := e.signer.Verify("4102", claim.Data); err != nil || action != "hc" ||
			len(params) != 1 || params[0] != strconv.FormatInt(id, 10) {
			t.Errorf("claim button %q: action %q params %v err %v", claim.Data, action, params, err)
		}

		e.now = start.Add(3 * handlers.EscalateAfter)
		if n, out := e.escalate(); n != 0 || len(out) != 0 {
			t.Fatalf("later: escalated %d again, sent %d messages; want once only", n, len(out))
		}

		out = e.press("4102", claim.Data)
		if got := to(out, "4001"); len(got) != 1 || !strings.Contains(got[0].msg.Text, "Cán bộ quận") {
			t.Errorf("the district coordinator's claim: resident told %+v", got)
		}
	})

	t.Run("a claimed request never escalates", func(t *testing.T) {
		e := newHarness(t)
		e.resident("4002", "Minh", "HN-TM-T02", "")
		e.resident("4103", "Cán bộ phường", "", "HN-TM")
		e.resident("4104", "Cán bộ quận", "", "HN")
		_, tickets := e.ask("4002")
		e.now = e.now.Add(10 * time.Minute)
		e.press("4103", button(t, tickets, "✋").Data)
		e.now = e.now.Add(5 * handlers.EscalateAfter)
		if n, out := e.escalate(); n != 0 || len(out) != 0 {
			t.Fatalf("escalated %d claimed requests (%d messages), want none", n, len(out))
		}
	})

	t.Run("with no coordinator above it goes to the administrators", func(t *testing.T) {
		e := newHarness(t)
		e.resident("4003", "Hoa", "QN-MC1-K1", "")
		e.resident("4105", "Cán bộ khu", "", "QN-MC1-K1")
		_, tickets := e.ask("4003")
		if got, want := strings.Join(chats(tickets), ","), "4105"; got != want {
			t.Fatalf("first tickets went to %s, want %s", got, want)
		}
		e.now = e.now.Add(handlers.EscalateAfter)
		n, out := e.escalate()
		if got, want := strings.Join(chats(out), ","), adminID; n != 1 || got != want {
			t.Fatalf("escalated %d to %s, want 1 to the administrator %s", n, got, want)
		}
		if _, _, err := e.signer.Verify(adminID, button(t, out, "✅").Data); err != nil {
			t.Errorf("the administrator cannot press the resolve button: %v", err)
		}
	})

	t.Run("a request the administrators already had is not sent again", func(t *testing.T) {
		e := newHarness(t)
		e.resident("4004", "Tùng", "QN-MC1-K2", "")
		_, tickets := e.ask("4004")
		if got, want := strings.Join(chats(tickets), ","), adminID; got != want {
			t.Fatalf("first tickets went to %s, want the administrator %s", got, want)
		}
		e.now = e.now.Add(handlers.EscalateAfter)
		if n, out := e.escalate(); len(out) != 0 {
			t.Fatalf("escalated %d with %d messages, want no message", n, len(out))
		}
		if n, _ := e.escalate(); n != 0 {
			t.Fatalf("escalated %d on the next run, want 0", n)
		}
	})
}

func TestHelpTicketButtons(t *testing.T) {
	e := newHarness(t)
	e.resident("4005", "Lan", "HN-TM-T02", "")
	e.resident("4106", "Chị Hà", "", "HN-TM")
	e.resident("4107", "Anh Dũng", "", "HN-TM")
	e.resident("4108", "Cán bộ phường khác", "", "HN-HL")
	id, tickets := e.ask("4005")
	if got, want := strings.Join(chats(tickets), ","), "4106,4107"; got != want {
		t.Fatalf("tickets went to %s, want %s", got, want)
	}

	t.Run("a coordinator of another ward is refused", func(t *testing.T) {
		data, err := e.signer.Sign("4108", "hc", strconv.FormatInt(id, 10))
		if err != nil {
			t.Fatal(err)
		}
		out := e.press("4108", data)
		if len(out) != 1 || out[0].msg.Kind != bot.OutAnswer || !strings.Contains(out[0].msg.Text, "không phụ trách") {
			t.Fatalf("got %+v, want a refusal", out)
		}
	})

	t.Run("claim tells the resident and edits the ticket", func(t *testing.T) {
		out := e.press("4106", button(t, to(tickets, "4106"), "✋").Data)
		if got := to(out, "4005"); len(got) != 1 || !strings.Contains(got[0].msg.Text, "Chị Hà") {
			t.Fatalf("resident told %+v", got)
		}
		var edited bool
		for _, s := range out {
			if s.msg.Kind == bot.OutEdit && strings.Contains(s.msg.Text, "Chị Hà đã tiếp nhận lúc") {
				edited = s.msg.Keyboard.Buttons() == 1
			}
		}
		if !edited {
			t.Errorf("ticket not edited to the claimed state with one button: %+v", out)
		}
	})

	t.Run("a second claim says who claimed it", func(t *testing.T) {
		out := e.press("4107", button(t, to(tickets, "4107"), "✋").Data)
		var told bool
		for _, s := range out {
			told = told || s.msg.Kind == bot.OutAnswer && strings.Contains(s.msg.Text, "Chị Hà")
		}
		if !told || len(to(out, "4005")) != 0 {
			t.Errorf("second claim: %+v", out)
		}
	})

	t.Run("resolve tells the resident, once", func(t *testing.T) {
		data := button(t, to(tickets, "4107"), "✅").Data
		out := e.press("4107", data)
		if got := to(out, "4005"); len(got) != 1 || !strings.Contains(got[0].msg.Text, "giải quyết xong") {
			t.Fatalf("resident told %+v", got)
		}
		out = e.press("4107", data)
		if len(to(out, "4005")) != 0 || !strings.Contains(out[0].msg.Text, "đã xong từ lúc") {
			t.Errorf("second resolve: %+v", out)
		}
	})

	t.Run("a forgotten request says it is gone", func(t *testing.T) {
		data, err := e.signer.Sign("4106", "hd", "999999")
		if err != nil {
			t.Fatal(err)
		}
		out := e.press("4106", data)
		if len(out) == 0 || !strings.Contains(out[0].msg.Text, "không còn nữa") {
			t.Errorf("got %+v", out)
		}
	})
}

func TestSupportCatalogue(t *testing.T) {
	app := handlers.New(handlers.Config{})
	for _, pair := range [][2]string{{"vi", "en"}, {"en", "vi"}} {
		for _, k := range app.Catalog.Keys(pair[0]) {
			if strings.HasPrefix(k, "support.") && !app.Catalog.Has(pair[1], k) {
				t.Errorf("%s has %q, %s does not", pair[0], k, pair[1])
			}
		}
	}
}

// toPhoneStep takes userID through /support to the phone step and returns
// the kind button it pressed.
func (e *harness) toPhoneStep(userID string) string {
	e.t.Helper()
	kind := button(e.t, to(e.say(userID, "/support"), userID), "💊").Data
	e.press(userID, kind)
	e.say(userID, "Cần thuốc hạ sốt cho con nhỏ.")
	return kind
}

// requests returns the help requests of the Telegram user.
func (e *harness) requests(userID string) []storage.HelpRequest {
	e.t.Helper()
	var list []storage.HelpRequest
	err := e.db.View(e.ctx, func(tx *storage.Tx) error {
		r, err := tx.ResidentByPlatformUser("telegram", userID)
		if err != nil {
			return err
		}
		list, err = tx.HelpRequestsOf(r.ID, 0)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return list
}

func TestSupportPhoneStep(t *testing.T) {
	e := newHarness(t)
	e.resident("4150", "Cán bộ", "", "HN-TM")
	t.Run("the keyboard: the contact button, then Bỏ qua, a row each", func(t *testing.T) {
		e.t = t
		e.resident("4019", "Người dân", "HN-TM-T02", "")
		e.toPhoneStep("4019")
		kb := e.chat("telegram", "4019").reply
		if kb == nil || len(kb.Rows) != 2 || len(kb.Rows[0]) != 1 || !kb.Rows[0][0].Contact ||
			len(kb.Rows[1]) != 1 || kb.Rows[1][0].Text != "Bỏ qua" {
			t.Errorf("phone step keyboard = %+v, want a contact button and Bỏ qua", kb)
		}
	})
	tests := []struct {
		label     string
		input     func(u *bot.Update)
		want      string
		wantPhone string // the request's phone; "-" when none is opened
	}{
		{"a typed number is normalised", func(u *bot.Update) { u.Text = "+84 912 345 678" }, "HT-", "0912345678"},
		{"skip opens it without a phone", func(u *bot.Update) { u.Text = "Bỏ qua" }, "HT-", ""},
		{"skip in English works too", func(u *bot.Update) { u.Text = "Skip" }, "HT-", ""},
		{"one's own contact", func(u *bot.Update) { u.Contact = &bot.Contact{Phone: "84987654321", UserID: u.From.ID} }, "HT-", "0987654321"},
		{"an invalid number says the format", func(u *bot.Update) { u.Text = "0912" }, "0912345678", "-"},
		{"someone else's contact", func(u *bot.Update) { u.Contact = &bot.Contact{Phone: "0987654321", UserID: "4888"} }, "người khác", "-"},
		{"a sticker", func(u *bot.Update) { u.Media = "sticker" }, "Số điện thoại chưa đúng", "-"},
	}
	for i, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			e.t = t
			user := strconv.Itoa(4020 + i)
			e.resident(user, "Người dân", "HN-TM-T02", "")
			e.toPhoneStep(user)
			out := to(e.update(user, tt.input), user)
			if len(out) != 1 || !strings.Contains(out[0].msg.Text, tt.want) {
				t.Fatalf("replies %+v, want one with %q", out, tt.want)
			}
			list := e.requests(user)
			if tt.wantPhone == "-" {
				if len(list) != 0 || out[0].msg.Keyboard == nil || !out[0].msg.Keyboard.Reply {
					t.Errorf("%d requests opened, keyboard %+v; want none and the phone keyboard again", len(list), out[0].msg.Keyboard)
				}
				return
			}
			if len(list) != 1 || list[0].Phone != tt.wantPhone {
				t.Fatalf("requests %+v, want one with phone %q", list, tt.wantPhone)
			}
			if kb := out[0].msg.Keyboard; kb == nil || !kb.Remove {
				t.Errorf("the reply keyboard is not removed: %+v", kb)
			}
		})
	}
}

func TestSupportFlowInputs(t *testing.T) {
	e := newHarness(t)
	e.resident("4030", "Người dân", "HN-TM-T02", "")
	e.resident("4031", "Chưa tham gia", "", "")

	t.Run("without a unit, /support offers /start", func(t *testing.T) {
		e.t = t
		out := e.say("4031", "/hotro")
		if len(out) != 1 || !strings.Contains(out[0].msg.Text, "/start") {
			t.Errorf("got %+v", out)
		}
	})
	t.Run("text at the kind step re-shows the buttons", func(t *testing.T) {
		e.t = t
		e.say("4030", "/support")
		out := e.say("4030", "cho tôi gạo")
		if len(out) != 1 || out[0].msg.Keyboard.Buttons() != 5 || !strings.Contains(out[0].msg.Text, "loại hỗ trợ bên dưới") {
			t.Errorf("got %+v", out)
		}
	})
	t.Run("a kind button of an earlier step has expired", func(t *testing.T) {
		e.t = t
		kind := e.toPhoneStep("4030")
		out := e.press("4030", kind)
		if len(out) != 1 || out[0].msg.Kind != bot.OutAnswer || !strings.Contains(out[0].msg.Text, "hết hiệu lực") {
			t.Errorf("got %+v", out)
		}
	})
	t.Run("/cancel leaves and removes the phone keyboard", func(t *testing.T) {
		e.t = t
		out := e.say("4030", "/cancel")
		if len(out) != 1 || !strings.Contains(out[0].msg.Text, "Đã hủy đề nghị hỗ trợ") || !out[0].msg.Keyboard.Remove {
			t.Errorf("got %+v", out)
		}
		if list := e.requests("4030"); len(list) != 0 {
			t.Errorf("%d requests stored, want none", len(list))
		}
	})
	t.Run("a description too long says the limits and its length", func(t *testing.T) {
		e.t = t
		e.press("4030", button(t, to(e.say("4030", "/support"), "4030"), "🤝").Data)
		out := e.say("4030", strings.Repeat("ă", 1001))
		if len(out) != 1 || !strings.Contains(out[0].msg.Text, "từ 10 đến 1.000 ký tự; bạn vừa gõ 1.001") {
			t.Errorf("got %+v", out)
		}
	})
}
