package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestLogsKeepSecrets runs a full journey on both messengers in webhook
// mode, with the log in JSON down to the debug level (a line per update),
// and looks in the log for what must never be there: the tokens, the
// webhook secrets, a phone number, what people wrote, how their health
// is, their names.
func TestLogsKeepSecrets(t *testing.T) {
	m := startMessengersWith(t, true, true, func(c *config) { c.logFormat, c.logLevel = "json", "debug" })
	grantRole(t, m.dbPath, 7201, "coordinator", "HN-TM")
	hung := newPerson(t, m.fake, 7201, "Hùng", "vi")
	hung.join("HN-TM-T01")
	an := newPerson(t, m.fake, 7202, "An", "vi")
	an.join("HN-TM-T01")

	an.checkIn("🤒", "☐ Sốt", "✔ Xong", "✅ Tôi thực hiện 5K", "👍")
	deed := "Nấu cháo miễn phí cho cụ ông neo đơn ở ngõ 12"
	notice := an.submit(an.reportSelf("🤝", deed))
	_ = notice
	const request = "Cần thuốc hạ sốt cho con nhỏ đang cách ly tại nhà"
	an.say("/support", "Bạn cần hỗ trợ về việc gì?")
	kinds, _ := m.fake.LastTo(an.user.ID)
	an.press(kinds, "💊")
	an.say(request, "để lại số điện thoại")
	const phone = "0987654321"
	an.say(phone, "HT-")

	lan := m.zaloPerson("Lan")
	confirm := lan.say("/start g_HN-TM-T02", "Bạn sinh sống tại đây")
	lan.choose(confirm, "✅", "đã tham gia phong trào tại Tổ dân phố 2")
	const note = "Nhà tôi có người già cần hỏi thăm"
	lan.say(note, "")
	an.say("/forget", "")

	if code := m.stop(); code != 0 {
		t.Fatalf("exit code %d", code)
	}
	logs := m.logs.String()
	if !strings.Contains(logs, "Chung Sức is running") {
		t.Fatalf("the log does not say the bot ran:\n%s", logs)
	}
	if n := strings.Count(logs, `"msg":"update handled"`); n < 15 {
		t.Errorf("%d lines \"update handled\" at the debug level, want one per update:\n%s", n, logs)
	}
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		var v map[string]any
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Errorf("a log line is not JSON: %q", line)
		}
	}
	_, tgSecret := m.fake.Webhook()
	_, zaloSecret := m.zfake.Webhook()
	for what, secret := range map[string]string{
		"the Telegram token": m.fake.Token(), "the Zalo token": m.zfake.Token(),
		"the Telegram webhook secret": tgSecret, "the Zalo webhook secret": zaloSecret,
		"the phone number": phone, "the phone number's digits": "987654321",
		"the deed's text": deed, "the request's text": request, "a message's text": note,
		"the health answer": "Sốt", "a name": "Hùng",
	} {
		if secret == "" {
			t.Errorf("%s is empty: nothing to look for", what)
			continue
		}
		if strings.Contains(logs, secret) {
			t.Errorf("the log shows %s (%q):\n%s", what, secret, logs)
		}
	}
}
