package handlers_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chungsuc/chungsuc/bot"
)

// TestGoodPractice: a group's coordinator posts the group's practice in
// four steps (a name too long and a description too short are asked
// again); a resident of the ward lists it and reads it; the ward's
// official recognises it exemplary; a coordinator gets no such button,
// and a forged press is refused.
func TestGoodPractice(t *testing.T) {
	forEachPlatform(t, func(t *testing.T, h *harness, platform string) {
		hung := h.member(platform, "7501", "Hùng", "HN-TM-T01", "HN-TM-T01")
		lan := h.member(platform, "7502", "Lan", "HN-TM-T02", "")
		hai := h.official(platform, "7503", "Hải", "HN-TM")

		lan.say("/mohinh")
		if got := lan.unread(); !strings.Contains(got, "Chưa có mô hình nào") || strings.Contains(got, "Đăng mô hình") {
			t.Errorf("the empty list: %q", got)
		}
		hung.say("/mohinh")
		hung.press("➕ Đăng mô hình của đơn vị")
		if got := hung.unread(); !strings.Contains(got, "Bước 1/4") || !strings.Contains(got, "Tổ dân phố 1") {
			t.Fatalf("step 1: %q", got)
		}
		hung.say(strings.Repeat("Siêu thị ", 20))
		if got := hung.unread(); !strings.Contains(got, "Tên mô hình cần từ 1 đến 120 ký tự") {
			t.Errorf("a long name: %q", got)
		}
		hung.say("Siêu thị 0 đồng")
		hung.say("Ngắn")
		if got := hung.unread(); !strings.Contains(got, "Phần này cần từ 10 đến 2.000 ký tự; bạn vừa gõ 4") {
			t.Errorf("a short description: %q", got)
		}
		hung.say("Gian hàng miễn phí rau, gạo, trứng cho các hộ khó khăn trong tổ.")
		hung.say("Mỗi hộ góp một ít; tổ phát theo phiếu, mỗi hộ một lần một tuần.")
		hung.press("⏭ Bỏ qua")
		if got := hung.unread(); !strings.Contains(got, "Xem lại trước khi đăng") || !strings.Contains(got, "Cách làm: Mỗi hộ góp") {
			t.Fatalf("the preview: %q", got)
		}
		hung.press("✅ Đăng")
		if got := hung.unread(); !strings.Contains(got, "Đã đăng MH-1 Siêu thị 0 đồng") {
			t.Fatalf("posted: %q", got)
		}

		lan.say("/mohinh")
		if got := lan.unread(); !strings.Contains(got, "MH-1 Siêu thị 0 đồng (Tổ dân phố 1)") {
			t.Errorf("the ward's list: %q", got)
		}
		lan.say("/mohinh MH-1")
		if got := lan.unread(); !strings.Contains(got, "Là gì: Gian hàng miễn phí") || strings.Contains(got, "Công nhận") {
			t.Errorf("the practice for a resident: %q", got)
		}
		hung.say("/mohinh 1")
		if got := hung.unread(); strings.Contains(got, "Công nhận") {
			t.Errorf("its own coordinator may recognise it: %q", got)
		}
		lan.say("/mohinh xyz")
		if got := lan.unread(); !strings.Contains(got, "kèm mã mô hình") {
			t.Errorf("a bad code: %q", got)
		}
		lan.say("/mohinh MH-99")
		if got := lan.unread(); !strings.Contains(got, "Không có mô hình nào mang mã MH-99") {
			t.Errorf("an unknown code: %q", got)
		}
		if platform == "telegram" { // a press signed for the resident, as if forged
			data, err := h.signer.Sign("7502", "me", "1")
			if err != nil {
				t.Fatal(err)
			}
			if got := famTexts(h.press("7502", data)); !strings.Contains(got, "Chỉ lãnh đạo của đơn vị cấp trên") {
				t.Errorf("a resident recognising it: %q", got)
			}
			if n := h.count(`SELECT count(*) FROM audit_log WHERE action = 'scope_denied' AND target = 'MH-1'`); n != 1 {
				t.Errorf("the refusal was not audited")
			}
		}
		hai.say("/mohinh MH-1")
		hai.press("⭐ Công nhận điển hình")
		if got := hai.unread(); !strings.Contains(got, "Đã công nhận MH-1 Siêu thị 0 đồng là mô hình điển hình") {
			t.Errorf("recognised: %q", got)
		}
		lan.say("/mohinh")
		if got := lan.unread(); !strings.Contains(got, "⭐ điển hình") {
			t.Errorf("the list after: %q", got)
		}
		if n := h.count(`SELECT count(*) FROM audit_log WHERE action = 'practice'`); n != 2 {
			t.Errorf("%d practice actions audited, want 2", n)
		}

		// Replicated to two groups: one adopts it, one needs help.
		tam := h.member(platform, "7504", "Tâm", "HN-TM-T02", "HN-TM-T02")
		ngoc := h.member(platform, "7505", "Ngọc", "HN-TM-T03", "HN-TM-T03")
		hai.say("/mohinh MH-1")
		hai.press("📣 Nhân rộng")
		if got := hai.unread(); !strings.Contains(got, "chọn các đơn vị sẽ nhận") || strings.Contains(got, "☐ Tổ dân phố 1") {
			t.Fatalf("the units to choose: %q", got)
		}
		hai.press("☐ Tổ dân phố 2")
		hai.press("☐ Tổ dân phố 3")
		hai.press("📣 Gửi tới 2 đơn vị")
		if got := hai.unread(); !strings.Contains(got, "Đã gửi MH-1 tới: Tổ dân phố 2, Tổ dân phố 3 (2 cán bộ phụ trách)") {
			t.Fatalf("sent: %q", got)
		}
		if got := tam.unread(); !strings.Contains(got, "Hải đề nghị nhân rộng mô hình MH-1 Siêu thị 0 đồng của Tổ dân phố 1 tới Tổ dân phố 2") {
			t.Fatalf("the coordinator's appeal: %q", got)
		}
		tam.press("✅ Đơn vị tôi đã áp dụng")
		if got := tam.unread(); !strings.Contains(got, "Đã ghi nhận Tổ dân phố 2 đã áp dụng MH-1") {
			t.Errorf("adopted: %q", got)
		}
		ngoc.unread()
		ngoc.press("🙋 Cần hỗ trợ để áp dụng")
		if got := ngoc.unread(); !strings.Contains(got, "cần hỗ trợ để áp dụng MH-1") || !strings.Contains(got, "chưa ghi người liên hệ") {
			t.Errorf("help asked: %q", got)
		}
		if got := hung.unread(); !strings.Contains(got, "Tổ dân phố 3 cần hỗ trợ để áp dụng mô hình MH-1") {
			t.Errorf("the author told: %q", got)
		}
		lan.say("/mohinh MH-1")
		if got := lan.unread(); !strings.Contains(got, "Đã có 1 đơn vị áp dụng, 1 đơn vị đang cần hỗ trợ") {
			t.Errorf("the figures: %q", got)
		}
		for who, want := range map[*person][]string{hung: {`"practices_posted"`, `"ref": "MH-1"`, "Siêu thị 0 đồng"},
			tam: {`"practices_answered"`, `"practice": "MH-1"`, `"status": "adopted"`, "đơn vị đã áp dụng"}} {
			got := ""
			for _, s := range who.say("/mydata") {
				if s.msg.Kind == bot.OutDoc {
					got += string(s.msg.Content)
				}
				got += s.text
			}
			for _, w := range want {
				if !strings.Contains(got, w) {
					t.Errorf("%s's data lacks %s", who.name, w)
				}
			}
		}
		hai.say("/baocaonhanh")
		if got := hai.unread(); !strings.Contains(got, "Nhân rộng mô hình hay") ||
			!strings.Contains(got, "MH-1 Siêu thị 0 đồng: 1 đơn vị đã áp dụng (Tổ dân phố 2), 1 cần hỗ trợ") {
			t.Errorf("the ward's digest: %q", got)
		}
		if platform == "telegram" { // a resident answering for a unit
			data, err := h.signer.Sign("7502", "ma", "1", fmt.Sprint(h.count(`SELECT id FROM units WHERE code = 'HN-TM-T02'`)), "help")
			if err != nil {
				t.Fatal(err)
			}
			if got := famTexts(h.press("7502", data)); !strings.Contains(got, "dành cho cán bộ phụ trách") {
				t.Errorf("a resident answering: %q", got)
			}
		}
	})
}
