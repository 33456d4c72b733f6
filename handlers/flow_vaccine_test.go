package handlers_test

import (
	"testing"
)

// TestVaccineDoses: a resident records two doses for themself (a day
// typed, then today), is told what a wrong day should be, corrects a
// date, records a dose for a family member without a phone and deletes
// one recorded by mistake.
func TestVaccineDoses(t *testing.T) {
	cast := []actor{{name: "Lan", unit: "HN-TM-T01"}}
	runJourneys(t, []journey{
		{
			label: "two doses for oneself",
			cast:  cast,
			steps: []step{
				{who: "Lan", do: says("/tiemchung"), reads: []string{"Mũi tiêm vắc xin COVID-19 của gia đình bạn",
					"Bạn: chưa ghi mũi nào", "Chỉ cán bộ phụ trách khu vực của bạn được xem ai đã tiêm"},
					offers: []string{"💉 Ghi mũi tiêm", "✔ Xong"}},
				{who: "Lan", do: presses("💉 Ghi mũi tiêm"), reads: []string{"Đó là mũi thứ mấy?"},
					offers: []string{"mũi 1", "mũi 2", "mũi 3", "mũi nhắc lại", "↩️ Quay lại"}},
				{who: "Lan", do: presses("mũi 1"), reads: []string{"Bạn tiêm mũi 1 vào ngày nào?", "02/08/2021"},
					offers: []string{"Hôm nay", "Hôm qua"}},
				{who: "Lan", do: says("hôm kia"), reads: []string{"chưa đọc được ngày này"}},
				{who: "Lan", do: says("01/02/2021"), reads: []string{"Ngày tiêm cần từ 01/03/2021 đến hôm nay (02/08/2021)"}},
				{who: "Lan", do: says("05/08/2021"), reads: []string{"Ngày tiêm cần từ 01/03/2021 đến hôm nay"}},
				{who: "Lan", do: says("1/7/2021"), reads: []string{"Đã ghi mũi 1 ngày 01/07/2021 cho bạn",
					"Bạn: mũi 1 (01/07/2021)"}, offers: []string{"💉 Ghi mũi tiêm", "🗑 Xóa mũi ghi nhầm"}},
				{who: "Lan", do: presses("💉 Ghi mũi tiêm")},
				{who: "Lan", do: presses("mũi 2")},
				{who: "Lan", do: presses("Hôm nay"), reads: []string{"Đã ghi mũi 2 ngày 02/08/2021 cho bạn",
					"Bạn: mũi 1 (01/07/2021) · mũi 2 (02/08/2021)"}},
				{who: "Lan", do: presses("💉 Ghi mũi tiêm")},
				{who: "Lan", do: presses("mũi 1")},
				{who: "Lan", do: says("03/07/2021"), reads: []string{"Đã sửa ngày mũi 1 của bạn: 01/07/2021 → 03/07/2021"}},
				{who: "Lan", do: presses("✔ Xong"), reads: []string{"Gõ /tiemchung bất cứ lúc nào"}},
			},
			after: func(t *testing.T, h *harness, cast map[string]*person) {
				if n := h.count(`SELECT count(*) FROM doses WHERE given_on IN ('2021-07-03', '2021-08-02')`); n != 2 {
					t.Errorf("%d doses stored, want 2", n)
				}
			},
		},
		{
			label: "a dose for a family member, then one deleted",
			cast:  cast,
			steps: []step{
				{who: "Lan", do: says("/giadinh")},
				{who: "Lan", do: says("Bà Tư"), reads: []string{"Đã thêm Bà Tư"}},
				{who: "Lan", do: says("/vaccine"), reads: []string{"Bạn: chưa ghi mũi nào", "Bà Tư: chưa ghi mũi nào"}},
				{who: "Lan", do: presses("💉 Ghi mũi tiêm"), reads: []string{"Bạn ghi mũi tiêm cho ai?"},
					offers: []string{"🙋 Cho tôi", "Bà Tư"}},
				{who: "Lan", do: presses("Bà Tư")},
				{who: "Lan", do: presses("mũi nhắc lại")},
				{who: "Lan", do: presses("Hôm qua"), reads: []string{"Đã ghi mũi nhắc lại ngày 01/08/2021 cho Bà Tư",
					"Bà Tư: mũi nhắc lại (01/08/2021)"}},
				{who: "Lan", do: presses("🗑 Xóa mũi ghi nhầm"), reads: []string{"Chọn mũi ghi nhầm để xóa"},
					offers: []string{"🗑 Bà Tư · mũi nhắc lại · 01/08/2021"}},
				{who: "Lan", do: presses("🗑 Bà Tư"), reads: []string{"Đã xóa mũi nhắc lại ngày 01/08/2021 của Bà Tư",
					"Bà Tư: chưa ghi mũi nào"}},
			},
			after: func(t *testing.T, h *harness, cast map[string]*person) {
				if n := h.count(`SELECT count(*) FROM doses`); n != 0 {
					t.Errorf("%d doses stored, want none", n)
				}
			},
		},
		{
			label: "the ward's digest counts the people vaccinated",
			cast:  []actor{{name: "Lan", unit: "HN-TM-T01"}, {name: "Bình", unit: "HN-TM-T01"}, {name: "Hùng", coordinates: "HN-TM"}},
			steps: []step{
				{who: "Hùng", do: says("/baocaonhanh HN-TM"), reads: []string{"Tiêm chủng: chưa ai ghi mũi tiêm"}},
				{who: "Lan", do: says("/tiemchung")},
				{who: "Lan", do: presses("💉 Ghi mũi tiêm")},
				{who: "Lan", do: presses("mũi 1")},
				{who: "Lan", do: says("01/07/2021")},
				{who: "Lan", do: presses("💉 Ghi mũi tiêm")},
				{who: "Lan", do: presses("mũi 2")},
				{who: "Lan", do: presses("Hôm nay")},
				{who: "Bình", do: says("/tiemchung")},
				{who: "Bình", do: presses("💉 Ghi mũi tiêm")},
				{who: "Bình", do: presses("mũi 1")},
				{who: "Bình", do: presses("Hôm qua"), reads: []string{"Đã ghi mũi 1 ngày 01/08/2021"}},
				{who: "Hùng", do: says("/baocaonhanh HN-TM"), reads: []string{
					"Tiêm chủng: 100% đã tiêm ít nhất 1 mũi · 50% từ 2 mũi trở lên (2 và 1 trên 2 người)",
					"Tổ dân phố 1", "💉 100%/50%"}, lacks: []string{"Lan", "Bình"}},
			},
		},
		{
			label: "a coordinator records a dose for a family member without a phone",
			cast: []actor{{name: "Lan", unit: "HN-TM-T01"}, {name: "Hùng", coordinates: "HN-TM", elsewhere: true},
				{name: "Hà", coordinates: "HN-HL"}, {name: "Cư", unit: "HN-TM-T02"}},
			steps: []step{
				{who: "Lan", do: says("/giadinh")},
				{who: "Lan", do: says("Bà Tư Hiền")},
				{who: "Cư", do: says("/tiemchung Tư"), reads: []string{"Gõ /tiemchung (không kèm gì)"}},
				{who: "Hà", do: says("/tiemchung Tư"), reads: []string{"Không tìm thấy người thân nào có tên “Tư”"}},
				{who: "Hùng", do: says("/tiemchung tu hien"), reads: []string{"Chọn người thân cần ghi mũi tiêm"},
					offers: []string{"Bà Tư Hiền — người nhà của Lan, Tổ dân phố 1"}},
				{who: "Hùng", do: presses("Bà Tư Hiền"), reads: []string{"Đó là mũi thứ mấy?"}},
				{who: "Hùng", do: presses("mũi 2")},
				{who: "Hùng", do: says("20/7/2021"), reads: []string{
					"Đã ghi mũi 2 ngày 20/07/2021 cho Bà Tư Hiền (người nhà của Lan, Tổ dân phố 1). Lan được báo tin.",
					"Nếu Bà Tư Hiền đã có hẹn mũi tiếp theo, gõ ngày hẹn"}, offers: []string{"✔ Xong"}},
				{who: "Lan", reads: []string{"Cán bộ phụ trách Hùng đã ghi mũi 2 ngày 20/07/2021 cho Bà Tư Hiền"}},
				{who: "Hùng", do: says("mai"), reads: []string{"chưa đọc được ngày này"}},
				{who: "Hùng", do: says("1/1/2030"), reads: []string{"Ngày hẹn cần từ hôm nay (02/08/2021) đến 03/08/2022"}},
				{who: "Hùng", do: says("30/8/2021"), reads: []string{
					"Đã hẹn mũi tiếp ngày 30/08/2021 cho Bà Tư Hiền; Lan được báo tin"}},
				{who: "Lan", reads: []string{"Cán bộ phụ trách Hùng đã hẹn mũi tiêm tiếp theo của Bà Tư Hiền vào ngày 30/08/2021"}},
				{who: "Lan", do: says("/tiemchung"), reads: []string{"Bà Tư Hiền: mũi 2 (20/07/2021)", "30/08/2021"}},
			},
			after: func(t *testing.T, h *harness, cast map[string]*person) {
				if n := h.count(`SELECT count(*) FROM doses WHERE dose = 2 AND recorded_by IS NOT NULL AND dependant_id > 0`); n != 1 {
					t.Errorf("%d doses recorded by the coordinator, want 1", n)
				}
				if n := h.count(`SELECT count(*) FROM audit_log WHERE action = 'dose' AND outcome = 'ok'`); n != 2 {
					t.Errorf("%d doses audited, want 2 (the dose, the next one)", n)
				}
				if n := h.count(`SELECT count(*) FROM dose_due WHERE due_on = '2021-08-30' AND dependant_id > 0`); n != 1 {
					t.Errorf("%d next doses set, want 1", n)
				}
			},
		},
		{
			label: "one who has not joined is asked to",
			cast:  []actor{{name: "Mới"}},
			steps: []step{
				{who: "Mới", do: says("/vaccine"), reads: []string{"chọn nơi sinh sống"}},
			},
		},
	})
}
