package handlers_test

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// official stores a person who is an official of unit code.
func (h *harness) official(platform, userID, name, code string) *person {
	h.t.Helper()
	p := h.member(platform, userID, name, "", "")
	err := h.db.Update(h.ctx, func(tx *storage.Tx) error {
		r, err := tx.ResidentByPlatformUser(platform, userID)
		if err != nil {
			return err
		}
		u, err := tx.UnitByCode(code)
		if err != nil {
			return err
		}
		_, err = tx.GrantRole(r.ID, storage.RoleOfficial, u.ID, 0)
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return p
}

// percent writes a share as the digest does: "67%".
func percent(n, of int) string {
	if of == 0 {
		return "0%"
	}
	return fmt.Sprintf("%.0f%%", float64(n)*100/float64(of))
}

// TestDigestAtItsTime: an official subscribes to the daily digest of their
// ward; at 17:00 (a fake clock) it arrives, on Telegram and on Zalo, with
// every unit's figures as the test recomputes them from the fixture, and
// a chart (uploaded as a PNG on Telegram, by public URL on Zalo); a
// subscription outside their ward is refused; /digest answers at once;
// after /unsubscribe nothing more is scheduled.
func TestDigestAtItsTime(t *testing.T) {
	forEachPlatform(t, func(t *testing.T, h *harness, platform string) {
		off := h.official(platform, "7401", "Ông Hải", "HN-TM")
		t1 := h.residentsIn("D1-", "HN-TM-T01", 3)
		t2 := h.residentsIn("D2-", "HN-TM-T02", 4)
		// Today (2 August): T01 all three, T02 one (F0); yesterday T01 one.
		h.checkinsFor("2021-08-02", storage.HealthWell, t1...)
		h.checkinsFor("2021-08-02", storage.HealthF0, t2[0])
		today := h.now
		h.now = today.Add(-20 * time.Hour) // 1 August, 13:00 in Hà Nội
		h.checkinsFor("2021-08-01", storage.HealthSymptoms, t1[0])
		h.now = today

		off.say("/dangky hangngay HN-HL")
		if got := off.unread(); !strings.Contains(got, "⛔") {
			t.Errorf("a subscription outside the ward: %q", got)
		}
		off.say("/dangky hangngay 25:00")
		if got := off.unread(); !strings.Contains(got, "Chưa hiểu giờ") {
			t.Errorf("a time that does not exist: %q", got)
		}
		off.say("/dangky hangngay")
		if got := off.unread(); !strings.Contains(got, "mỗi ngày") || !strings.Contains(got, "17:00 02/08/2021") {
			t.Fatalf("subscribed: %q", got)
		}
		var sched storage.Schedule
		err := h.db.View(h.ctx, func(tx *storage.Tx) error {
			all, err := tx.Schedules()
			for _, x := range all {
				if x.Kind == storage.ScheduleDigest {
					sched = x
				}
			}
			return err
		})
		if err != nil || sched.Spec != "0 17 * * *" || sched.Target != "daily" {
			t.Fatalf("the schedule stored: %+v %v", sched, err)
		}

		slot := time.Date(2021, 8, 2, 10, 0, 0, 0, time.UTC) // 17:00 in Hà Nội
		h.now = slot
		if err := h.db.Update(h.ctx, func(tx *storage.Tx) error { // as the scheduler claims it
			_, err := tx.ClaimRun(sched.ID, slot, storage.RunRunning, "")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		n, err := h.app.RunSchedule(h.ctx, sched, slot)
		if err != nil || n != 2 {
			t.Fatalf("the run queued %d messages: %v", n, err)
		}
		if again, err := h.app.RunSchedule(h.ctx, sched, slot); err != nil || again != 0 { // resumed after a crash
			t.Errorf("the slot run again queued %d messages: %v", again, err)
		}
		out := to(h.drain(), off.id)
		if len(out) != 2 {
			t.Fatalf("%d messages to the official", len(out))
		}
		text := out[0].text
		people := len(t1) + len(t2)
		for _, want := range []string{
			"Báo cáo nhanh trong ngày: Phường Tương Mai", "17:00 02/08/2021",
			fmt.Sprintf("Cư dân: %d đang tham gia", people),
			"Khai báo y tế hôm nay: " + percent(len(t1)+1, people),
			"Hôm nay: 0 có triệu chứng · 1 F0",
			"Vùng xanh: 4/5 đơn vị",
			"Tổ dân phố 1: hôm nay " + percent(len(t1), len(t1)) + " (▲ " + strings.TrimSuffix(percent(len(t1)-1, len(t1)), "%") + ")",
			"Tổ dân phố 2: hôm nay " + percent(1, len(t2)),
		} {
			if !strings.Contains(text, want) {
				t.Errorf("the digest lacks %q:\n%s", want, text)
			}
		}
		if strings.Index(text, "Tổ dân phố 2:") > strings.Index(text, "Tổ dân phố 1:") {
			t.Errorf("the unit with the lowest rate should come first:\n%s", text)
		}
		photo := out[1].msg
		switch platform {
		case "telegram":
			if photo.Kind != bot.OutPhoto || len(photo.Upload) == 0 {
				t.Fatalf("the chart was not uploaded: %+v", photo.Kind)
			}
			img, err := png.Decode(bytes.NewReader(photo.Upload))
			if err != nil {
				t.Fatal(err)
			}
			if b := img.Bounds(); b.Dx() != 1024 || b.Dy() != 1280 {
				t.Errorf("the chart is %v", b)
			}
			if dir := os.Getenv("CHUNGSUC_CHART_OUT"); dir != "" { // to look at it
				if err := os.WriteFile(filepath.Join(dir, "digest.png"), photo.Upload, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		case "zalo":
			if photo.Kind != bot.OutPhoto || !strings.HasPrefix(photo.PhotoURL, "https://chungsuc.test/media/") {
				t.Errorf("the chart on Zalo: %+v", photo)
			}
		}

		off.say("/baocaonhanh tuan")
		if got := off.unread(); !strings.Contains(got, "Báo cáo nhanh 7 ngày trước hôm nay") || !strings.Contains(got, "7 ngày trước hôm nay: 1 lượt có triệu chứng") {
			t.Errorf("the weekly digest on demand: %q", got)
		}
		off.say("/huydangky")
		if got := off.unread(); !strings.Contains(got, "Đã thôi gửi 1") {
			t.Errorf("unsubscribed: %q", got)
		}
		if n := h.count(`SELECT count(*) FROM schedules WHERE kind = 'digest' AND deleted_at IS NULL`); n != 0 {
			t.Errorf("%d digests still scheduled", n)
		}
	})
}
