package handlers

var _ = addMessages(viCheckin, enCheckin)

var viCheckin = map[string]string{
	"cmd.checkin":  "Khai báo y tế hằng ngày",
	"flow.checkin": "khai báo y tế",

	"checkin.again":   "Bạn đã khai báo hôm nay lúc %s. Khai báo lại sẽ cập nhật thông tin của hôm nay.",
	"checkin.health":  "<b>Khai báo y tế hôm nay</b>\nSức khỏe của bạn hôm nay thế nào?",
	"health.well":     "😊 Khỏe mạnh",
	"health.symptoms": "🤒 Có triệu chứng",
	"health.f0":       "🔴 F0 – đang điều trị, cách ly",
	"health.f1":       "🟡 F1 – đang cách ly",

	"checkin.symptoms":      "Bạn có những triệu chứng nào? Bấm để chọn (có thể chọn nhiều), rồi bấm <b>Xong</b>.",
	"checkin.symptoms_done": "✔ Xong",
	"checkin.symptoms_none": "Vui lòng chọn ít nhất một triệu chứng, hoặc bấm /cancel nếu bạn khỏe.",
	"symptom.fever":         "Sốt",
	"symptom.cough":         "Ho",
	"symptom.breath":        "Khó thở",
	"symptom.taste":         "Mất vị giác hoặc khứu giác",
	"symptom.other":         "Triệu chứng khác",

	"checkin.pledge":          "<b>Thực hiện 5K</b>\n😷 Khẩu trang · 🧴 Khử khuẩn · ↔️ Khoảng cách · 🚫 Không tập trung · 📋 Khai báo y tế",
	"checkin.pledge_yes":      "✅ Tôi thực hiện 5K hôm nay",
	"checkin.pledge_no":       "Hôm nay tôi chưa thực hiện đủ",
	"checkin.pledge_kept":     "đã thực hiện",
	"checkin.pledge_not_kept": "chưa thực hiện đủ",

	"checkin.need":  "Hôm nay gia đình bạn có cần hỗ trợ gì không?",
	"need.none":     "👍 Không cần hỗ trợ",
	"need.food":     "🍚 Thực phẩm",
	"need.medicine": "💊 Thuốc",
	"need.medical":  "🩺 Hỗ trợ y tế",
	"need.other":    "Hỗ trợ khác",

	"checkin.use_buttons":      "Phần này chỉ cần bấm nút bên dưới.",
	"checkin.saved":            "✅ Đã ghi nhận khai báo y tế hôm nay (%s). Cảm ơn bạn!",
	"checkin.updated":          "✅ Đã cập nhật khai báo y tế hôm nay (%s).",
	"checkin.line_health":      "• Sức khỏe: %s",
	"checkin.line_pledge":      "• 5K: %s",
	"checkin.line_need":        "• Nhu cầu: %s",
	"checkin.streak":           "🔥 %d ngày khai báo liên tiếp",
	"checkin.participation":    "👥 %s hôm nay: %d/%d cư dân đã khai báo",
	"checkin.unwell_told":      "Cán bộ phụ trách khu vực đã được báo để liên hệ hỗ trợ bạn. Nếu khó thở hoặc diễn biến nặng, hãy gọi ngay <b>115</b>.",
	"checkin.need_opened":      "Đề nghị hỗ trợ của bạn đã được chuyển tới cán bộ phụ trách, mã số <b>%s</b>. Xem tình trạng bằng /mysupport.",
	"checkin.need_description": "Đề nghị khi khai báo y tế lúc %s.",
	"checkin.alert":            "⚠️ <b>Khai báo y tế cần quan tâm</b>\n%s (%s) hôm nay báo: <b>%s</b>.%s\nĐề nghị liên hệ, hỗ trợ kịp thời. Thông tin sức khỏe này chỉ dành cho cán bộ phụ trách.",
	"checkin.alert_phone":      "\nSố điện thoại: <code>%s</code>",
}

var enCheckin = map[string]string{
	"cmd.checkin":  "Daily health check-in",
	"flow.checkin": "health check-in",

	"checkin.again":   "You already checked in today at %s. Checking in again updates today's record.",
	"checkin.health":  "<b>Today's health check-in</b>\nHow is your health today?",
	"health.well":     "😊 Well",
	"health.symptoms": "🤒 I have symptoms",
	"health.f0":       "🔴 F0 – positive, in treatment or isolation",
	"health.f1":       "🟡 F1 – close contact, in isolation",

	"checkin.symptoms":      "Which symptoms do you have? Tap to select (several are fine), then tap <b>Done</b>.",
	"checkin.symptoms_done": "✔ Done",
	"checkin.symptoms_none": "Please select at least one symptom, or send /cancel if you are well.",
	"symptom.fever":         "Fever",
	"symptom.cough":         "Cough",
	"symptom.breath":        "Shortness of breath",
	"symptom.taste":         "Loss of taste or smell",
	"symptom.other":         "Other symptoms",

	"checkin.pledge":          "<b>The 5K pledge</b>\n😷 Mask · 🧴 Disinfect · ↔️ Distance · 🚫 No gatherings · 📋 Health declaration",
	"checkin.pledge_yes":      "✅ I keep the 5K today",
	"checkin.pledge_no":       "Not fully today",
	"checkin.pledge_kept":     "kept",
	"checkin.pledge_not_kept": "not fully kept",

	"checkin.need":  "Does your household need any help today?",
	"need.none":     "👍 No help needed",
	"need.food":     "🍚 Food",
	"need.medicine": "💊 Medicine",
	"need.medical":  "🩺 Medical support",
	"need.other":    "Other help",

	"checkin.use_buttons":      "For this part, just tap one of the buttons below.",
	"checkin.saved":            "✅ Today's health check-in is recorded (%s). Thank you!",
	"checkin.updated":          "✅ Today's health check-in is updated (%s).",
	"checkin.line_health":      "• Health: %s",
	"checkin.line_pledge":      "• 5K: %s",
	"checkin.line_need":        "• Needs: %s",
	"checkin.streak":           "🔥 %d days in a row",
	"checkin.participation":    "👥 %s today: %d/%d residents checked in",
	"checkin.unwell_told":      "The coordinators of your area have been told, so they can contact you and help. If breathing gets hard or you feel worse, call <b>115</b> at once.",
	"checkin.need_opened":      "Your request for help was passed to the coordinators, number <b>%s</b>. Follow it with /mysupport.",
	"checkin.need_description": "Requested during the health check-in at %s.",
	"checkin.alert":            "⚠️ <b>Health check-in needing attention</b>\n%s (%s) reported today: <b>%s</b>.%s\nPlease get in touch and help in time. This health information is for coordinators only.",
	"checkin.alert_phone":      "\nPhone: <code>%s</code>",
}
