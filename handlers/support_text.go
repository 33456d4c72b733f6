package handlers

// viSupport holds the Vietnamese messages of help requests: /support,
// /mysupport, the coordinators' tickets and their escalation.
var viSupport = map[string]string{
	"cmd.support":   "Đề nghị hỗ trợ: thực phẩm, thuốc, y tế",
	"cmd.mysupport": "Xem các đề nghị hỗ trợ của bạn",
	"flow.support":  "gửi đề nghị hỗ trợ",

	"support.kind.food":     "thực phẩm",
	"support.kind.medicine": "thuốc",
	"support.kind.medical":  "hỗ trợ y tế",
	"support.kind.other":    "khác",

	"support.button.food":     "🍚 Thực phẩm",
	"support.button.medicine": "💊 Thuốc",
	"support.button.medical":  "🩺 Hỗ trợ y tế",
	"support.button.other":    "🤝 Khác",
	"support.button.cancel":   "❌ Hủy",

	"support.intro": "<b>🆘 Đề nghị hỗ trợ</b>\n" +
		"Khi bạn hoặc gia đình gặp khó khăn, hãy báo cho Chung Sức; cán bộ phụ trách tổ dân phố và phường sẽ liên hệ, hỗ trợ.\n\n" +
		"Bạn cần hỗ trợ về việc gì?",
	"support.use_buttons":    "Mời bạn chọn loại hỗ trợ bên dưới, hoặc gõ /cancel nếu muốn thôi.",
	"support.cancelled":      "Đã hủy đề nghị hỗ trợ. Khi cần, bạn cứ gõ /support.",
	"support.created_nobody": "Chung Sức đã ghi lại đề nghị hỗ trợ <b>%s</b> của bạn.\n%s\n\nTuy nhiên, nơi bạn ở hiện chưa có cán bộ phụ trách nhận tin qua Chung Sức. Bạn hãy liên hệ tổ trưởng tổ dân phố hoặc UBND phường (xem /hotline); khi khẩn cấp, gọi ngay <b>115</b>.",
	"support.ask_description": "Loại hỗ trợ: <b>%s</b>.\n\n" +
		"Bạn hãy mô tả ngắn gọn hoàn cảnh và điều bạn cần (từ %d đến %d ký tự), ví dụ: <i>%s</i>\n" +
		"Gõ /cancel nếu muốn thôi.",
	"support.example.food":       "Nhà tôi 4 người đang cách ly tại nhà, cần gạo và rau xanh cho 3 ngày tới.",
	"support.example.medicine":   "Mẹ tôi 80 tuổi sắp hết thuốc huyết áp, nhà đang cách ly nên không ra ngoài mua được.",
	"support.example.medical":    "Bố tôi sốt cao hai ngày không hạ, cần nhân viên y tế đến khám tại nhà.",
	"support.example.other":      "Cháu tôi học trực tuyến nhưng nhà không có máy tính, cần mượn tạm một chiếc.",
	"support.type_text":          "Ở bước này, mời bạn gõ nội dung bằng chữ (từ %d đến %d ký tự) để cán bộ hiểu rõ bạn cần gì; Chung Sức chưa đọc được ảnh, nhãn dán hay tin nhắn thoại.",
	"support.description_length": "Nội dung cần từ %d đến %d ký tự; bạn vừa gõ %d ký tự. Mời bạn gõ lại.",
	"support.ask_phone": "Để cán bộ liên hệ với bạn nhanh hơn, bạn có thể để lại số điện thoại: bấm <b>📱 Chia sẻ số điện thoại</b>, " +
		"hoặc gõ số (ví dụ: 0912345678). Số này được lưu lại để cán bộ phụ trách liên hệ khi bạn cần hỗ trợ hoặc báo sức khỏe; " +
		"xem hoặc xóa bằng /mydata, /forget. Nếu không muốn, bấm <b>Bỏ qua</b>.",
	"support.ask_phone_typed": "Để cán bộ liên hệ với bạn nhanh hơn, bạn có thể để lại số điện thoại: gõ số của bạn (ví dụ: 0912345678). " +
		"Số này được lưu lại để cán bộ phụ trách liên hệ khi bạn cần hỗ trợ hoặc báo sức khỏe; " +
		"xem hoặc xóa bằng /mydata, /forget. Nếu không muốn, chọn <b>Bỏ qua</b>.",
	"support.phone_invalid_typed": "Số điện thoại chưa đúng. Mời bạn gõ lại số gồm 10 chữ số (ví dụ: 0912345678), hoặc chọn <b>Bỏ qua</b>.",
	"support.share_phone":         "📱 Chia sẻ số điện thoại",
	"support.skip_phone":          "Bỏ qua",
	"support.phone_invalid":       "Số điện thoại chưa đúng. Mời bạn gõ lại số gồm 10 chữ số (ví dụ: 0912345678), bấm <b>📱 Chia sẻ số điện thoại</b> hoặc bấm <b>Bỏ qua</b>.",
	"support.phone_not_own":       "Đây là số điện thoại của người khác. Mời bạn chia sẻ số của chính mình bằng <b>📱 Chia sẻ số điện thoại</b>, gõ số của mình, hoặc chọn <b>Bỏ qua</b>.",
	"support.created": "✅ Chung Sức đã gửi đề nghị hỗ trợ <b>%s</b> của bạn.\n%s\n\n" +
		"Cán bộ phụ trách khu vực đã nhận được thông tin và sẽ sớm liên hệ với bạn; khi có cán bộ tiếp nhận, " +
		"Chung Sức sẽ báo bạn biết. Gõ /mysupport để xem tình trạng.\n\n" +
		"Nếu khẩn cấp, bạn đừng chờ: gõ /hotline để xem số đường dây nóng, hoặc gọi ngay <b>115</b> (cấp cứu).",
	"support.summary":        "• Loại hỗ trợ: %s\n• Nội dung: %s\n• Số điện thoại để cán bộ liên hệ: %s",
	"support.no_phone_given": "bạn không để lại (cán bộ sẽ nhắn cho bạn qua ứng dụng)",

	"support.ticket": "🆘 <b>Đề nghị hỗ trợ %s</b>\n" +
		"• Loại: %s\n• Người đề nghị: %s\n• Nơi sinh sống: %s\n• Điện thoại: %s\n• Nội dung: %s\n• Gửi lúc: %s",
	"support.no_phone":       "không để lại",
	"support.escalated":      "⏫ <b>Chuyển lên cấp trên:</b> đề nghị này đã chờ %s nhưng cán bộ phụ trách %s chưa tiếp nhận.",
	"support.unheard":        "⏫ Đề nghị này đã chờ %s mà chưa có cán bộ nào nhận được, vì khi đó đơn vị chưa có cán bộ phụ trách. Nhờ bạn xem và tiếp nhận.",
	"support.own_request":    "Đây là đề nghị hỗ trợ của chính bạn nên bạn không tự xử lý được; Chung Sức đã gửi đề nghị này tới cán bộ phụ trách khác.",
	"support.claim":          "✋ Tiếp nhận",
	"support.resolve":        "✅ Đã xong",
	"support.state_claimed":  "✋ %s đã tiếp nhận lúc %s.",
	"support.state_resolved": "✅ Đã xong: %s xác nhận lúc %s.",
	"support.a_coordinator":  "một cán bộ",
	"support.claim_done":     "Bạn đã tiếp nhận đề nghị %s. Vui lòng sớm liên hệ với người dân.",
	"support.resolve_done":   "Đã ghi nhận: đề nghị %s đã xong. Cảm ơn bạn!",
	"support.already_claimed": "Đề nghị %s đã có %s tiếp nhận lúc %s. " +
		"Nếu việc đã xong, bạn vẫn có thể chọn “Đã xong”.",
	"support.already_resolved":    "Đề nghị %s đã xong từ lúc %s.",
	"support.gone":                "Đề nghị hỗ trợ này không còn nữa: người dân đã xóa dữ liệu của mình.",
	"support.not_allowed":         "Bạn không phụ trách khu vực này nên không xử lý được đề nghị hỗ trợ này.",
	"support.told_claimed":        "🤝 Cán bộ <b>%[2]s</b> đã tiếp nhận đề nghị hỗ trợ <b>%[1]s</b> của bạn và sẽ sớm liên hệ.",
	"support.told_claimed_titled": "🤝 <b>%[2]s</b> đã tiếp nhận đề nghị hỗ trợ <b>%[1]s</b> của bạn và sẽ sớm liên hệ.",
	"support.told_done_by_other":  "✅ <b>%[2]s</b> vừa xác nhận đề nghị hỗ trợ <b>%[1]s</b> (bạn đã tiếp nhận) là đã xong. Bạn không cần làm gì thêm.",
	"support.told_resolved": "✅ Đề nghị hỗ trợ <b>%s</b> của bạn đã được giải quyết xong. " +
		"Cảm ơn bạn đã tin tưởng và cùng chung sức với phong trào! Nếu còn cần giúp đỡ, bạn cứ gõ /support.",

	"support.mine_title":      "<b>Các đề nghị hỗ trợ của bạn</b> (mới nhất ở trên)",
	"support.mine_line":       "• <b>%s</b> · %s · %s\n   %s",
	"support.mine_none":       "Bạn chưa gửi đề nghị hỗ trợ nào. Khi cần thực phẩm, thuốc hay hỗ trợ y tế, bạn gõ /support (hoặc /hotro) nhé.",
	"support.status.open":     "⏳ đang chờ tiếp nhận",
	"support.status.claimed":  "🤝 đã có cán bộ tiếp nhận",
	"support.status.resolved": "✅ đã xong",
}

// enSupport holds the English messages of help requests.
var enSupport = map[string]string{
	"cmd.support":   "Ask for help: food, medicine, medical care",
	"cmd.mysupport": "See your requests for help",
	"flow.support":  "request for help",

	"support.kind.food":     "food",
	"support.kind.medicine": "medicine",
	"support.kind.medical":  "medical care",
	"support.kind.other":    "other",

	"support.button.food":     "🍚 Food",
	"support.button.medicine": "💊 Medicine",
	"support.button.medical":  "🩺 Medical care",
	"support.button.other":    "🤝 Other",
	"support.button.cancel":   "❌ Cancel",

	"support.intro": "<b>🆘 Ask for help</b>\n" +
		"When you or your family are in difficulty, tell Chung Sức; the coordinators of your residential group and ward will get in touch to help.\n\n" +
		"What do you need help with?",
	"support.use_buttons":    "Please choose the kind of help below, or send /cancel to stop.",
	"support.cancelled":      "Your request for help was cancelled. Send /support whenever you need it.",
	"support.created_nobody": "Chung Sức has recorded your request for help <b>%s</b>.\n%s\n\nHowever, no coordinator of your area receives Chung Sức notices yet. Please contact your residential group leader or the ward People's Committee (see /hotline); in an emergency call <b>115</b> at once.",
	"support.ask_description": "Kind of help: <b>%s</b>.\n\n" +
		"Please describe your situation and what you need in a few words (%d to %d characters), e.g. <i>%s</i>\n" +
		"Send /cancel to stop.",
	"support.example.food":       "We are a family of 4 in home isolation and need rice and vegetables for the next 3 days.",
	"support.example.medicine":   "My mother is 80 and almost out of her blood-pressure medicine; we are in isolation and cannot go out to buy it.",
	"support.example.medical":    "My father has had a high fever for two days; we need a health worker to see him at home.",
	"support.example.other":      "My grandson has online classes but we have no computer; we need to borrow one for a while.",
	"support.type_text":          "At this step, please type your message as text (%d to %d characters) so the coordinators understand what you need; Chung Sức cannot read photos, stickers or voice messages.",
	"support.description_length": "Your message needs %d to %d characters; you typed %d. Please type it again.",
	"support.ask_phone": "So that a coordinator can reach you faster, you may leave your phone number: press <b>📱 Share my phone number</b>, " +
		"or type it (e.g. 0912345678). It is kept so that your coordinators can reach you when you ask for help or report your health; " +
		"see or delete it with /mydata, /forget. If you prefer not to, press <b>Skip</b>.",
	"support.ask_phone_typed": "So that a coordinator can reach you faster, you may leave your phone number: type it (e.g. 0912345678). " +
		"It is kept so that your coordinators can reach you when you ask for help or report your health; " +
		"see or delete it with /mydata, /forget. If you prefer not to, choose <b>Skip</b>.",
	"support.phone_invalid_typed": "That phone number is not valid. Please type a 10-digit number again (e.g. 0912345678), or choose <b>Skip</b>.",
	"support.share_phone":         "📱 Share my phone number",
	"support.skip_phone":          "Skip",
	"support.phone_invalid":       "That phone number is not valid. Please type a 10-digit number again (e.g. 0912345678), press <b>📱 Share my phone number</b> or press <b>Skip</b>.",
	"support.phone_not_own":       "That is someone else's phone number. Please share your own with <b>📱 Share my phone number</b>, type yours, or choose <b>Skip</b>.",
	"support.created": "✅ Chung Sức has sent your request for help <b>%s</b>.\n%s\n\n" +
		"The coordinators of your area have received it and will contact you soon; Chung Sức will let you know " +
		"when one of them takes it on. Send /mysupport to follow it.\n\n" +
		"In an emergency, do not wait: send /hotline for the hotline numbers, or call <b>115</b> (ambulance) now.",
	"support.summary":        "• Kind of help: %s\n• Request: %s\n• Phone number for the coordinators: %s",
	"support.no_phone_given": "none given (the coordinators will write to you in the app)",

	"support.ticket": "🆘 <b>Request for help %s</b>\n" +
		"• Kind: %s\n• Resident: %s\n• Lives in: %s\n• Phone: %s\n• Request: %s\n• Sent at: %s",
	"support.no_phone":            "not given",
	"support.escalated":           "⏫ <b>Passed to the level above:</b> this request has waited %s, but the coordinators of %s have not taken it on.",
	"support.unheard":             "⏫ This request has waited %s without reaching any coordinator: the unit had none when it was made. Please see to it.",
	"support.own_request":         "This is your own request for help, so you cannot handle it yourself; Chung Sức has sent it to other coordinators.",
	"support.claim":               "✋ Take it on",
	"support.resolve":             "✅ Done",
	"support.state_claimed":       "✋ Taken on by %s at %s.",
	"support.state_resolved":      "✅ Done: confirmed by %s at %s.",
	"support.a_coordinator":       "a coordinator",
	"support.claim_done":          "You have taken on request %s. Please contact the resident soon.",
	"support.resolve_done":        "Request %s is marked as done. Thank you!",
	"support.already_claimed":     "Request %s was already taken on by %s at %s. If it is done, you can still choose “Done”.",
	"support.already_resolved":    "Request %s was already completed at %s.",
	"support.gone":                "This request for help no longer exists: the resident deleted their data.",
	"support.not_allowed":         "You are not a coordinator of this area, so you cannot handle this request for help.",
	"support.told_claimed":        "🤝 <b>%[2]s</b> has taken on your request for help <b>%[1]s</b> and will contact you soon.",
	"support.told_claimed_titled": "🤝 <b>%[2]s</b> has taken on your request for help <b>%[1]s</b> and will contact you soon.",
	"support.told_done_by_other":  "✅ <b>%[2]s</b> has just marked request for help <b>%[1]s</b>, which you took on, as done. There is nothing more for you to do.",
	"support.told_resolved":       "✅ Your request for help <b>%s</b> has been resolved. Thank you for your trust and for joining forces with the movement! If you need help again, just send /support.",
	"support.mine_title":          "<b>Your requests for help</b> (newest first)",
	"support.mine_line":           "• <b>%s</b> · %s · %s\n   %s",
	"support.mine_none":           "You have not asked for help yet. When you need food, medicine or medical care, send /support.",
	"support.status.open":         "⏳ waiting to be taken on",
	"support.status.claimed":      "🤝 taken on by a coordinator",
	"support.status.resolved":     "✅ done",
}
