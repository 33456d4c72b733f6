package handlers_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/storage"
)

// appealTo walks /appeal from coordinator userID: text, the unit by its
// button label (or typed, for a label starting with "!"), the audience;
// it returns the preview.
func (e *harness) appealTo(userID, text, unit, audience string) []sent {
	e.t.Helper()
	out := e.say(userID, "/appeal")
	mustHave(e.t, texts(out), "Soạn lời kêu gọi")
	out = e.say(userID, text)
	if typed, ok := strings.CutPrefix(unit, "!"); ok {
		out = e.say(userID, typed)
	} else if unit != "" {
		out = e.press(userID, button(e.t, out, unit).Data)
	}
	return e.press(userID, button(e.t, out, audience).Data)
}

// TestAppealToAWard sends an appeal to a ward's residents: the preview is
// the message as residents get it with the count and the time it takes;
// confirming turns the card into its progress; every resident of the
// ward (and nobody outside it, nor anyone who stopped) gets it once; the
// progress ends with the figures and /appeals lists it.
func TestAppealToAWard(t *testing.T) {
	e := newHarness(t)
	e.resident("8001", "An", "HN-TM-T01", "")
	e.resident("8002", "Bình", "HN-TM-T02", "")
	e.resident("8003", "Chi", "HN-TM-T03", "")
	e.resident("8004", "Dũng", "HN-HL-T01", "") // another ward
	e.resident("8005", "Em", "HN-TM-T01", "")
	e.say("8005", "/stop")
	e.resident("8101", "Lan", "HN-TM-T01", "HN-TM")

	preview := e.appealTo("8101", "Bà con tổ 1 & tổ 2 đi tiêm vắc xin lúc 8 giờ sáng mai <tại trạm y tế>.",
		"Phường Tương Mai", "👥 Cư dân")
	text := texts(preview)
	mustHave(t, text, "📢 <b>Lời kêu gọi từ Phường Tương Mai</b>", "tổ 1 &amp; tổ 2", "&lt;tại trạm y tế&gt;",
		"Sẽ gửi tới <b>4</b> người", "dưới 1 phút")
	if strings.Contains(text, "giờ nghỉ") || hasLabel(preview, "🕖") {
		t.Errorf("quiet hours at 08:00: %q", text)
	}
	out := e.press("8101", button(t, preview, "✅ Gửi").Data)
	mustHave(t, texts(out), "Đã gửi <b>0</b>/4")
	sent := e.runAppeals()
	for _, who := range []string{"8001", "8002", "8003", "8101"} {
		if n := strings.Count(texts(to(sent, who)), "Lời kêu gọi từ Phường Tương Mai"); n != 1 {
			t.Errorf("resident %s got the appeal %d times", who, n)
		}
	}
	for _, who := range []string{"8004", "8005"} {
		if len(to(sent, who)) != 0 {
			t.Errorf("resident %s got %q", who, texts(to(sent, who)))
		}
	}
	mustHave(t, texts(to(sent, "8101")), "Đã gửi xong: 4 người đã nhận")
	mustHave(t, texts(e.say("8101", "/appeals")), "#1", "Phường Tương Mai", "Đã gửi xong")
	if a := lastAudit(t, e.audits()); a.Action != storage.AuditAppealSend || a.Detail != "residents,4" {
		t.Errorf("appeal not recorded: %+v", a)
	}
}

// TestAppealQuietHoursAndCancel confirms an appeal at night: it waits
// until 07:00 unless urgent; the waiting one is cancelled from its
// progress message and nothing of it is ever sent.
func TestAppealQuietHoursAndCancel(t *testing.T) {
	e := newHarness(t)
	e.resident("8201", "An", "HN-TM-T01", "")
	e.resident("8301", "Lan", "HN-TM-T01", "HN-TM-T01")
	e.now = time.Date(2021, 8, 2, 15, 30, 0, 0, time.UTC) // 22:30 in Hà Nội

	preview := e.appealTo("8301", "Ngày mai tổ dân phố tổng vệ sinh.", "", "👥 Cư dân")
	mustHave(t, texts(preview), "giờ nghỉ", "07:00 03/08/2021")
	out := e.press("8301", button(t, preview, "🕖").Data)
	mustHave(t, texts(out), "Chờ gửi tới 2 người", "07:00 03/08/2021")
	if sent := e.runAppeals(); len(to(sent, "8201")) != 0 {
		t.Fatalf("sent during the quiet hours: %q", texts(sent))
	}
	out = e.press("8301", button(t, out, "✖️").Data)
	out = e.press("8301", button(t, out, "Hủy lời kêu gọi").Data)
	mustHave(t, texts(out), "Đã hủy lời kêu gọi #1: đã gửi 0 tin; 2 người sẽ không nhận được", "Đã hủy: đã gửi 0 tin; 2 người không nhận được")
	e.now = e.now.Add(10 * time.Hour)
	if sent := e.runAppeals(); len(to(sent, "8201")) != 0 {
		t.Fatalf("a cancelled appeal was sent: %q", texts(sent))
	}

	// Urgent: at once, even at night.
	e.now = time.Date(2021, 8, 3, 16, 0, 0, 0, time.UTC)
	preview = e.appealTo("8301", "Khẩn: mất điện khu vực tổ 1, bà con chú ý an toàn.", "", "👥 Cư dân")
	e.press("8301", button(t, preview, "🚨").Data)
	mustHave(t, texts(to(e.runAppeals(), "8201")), "mất điện")
}

// TestAppealRefusals: empty and overlong texts, an audience of nobody, a
// unit outside one's scope typed by code, and a resident trying /appeal.
func TestAppealRefusals(t *testing.T) {
	e := newHarness(t)
	e.resident("8401", "An", "HN-TM-T01", "")
	e.resident("8501", "Lan", "HN-TM-T01", "HN-TM")

	mustHave(t, texts(e.say("8401", "/appeal")), "dành cho cán bộ phụ trách")
	e.say("8501", "/appeal")
	mustHave(t, texts(e.say("8501", "   ")), "chưa có nội dung")
	mustHave(t, texts(e.say("8501", strings.Repeat("à", 3501))), "dài 3.501 ký tự")
	out := e.say("8501", "Bà con chú ý.")
	mustHave(t, texts(e.say("8501", "HN-HL")), "không thuộc các đơn vị bạn phụ trách")
	if a := lastAudit(t, e.audits()); a.Action != storage.AuditScopeDenied {
		t.Errorf("acting outside one's units not recorded: %+v", a)
	}
	out = e.press("8501", button(t, out, "Tổ dân phố 5").Data) // nobody lives there
	out = e.press("8501", button(t, out, "🎖").Data)
	mustHave(t, texts(out), "Chưa có ai để nhận")
	if hasLabel(out, "✅ Gửi") {
		t.Errorf("an appeal to nobody can be sent: %q", texts(out))
	}
	// Another unit, the text kept; then rewriting keeps unit and audience.
	out = e.press("8501", button(t, out, "↩️ Chọn đơn vị khác").Data)
	out = e.press("8501", button(t, out, "Tổ dân phố 1").Data)
	out = e.press("8501", button(t, out, "👥 Cư dân").Data)
	mustHave(t, texts(out), "Bà con chú ý.", "Sẽ gửi tới <b>2</b> người")
	out = e.press("8501", button(t, out, "✏️").Data)
	out = e.say("8501", "Bà con tổ 1 chú ý: mai cắt nước.")
	mustHave(t, texts(out), "mai cắt nước", "Sẽ gửi tới <b>2</b> người", "Tổ dân phố 1")
	// Starting again says the draft was dropped.
	mustHave(t, texts(e.say("8501", "/kegoi")), "Bản nháp lời kêu gọi trước đã được bỏ")
}

// TestAppealOfTenThousand expands a large appeal in chunks: every
// resident gets one delivery, none twice, and the figures add up.
func TestAppealOfTenThousand(t *testing.T) {
	if testing.Short() {
		t.Skip("large appeal")
	}
	e := newHarness(t)
	e.resident("8601", "Lan", "HN-TM-T01", "HN-TM")
	err := e.db.Update(e.ctx, func(tx *storage.Tx) error {
		u, err := tx.UnitByCode("HN-TM-T02")
		if err != nil {
			return err
		}
		for i := range 2000 {
			r, err := tx.TouchResident("telegram", fmt.Sprint(900000+i), fmt.Sprint(900000+i), "", "", "vi")
			if err != nil {
				return err
			}
			if err := tx.SetResidentUnit(r.ID, u.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	preview := e.appealTo("8601", "Bà con chú ý.", "Phường Tương Mai", "👥 Cư dân")
	mustHave(t, texts(preview), "Sẽ gửi tới <b>2.001</b> người", "khoảng 1 phút") // 80 s at 25 a second
	e.press("8601", button(t, preview, "✅ Gửi").Data)
	sent := e.runAppeals()
	seen := map[string]int{}
	for _, s := range sent {
		if strings.Contains(s.msg.Text, "Lời kêu gọi từ") {
			seen[s.msg.ChatID]++
		}
	}
	if len(seen) != 2001 {
		t.Errorf("%d recipients, want 2001", len(seen))
	}
	for chat, n := range seen {
		if n != 1 {
			t.Errorf("%s got it %d times", chat, n)
		}
	}
	mustHave(t, texts(to(sent, "8601")), "Đã gửi xong: 2.001 người đã nhận")
}
