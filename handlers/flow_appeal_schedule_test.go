package handlers_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/storage"
)

// draftAppeal has p write an appeal to the residents of their one group
// and reach its preview, then press "Hẹn giờ gửi".
func draftAppeal(t *testing.T, p *person, text string) {
	t.Helper()
	p.say("/kegoi")
	p.say(text)
	p.press("👥 Cư dân")
	if got := p.unread(); !strings.Contains(got, "Lời kêu gọi từ") || !p.shows("", "🗓 Hẹn giờ gửi") {
		t.Fatalf("the preview offers no schedule:\n%s", p.transcript())
	}
	p.press("🗓 Hẹn giờ gửi")
	if got := p.unread(); !strings.Contains(got, "Bạn muốn gửi lời kêu gọi này lúc nào?") {
		t.Fatalf("the time is not asked: %q", got)
	}
}

// scheduleOf returns the schedule id stored, with its slot state.
func (h *harness) scheduleOf(id int64) storage.Schedule {
	h.t.Helper()
	var out storage.Schedule
	err := h.db.View(h.ctx, func(tx *storage.Tx) error {
		list, err := tx.Schedules()
		for _, s := range list {
			if s.ID == id {
				out = s
			}
		}
		return err
	})
	if err != nil || out.ID == 0 {
		h.t.Fatalf("schedule %d: %v", id, err)
	}
	return out
}

// runSlot runs the slot of schedule id at its time, as the scheduler
// does (the slot claimed, then run), and delivers what it queued and
// what the appeal runner then sends. It returns how many appeals and
// messages the run queued.
func (h *harness) runSlot(id int64, slot time.Time) (int, []sent) {
	h.t.Helper()
	h.now = slot
	s := h.scheduleOf(id)
	if err := h.db.Update(h.ctx, func(tx *storage.Tx) error {
		_, err := tx.ClaimRun(id, slot, storage.RunRunning, "")
		return err
	}); err != nil {
		h.t.Fatal(err)
	}
	n, err := h.app.RunSchedule(h.ctx, s, slot)
	if err != nil {
		h.t.Fatalf("run schedule %d at %v: %v", id, slot, err)
	}
	return n, append(h.drain(), h.runAppeals()...)
}

// TestScheduleAnAppealOnce: from the preview, a coordinator schedules an
// appeal for tomorrow 07:30; a time in the past is refused with the
// reason and an example; nothing is stored until confirmed, and nobody
// else can confirm it; /lich lists it with the start of its text. At its
// time, the residents of the group get it once, the coordinator is told,
// a second run of the same slot queues nothing, and the schedule is done.
func TestScheduleAnAppealOnce(t *testing.T) {
	forEachPlatform(t, func(t *testing.T, h *harness, platform string) {
		coord := h.member(platform, "7201", "Hùng", "HN-TM-T01", "HN-TM-T01")
		stranger := h.member(platform, "7202", "Mai", "HN-HL-T01", "HN-HL")
		h.member(platform, "7211", "An", "HN-TM-T01", "")
		h.member(otherPlatform(platform), "7212", "Bình", "HN-TM-T01", "")
		h.member(platform, "7213", "Chi", "HN-HL-T01", "")

		draftAppeal(t, coord, "Sáng mai tổng vệ sinh khu phố, mời bà con mang theo chổi và bao tải.")
		coord.say("01/08/2021 08:00")
		if got := coord.unread(); !strings.Contains(got, "08:00 01/08/2021 đã qua rồi") || !strings.Contains(got, "03/08/2021 08:00") {
			t.Errorf("a time in the past: %q", got)
		}
		coord.say("31/02/2022 08:00")
		if got := coord.unread(); !strings.Contains(got, "không có trên lịch") {
			t.Errorf("a date the calendar lacks: %q", got)
		}
		coord.say("khi nào rảnh")
		if got := coord.unread(); !strings.Contains(got, "Chưa hiểu thời gian") || !strings.Contains(got, "ngày mai 07:30") {
			t.Errorf("a time that cannot be read: %q", got)
		}
		coord.say("ngày mai 07:30")
		confirm := coord.unread()
		if !strings.Contains(confirm, "Gửi một lần, lúc 07:30 03/08/2021") || !strings.Contains(confirm, "Hiện có 3 người sẽ nhận") {
			t.Fatalf("the confirmation: %q", confirm)
		}
		if n := h.count(`SELECT (SELECT COUNT(*) FROM schedules) + (SELECT COUNT(*) FROM appeal_templates)`); n != 0 {
			t.Fatalf("%d rows stored before the confirmation", n)
		}

		// Someone else pressing the button: the one signed for the
		// coordinator, and one signed for themselves.
		_, save := coord.find("", "✅ Lưu lịch gửi")
		stranger.callback("0", save.button.Data)
		payload, _, _ := strings.Cut(save.button.Data, "|") // "ak:<nonce>:n"
		forged, err := h.signer.Sign(stranger.id, "ak", strings.Split(payload, ":")[1], "n")
		if err != nil {
			t.Fatal(err)
		}
		stranger.callback("0", forged)
		if got := stranger.unread(); !strings.Contains(got, "hết hiệu lực") {
			t.Errorf("the stranger reads %q", got)
		}
		if n := h.count(`SELECT COUNT(*) FROM schedules`); n != 0 {
			t.Fatalf("a stranger's press stored %d schedules", n)
		}
		if a := lastAudit(t, h.audits()); a.Outcome != storage.AuditRefused {
			t.Errorf("the forged press is not recorded: %+v", a)
		}

		coord.press("✅ Lưu lịch gửi")
		if got := coord.unread(); !strings.Contains(got, "Đã hẹn giờ gửi lời kêu gọi (lịch #1)") || !strings.Contains(got, "07:30 03/08/2021") {
			t.Errorf("saved: %q", got)
		}
		if n := h.count(`SELECT COUNT(*) FROM schedules s JOIN appeal_templates t ON s.target = CAST(t.id AS TEXT)
			WHERE s.kind = 'appeal' AND s.spec = '' AND s.once_at IS NOT NULL AND s.tz = 'Asia/Ho_Chi_Minh'
			AND t.audience = 'residents' AND t.urgent = 0 AND t.text LIKE 'Sáng mai tổng vệ sinh%'`); n != 1 {
			t.Errorf("%d scheduled appeals stored, want 1", n)
		}
		if n := h.count(`SELECT COUNT(*) FROM appeals`); n != 0 {
			t.Errorf("%d appeals queued before their time", n)
		}
		coord.say("/lich")
		if got := coord.unread(); !strings.Contains(got, "Lời kêu gọi hẹn giờ") || !strings.Contains(got, "một lần, lúc 07:30 03/08/2021") ||
			!strings.Contains(got, "“Sáng mai tổng vệ sinh khu phố, mời bà con mang theo chổi…”") {
			t.Errorf("/lich: %q", got)
		}

		slot := time.Date(2021, 8, 3, 0, 30, 0, 0, time.UTC) // 07:30 in Hà Nội
		n, out := h.runSlot(1, slot)
		if n != 2 {
			t.Errorf("the run queued %d, want the appeal and the notice", n)
		}
		for _, who := range []string{"7201", "7211", "7212"} {
			if got := strings.Count(texts(to(out, who)), "tổng vệ sinh khu phố"); got < 1 {
				t.Errorf("%s did not get the appeal: %q", who, texts(to(out, who)))
			}
		}
		if len(to(out, "7213")) != 0 {
			t.Errorf("another ward got %q", texts(to(out, "7213")))
		}
		mustHave(t, texts(to(out, "7201")), "Lời kêu gọi hẹn giờ (lịch #1) đã bắt đầu gửi tới <b>3</b> người")

		again, out := h.runSlot(1, slot)
		if again != 0 || len(out) != 0 || h.count(`SELECT COUNT(*) FROM appeals`) != 1 {
			t.Errorf("the slot run again queued %d, delivered %q", again, texts(out))
		}
		err = h.db.View(h.ctx, func(tx *storage.Tx) error {
			last, has, err := tx.LastSlot(1)
			if err != nil {
				return err
			}
			d, err := storage.Due(h.scheduleOf(1), last, has, slot.Add(time.Minute), storage.DefaultCatchUp)
			if !d.Run.IsZero() || !d.Skip.IsZero() || !d.Next.IsZero() {
				t.Errorf("a schedule run once is due again: %+v", d)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		coord.unread()
		coord.say("/lich")
		if got := coord.unread(); !strings.Contains(got, "Đã chạy xong") {
			t.Errorf("/lich after the run: %q", got)
		}
	})
}

// TestScheduledAppealRespectsQuietHours: a daily appeal at 22:00 shows
// its next three runs and the quiet hours; saved as normal, its appeal
// waits until 07:00; saved as urgent, it goes at once. Too frequent a
// spec is refused.
func TestScheduledAppealRespectsQuietHours(t *testing.T) {
	forEachPlatform(t, func(t *testing.T, h *harness, platform string) {
		coord := h.member(platform, "7301", "Lan", "", "HN-TM-T02")
		h.member(platform, "7311", "An", "HN-TM-T02", "")

		draftAppeal(t, coord, "Nhắc bà con đóng cửa, tắt bếp trước khi đi ngủ.")
		coord.say("* 22 * * *")
		if got := coord.unread(); !strings.Contains(got, "nhiều lần trong một ngày") {
			t.Errorf("every minute of 22 o'clock: %q", got)
		}
		coord.say("hằng ngày 22:00")
		confirm := coord.unread()
		for _, want := range []string{"lặp lại theo lịch 0 22 * * *", "22:00 02/08/2021", "22:00 03/08/2021",
			"22:00 04/08/2021", "giờ nghỉ (21:00–07:00)"} {
			if !strings.Contains(confirm, want) {
				t.Errorf("the confirmation lacks %q: %q", want, confirm)
			}
		}
		coord.press("✅ Lưu lịch gửi")

		slot := time.Date(2021, 8, 2, 15, 0, 0, 0, time.UTC) // 22:00 in Hà Nội
		_, out := h.runSlot(1, slot)
		if got := texts(to(out, "7311")); got != "" {
			t.Errorf("sent in the quiet hours: %q", got)
		}
		mustHave(t, texts(to(out, "7301")), "đã vào hàng chờ", "07:00 03/08/2021")
		h.now = time.Date(2021, 8, 3, 0, 0, 1, 0, time.UTC) // 07:00
		if got := texts(to(h.runAppeals(), "7311")); !strings.Contains(got, "tắt bếp") {
			t.Errorf("not sent after the quiet hours: %q", got)
		}

		// The same, urgent: at its time, quiet hours or not.
		h.now = time.Date(2021, 8, 3, 1, 0, 0, 0, time.UTC)
		draftAppeal(t, coord, "Khẩn: đêm nay mất nước từ 23 giờ, bà con tích nước dùng.")
		coord.say("03/08/2021 22:30")
		coord.press("🚨 Lưu, gửi khẩn đúng giờ")
		if got := coord.unread(); !strings.Contains(got, "lịch #2") {
			t.Fatalf("the urgent one was not saved: %q", got)
		}
		_, out = h.runSlot(2, time.Date(2021, 8, 3, 15, 30, 0, 0, time.UTC))
		if got := texts(to(out, "7311")); !strings.Contains(got, "mất nước") {
			t.Errorf("an urgent appeal waited for the quiet hours: %q", got)
		}
	})
}

// TestScheduledAppealKeptByTheUnit: /lich pauses and deletes a scheduled
// appeal for the coordinators of its unit (and administrators) only; one
// whose owner lost the role is paused at its next run rather than sent.
func TestScheduledAppealKeptByTheUnit(t *testing.T) {
	forEachPlatform(t, func(t *testing.T, h *harness, platform string) {
		coord := h.member(platform, "7401", "Hà", "", "HN-TM-T03")
		other := h.member(platform, "7402", "Tú", "", "HN-HL")
		h.member(platform, "7411", "An", "HN-TM-T03", "")

		draftAppeal(t, coord, "Thứ Hai hằng tuần, mời bà con dự họp tổ lúc 19 giờ.")
		coord.say("thứ Hai 08:00")
		coord.press("✅ Lưu lịch gửi")
		coord.unread()

		data, err := h.signer.Sign(other.id, "sp", "1", "1")
		if err != nil {
			t.Fatal(err)
		}
		other.callback("0", data)
		if got := other.unread(); !strings.Contains(got, "⛔") {
			t.Errorf("another ward's coordinator pausing: %q", got)
		}
		coord.say("/lich")
		coord.press("⏸ Tạm dừng #1")
		if !h.scheduleOf(1).Paused {
			t.Errorf("not paused")
		}
		coord.press("▶️ Tiếp tục #1")

		// The owner loses the role: the next run sends nothing, and pauses it.
		grant := h.count(`SELECT r.id FROM roles r JOIN residents p ON p.id = r.resident_id WHERE p.platform_user_id = '7401'`)
		if err := h.db.Update(h.ctx, func(tx *storage.Tx) error {
			return tx.RevokeRole(int64(grant))
		}); err != nil {
			t.Fatal(err)
		}
		slot := time.Date(2021, 8, 9, 1, 0, 0, 0, time.UTC) // Monday 08:00
		h.now = slot
		if _, err := h.app.RunSchedule(h.ctx, h.scheduleOf(1), slot); err == nil {
			t.Errorf("a revoked coordinator's appeal ran")
		}
		if !h.scheduleOf(1).Paused || h.count(`SELECT COUNT(*) FROM appeals`) != 0 {
			t.Errorf("a revoked coordinator's appeal was not held")
		}
		admin := h.member("telegram", adminID, "Quản trị", "", "")
		admin.say("/lich")
		admin.press("🗑 Xóa #1")
		if n := h.count(`SELECT COUNT(*) FROM schedules WHERE deleted_at IS NULL`); n != 0 {
			t.Errorf("not deleted")
		}
	})
}
