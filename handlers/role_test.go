package handlers_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

var inviteRe = regexp.MustCompile(`/start (inv_[A-Za-z0-9_-]+)`)

// invite has userID run "/invite args" and returns the /start argument
// of the link made, failing the test if none was made.
func (e *harness) invite(userID, args string) string {
	e.t.Helper()
	out := e.say(userID, "/invite "+args)
	m := inviteRe.FindStringSubmatch(texts(to(out, userID)))
	if m == nil {
		e.t.Fatalf("/invite %s: no link in %q", args, texts(out))
	}
	return m[1]
}

// audits returns the audit entries of every unit, oldest first.
func (e *harness) audits() []storage.AuditEntry {
	e.t.Helper()
	var list []storage.AuditEntry
	err := e.db.Update(e.ctx, func(tx *storage.Tx) error {
		var err error
		list, err = tx.AuditIn(storage.Scope{All: true}, 1000, 0)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	for i, j := 0, len(list)-1; i < j; i, j = i+1, j-1 {
		list[i], list[j] = list[j], list[i]
	}
	return list
}

func lastAudit(t testing.TB, list []storage.AuditEntry) storage.AuditEntry {
	t.Helper()
	if len(list) == 0 {
		t.Fatal("no audit entry")
	}
	return list[len(list)-1]
}

// TestInviteAcceptAndRevoke walks a role's whole life: an administrator
// invites, the person opens the link and accepts, their menu changes,
// the inviter is told; the link cannot be used again; the role is listed,
// then revoked, and the person is told and gets the residents' menu back.
func TestInviteAcceptAndRevoke(t *testing.T) {
	e := newHarness(t)
	e.resident(adminID, "Quản trị", "", "")
	e.resident("6001", "Hoa", "HN-TM-T01", "")
	e.resident("6002", "Minh", "HN-TM-T02", "")

	link := e.invite(adminID, "coordinator HN-TM-T01")
	out := e.say("6001", "/start "+link)
	offer := to(out, "6001")
	mustHave(t, texts(offer), "cán bộ phụ trách", "Tổ dân phố 1", "Quản trị")

	out = e.press("6001", button(t, offer, "✅ Nhận").Data)
	mine := texts(to(out, "6001"))
	mustHave(t, mine, "Bạn đã nhận nhiệm vụ", "Bạn đã được giao làm")
	if !hasMenu(to(out, "6001"), "invite") {
		t.Errorf("no coordinator menu after accepting: %q", mine)
	}
	mustHave(t, texts(to(out, adminID)), "Hoa đã nhận lời mời")

	// The same link again: by the person who took it, and by another.
	mustHave(t, texts(e.say("6001", "/start "+link)), "đã nhận nhiệm vụ từ đường dẫn này")
	mustHave(t, texts(e.say("6002", "/start "+link)), "đã được dùng rồi")
	if a := lastAudit(t, e.audits()); a.Action != storage.AuditInviteBad || a.Outcome != storage.AuditRefused {
		t.Errorf("reuse not recorded: %+v", a)
	}

	roles := texts(e.say(adminID, "/roles"))
	mustHave(t, roles, "Hoa", "cán bộ phụ trách", "HN-TM-T01")
	id := regexp.MustCompile(`#(\d+) cán bộ phụ trách — Hoa`).FindStringSubmatch(roles)
	if id == nil {
		t.Fatalf("no grant number in %q", roles)
	}
	out = e.say(adminID, "/revoke "+id[1])
	out = e.press(adminID, button(t, to(out, adminID), "Thu hồi").Data)
	mustHave(t, texts(to(out, adminID)), "Đã thu hồi")
	mustHave(t, texts(to(out, "6001")), "đã kết thúc")
	if !hasMenu(to(out, "6001"), "checkin") || hasMenu(to(out, "6001"), "invite") {
		t.Errorf("the revoked coordinator's menu was not set back: %+v", to(out, "6001"))
	}
	mustHave(t, texts(e.say(adminID, "/audit")),
		"Quản trị — giao vai trò cán bộ phụ trách cho Hoa (qua đường dẫn mời) · Tổ dân phố 1",
		"Quản trị — thu hồi vai trò cán bộ phụ trách của Hoa · Tổ dân phố 1",
		"Minh — mở một lời mời không dùng được (đã dùng)")
	// Without the role, the coordinator's commands are refused.
	mustHave(t, texts(e.say("6001", "/invite coordinator HN-TM-T01")), "dành cho cán bộ phụ trách")
	if a := lastAudit(t, e.audits()); a.Action != storage.AuditRoleDenied {
		t.Errorf("refusal not recorded: %+v", a)
	}
}

// TestInviteLimits covers what an invitation cannot do: a coordinator
// inviting above their unit, an unknown or altered token, an expired link,
// and a role word that is not one.
func TestInviteLimits(t *testing.T) {
	e := newHarness(t)
	e.resident("6101", "Lan", "HN-TM-T01", "HN-TM-T01")
	e.resident("6102", "Tú", "HN-TM-T02", "")

	mustHave(t, texts(e.say("6101", "/invite coordinator HN-TM")), "không thuộc các đơn vị bạn phụ trách")
	if a := lastAudit(t, e.audits()); a.Action != storage.AuditScopeDenied || a.Outcome != storage.AuditRefused {
		t.Errorf("acting upward not recorded: %+v", a)
	}
	mustHave(t, texts(e.say("6101", "/invite")), "/invite coordinator HN-TM-T01")
	mustHave(t, texts(e.say("6101", "/invite chief HN-TM-T01")), "Chưa rõ vai trò “chief”", "/moi canbo HN-TM-T01")
	mustHave(t, texts(e.say("6101", "/invite coordinator không có")), "Không tìm thấy đơn vị")

	// With one unit, the unit may be left out.
	link := e.invite("6101", "canbo")
	mustHave(t, texts(e.say("6102", "/start inv_"+strings.Repeat("A", 32))), "không đúng")
	altered := link[:len(link)-1] + "B"
	if strings.HasSuffix(link, "B") {
		altered = link[:len(link)-1] + "C"
	}
	mustHave(t, texts(e.say("6102", "/start "+altered)), "không đúng")

	e.now = e.now.Add(49 * time.Hour)
	mustHave(t, texts(e.say("6102", "/start "+link)), "đã hết hạn")
	if a := lastAudit(t, e.audits()); a.Action != storage.AuditInviteBad || a.Detail != "expired" {
		t.Errorf("expired link not recorded: %+v", a)
	}
}

// TestAuditIsForOfficials shows the log to an administrator, refuses it
// to a coordinator, and pages through it.
func TestAuditIsForOfficials(t *testing.T) {
	e := newHarness(t)
	e.resident(adminID, "Quản trị", "", "")
	e.resident("6201", "Lan", "HN-TM-T01", "HN-TM-T01")
	for range 20 {
		e.invite(adminID, "official HN-TM")
		e.now = e.now.Add(time.Minute) // beyond the flood limit
	}
	mustHave(t, texts(e.say("6201", "/audit")), "dành cho lãnh đạo")
	out := e.say(adminID, "/audit")
	mustHave(t, texts(out), "Nhật ký hoạt động", "Quản trị — tạo lời mời #20 làm lãnh đạo theo dõi · Phường Tương Mai")
	out = e.press(adminID, button(t, out, "⬇️").Data)
	mustHave(t, texts(out), "Nhật ký hoạt động")
}

func mustHave(t testing.TB, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("missing %q in %q", w, text)
		}
	}
}

// hasMenu reports whether out sets a command menu that holds name.
func hasMenu(out []sent, name string) bool {
	for _, s := range out {
		if s.msg.Kind != bot.OutMenu {
			continue
		}
		for _, c := range s.msg.Commands {
			if c.Name == name {
				return true
			}
		}
	}
	return false
}

// TestInviteOfARevokedCoordinatorStopsWorking: a link made by a
// coordinator whose role has ended grants nothing.
func TestInviteOfARevokedCoordinatorStopsWorking(t *testing.T) {
	e := newHarness(t)
	e.resident(adminID, "Quản trị", "", "")
	e.resident("6301", "Lan", "HN-TM-T01", "HN-TM-T01")
	e.resident("6302", "Tú", "HN-TM-T01", "")
	link := e.invite("6301", "coordinator HN-TM-T01")
	roles := texts(e.say(adminID, "/roles"))
	id := regexp.MustCompile(`#(\d+) cán bộ phụ trách — Lan`).FindStringSubmatch(roles)
	if id == nil {
		t.Fatalf("no grant in %q", roles)
	}
	out := e.say(adminID, "/revoke "+id[1])
	e.press(adminID, button(t, out, "Thu hồi").Data)
	mustHave(t, texts(e.say("6302", "/start "+link)), "không còn dùng được")
	if a := lastAudit(t, e.audits()); a.Action != storage.AuditInviteBad || a.Detail != "inviter" {
		t.Errorf("not recorded: %+v", a)
	}
}
