package handlers

// viTop and enTop are the words of /top and /greenzone.
var viTop = map[string]string{
	"cmd.top":       "Bảng xếp hạng thi đua của các đơn vị",
	"cmd.greenzone": "Vùng xanh của các đơn vị",
	"audit.zone":    "đặt trạng thái vùng xanh",

	"top.no_units":         "<b>%s</b> không có đơn vị nào ở cấp dưới để xếp hạng.",
	"top.head_campaign":    "🏆 <b>Xếp hạng thi đua: %s</b>\nPhong trào “%s”, từ %s đến %s",
	"top.head_week":        "🏆 <b>Xếp hạng: %s</b>, 7 ngày từ %s đến %s\n(chưa có phong trào nào đang diễn ra, nên chỉ tính 7 ngày qua)",
	"top.line":             "%d. %s <b>%s</b>%s: <b>%.1f</b> điểm%s\n     Tham gia %.0f%% · Việc tốt %.1f · Hỗ trợ %.0f",
	"top.line_empty":       "⚪ <b>%s</b>: chưa có cư dân tham gia",
	"top.line_vaccine":     " · Tiêm chủng %.1f (%.0f%% từ 2 mũi)",
	"top.week_score":       " (7 ngày qua: %.1f)",
	"top.more":             "Còn %d đơn vị khác. Gõ /xephang kèm mã đơn vị để xem nơi khác.",
	"top.legend":           "🟢 vùng xanh · 🟠 chưa là vùng xanh · ⭐ đơn vị của bạn",
	"top.honour":           "🏅 <b>Bảng vàng</b> (việc tốt được biểu dương)",
	"top.honour_named":     "• %s (%s): %s",
	"top.honour_anonymous": "• Một cư dân %s: %s",
	"top.how":              "Gõ /xephang cachtinh để xem cách tính điểm.",
	"top.formula": "<b>Cách tính điểm thi đua</b>\n\n" +
		"Điểm của mỗi đơn vị gồm ba phần:\n" +
		"1. <b>Tham gia</b> = %.0f × tỷ lệ điểm danh: số lượt khai báo y tế chia cho tổng số ngày tham gia của mọi người (cư dân và người nhà họ khai báo giúp, tính từ ngày tham gia đến ngày dừng nhận tin). Vì là tỷ lệ nên tổ nhỏ vẫn có thể đứng đầu.\n" +
		"2. <b>Việc tốt</b> = %.0f × số điểm việc tốt trên 100 người, tối đa %.0f. Việc tốt được duyệt tính điểm theo tiêu chí của phong trào (không có tiêu chí thì 1 điểm); được biểu dương thì tính gấp đôi. Đơn vị dưới %d người được tính như %[4]d người.\n" +
		"3. <b>Hỗ trợ</b> = %.0f × tỷ lệ yêu cầu hỗ trợ được giải quyết trong %d giờ. Yêu cầu chỉ được tính khi đã giải quyết xong hoặc đã chờ quá thời hạn đó, nên việc bà con xin hỗ trợ không làm đơn vị mất điểm; đơn vị không có yêu cầu nào như vậy thì được trọn phần này.\n\n" +
		"Phong trào có tiêu chí <b>Tiêm chủng</b> thì cộng thêm: số điểm của tiêu chí × tỷ lệ người đã tiêm từ 2 mũi (bà con tự ghi bằng /tiemchung).\n\n" +
		"Bảng xếp hạng tính từ ngày phong trào bắt đầu đến hôm nay, kèm điểm 7 ngày qua.\n" +
		"🟢 Vùng xanh: không có ai báo F0 trong %d ngày qua (cấp trên có thể xác nhận khác, kèm lý do).",

	"zone.usage":                 "Cách đặt vùng xanh cho một đơn vị:\n• /vungxanh MÃ xanh &lt;lý do&gt;\n• /vungxanh MÃ chuaxanh &lt;lý do&gt;\n• /vungxanh MÃ tudong: theo khai báo y tế\nVí dụ: /vungxanh HN-TM-T01 xanh Đã qua 14 ngày không có ca mới",
	"zone.need_reason_green":     "Hãy ghi lý do (ít nhất 5 ký tự) sau trạng thái, ví dụ:\n/vungxanh %s %s Đã qua 14 ngày không có ca mới",
	"zone.need_reason_not_green": "Hãy ghi lý do (ít nhất 5 ký tự) sau trạng thái, ví dụ:\n/vungxanh %s %s Có ca F0 mới, đang khoanh vùng",
	"zone.own_unit":              "Vùng xanh của <b>%s</b> do cấp trên xác nhận, nên cán bộ của chính đơn vị không tự đặt được. Bạn đặt được cho các đơn vị cấp dưới; gõ /vungxanh để xem.",
	"zone.set_green":             "🟢 Đã đặt <b>%s</b> là vùng xanh. Lý do: %s",
	"zone.set_not_green":         "🟠 Đã đặt <b>%s</b> là chưa phải vùng xanh. Lý do: %s",
	"zone.auto":                  "Trạng thái vùng xanh của <b>%s</b> nay theo khai báo y tế (không có F0 trong 14 ngày là vùng xanh).",
	"zone.list":                  "<b>Vùng xanh</b> (không có F0 trong %[2]d ngày qua, hoặc do cấp trên xác nhận)\n\n%[1]s\n\nXác nhận cho đơn vị cấp dưới: /vungxanh MÃ xanh|chuaxanh &lt;lý do&gt;; trả lại tự động: /vungxanh MÃ tudong.",
	"zone.line_green":            "🟢 %s (%s)",
	"zone.line_not_green":        "🟠 %s (%s)",
	"zone.by_hand":               ": do cấp trên xác nhận, “%s”",
}

var enTop = map[string]string{
	"cmd.top":       "How the units rank in the campaign",
	"cmd.greenzone": "The units' green zones",
	"audit.zone":    "set a green-zone status",

	"top.no_units":         "<b>%s</b> has no units below it to rank.",
	"top.head_campaign":    "🏆 <b>Leaderboard: %s</b>\nCampaign “%s”, from %s to %s",
	"top.head_week":        "🏆 <b>Leaderboard: %s</b>, the 7 days from %s to %s\n(no campaign is under way, so only the last 7 days count)",
	"top.line":             "%d. %s <b>%s</b>%s: <b>%.1f</b> points%s\n     Participation %.0f%% · Good deeds %.1f · Help %.0f",
	"top.line_empty":       "⚪ <b>%s</b>: nobody has joined yet",
	"top.line_vaccine":     " · Vaccination %.1f (%.0f%% with 2 doses)",
	"top.week_score":       " (last 7 days: %.1f)",
	"top.more":             "%d more units. Type /top with a unit's code to see elsewhere.",
	"top.legend":           "🟢 green zone · 🟠 not a green zone · ⭐ your unit",
	"top.honour":           "🏅 <b>Honour roll</b> (commended good deeds)",
	"top.honour_named":     "• %s (%s): %s",
	"top.honour_anonymous": "• A resident of %s: %s",
	"top.how":              "Type /top formula to see how the score is made.",
	"top.formula": "<b>How the campaign score is made</b>\n\n" +
		"Each unit's score has three parts:\n" +
		"1. <b>Participation</b> = %.0f × the check-in rate: check-ins divided by the days everyone took part (residents and the family members they check in for, from joining to stopping the bot). It is a rate, so a small group can come first.\n" +
		"2. <b>Good deeds</b> = %.0f × good-deed points per 100 people, at most %.0f. An approved deed scores its campaign criterion's points (1 without one); a commended one scores twice. A unit of fewer than %d people counts as %[4]d.\n" +
		"3. <b>Help</b> = %.0f × the share of help requests resolved within %d hours. A request counts once it is resolved or has waited that long, so asking for help never costs a unit points; a unit without such a request gets this whole part.\n\n" +
		"A campaign with a <b>Vaccination</b> criterion adds: the criterion's points × the share of people with 2 doses or more (recorded with /vaccine).\n\n" +
		"The leaderboard counts from the campaign's first day to today, with the last 7 days beside.\n" +
		"🟢 Green zone: nobody reported F0 in the last %d days (officers may set it by hand, with a reason).",

	"zone.usage":                 "How to set a unit's green zone:\n• /greenzone CODE green &lt;reason&gt;\n• /greenzone CODE notgreen &lt;reason&gt;\n• /greenzone CODE auto: follow the check-ins\nE.g. /greenzone HN-TM-T01 green 14 days without a new case",
	"zone.need_reason_green":     "Please give a reason (at least 5 characters) after the status, e.g.:\n/greenzone %s %s 14 days without a new case",
	"zone.need_reason_not_green": "Please give a reason (at least 5 characters) after the status, e.g.:\n/greenzone %s %s A new F0 case, the area is closed off",
	"zone.own_unit":              "The green zone of <b>%s</b> is confirmed by the units above it, so its own officers cannot set it. You can set it for the units below yours; send /greenzone to see them.",
	"zone.set_green":             "🟢 <b>%s</b> is now set as a green zone. Reason: %s",
	"zone.set_not_green":         "🟠 <b>%s</b> is now set as not a green zone. Reason: %s",
	"zone.auto":                  "The green zone of <b>%s</b> now follows the check-ins (no F0 in 14 days makes it green).",
	"zone.list":                  "<b>Green zones</b> (no F0 in the last %[2]d days, or set by an officer)\n\n%[1]s\n\nBy hand: /greenzone CODE green|notgreen &lt;reason&gt;; back to automatic: /greenzone CODE auto.",
	"zone.line_green":            "🟢 %s (%s)",
	"zone.line_not_green":        "🟠 %s (%s)",
	"zone.by_hand":               ": set by hand, “%s”",
}
