package handlers

var viFamily = map[string]string{
	"cmd.family":  "Người thân không dùng điện thoại",
	"flow.family": "sửa danh sách người thân",

	"family.intro":       "<b>Người thân không dùng điện thoại</b>\nBạn có thể khai báo y tế giúp người trong nhà không dùng điện thoại, như ông bà hay trẻ nhỏ. Thông tin sức khỏe của họ, cũng như của bạn, chỉ cán bộ phụ trách khu vực mới được xem.",
	"family.ask_name":    "Mời bạn gõ họ tên người thân (ví dụ: <i>Bà Nguyễn Thị Lan</i>, <i>Bé Minh Anh</i>).",
	"family.name_text":   "Mời bạn gõ họ tên người thân bằng chữ.",
	"family.name_length": "Họ tên cần từ %d đến %d ký tự; bạn vừa gõ %d ký tự. Mời bạn gõ lại.",
	"family.name_chars":  "Họ tên có ký tự không dùng được. Mời bạn gõ lại, chỉ dùng chữ, số và dấu câu thông thường.",
	"family.name_taken":  "Danh sách đã có người tên <b>%s</b>. Mời bạn gõ tên khác, có thể thêm cách gọi trong nhà (ví dụ: <i>Bà nội Lan</i>).",
	"family.added":       "✅ Đã thêm <b>%s</b>. Từ nay khi gõ /khaibao, bạn có thể khai báo y tế cho người thân này.",
	"family.list_title":  "<b>Người thân bạn khai báo giúp</b>",
	"family.line":        "• %s",
	"family.list_hint":   "Gõ /khaibao để khai báo y tế cho cả nhà. Chọn 🗑 kèm tên một người để xóa người đó khỏi danh sách.",
	"family.empty":       "Danh sách người thân của bạn đang trống. Chọn <b>➕ Thêm người thân</b> để thêm người trong nhà không dùng điện thoại (ông bà, trẻ nhỏ).",
	"family.full":        "Bạn chỉ khai báo giúp được tối đa %d người thân.",
	"family.use_buttons": "Ở bước này, bạn chỉ cần chọn một mục bên dưới.",

	"family.add":         "➕ Thêm người thân",
	"family.remove":      "🗑 Xóa %s",
	"family.checkin_now": "📝 Khai báo y tế cho %s ngay",
	"family.close":       "✔ Xong",
	"family.cancel":      "❌ Hủy",
	"family.back":        "↩️ Quay lại danh sách",
	"family.closed":      "Đã đóng danh sách người thân. Gõ /khaibao để khai báo y tế, /giadinh để xem hoặc sửa danh sách.",

	"family.remove_confirm": "<b>Xóa %s khỏi danh sách?</b>\nToàn bộ khai báo y tế bạn đã làm cho người thân này cũng sẽ bị xóa và không khôi phục được.",
	"family.remove_yes":     "🗑 Xóa",
	"family.remove_no":      "↩️ Không, giữ lại",
	"family.gone":           "Người này không còn trong danh sách người thân của bạn.",
}

var enFamily = map[string]string{
	"cmd.family":  "Family members without a phone",
	"flow.family": "family list changes",

	"family.intro":       "<b>Family members without a phone</b>\nYou can check in for people at home who have no phone, such as grandparents or young children. As with yours, their health information is seen only by the coordinators of your area.",
	"family.ask_name":    "Please type the family member's full name (e.g. <i>Bà Nguyễn Thị Lan</i>, <i>Bé Minh Anh</i>).",
	"family.name_text":   "Please type the family member's name as text.",
	"family.name_length": "A name needs %d to %d characters; you typed %d. Please type it again.",
	"family.name_chars":  "The name holds characters that cannot be used. Please type it again with letters, digits and ordinary punctuation only.",
	"family.name_taken":  "Your list already has <b>%s</b>. Please type another name; you can add what the family calls them (e.g. <i>Grandma Lan</i>).",
	"family.added":       "✅ <b>%s</b> is added. From now on, /checkin lets you check in for them.",
	"family.list_title":  "<b>Family members you check in for</b>",
	"family.line":        "• %s",
	"family.list_hint":   "Send /checkin to check in for the whole household. Choose 🗑 with someone's name to remove them from the list.",
	"family.empty":       "Your list of family members is empty. Choose <b>➕ Add a family member</b> to add someone at home without a phone (grandparents, young children).",
	"family.full":        "You can check in for at most %d family members.",
	"family.use_buttons": "At this step, just choose one of the options below.",

	"family.add":         "➕ Add a family member",
	"family.remove":      "🗑 Remove %s",
	"family.checkin_now": "📝 Check in for %s now",
	"family.close":       "✔ Done",
	"family.cancel":      "❌ Cancel",
	"family.back":        "↩️ Back to the list",
	"family.closed":      "The family list is closed. Send /checkin to check in, /family to see or change the list.",

	"family.remove_confirm": "<b>Remove %s from the list?</b>\nEvery health check-in you made for them is deleted too, and cannot be recovered.",
	"family.remove_yes":     "🗑 Remove",
	"family.remove_no":      "↩️ No, keep them",
	"family.gone":           "This person is no longer on your list of family members.",
}
