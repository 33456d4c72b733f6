package handlers_test

import (
	"strings"
	"testing"
)

// TestScheduleACheckinReminder: a coordinator adds a daily reminder from
// a Vietnamese preset, sees its next three runs, saves it, pauses,
// resumes and deletes it; a time that cannot be read and a unit not
// theirs are refused with what to type; a resident cannot schedule.
func TestScheduleACheckinReminder(t *testing.T) {
	forEachPlatform(t, func(t *testing.T, h *harness, platform string) {
		coord := h.member(platform, "7101", "Hùng", "", "HN-TM-T01")
		resident := h.member(platform, "7001", "An", "HN-TM-T01", "")

		coord.say("/lich")
		if got := coord.unread(); !strings.Contains(got, "chưa có lịch nào") {
			t.Errorf("the empty list reads %q", got)
		}
		coord.say("/lich them mỗi khi trời mưa")
		if got := coord.unread(); !strings.Contains(got, "Chưa hiểu thời gian") || !strings.Contains(got, "hằng ngày 08:00") {
			t.Errorf("a time that cannot be read: %q", got)
		}
		coord.say("/lich them * 8 * * *")
		if got := coord.unread(); !strings.Contains(got, "nhiều lần trong một ngày") {
			t.Errorf("a reminder every minute of 8 o'clock: %q", got)
		}
		coord.say("/lich them HN-HL-T01 hằng ngày 08:00")
		if got := coord.unread(); !strings.Contains(got, "⛔") {
			t.Errorf("another ward's unit: %q", got)
		}
		coord.say("/lich them hằng ngày 08:00")
		preview := coord.unread()
		if !strings.Contains(preview, "Ba lần tới") || strings.Count(preview, "08:00 ") != 3 || !strings.Contains(preview, "0 8 * * *") {
			t.Fatalf("the preview: %q", preview)
		}
		coord.press("✅ Lưu lịch")
		if got := coord.unread(); !strings.Contains(got, "Đã lưu lịch") || !strings.Contains(got, "#1") {
			t.Errorf("saved: %q", got)
		}
		if n := h.count(`SELECT COUNT(*) FROM schedules WHERE kind = 'checkin_reminder' AND spec = '0 8 * * *' AND tz = 'Asia/Ho_Chi_Minh'`); n != 1 {
			t.Errorf("%d schedules stored, want 1", n)
		}
		coord.say("/lich")
		if got := coord.unread(); !strings.Contains(got, "Nhắc khai báo y tế") || !strings.Contains(got, "Lần tới:") {
			t.Errorf("the list: %q", got)
		}
		coord.press("⏸ Tạm dừng #1")
		if n := h.count(`SELECT COUNT(*) FROM schedules WHERE paused = 1`); n != 1 {
			t.Errorf("not paused")
		}
		coord.press("▶️ Tiếp tục #1")
		coord.press("🗑 Xóa #1")
		if n := h.count(`SELECT COUNT(*) FROM schedules WHERE deleted_at IS NULL`); n != 0 {
			t.Errorf("not deleted")
		}
		resident.say("/lich")
		if got := resident.unread(); !strings.Contains(got, "dành cho cán bộ phụ trách") {
			t.Errorf("a resident's /lich: %q", got)
		}
	})
}
