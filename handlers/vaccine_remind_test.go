package handlers_test

import (
	"strings"
	"testing"
	"time"
)

// TestNextDoseReminder: a resident sets the day of their grandmother's
// next dose; no reminder before that day, one on its morning (not before
// 08:00), none again; a day in the past is refused with the range.
func TestNextDoseReminder(t *testing.T) {
	forEachPlatform(t, func(t *testing.T, h *harness, platform string) {
		lan := h.member(platform, "7401", "Lan", "HN-TM-T01", "")
		lan.say("/giadinh")
		lan.say("Bà Tư")
		lan.say("/tiemchung")
		lan.press("📅 Hẹn mũi tiếp")
		if got := lan.unread(); !strings.Contains(got, "Bạn ghi mũi tiêm cho ai?") {
			t.Fatalf("whom for: %q", got)
		}
		lan.press("Bà Tư")
		if got := lan.unread(); !strings.Contains(got, "Ngày hẹn tiêm mũi tiếp theo là ngày nào?") {
			t.Fatalf("the day asked: %q", got)
		}
		lan.say("01/08/2021")
		if got := lan.unread(); !strings.Contains(got, "Ngày hẹn cần từ hôm nay (02/08/2021) đến 03/08/2022") {
			t.Errorf("a day past: %q", got)
		}
		lan.say("03/08/2021")
		if got := lan.unread(); !strings.Contains(got, "Đã hẹn mũi tiếp ngày 03/08/2021 cho Bà Tư") ||
			!strings.Contains(got, "Bà Tư: chưa ghi mũi nào · hẹn mũi tiếp: 03/08/2021") {
			t.Errorf("set: %q", got)
		}
		remind := func() int {
			n, err := h.app.RunDoseReminders(h.ctx, h.now)
			if err != nil {
				t.Fatal(err)
			}
			h.drain()
			return n
		}
		if n := remind(); n != 0 {
			t.Errorf("%d reminders the day before", n)
		}
		h.now = time.Date(2021, 8, 2, 23, 30, 0, 0, time.UTC) // 06:30 on the 3rd in Hà Nội
		if n := remind(); n != 0 {
			t.Errorf("%d reminders before 08:00", n)
		}
		h.now = time.Date(2021, 8, 3, 1, 5, 0, 0, time.UTC) // 08:05
		if n := remind(); n != 1 {
			t.Fatalf("%d reminders on the day, want 1", n)
		}
		if got := lan.unread(); !strings.Contains(got, "Hôm nay (03/08/2021) là ngày hẹn tiêm mũi tiếp theo của Bà Tư") {
			t.Errorf("the reminder: %q", got)
		}
		h.now = h.now.Add(time.Hour)
		if n := remind(); n != 0 {
			t.Errorf("%d reminders again", n)
		}
	})
}
