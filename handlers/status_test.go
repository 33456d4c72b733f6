package handlers_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/handlers"
)

// TestStatusForAdmins: an administrator reads how the bot is doing; a
// coordinator and a resident are told the command is not theirs, by
// either name.
func TestStatusForAdmins(t *testing.T) {
	started := time.Date(2021, 8, 1, 22, 0, 0, 0, time.UTC)
	pause := time.Date(2021, 8, 2, 0, 30, 0, 0, time.UTC)
	h := newHarness(t)
	h.app.Runtime = func() handlers.Runtime {
		return handlers.Runtime{Version: "v1.2.3", Started: started, Platforms: []handlers.PlatformRuntime{
			{Name: "telegram", Mode: handlers.ModePolling, LastPause: pause, PauseWait: 7 * time.Second},
			{Name: "zalo", Mode: handlers.ModeWebhook}}}
	}
	h.resident(adminID, "Quản trị", "", "")
	h.resident("9101", "Lan", "HN-TM-T01", "HN-TM")
	h.resident("9201", "Cư", "HN-TM-T01", "")

	out := texts(h.say(adminID, "/status"))
	for _, want := range []string{
		"Tình trạng Chung Sức",
		"Phiên bản v1.2.3, chạy từ 05:00 02/08/2021 (3 giờ)",
		"Telegram: nhận tin bằng long polling; lần gần nhất bị yêu cầu gửi chậm lại (429): 07:30 02/08/2021, chờ 7 giây",
		"Zalo: nhận tin qua webhook; chưa lần nào bị yêu cầu gửi chậm lại",
		"Cư dân dùng bot: 3",
		"Chưa có bản sao lưu nào",
		"Cơ sở dữ liệu: ",
		"Lịch chạy trong 24 giờ qua: không lần nào lỗi",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("/status lacks %q:\n%s", want, out)
		}
	}
	for _, who := range []string{"9101", "9201"} {
		for _, cmd := range []string{"/status", "/tinhtrang"} {
			if got := texts(h.say(who, cmd)); !strings.Contains(got, "dành cho người quản trị") ||
				strings.Contains(got, "Cơ sở dữ liệu") {
				t.Errorf("%s by %s: %q", cmd, who, got)
			}
		}
	}
	if n := h.count(`SELECT count(*) FROM audit_log WHERE target = '/status' OR target = '/tinhtrang'`); n != 4 {
		t.Errorf("%d refusals audited, want 4", n)
	}
}
