package handlers_test

import (
	"strings"
	"testing"

	"chungsuc/storage"
)

// TestReviewQueue walks /review: the oldest report first with the count,
// Skip puts one aside, a decision brings the next, the reporter is told
// of each decision, and the end says so.
func TestReviewQueue(t *testing.T) {
	e := newSupportEnv(t)
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
	e := newSupportEnv(t)
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
	e := newSupportEnv(t)
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
	e := newSupportEnv(t)
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
func (e *supportEnv) runAppeals() []sent {
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
	e := newSupportEnv(t)
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
