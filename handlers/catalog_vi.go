package handlers

// vi is the Vietnamese catalogue, the default language.
var vi = map[string]string{
	"bot.expired_button":        "Lựa chọn này đã hết hiệu lực (việc đã xong, đã hủy hoặc đã có tin mới hơn). Gõ /help để xem những việc bạn có thể làm.",
	"bot.slow_down":             "Bạn nhắn hơi nhanh, chờ vài giây rồi gửi tiếp nhé.",
	"console.banner":            "Chung Sức — bảng điều khiển thử nghiệm. Gõ /start để bắt đầu, /help để xem các lệnh; gõ số thứ tự để chọn nút. Để gửi ảnh, nhãn dán hay danh thiếp, gõ !photo chú thích, !sticker, !contact 0912345678. Nhấn Ctrl+D để thoát.",
	"bot.menu_hint":             "(Trả lời một số từ %d đến %d để chọn.)",
	"bot.menu_hint_one":         "(Trả lời %d để chọn.)",
	"bot.menu_hint_few":         "(Trả lời %s hoặc %d để chọn.)",
	"bot.photo_elsewhere":       "📷 Tin này có kèm ảnh, nhưng chưa gửi được ảnh qua ứng dụng này. Nếu cần xem ảnh, mời bạn liên hệ người gửi.",
	"bot.document_as_text":      "(Tệp %s, gửi dưới dạng tin nhắn vì ứng dụng này không nhận tệp.)",
	"error.internal":            "Xin lỗi, Chung Sức đang gặp trục trặc nên chưa xử lý được tin nhắn của bạn. Bạn thử lại sau ít phút nhé; nếu vẫn chưa được, gõ /help để xem hướng dẫn.",
	"group.private_only":        "Để giữ kín thông tin cá nhân, Chung Sức chỉ trò chuyện trong tin nhắn riêng. Mời bạn bấm nút bên dưới để nhắn riêng cho Chung Sức.",
	"group.private_only_nolink": "Để giữ kín thông tin cá nhân, Chung Sức chỉ trò chuyện trong tin nhắn riêng. Mời bạn mở trò chuyện riêng với Chung Sức (bấm vào tên Chung Sức) rồi nhắn lại ở đó.",
	"group.open":                "💬 Nhắn riêng cho Chung Sức",
	"you":                       "bạn",

	"start.welcome": "<b>Chung Sức</b> xin chào %s!\n\n" +
		"“Toàn dân đoàn kết, chung sức thi đua”: mỗi người dân là một chiến sĩ, mỗi gia đình là một pháo đài.\n\n" +
		"Tại đây, bạn cùng tổ dân phố của mình tham gia phong trào:\n" +
		"• khai báo y tế hằng ngày;\n" +
		"• báo cáo người tốt, việc tốt;\n" +
		"• đề nghị hỗ trợ khi cần;\n" +
		"• tra cứu đường dây nóng.\n\n" +
		"Trước hết, mời bạn cho biết nơi mình sinh sống.",
	"start.resumed": "Chào mừng bạn trở lại! Chung Sức sẽ lại gửi tới bạn lời kêu gọi, lời nhắc và tin chung của phong trào.",
	"start.back":    "Chào %s, bạn đang tham gia phong trào tại:\n<b>%s</b>\n\n%s",

	"picker.title":       "<b>Bạn sinh sống ở đâu?</b>",
	"picker.where":       "📍 %s",
	"picker.page":        "Trang %d/%d",
	"picker.search_hint": "Mời bạn chọn từng cấp bên dưới, hoặc gõ một phần tên để tìm (không cần gõ dấu), ví dụ: <i>to dan pho 3</i>.",
	"picker.prev":        "« Trang trước",
	"picker.next":        "Trang sau »",
	"picker.back":        "⬅ Quay lại",

	"join.confirm":      "Bạn sinh sống tại đây, đúng không?\n<b>%s</b>\n%s",
	"join.yes":          "✅ Đúng, tôi tham gia",
	"join.other":        "↩️ Chọn nơi khác",
	"join.done":         "🎉 Chào mừng bạn đã tham gia phong trào tại <b>%s</b>.",
	"join.moved":        "Đã đổi nơi sinh sống của bạn sang <b>%s</b>.",
	"join.link_unknown": "Không tìm thấy đơn vị có mã “%s”. Mời bạn chọn nơi sinh sống dưới đây.",
	"join.no_units":     "Chung Sức chưa có danh sách tổ dân phố. Bạn vui lòng báo cán bộ phường hoặc quản trị viên; khi đã có danh sách, gõ /start để tham gia.",
	"join.type_name":    "Mời bạn gõ một phần tên nơi mình ở (ví dụ: <i>to dan pho 3</i>), hoặc chọn một mục ở trên.",
	"join.query_length": "Để tìm, bạn gõ từ 2 đến 100 ký tự, ví dụ: <i>tuong mai</i> hoặc <i>to 3</i>.",
	"join.no_match":     "Không tìm thấy nơi nào khớp với “%s”. Bạn thử gõ ngắn hơn (ví dụ: <i>to dan pho 3</i>) hoặc chọn theo danh sách.",
	"join.matches":      "Kết quả tìm “%s”, mời bạn chọn:",
	"join.browse":       "📋 Chọn theo danh sách",

	"cmd.start":    "Bắt đầu, chọn nơi sinh sống",
	"cmd.hotline":  "Đường dây nóng của khu vực",
	"cmd.settings": "Đổi nơi sinh sống hoặc ngôn ngữ",
	"cmd.cancel":   "Hủy việc đang làm dở",
	"cmd.help":     "Những việc bạn có thể làm",

	"help.title":      "<b>Chung Sức có thể giúp bạn:</b>",
	"help.line":       "/%s (/%s) — %s",
	"help.join_first": "Bạn chưa chọn nơi sinh sống: gõ /start để tham gia cùng tổ dân phố của mình.",

	"unknown.command":  "Chung Sức chưa có lệnh /%s. Gõ /help để xem những việc bạn có thể làm.",
	"free.text_join":   "Cảm ơn bạn đã nhắn tin. Để bắt đầu, mời bạn gõ /start và chọn nơi mình sinh sống.",
	"free.text":        "Cảm ơn bạn đã nhắn tin. Chung Sức là trợ lý tự động nên chưa hiểu được tin nhắn gõ tự do; gõ /help để xem những việc bạn có thể làm.",
	"free.unsupported": "Chung Sức chưa đọc được tin nhắn này: ứng dụng nhắn tin không chuyển nội dung của tài khoản được bảo vệ (ví dụ tài khoản của trẻ em). Bạn có thể nhờ người thân nhắn giúp, hoặc gọi cán bộ tổ dân phố; khi khẩn cấp: 115 cấp cứu · 113 công an · 114 cứu hỏa.",
	"free.media":       "Chung Sức chưa xử lý được nội dung này ở đây. Gõ /help để xem những việc bạn có thể làm.",

	"settings.view":        "<b>Cài đặt của bạn</b>\n🏠 Nơi sinh sống: %s\n🌐 Ngôn ngữ: %s",
	"settings.no_unit":     "chưa chọn",
	"settings.change_unit": "🏠 Đổi nơi sinh sống",
	"settings.lang_done":   "Đã đổi ngôn ngữ sang tiếng Việt.",
	"lang.name":            "Tiếng Việt",
	"lang.switch":          "🌐 Tiếng Việt",

	"hotline.title":      "<b>☎️ Đường dây nóng</b>",
	"hotline.unit":       "<b>%s</b>",
	"hotline.line":       "• %s: <code>%s</code>",
	"hotline.line_24h":   "• %s: <code>%s</code> (trực 24/7)",
	"hotline.line_hours": "• %s: <code>%s</code> (%s)",
	"hotline.none":       "Hiện chưa có số đường dây nóng nào cho %s. Vui lòng hỏi tổ trưởng tổ dân phố hoặc UBND phường. Khi khẩn cấp, hãy gọi 115 (cấp cứu), 113 (công an), 114 (cứu hỏa).",
	"hotline.emergency":  "Khi khẩn cấp: 115 cấp cứu · 113 công an · 114 cứu hỏa.",
	"hotline.join_first": "Để xem đường dây nóng của khu vực mình, bạn hãy chọn nơi sinh sống trước: gõ /start. Khi khẩn cấp, hãy gọi 115 (cấp cứu), 113 (công an), 114 (cứu hỏa).",

	"unit.join_first":  "Bạn cần chọn nơi sinh sống trước khi dùng chức năng này. Mời bạn chọn mục bên dưới hoặc gõ /start. Khi khẩn cấp, hãy gọi 115 (cấp cứu), 113 (công an), 114 (cứu hỏa).",
	"unit.join_button": "🏠 Chọn nơi sinh sống",

	"flow.expired":   "Việc %s bạn đang làm dở đã tự hủy vì quá 30 phút chưa thấy bạn trả lời. Khi cần, gõ %s để làm lại.",
	"flow.dropped":   "Việc %s bạn đang làm dở đã được hủy để bắt đầu việc mới. Khi cần, gõ %s để làm lại.",
	"flow.join":      "chọn nơi sinh sống",
	"cancel.done":    "Đã hủy việc %s. Gõ /help để xem những việc khác.",
	"cancel.nothing": "Bạn không có việc nào đang làm dở. Gõ /help để xem những việc bạn có thể làm.",
}
