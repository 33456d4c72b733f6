package handlers

// viLink holds the Vietnamese words of linking one's Telegram and Zalo
// accounts.
var viLink = map[string]string{
	"cmd.link": "Dùng chung một hồ sơ trên Telegram và Zalo",
	"link.code": "🔗 <b>Liên kết tài khoản</b>\n" +
		"Nếu bạn dùng Chung Sức trên cả Telegram và Zalo, hãy liên kết để dùng chung một hồ sơ: nơi sinh sống, khai báo y tế, chuỗi ngày khai báo, báo cáo và vai trò.\n\n" +
		"Mã của bạn: <b>%s</b> (dùng một lần, trong %d phút).\n" +
		"Mở Chung Sức trên ứng dụng nhắn tin còn lại và gửi:\n<code>/lienket %[1]s</code>\n\n" +
		"Đừng đưa mã này cho người khác.",
	"link.usage":         "Mã liên kết gồm 6 chữ số, ví dụ: <code>/lienket 123456</code>. Gõ /lienket (không kèm mã) để nhận mã mới.",
	"link.wrong":         "Mã không đúng, đã dùng hoặc đã hết hạn. Mời bạn kiểm tra lại 6 chữ số, hoặc gõ /lienket trên ứng dụng kia để nhận mã mới. Để giữ an toàn, mã bị nhập sai %d lần sẽ bị hủy.",
	"link.self":          "Đây là mã vừa tạo cho chính tài khoản này. Mời bạn gửi mã từ ứng dụng nhắn tin còn lại.",
	"link.same_platform": "Mã này được tạo trên cùng ứng dụng %s. Mời bạn gửi mã từ ứng dụng nhắn tin còn lại.",
	"link.taken":         "Chưa liên kết được: một trong hai tài khoản đã liên kết với một tài khoản %s khác. Mỗi người chỉ liên kết một tài khoản trên mỗi ứng dụng.",
	"link.done": "✅ Đã liên kết tài khoản %s và %s của bạn. Từ nay hai tài khoản dùng chung một hồ sơ: nơi sinh sống, khai báo y tế, chuỗi ngày, báo cáo và vai trò.\n\n" +
		"Tin Chung Sức tự gửi (lời kêu gọi, nhắc nhở) sẽ đến ứng dụng bạn dùng gần nhất. /mydata cho xem dữ liệu của cả hai tài khoản, /forget xóa dữ liệu của cả hai.",
	"link.done_other":     "🔗 Tài khoản này vừa được liên kết với tài khoản %s của bạn: từ nay hai tài khoản dùng chung một hồ sơ. Nếu không phải bạn làm, mời bạn báo ngay cán bộ phụ trách.",
	"link.already":        "🔗 Bạn đã liên kết các tài khoản: %s. Tin Chung Sức tự gửi (lời kêu gọi, nhắc nhở) đến ứng dụng bạn dùng gần nhất, hiện là %s. Bạn muốn nhận tin qua đâu?",
	"link.already_chosen": "🔗 Bạn đã liên kết các tài khoản: %s. Tin Chung Sức tự gửi (lời kêu gọi, nhắc nhở) đến %s, như bạn đã chọn. Bạn muốn nhận tin qua đâu?",
	"link.via":            "📨 Nhận tin qua %s",
	"link.via_last":       "🔄 Ứng dụng tôi dùng gần nhất",
	"link.via_set":        "✅ Từ nay tin Chung Sức tự gửi sẽ đến %s, dù bạn nhắn từ ứng dụng nào. Gõ /lienket để đổi lại.",
	"link.via_last_set":   "✅ Từ nay tin Chung Sức tự gửi sẽ đến ứng dụng bạn dùng gần nhất. Gõ /lienket để đổi lại.",
}

// enLink holds the English words of linking accounts.
var enLink = map[string]string{
	"cmd.link": "One record on both Telegram and Zalo",
	"link.code": "🔗 <b>Link your accounts</b>\n" +
		"If you use Chung Sức on both Telegram and Zalo, link them to share one record: where you live, health check-ins, your streak, reports and roles.\n\n" +
		"Your code: <b>%s</b> (for one use, within %d minutes).\n" +
		"Open Chung Sức on your other messenger and send:\n<code>/link %[1]s</code>\n\n" +
		"Do not give this code to anyone.",
	"link.usage":         "A link code has 6 digits, for example <code>/link 123456</code>. Send /link without a code to get a new one.",
	"link.wrong":         "That code is wrong, already used or expired. Please check the 6 digits, or send /link on your other messenger for a new code. To keep it safe, a code typed wrong %d times is cancelled.",
	"link.self":          "That code was made for this very account. Please send it from your other messenger.",
	"link.same_platform": "That code was made on %s too. Please send it from your other messenger.",
	"link.taken":         "Could not link: one of the two accounts is already linked to another %s account. Each person links one account per messenger.",
	"link.done": "✅ Your %s and %s accounts are linked. From now on they share one record: where you live, health check-ins, your streak, reports and roles.\n\n" +
		"What Chung Sức sends on its own (appeals, reminders) goes to the messenger you used last. /mydata shows the data of both accounts, /forget deletes both.",
	"link.done_other":     "🔗 This account was just linked with your %s account: they now share one record. If it was not you, please tell your coordinator at once.",
	"link.already":        "🔗 Your accounts are linked: %s. What Chung Sức sends on its own (appeals, reminders) goes to the messenger you used last, now %s. Where would you like to receive it?",
	"link.already_chosen": "🔗 Your accounts are linked: %s. What Chung Sức sends on its own (appeals, reminders) goes to %s, as you chose. Where would you like to receive it?",
	"link.via":            "📨 Receive on %s",
	"link.via_last":       "🔄 The app I used last",
	"link.via_set":        "✅ From now on, what Chung Sức sends on its own goes to %s, whichever app you write from. Send /link to change it.",
	"link.via_last_set":   "✅ From now on, what Chung Sức sends on its own goes to the app you used last. Send /link to change it.",
}
