package handlers_test

import (
	"strings"
	"testing"

	"chungsuc/storage"
)

// TestDeedReport: a resident reports a good deed, and a coordinator on
// the other messenger decides.
func TestDeedReport(t *testing.T) {
	cast := []actor{{name: "Lan", unit: "HN-TM-T01"}, {name: "Hùng", coordinates: "HN-TM", elsewhere: true}}
	const what = "Giúp bà cụ hàng xóm đi chợ mua rau và thuốc mỗi sáng"
	// report takes Lan from /report to the photo step, for a deed of her own.
	report := []step{
		{who: "Lan", do: says("/report"), reads: []string{"Bước 1/4"},
			offers: []string{"🤝 Giúp đỡ người khó khăn", "💡 Sáng kiến, mô hình hay", "❌ Hủy"}},
		{who: "Lan", do: presses("🤝"), reads: []string{"Bước 2/4", "Ai đã làm việc tốt này?"},
			offers: []string{"🙋 Tôi", "👥 Người khác"}},
		{who: "Lan", do: presses("🙋 Tôi"), reads: []string{"Bước 3/4"}},
		{who: "Lan", do: says(what), reads: []string{"Bước 4/4"}, offers: []string{"Bỏ qua, không có ảnh"}},
	}
	runJourneys(t, []journey{
		{
			label: "with a photo, approved",
			cast:  cast,
			steps: append(report[:len(report):len(report)],
				step{who: "Lan", do: sendsPhoto(""), reads: []string{"Đã nhận ảnh 1/5"}, offers: []string{"✔ Xong"}},
				step{who: "Lan", do: presses("✔ Xong"), reads: []string{"Xem lại báo cáo", what, "Ảnh: 1"},
					offers: []string{"✅ Gửi báo cáo", "✏️ Viết lại mô tả"}},
				step{who: "Lan", do: presses("✅ Gửi báo cáo"), reads: []string{"Chung Sức đã gửi báo cáo VT-000001"}},
				step{who: "Hùng", reads: []string{"Báo cáo người tốt, việc tốt VT-000001", "Người báo cáo: Lan", what,
					"VT-000001 — ảnh 1/1"}, offers: []string{"✅ Duyệt", "🏅 Biểu dương", "❌ Từ chối"}},
				step{who: "Hùng", do: presses("✅ Duyệt"), reads: []string{"Đã duyệt báo cáo VT-000001"}},
				step{who: "Lan", reads: []string{"Báo cáo VT-000001 của bạn đã được duyệt"}},
			),
			after: func(t *testing.T, h *harness, cast map[string]*person) {
				if got := h.deedStatus(1); got != storage.DeedApproved {
					t.Errorf("the report is %s, want approved", got)
				}
				if got := cast["Hùng"].photos(); len(got) != 1 {
					t.Errorf("%s (%s) was shown %d photos, want the one Lan sent", cast["Hùng"].name, cast["Hùng"].platform, len(got))
				}
			},
		},
		{
			label: "of someone else, rejected with a reason",
			cast:  cast,
			steps: []step{
				{who: "Lan", do: says("/baocao")},
				{who: "Lan", do: presses("💡")},
				{who: "Lan", do: presses("👥 Người khác"), reads: []string{"gõ họ tên người đã làm việc tốt"}},
				{who: "Lan", do: says("Nguyễn Văn An"), reads: []string{"Nguyễn Văn An sinh sống ở đâu?"},
					offers: []string{"🏠 Cùng tổ dân phố với tôi", "Không rõ, bỏ qua"}},
				{who: "Lan", do: presses("🏠"), reads: []string{"Bước 3/4"}},
				{who: "Lan", do: says("Anh An làm máy rửa tay tự động cho chợ dân sinh")},
				{who: "Lan", do: presses("Bỏ qua, không có ảnh"), reads: []string{"Xem lại báo cáo", "Nguyễn Văn An", "Ảnh: không có"}},
				{who: "Lan", do: presses("✅ Gửi báo cáo"), reads: []string{"VT-000001"}},
				{who: "Hùng", reads: []string{"VT-000001", "Nguyễn Văn An"}},
				{who: "Hùng", do: presses("❌ Từ chối"), reads: []string{"gõ lý do từ chối báo cáo VT-000001"}},
				{who: "Hùng", do: says("Ok"), reads: []string{"Lý do cần từ 5 đến 500 ký tự"}},
				{who: "Hùng", do: says("Việc này đã được báo cáo trước đó."), reads: []string{"Đã từ chối báo cáo VT-000001"}},
				{who: "Lan", reads: []string{"báo cáo VT-000001 của bạn chưa được duyệt", "Lý do: Việc này đã được báo cáo trước đó."}},
			},
			after: func(t *testing.T, h *harness, cast map[string]*person) {
				if got := h.deedStatus(1); got != storage.DeedRejected {
					t.Errorf("the report is %s, want rejected", got)
				}
			},
		},
		{
			label: "the description rewritten from the preview, then commended",
			cast:  cast,
			steps: append(report[:len(report):len(report)],
				step{who: "Lan", do: presses("Bỏ qua, không có ảnh"), reads: []string{"Xem lại báo cáo"}},
				step{who: "Lan", do: presses("✏️ Viết lại mô tả"), reads: []string{"Mời bạn gõ lại phần mô tả", what},
					offers: []string{"↩️ Giữ mô tả cũ"}},
				step{who: "Lan", do: says("Ngắn"), reads: []string{"Mô tả hơi ngắn"}},
				step{who: "Lan", do: says("Đi chợ hộ bà cụ hàng xóm suốt mùa dịch"), reads: []string{"Xem lại báo cáo", "suốt mùa dịch"},
					lacks: []string{"mỗi sáng"}},
				step{who: "Lan", do: presses("✅ Gửi báo cáo")},
				step{who: "Hùng", do: presses("🏅 Biểu dương"), reads: []string{"Đã biểu dương việc tốt trong báo cáo VT-000001"}},
				step{who: "Lan", reads: []string{"Chúc mừng!", "đã được biểu dương", "Bạn có đồng ý nêu tên bạn"},
					offers: []string{"Đồng ý nêu tên", "Không nêu tên"}},
				step{who: "Lan", do: presses("Không nêu tên"), reads: []string{"Tin đăng sẽ không nêu tên bạn"}},
			),
			after: func(t *testing.T, h *harness, cast map[string]*person) {
				if got := h.deedStatus(1); got != storage.DeedCommended {
					t.Errorf("the report is %s, want commended", got)
				}
			},
		},
		{
			label: "text where a choice is expected, and cancelling",
			cast:  cast,
			steps: []step{
				{who: "Lan", do: says("/report")},
				{who: "Lan", do: says("giúp đỡ"), reads: []string{"Ở bước này"}, offers: []string{"🤝 Giúp đỡ người khó khăn"}},
				{who: "Lan", do: presses("🤝")},
				{who: "Lan", do: presses("❌ Hủy"), reads: []string{"Đã hủy báo cáo; Chung Sức chưa lưu gì cả"}},
				{who: "Hùng", lacks: []string{"VT-"}},
			},
			after: func(t *testing.T, h *harness, cast map[string]*person) {
				if n := h.count(`SELECT COUNT(*) FROM deeds`); n != 0 {
					t.Errorf("%d reports stored, want none", n)
				}
			},
		},
	})
}

// deedStatus is the status of report id.
func (h *harness) deedStatus(id int64) string {
	h.t.Helper()
	var d storage.Deed
	err := h.db.View(h.ctx, func(tx *storage.Tx) (err error) {
		d, err = tx.DeedByID(id)
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return d.Status
}

// photos are the photos p's chat shows, as the messenger got them.
func (p *person) photos() []string {
	var list []string
	for _, m := range p.h.chat(p.platform, p.id).msgs {
		if m.photo == "" {
			continue
		}
		if !testPlatforms.Of(p.platform).PhotoUpload && !strings.HasPrefix(m.photo, mediaURL("")) {
			p.h.t.Errorf("%s got a photo by %q, not by the bot's public URL", p.platform, m.photo)
		}
		list = append(list, m.photo)
	}
	return list
}
