package handlers

var viPrivacy = map[string]string{
	"cmd.mydata":  "Xem dữ liệu Chung Sức lưu về bạn",
	"cmd.stop":    "Ngừng nhận tin Chung Sức tự gửi",
	"cmd.forget":  "Xóa dữ liệu của bạn",
	"flow.forget": "xóa dữ liệu",

	"stop.done": "Đã ghi nhận. Từ nay Chung Sức sẽ không tự gửi tin cho bạn nữa (lời kêu gọi, lời nhắc và tin chung của phong trào). " +
		"Bạn vẫn dùng được mọi lệnh; khi bạn nhắn, Chung Sức vẫn trả lời, và vẫn báo kết quả các báo cáo, đề nghị hỗ trợ bạn đã gửi. " +
		"Khi muốn nhận lại, gõ /start.",
	"stop.coordinator": "Vì bạn là cán bộ phụ trách, từ nay bạn cũng không nhận cảnh báo sức khỏe, báo cáo và đề nghị hỗ trợ mới của người dân; " +
		"cán bộ phụ trách khác hoặc cấp trên sẽ nhận thay.",
	"stop.already": "Bạn đã ngừng nhận tin Chung Sức tự gửi từ trước. Khi muốn nhận lại, gõ /start.",

	"mydata.caption":                  "Tệp này chứa toàn bộ dữ liệu Chung Sức đang lưu về bạn (định dạng JSON, mở được bằng trình soạn thảo văn bản). Nếu muốn xóa, gõ /forget.",
	"mydata.summary_title":            "<b>Dữ liệu Chung Sức đang lưu về bạn</b>",
	"mydata.line_unit":                "🏠 Nơi sinh sống: %s",
	"mydata.line_phone":               "📞 Số điện thoại để cán bộ liên hệ: %s",
	"mydata.no_phone":                 "chưa có",
	"forget.role_ends":                "⚠️ Vai trò %s của %s cũng sẽ chấm dứt; cán bộ phụ trách khác hoặc cấp trên sẽ nhận thay các việc của bạn.",
	"mydata.line_checkins":            "🩺 Khai báo y tế: %s",
	"mydata.checkins_count":           "%d lượt của bạn, %d lượt khai báo giúp người thân",
	"mydata.line_family":              "👪 Người thân không dùng điện thoại: %d",
	"mydata.line_doses":               "💉 Mũi tiêm vắc xin đã ghi (của bạn và người thân): %d; mũi hẹn tiếp: %d",
	"mydata.line_deeds":               "📣 Báo cáo người tốt, việc tốt: %s",
	"mydata.line_help":                "🆘 Đề nghị hỗ trợ: %s",
	"mydata.line_messages":            "✉️ Tin nhắn còn lưu, gửi tới bạn hoặc nhắc tới bạn: %d (tin đã gửi sẽ tự xóa sau 7 ngày)",
	"mydata.line_roles":               "🎖 Vai trò: %s",
	"mydata.role_active":              "%s của %s",
	"mydata.role_ended":               "%s của %s (đã thôi)",
	"mydata.line_actions":             "🗂 Việc đã làm với vai trò cán bộ: xét duyệt %d báo cáo, tiếp nhận hoặc hoàn thành %d đề nghị hỗ trợ",
	"mydata.summary_end":              "Chi tiết đầy đủ nằm trong tệp gửi kèm dưới đây.",
	"mydata.count":                    "%d %s",
	"mydata.none":                     "không có",
	"mydata.role.coordinator":         "cán bộ phụ trách",
	"mydata.role.official":            "lãnh đạo theo dõi",
	"mydata.deed_status.pending":      "chờ duyệt",
	"mydata.adoption.adopted":         "đơn vị đã áp dụng",
	"mydata.adoption.help":            "cần hỗ trợ để áp dụng",
	"mydata.deed_status.approved":     "đã duyệt",
	"mydata.deed_status.rejected":     "chưa được duyệt",
	"mydata.deed_status.commended":    "đã được biểu dương",
	"mydata.subject.self":             "chính bạn",
	"mydata.subject.other":            "người khác",
	"mydata.help_status.open":         "đang chờ tiếp nhận",
	"mydata.help_status.claimed":      "đã có cán bộ tiếp nhận",
	"mydata.help_status.resolved":     "đã xong",
	"mydata.help_source.support":      "gửi bằng lệnh /support",
	"mydata.help_source.checkin":      "gửi kèm khai báo y tế",
	"mydata.health.well":              "khỏe mạnh",
	"mydata.health.symptoms":          "có triệu chứng",
	"mydata.health.f0":                "F0 (đang điều trị, cách ly)",
	"mydata.health.f1":                "F1 (đang cách ly)",
	"mydata.need.none":                "không cần hỗ trợ",
	"mydata.message_kind.send":        "tin nhắn",
	"mydata.message_kind.edit":        "sửa tin nhắn",
	"mydata.message_kind.answer":      "trả lời nút bấm",
	"mydata.message_kind.photo":       "ảnh",
	"mydata.message_kind.document":    "tệp",
	"mydata.message_status.pending":   "chờ gửi",
	"mydata.message_status.sending":   "đang gửi",
	"mydata.message_status.sent":      "đã gửi",
	"mydata.message_status.failed":    "không gửi được",
	"mydata.message_status.blocked":   "không gửi được (người nhận đã chặn Chung Sức)",
	"mydata.message_status.cancelled": "đã hủy",

	"forget.confirm": "<b>Bạn muốn xóa dữ liệu của mình?</b>\n\n" +
		"Chung Sức sẽ xóa:\n" +
		"• tên, số điện thoại, nơi sinh sống, ngôn ngữ, danh sách người thân;\n" +
		"• toàn bộ khai báo y tế và các đề nghị hỗ trợ;\n" +
		"• các báo cáo người tốt, việc tốt chưa được biểu dương;\n" +
		"• tin nhắn gửi tới bạn hoặc nhắc tới bạn.\n\n" +
		"Chung Sức giữ lại các báo cáo đã được biểu dương nhưng bỏ tên bạn, vì đó là hồ sơ khen thưởng của phong trào.\n\n" +
		"Dữ liệu đã xóa thì không khôi phục được. Nếu sau này nhắn lại, bạn sẽ bắt đầu như người mới.",
	"forget.yes":         "🗑 Xóa dữ liệu của tôi",
	"forget.no":          "Không, giữ lại",
	"forget.use_buttons": "Mời bạn chọn một trong hai mục để cho biết có xóa dữ liệu hay không.",
	"forget.done":        "Đã xóa dữ liệu của bạn: %d lượt khai báo y tế, %d đề nghị hỗ trợ, %d báo cáo.",
	"forget.done_empty":  "Đã xóa dữ liệu của bạn.",
	"forget.thanks":      "Cảm ơn bạn đã đồng hành cùng phong trào. Nếu nhắn lại, bạn sẽ bắt đầu như người mới.",
	"forget.kept":        "Chung Sức giữ nguyên dữ liệu của bạn.",
}

var enPrivacy = map[string]string{
	"cmd.mydata":  "See the data Chung Sức keeps about you",
	"cmd.stop":    "Stop the messages Chung Sức sends on its own",
	"cmd.forget":  "Delete your data",
	"flow.forget": "data deletion",

	"stop.done": "Done. Chung Sức will no longer write to you on its own (appeals, reminders and the movement's news). " +
		"Every command still works; when you write, Chung Sức still replies, and still tells you the outcome of the reports and requests for help you sent. " +
		"To receive them again, send /start.",
	"stop.coordinator": "As you are a coordinator, from now on you also stop receiving residents' new health alerts, reports and requests for help; " +
		"other coordinators or the level above will receive them instead.",
	"stop.already": "You already stopped the messages Chung Sức sends on its own. To receive them again, send /start.",

	"mydata.caption":                  "This file holds all the data Chung Sức keeps about you (JSON, readable in any text editor). To delete it, send /forget.",
	"mydata.summary_title":            "<b>The data Chung Sức keeps about you</b>",
	"mydata.line_unit":                "🏠 Where you live: %s",
	"mydata.line_phone":               "📞 Phone number for the coordinators: %s",
	"mydata.no_phone":                 "none",
	"forget.role_ends":                "⚠️ Your role as %s of %s will end too; other coordinators or the level above will take on your work.",
	"mydata.line_checkins":            "🩺 Health check-ins: %s",
	"mydata.checkins_count":           "%d of yours, %d made for family members",
	"mydata.line_family":              "👪 Family members without a phone: %d",
	"mydata.line_doses":               "💉 Vaccine doses recorded (yours and your family's): %d; next doses booked: %d",
	"mydata.line_deeds":               "📣 Good-deed reports: %s",
	"mydata.line_help":                "🆘 Requests for help: %s",
	"mydata.line_messages":            "✉️ Messages to you or about you still kept: %d (sent ones are deleted after 7 days)",
	"mydata.line_roles":               "🎖 Roles: %s",
	"mydata.role_active":              "%s of %s",
	"mydata.role_ended":               "%s of %s (ended)",
	"mydata.line_actions":             "🗂 Done as a coordinator: %d reports reviewed, %d requests for help taken on or completed",
	"mydata.summary_end":              "The full details are in the file below.",
	"mydata.count":                    "%d %s",
	"mydata.none":                     "none",
	"mydata.role.coordinator":         "coordinator",
	"mydata.role.official":            "official",
	"mydata.deed_status.pending":      "waiting for review",
	"mydata.adoption.adopted":         "the unit adopted it",
	"mydata.adoption.help":            "help needed to adopt it",
	"mydata.deed_status.approved":     "approved",
	"mydata.deed_status.rejected":     "not approved",
	"mydata.deed_status.commended":    "commended",
	"mydata.subject.self":             "you",
	"mydata.subject.other":            "someone else",
	"mydata.help_status.open":         "waiting to be taken on",
	"mydata.help_status.claimed":      "taken on by a coordinator",
	"mydata.help_status.resolved":     "done",
	"mydata.help_source.support":      "sent with /support",
	"mydata.help_source.checkin":      "sent with a health check-in",
	"mydata.health.well":              "well",
	"mydata.health.symptoms":          "with symptoms",
	"mydata.health.f0":                "F0 (in treatment or isolation)",
	"mydata.health.f1":                "F1 (in isolation)",
	"mydata.need.none":                "no help needed",
	"mydata.message_kind.send":        "message",
	"mydata.message_kind.edit":        "message edit",
	"mydata.message_kind.answer":      "answer to a button",
	"mydata.message_kind.photo":       "photo",
	"mydata.message_kind.document":    "file",
	"mydata.message_status.pending":   "waiting to be sent",
	"mydata.message_status.sending":   "being sent",
	"mydata.message_status.sent":      "sent",
	"mydata.message_status.failed":    "could not be sent",
	"mydata.message_status.blocked":   "could not be sent (the recipient blocked Chung Sức)",
	"mydata.message_status.cancelled": "cancelled",

	"forget.confirm": "<b>Delete your data?</b>\n\n" +
		"Chung Sức will delete:\n" +
		"• your name, phone number, where you live, your language, your family list;\n" +
		"• every health check-in and your requests for help;\n" +
		"• your good-deed reports that were not commended;\n" +
		"• the messages sent to you or about you.\n\n" +
		"Chung Sức keeps the reports that were commended, but without your name, because they are the movement's record of commendations.\n\n" +
		"Deleted data cannot be recovered. If you write again later, you start as a new resident.",
	"forget.yes":         "🗑 Delete my data",
	"forget.no":          "No, keep it",
	"forget.use_buttons": "Please choose one of the two options to say whether to delete your data.",
	"forget.done":        "Your data is deleted: %d health check-ins, %d requests for help, %d reports.",
	"forget.done_empty":  "Your data is deleted.",
	"forget.thanks":      "Thank you for taking part in the movement. If you write again, you start as a new resident.",
	"forget.kept":        "Your data is kept as it is.",
}
