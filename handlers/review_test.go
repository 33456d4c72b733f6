package handlers_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// TestReviewQueue walks /review: the oldest report first with the count,
// Skip puts one aside, a decision brings the next, the reporter is told
// of each decision, and the end says so.
func TestReviewQueue(t *testing.T) {
	e := newHarness(t)
	e.resident("7001", "An", "HN-TM-T01", "")
	e.resident("7002", "Bình", "HN-TM-T02", "")
	e.resident("7101", "Lan", "HN-TM-T01", "HN-TM")
	first, _ := e.report("7001", "Tôi đi chợ hộ ba gia đình đang cách ly.")
	second, _ := e.report("7002", "Tôi dọn rác ở khu vui chơi của tổ.")

	out := e.say("7101", "/review")
	card := texts(out)
	mustHave(t, card, "còn <b>2</b> báo cáo", storage.DeedRef(first))
	out = e.press("7101", button(t, out, "⏭").Data)
	mustHave(t, texts(out), storage.DeedRef(second), "còn <b>1</b> báo cáo")

	out = e.press("7101", button(t, out, "✅ Duyệt").Data)
	mustHave(t, texts(to(out, "7002")), "đã được duyệt")
	mustHave(t, texts(to(out, "7101")), "Chỉ còn 1 báo cáo bạn đã bỏ qua")

	// /review again starts afresh: the skipped one comes back.
	out = e.say("7101", "/review")
	mustHave(t, texts(out), storage.DeedRef(first))
	out = e.press("7101", button(t, out, "❌").Data)
	mustHave(t, texts(out), "lý do")
	out = e.say("7101", "Việc này đã được báo rồi.")
	mustHave(t, texts(to(out, "7001")), "chưa được duyệt", "đã được báo rồi")
	mustHave(t, texts(to(out, "7101")), "Không còn báo cáo nào chờ duyệt")

	var actions []string
	for _, a := range e.audits() {
		actions = append(actions, a.Action)
	}
	if got := strings.Join(actions, " "); got != "deed_approve deed_reject" {
		t.Errorf("audit = %q, want the two decisions", got)
	}
}

// TestCommendPublishWithConsent commends a report, has the reporter
// refuse to be named, and publishes it: the example names nobody, goes to
// the unit's residents through the appeal runner, and cannot be published
// twice.
func TestCommendPublishWithConsent(t *testing.T) {
	e := newHarness(t)
	e.resident("7201", "An", "HN-TM-T01", "")
	e.resident("7202", "Bình", "HN-TM-T01", "")
	e.resident("7301", "Lan", "HN-TM-T01", "HN-TM")
	id, notices := e.report("7201", "Tôi đi chợ hộ ba gia đình đang cách ly.")

	out := e.press("7301", button(t, to(notices, "7301"), "🏅").Data)
	mine := to(out, "7201")
	mustHave(t, texts(mine), "biểu dương", "nêu tên bạn")
	e.press("7201", button(t, mine, "Không nêu tên").Data)
	publish := button(t, to(out, "7301"), "📣")

	out = e.press("7301", publish.Data)
	preview := texts(out)
	mustHave(t, preview, "Gương người tốt", "Một cư dân Tổ dân phố 1", "đi chợ hộ", "tới <b>3</b> cư dân")
	if strings.Contains(preview, "An") && strings.Contains(preview, "<b>An</b>") {
		t.Errorf("the example names a reporter who refused: %q", preview)
	}
	out = e.press("7301", button(t, out, "📣 Đăng cho 3 người").Data)
	mustHave(t, texts(out), "Đã gửi <b>0</b>/3")

	// The runner sends it to each resident of the unit, and the progress
	// message ends with the figures.
	sent := e.runAppeals()
	for _, who := range []string{"7201", "7202", "7301"} {
		mustHave(t, texts(to(sent, who)), "Gương người tốt", "đi chợ hộ")
	}
	mustHave(t, texts(to(sent, "7301")), "Đã gửi xong: 3 người đã nhận")
	mustHave(t, texts(e.press("7301", publish.Data)), "đã được đăng làm gương rồi")
	if a := lastAudit(t, e.audits()); a.Action != storage.AuditDeedPublish || a.Target != storage.DeedRef(id) {
		t.Errorf("publishing not recorded: %+v", a)
	}
}

// TestRequestsQueue lists open requests, oldest first, with how long
// they waited, including one that reached nobody when it was made.
func TestRequestsQueue(t *testing.T) {
	e := newHarness(t)
	e.resident("7401", "An", "QN-MC1-K1", "")
	e.resident("7402", "Bình", "QN-MC1-K2", "")
	first, _ := e.ask("7401") // nobody coordinates Quảng Ninh yet
	e.now = e.now.Add(3 * 3600e9)
	second, _ := e.ask("7402")
	e.resident("7501", "Lan", "", "QN-MC1")

	out := e.say("7501", "/requests")
	text := texts(out)
	mustHave(t, text, storage.HelpRef(first), storage.HelpRef(second), "Đã chờ 3 giờ")
	if strings.Index(text, storage.HelpRef(first)) > strings.Index(text, storage.HelpRef(second)) {
		t.Errorf("not oldest first: %q", text)
	}
	out = e.press("7501", button(t, out, "✋").Data)
	mustHave(t, texts(to(out, "7401")), "tiếp nhận")
	mustHave(t, texts(e.say("7501", "/requests")), "Đang do Lan tiếp nhận")
	mustHave(t, texts(e.say("7401", "/requests")), "dành cho cán bộ phụ trách")
}

// TestHotlineAddRemove adds a hotline with a validated number, refuses
// bad numbers and other units, and removes it after a confirmation.
func TestHotlineAddRemove(t *testing.T) {
	e := newHarness(t)
	e.resident("7601", "An", "HN-TM-T01", "")
	e.resident("7701", "Lan", "HN-TM-T01", "HN-TM-T01")

	mustHave(t, texts(e.say("7701", "/hotline add HN-TM-T01 Tổ trưởng 0912 345 678")), "Đã thêm")
	mustHave(t, texts(e.say("7601", "/hotline")), "Tổ trưởng", "0912 345 678")
	mustHave(t, texts(e.say("7701", "/hotline add HN-TM-T01 Tổ phó 12345")), "Không thấy số điện thoại hợp lệ")
	mustHave(t, texts(e.say("7701", "/hotline add HN-TM-T01 Công an 113")), "Đã thêm")
	mustHave(t, texts(e.say("7701", "/hotline add HN-TM-T02 Tổ trưởng 0912 345 679")), "không thuộc các đơn vị bạn phụ trách")
	mustHave(t, texts(e.say("7701", "/hotline add")), "Cách thêm đường dây nóng")
	mustHave(t, texts(e.say("7601", "/hotline add HN-TM-T01 Tôi 0912 345 670")), "dành cho cán bộ phụ trách")

	out := e.say("7701", "/hotline remove")
	out = e.press("7701", button(t, out, "#").Data)
	out = e.press("7701", button(t, out, "Xóa").Data)
	mustHave(t, texts(out), "Đã xóa")
	if n := strings.Count(texts(e.say("7601", "/hotline")), "Tổ trưởng"); n != 0 {
		t.Errorf("the removed hotline is still listed")
	}
	var actions []string
	for _, a := range e.audits() {
		actions = append(actions, a.Action+"/"+a.Outcome)
	}
	want := "hotline_add/ok hotline_add/ok scope_denied/refused role_denied/refused hotline_remove/ok"
	if got := strings.Join(actions, " "); got != want {
		t.Errorf("audit = %q, want %q", got, want)
	}
}

// runAppeals runs the appeal job until it has nothing left to do and
// returns what it queued.
func (e *harness) runAppeals() []sent {
	e.t.Helper()
	var out []sent
	for range 20 {
		n, err := e.app.RunAppeals(e.ctx)
		if err != nil {
			e.t.Fatalf("run appeals: %v", err)
		}
		got := e.drain()
		out = append(out, got...)
		if n == 0 && len(got) == 0 {
			break
		}
	}
	return out
}

// TestUnheardRequestIsEscalatedOnceACoordinatorExists: a request made
// when nobody coordinated the unit (only the administrators heard of it)
// reaches the coordinator appointed since, at escalation time.
func TestUnheardRequestIsEscalatedOnceACoordinatorExists(t *testing.T) {
	e := newHarness(t)
	e.resident("7801", "An", "QN-MC1-K1", "")
	id, told := e.ask("7801") // only the administrator hears of it
	if len(others(told, "7801")) != len(to(told, adminID)) {
		t.Fatalf("someone besides the administrator was told: %q", texts(told))
	}
	e.resident("7901", "Lan", "", "QN-MC1")
	e.now = e.now.Add(3 * 3600e9)
	n, out := e.escalate()
	if n != 1 {
		t.Fatalf("escalated %d, want 1", n)
	}
	mustHave(t, texts(to(out, "7901")), storage.HelpRef(id), "chưa có cán bộ nào nhận được", "3 giờ")
}

// deed stores a pending report by reporter (0 for one whose data is gone)
// in the unit with code, as if reported.
func (e *harness) deed(reporter int64, code string) storage.Deed {
	e.t.Helper()
	var d storage.Deed
	err := e.db.Update(e.ctx, func(tx *storage.Tx) error {
		u, err := tx.UnitByCode(code)
		if err != nil {
			return err
		}
		d, err = tx.CreateDeed(storage.Deed{ResidentID: reporter, UnitID: u.ID, Category: "help",
			Subject: storage.SubjectSelf, Description: "Đi chợ hộ các gia đình cách ly."})
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return d
}

// decide presses a decision button (action: "da" approve, "dm" commend)
// on report id, signed for userID as the bot signs them.
func (e *harness) decide(userID, action string, id int64) []sent {
	e.t.Helper()
	data, err := e.signer.Sign(userID, action, strconv.FormatInt(id, 10))
	if err != nil {
		e.t.Fatal(err)
	}
	return e.press(userID, data)
}

// TestDeedDecisionCornerCases: decisions on reports whose notice the
// coordinator never got (the buttons are signed for them, as a forged or
// an old press would be).
func TestDeedDecisionCornerCases(t *testing.T) {
	e := newHarness(t)
	vi := func(key string) string { return e.app.Catalog.Text("vi", key) }
	e.resident("3901", "Cán bộ Tương Mai", "", "HN-TM")
	e.resident("3902", "Cán bộ Hoàng Liệt", "", "HN-HL")
	reporter := e.resident("3903", "Người báo cáo", "QN-MC1-K1", "")
	e.resident(adminID, "Quản trị", "", "")

	t.Run("a reporter whose data is gone: decided, nobody else told", func(t *testing.T) {
		e.t = t
		d := e.deed(0, "HN-TM-T01")
		out := e.decide("3901", "da", d.ID)
		if got := e.deedStatus(d.ID); got != storage.DeedApproved {
			t.Errorf("status = %q, want approved", got)
		}
		if got := others(out, "3901"); len(got) != 0 {
			t.Errorf("messages went to others: %+v", got)
		}
		if edits := to(out, "3901"); len(edits) == 0 || !strings.Contains(edits[len(edits)-1].msg.Text, vi("deed.reporter_gone")) {
			t.Errorf("the coordinator's notice does not say the reporter is gone: %+v", edits)
		}
	})
	t.Run("a coordinator of another ward is refused", func(t *testing.T) {
		e.t = t
		d := e.deed(0, "HN-TM-T02")
		out := to(e.decide("3902", "dm", d.ID), "3902")
		if got := e.deedStatus(d.ID); got != storage.DeedPending {
			t.Errorf("status = %q, want pending", got)
		}
		if len(out) != 1 || out[0].msg.Kind != bot.OutAnswer || out[0].msg.Text != vi("deed.not_allowed") {
			t.Errorf("refusal = %+v", out)
		}
	})
	t.Run("an administrator may decide anywhere and the reporter is told", func(t *testing.T) {
		e.t = t
		d := e.deed(reporter, "QN-MC1-K1")
		out := e.decide(adminID, "da", d.ID)
		if got := e.deedStatus(d.ID); got != storage.DeedApproved {
			t.Errorf("status = %q, want approved", got)
		}
		if told := to(out, "3903"); len(told) != 1 || !strings.Contains(told[0].msg.Text, "đã được duyệt") {
			t.Errorf("the reporter was told %+v", told)
		}
	})
	t.Run("an unknown report", func(t *testing.T) {
		e.t = t
		out := to(e.decide("3901", "da", 999999), "3901")
		if len(out) != 1 || out[0].msg.Text != vi("deed.not_found") {
			t.Errorf("answer = %+v", out)
		}
	})
}
