package handlers_test

import (
	"database/sql"
	"strconv"
	"strings"
	"testing"

	"github.com/chungsuc/chungsuc/storage"
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

// TestDeedReportJourneys: the other ways through a report, and what the
// reviewers read, on every messenger.
func TestDeedReportJourneys(t *testing.T) {
	const story = "Bà Hoa nấu 50 suất cơm miễn phí mỗi ngày cho các gia đình đang cách ly trong ngõ."
	const reason = "Ảnh trùng với báo cáo trước, mời bạn gửi ảnh khác."
	runJourneys(t, []journey{
		{
			label: "another's deed with two photos, commended; the same photo in a second report flagged, and rejected",
			cast: []actor{{name: "Lan", unit: "HN-TM-T01"}, {name: "Hùng", coordinates: "HN-TM", elsewhere: true},
				{name: "Bảo", unit: "HN-TM-T01"}},
			steps: []step{
				{who: "Lan", do: says("/baocao"), reads: []string{"Bước 1/4"}},
				{who: "Lan", do: presses("🤝"), reads: []string{"Bước 2/4"}},
				{who: "Lan", do: presses("👥 Người khác"), reads: []string{"gõ họ tên"}},
				{who: "Lan", do: says("Nguyễn Thị Hoa"), reads: []string{"Nguyễn Thị Hoa sinh sống ở đâu?"}},
				{who: "Lan", do: presses("🏠 Cùng tổ dân phố với tôi"), reads: []string{"Bước 3/4"}},
				{who: "Lan", do: says(story), reads: []string{"Bước 4/4"}},
				{who: "Lan", do: sendsPhotoOf("A1", ""), reads: []string{"Đã nhận ảnh 1/5"}},
				{who: "Lan", do: sendsPhotoOf("A2", ""), reads: []string{"Đã nhận ảnh 2/5"}},
				{who: "Lan", do: presses("✔ Xong"), reads: []string{"Xem lại báo cáo của bạn", "Giúp đỡ người khó khăn",
					"Nguyễn Thị Hoa", "Tổ dân phố 1, Phường Tương Mai", story, "Ảnh: 2"}},
				{who: "Lan", do: presses("✅ Gửi báo cáo"), reads: []string{"Chung Sức đã gửi báo cáo VT-000001 tới cán bộ phụ trách",
					"bạn sẽ nhận được kết quả"}},
				{who: "Hùng", reads: []string{"Báo cáo người tốt, việc tốt VT-000001", "Người báo cáo: Lan",
					"Tổ dân phố 1, Phường Tương Mai", "Giúp đỡ người khó khăn", "Nguyễn Thị Hoa", story, "Ảnh: 2",
					"VT-000001 — ảnh 1/2", "VT-000001 — ảnh 2/2"}},
				{who: "Hùng", do: presses("🏅 Biểu dương"), reads: []string{"Kết quả:", "Hùng đã biểu dương lúc"}},
				{who: "Lan", reads: []string{"Chúc mừng", "VT-000001", "biểu dương"}},
				{who: "Lan", do: says("/vieccuatoi"), reads: []string{"báo cáo người tốt, việc tốt của bạn", "VT-000001",
					"🏅 đã được biểu dương", "Giúp đỡ người khó khăn", "Bà Hoa nấu 50 suất cơm"}},

				{who: "Bảo", do: says("/report")},
				{who: "Bảo", do: presses("🎁")},
				{who: "Bảo", do: presses("🙋 Tôi")},
				{who: "Bảo", do: says("Tôi ủng hộ 20 kg gạo cho các hộ khó khăn trong tổ."), reads: []string{"Bước 4/4"}},
				{who: "Bảo", do: sendsPhotoOf("A1", ""), reads: []string{"Đã nhận ảnh 1/5"}},
				{who: "Bảo", do: presses("✔ Xong")},
				{who: "Bảo", do: presses("✅ Gửi báo cáo"), reads: []string{"VT-000002"}},
				{who: "Hùng", reads: []string{"Báo cáo người tốt, việc tốt VT-000002", "đã có trong báo cáo VT-000001",
					"chính người báo cáo", "VT-000002 — ảnh 1/1"}},
				{who: "Hùng", do: presses("❌ Từ chối"), reads: []string{"gõ lý do từ chối báo cáo VT-000002"}},
				{who: "Hùng", do: says("Ảnh"), reads: []string{"từ 5 đến 500 ký tự; bạn đã gõ 3 ký tự"}},
				{who: "Hùng", do: says(reason), reads: []string{"Kết quả:", "Hùng đã từ chối lúc", reason,
					"Đã từ chối báo cáo VT-000002"}},
				{who: "Bảo", reads: []string{"báo cáo VT-000002 của bạn chưa được duyệt", reason}},
				{who: "Bảo", do: says("/mydeeds"), reads: []string{"báo cáo người tốt, việc tốt của bạn", "VT-000002",
					"chưa được duyệt: " + reason, "Ủng hộ vật chất"}},
			},
			after: func(t *testing.T, h *harness, cast map[string]*person) {
				first, second := h.deedOf(1), h.deedOf(2)
				if first.Status != storage.DeedCommended || first.Subject != storage.SubjectOther ||
					first.SubjectName != "Nguyễn Thị Hoa" || first.SubjectUnitID != first.UnitID ||
					first.Category != "help" || first.Description != story || first.DecidedBy == 0 {
					t.Errorf("first report = %+v", first)
				}
				if second.Status != storage.DeedRejected || second.Reason != reason || second.Subject != storage.SubjectSelf ||
					second.Category != "donation" || len(second.Photos) != 1 || second.Photos[0].DuplicateOf != first.ID {
					t.Errorf("second report = %+v", second)
				}
				a1, a2 := photoRef(cast["Lan"], "A1"), photoRef(cast["Lan"], "A2")
				want := []string{"1:0:" + a1, "1:1:" + a2, "2:0:" + a1}
				if got := h.deedPhotoRows(); strings.Join(got, " ") != strings.Join(want, " ") {
					t.Errorf("deed_photos = %v, want %v", got, want)
				}
				hung := cast["Hùng"]
				if got := hung.photos(); len(got) != 3 {
					t.Errorf("%s (%s) was shown %d photos, want the 3 sent", hung.name, hung.platform, len(got))
				}
				var flagged bool
				for _, m := range h.chat(hung.platform, hung.id).msgs {
					flagged = flagged || m.photo != "" && strings.Contains(m.text, "VT-000002 — ảnh 1/1") &&
						strings.Contains(m.text, "đã có trong báo cáo VT-000001")
				}
				if !flagged {
					t.Errorf("the photo used before is not flagged under it:\n%s", hung.transcript())
				}
			},
		},
		{
			label: "a reviewer in English, and a second reviewer told who decided first",
			cast: []actor{{name: "Chi", unit: "HN-TM-T02"}, {name: "Bình", coordinates: "HN-TM", elsewhere: true},
				{name: "Emma", coordinates: "HN-TM", elsewhere: true, lang: "en"}},
			steps: []step{
				{who: "Chi", do: says("/report")},
				{who: "Chi", do: presses("🛡")},
				{who: "Chi", do: presses("🙋 Tôi")},
				{who: "Chi", do: says("Tôi trực chốt kiểm soát dịch ở đầu ngõ suốt 14 ngày.")},
				{who: "Chi", do: presses("Bỏ qua, không có ảnh")},
				{who: "Chi", do: presses("✅ Gửi báo cáo"), reads: []string{"VT-000001"}},
				{who: "Emma", reads: []string{"Good-deed report VT-000001", "Reported by: Chi", "Frontline volunteering",
					"Photos: none"}, offers: []string{"✅ Approve"}},
				{who: "Bình", reads: []string{"Báo cáo người tốt, việc tốt VT-000001"}},
				{who: "Bình", do: presses("✅ Duyệt"), reads: []string{"Kết quả:", "Bình đã duyệt lúc"}},
				{who: "Chi", reads: []string{"VT-000001", "đã được duyệt"}},
				{who: "Emma", do: presses("✅ Approve"), reads: []string{"already handled: approved by Bình at"}},
				{who: "Bình", do: presses("🏅 Biểu dương"), reads: []string{"Bình đã biểu dương lúc"}},
				{who: "Chi", reads: []string{"Chúc mừng", "VT-000001"}},
			},
			after: func(t *testing.T, h *harness, cast map[string]*person) {
				if got := h.deedStatus(1); got != storage.DeedCommended {
					t.Errorf("the report is %s, want commended", got)
				}
			},
		},
		{
			label: "what does not fit a step, up to the photos",
			cast:  []actor{{name: "Dũng", unit: "HN-HL-T01"}},
			steps: []step{
				{who: "Dũng", do: says("/report"), reads: []string{"Bước 1/4"}},
				{who: "Dũng", do: says("giúp người"), reads: []string{"chọn một mục"}, offers: []string{"💡 Sáng kiến"}},
				{who: "Dũng", do: presses("💡 Sáng kiến"), reads: []string{"Bước 2/4"}},
				{who: "Dũng", do: presses("👥 Người khác"), reads: []string{"gõ họ tên"}},
				{who: "Dũng", do: sendsMedia("sticker"), reads: []string{"bằng chữ"}},
				{who: "Dũng", do: says("A"), reads: []string{"từ 2 đến 100 ký tự; bạn đã gõ 1 ký tự"}},
				{who: "Dũng", do: says("Ông Tư"), reads: []string{"Ông Tư sinh sống ở đâu?"}},
				{who: "Dũng", do: presses("Không rõ"), reads: []string{"Bước 3/4"}},
				{who: "Dũng", do: says("  tốt lắm "), reads: []string{"bạn đã gõ 7 ký tự, cần từ 10 đến 2.000 ký tự"}},
				{who: "Dũng", do: says(strings.Repeat("á", 2001)), reads: []string{"bạn đã gõ 2.001 ký tự, tối đa chỉ 2.000"}},
				{who: "Dũng", do: sendsPhotoOf("D0", "đây"), reads: []string{"Chung Sức đã giữ ảnh này"}},
				{who: "Dũng", do: sendsMedia("sticker"), reads: []string{"gõ mô tả việc tốt bằng chữ"}},
				{who: "Dũng", do: sendsMedia("voice"), reads: []string{"gõ mô tả việc tốt bằng chữ"}},
				{who: "Dũng", do: says("Ông Tư làm vòi rửa tay đạp chân cho cả tổ."), reads: []string{"Đã nhận ảnh 1/5"}},
			},
			after: nothingStored,
		},
		{
			label: "the photo step: text, a sticker, and at most five",
			cast:  []actor{{name: "Em"}},
			steps: []step{
				{who: "Em", do: says("/start g_HN-HL-T02")},
				{who: "Em", do: presses("✅"), reads: []string{"đã tham gia phong trào"}},
				{who: "Em", do: says("/mydeeds"), reads: []string{"Bạn chưa báo cáo việc tốt nào"}},
				{who: "Em", do: says("/report")},
				{who: "Em", do: presses("✅ Chấp hành")},
				{who: "Em", do: presses("🙋 Tôi")},
				{who: "Em", do: says("Tôi đeo khẩu trang và khai báo y tế đầy đủ mỗi ngày."), reads: []string{"Bước 4/4"}},
				{who: "Em", do: says("xong rồi"), reads: []string{"mời bạn gửi ảnh chụp"}, offers: []string{"Bỏ qua, không có ảnh"}},
				{who: "Em", do: sendsMedia("sticker"), reads: []string{"đã nhận 0"}},
				{who: "Em", do: sendsPhoto(""), reads: []string{"Đã nhận ảnh 1/5"}},
				{who: "Em", do: sendsPhoto(""), reads: []string{"Đã nhận ảnh 2/5"}},
				{who: "Em", do: sendsPhoto(""), reads: []string{"Đã nhận ảnh 3/5"}},
				{who: "Em", do: sendsPhoto(""), reads: []string{"Đã nhận ảnh 4/5"}},
				{who: "Em", do: sendsPhoto(""), reads: []string{"Đã nhận đủ 5 ảnh"}},
				{who: "Em", do: sendsPhoto(""), reads: []string{"tối đa 5 ảnh"}},
			},
			after: nothingStored,
		},
		{
			label: "a photo twice, rewriting from the preview, and cancelling",
			cast:  []actor{{name: "Giao", unit: "HN-HL-T03"}},
			steps: []step{
				{who: "Giao", do: says("/report")},
				{who: "Giao", do: presses("🤝")},
				{who: "Giao", do: presses("🙋 Tôi")},
				{who: "Giao", do: says("Tôi đi chợ hộ ba gia đình đang cách ly."), reads: []string{"Bước 4/4"}},
				{who: "Giao", do: sendsPhotoOf("H1", ""), reads: []string{"Đã nhận ảnh 1/5"}},
				{who: "Giao", do: sendsPhotoOf("H1", ""), reads: []string{"đã gửi ảnh này rồi"}},
				// The skip choice under the request also ends the step.
				{who: "Giao", do: pressesUnder("Bước 4/4", "Bỏ qua"), reads: []string{"Xem lại báo cáo của bạn",
					"chính người báo cáo", "Tổ dân phố 3, Phường Hoàng Liệt", "Ảnh: 1"}},
				{who: "Giao", do: presses("✏️ Viết lại mô tả"), reads: []string{"Mô tả trước đây"}},
				// The rewritten description goes back to the preview, photos kept.
				{who: "Giao", do: says("Tôi đi chợ hộ ba gia đình đang cách ly trong ngõ 5."),
					reads: []string{"Xem lại báo cáo của bạn", "trong ngõ 5", "Ảnh: 1"}},
				{who: "Giao", do: says("/huy"), reads: []string{"Đã hủy báo cáo"}},
				{who: "Giao", do: says("/report")},
				{who: "Giao", do: presses("❌ Hủy"), reads: []string{"Đã hủy báo cáo"}},
				{who: "Giao", do: says("Tôi đi chợ hộ ba gia đình"), reads: []string{"gõ /help"}},
			},
			after: nothingStored,
		},
	})
}

// TestDeedPhotosReachTheCoordinator: a coordinator on the reporter's own
// messenger is shown the report's photos, in order: on Telegram by the
// file ids the reporter's photos came with, without uploading them again.
func TestDeedPhotosReachTheCoordinator(t *testing.T) {
	forEachPlatform(t, func(t *testing.T, h *harness, platform string) {
		lan := h.member(platform, "7001", "Lan", "HN-TM-T01", "")
		hung := h.member(platform, "7101", "Hùng", "", "HN-TM")
		lan.say("/report")
		lan.press("🤝")
		lan.press("🙋 Tôi")
		lan.say("Tôi đi chợ hộ ba gia đình đang cách ly.")
		lan.photoOf("A1", "")
		lan.photoOf("A2", "")
		lan.press("✔ Xong")
		lan.press("✅ Gửi báo cáo")
		got := hung.photos()
		if len(got) != 2 {
			t.Fatalf("%s was shown %d photos, want 2:\n%s", hung.name, len(got), hung.transcript())
		}
		if testPlatforms.Of(platform).PhotoUpload {
			if want := []string{photoRef(lan, "A1"), photoRef(lan, "A2")}; strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("photos shown by %v, want by the file ids %v", got, want)
			}
		}
	})
}

// nothingStored checks that no report and no photo of one was stored.
func nothingStored(t *testing.T, h *harness, cast map[string]*person) {
	if n := h.count(`SELECT COUNT(*) FROM deeds`); n != 0 {
		t.Errorf("%d reports stored, want none", n)
	}
	if rows := h.deedPhotoRows(); len(rows) != 0 {
		t.Errorf("photos stored: %v", rows)
	}
}

// photoRef is the platform's reference of the picture called name, sent
// by p (see photoOf).
func photoRef(p *person, name string) string {
	if testPlatforms.Of(p.platform).PhotoUpload {
		return "AgAC" + name
	}
	return "https://photo.zalo.test/" + name + ".jpg"
}

// deedPhotoRows reads the deed_photos table: "deed:position:file_id" rows.
func (h *harness) deedPhotoRows() []string {
	h.t.Helper()
	db, err := sql.Open("sqlite", "file:"+h.path+"?mode=ro")
	if err != nil {
		h.t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT deed_id, position, file_id FROM deed_photos ORDER BY deed_id, position`)
	if err != nil {
		h.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, pos int64
		var file string
		if err := rows.Scan(&id, &pos, &file); err != nil {
			h.t.Fatal(err)
		}
		out = append(out, strconv.FormatInt(id, 10)+":"+strconv.FormatInt(pos, 10)+":"+file)
	}
	return out
}

// deedOf is report id, with its photos.
func (h *harness) deedOf(id int64) storage.Deed {
	h.t.Helper()
	var d storage.Deed
	err := h.db.View(h.ctx, func(tx *storage.Tx) (err error) {
		d, err = tx.DeedByID(id)
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return d
}

// deedStatus is the status of report id.
func (h *harness) deedStatus(id int64) string {
	h.t.Helper()
	return h.deedOf(id).Status
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
