package handlers

var _ = addMessages(viPrivacy, enPrivacy)

var viPrivacy = map[string]string{
	"cmd.mydata":  "Xem dữ liệu Chung Sức lưu về bạn",
	"cmd.stop":    "Ngừng nhận tin Chung Sức tự gửi",
	"cmd.forget":  "Xóa dữ liệu của bạn",
	"flow.forget": "xóa dữ liệu",

	"stop.done": "Đã ghi nhận. Từ nay Chung Sức sẽ không tự gửi tin cho bạn nữa (lời kêu gọi, lời nhắc và tin chung của phong trào). " +
		"Bạn vẫn dùng được mọi lệnh, và vẫn nhận trả lời khi bạn nhắn cũng như kết quả các báo cáo, đề nghị hỗ trợ của chính bạn. " +
		"Khi muốn nhận lại, gõ /start.",
	"stop.coordinator": "Vì bạn là cán bộ phụ trách, bạn cũng sẽ không nhận cảnh báo sức khỏe, báo cáo và đề nghị hỗ trợ mới của cư dân; " +
		"cán bộ phụ trách khác hoặc cấp trên sẽ nhận thay bạn.",
	"stop.already": "Bạn đã ngừng nhận tin Chung Sức tự gửi từ trước. Khi muốn nhận lại, gõ /start.",

	"mydata.caption": "Đây là toàn bộ dữ liệu Chung Sức đang lưu về bạn. Nếu muốn xóa, gõ /forget.",

	"forget.confirm": "<b>Bạn muốn xóa dữ liệu của mình?</b>\n\n" +
		"Sẽ bị xóa: tên, số điện thoại, nơi sinh sống, ngôn ngữ, toàn bộ khai báo y tế, các đề nghị hỗ trợ, " +
		"các báo cáo người tốt, việc tốt chưa được biểu dương, và tin nhắn gửi tới bạn hoặc nhắc tới bạn.\n\n" +
		"Được giữ lại: các báo cáo đã được biểu dương, nhưng không còn tên bạn, vì đó là hồ sơ khen thưởng của phong trào.\n\n" +
		"Việc xóa không thể hoàn tác. Nếu sau này nhắn lại, bạn sẽ bắt đầu như người mới.",
	"forget.yes":         "🗑 Xóa dữ liệu của tôi",
	"forget.no":          "Không, giữ lại",
	"forget.use_buttons": "Vui lòng bấm một trong hai nút để xác nhận có xóa dữ liệu hay không.",
	"forget.done":        "Đã xóa dữ liệu của bạn: %d lượt khai báo y tế, %d đề nghị hỗ trợ, %d báo cáo.",
	"forget.done_kept":   "Giữ lại %d báo cáo đã được biểu dương, không kèm tên bạn.",
	"forget.thanks":      "Cảm ơn bạn đã đồng hành cùng phong trào. Nếu nhắn lại, bạn sẽ bắt đầu như người mới.",
	"forget.kept":        "Dữ liệu của bạn được giữ nguyên.",
}

var enPrivacy = map[string]string{
	"cmd.mydata":  "See the data Chung Sức keeps about you",
	"cmd.stop":    "Stop the messages Chung Sức sends on its own",
	"cmd.forget":  "Delete your data",
	"flow.forget": "data deletion",

	"stop.done": "Done. Chung Sức will no longer write to you on its own (appeals, reminders and the movement's news). " +
		"Every command still works, and you still get replies when you write and the outcome of your own reports and requests for help. " +
		"To receive them again, send /start.",
	"stop.coordinator": "As you are a coordinator, you will also stop receiving residents' new health alerts, reports and requests for help; " +
		"other coordinators or the level above will receive them instead.",
	"stop.already": "You already stopped the messages Chung Sức sends on its own. To receive them again, send /start.",

	"mydata.caption": "This is all the data Chung Sức keeps about you. To delete it, send /forget.",

	"forget.confirm": "<b>Delete your data?</b>\n\n" +
		"Will be deleted: your name, phone number, place of residence, language, every health check-in, your help requests, " +
		"your good-deed reports that were not commended, and the messages sent to you or about you.\n\n" +
		"Kept: reports that were commended, but without your name, because they are the movement's record of commendations.\n\n" +
		"This cannot be undone. If you write again later, you start as a new resident.",
	"forget.yes":         "🗑 Delete my data",
	"forget.no":          "No, keep it",
	"forget.use_buttons": "Please tap one of the two buttons to say whether to delete your data.",
	"forget.done":        "Your data is deleted: %d health check-ins, %d help requests, %d reports.",
	"forget.done_kept":   "%d commended reports are kept, without your name.",
	"forget.thanks":      "Thank you for taking part in the movement. If you write again, you start as a new resident.",
	"forget.kept":        "Your data is kept as it is.",
}
