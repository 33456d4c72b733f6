package handlers

// viSchedule holds the Vietnamese words of coordinators' schedules.
var viSchedule = map[string]string{
	"cmd.schedule": "Lịch nhắc khai báo y tế và lời kêu gọi hẹn giờ",
	"schedule.usage": "⏰ <b>Lịch nhắc khai báo y tế</b>\n" +
		"Gõ /lich để xem các lịch của đơn vị bạn phụ trách.\n" +
		"Để thêm lịch nhắc những cư dân chưa khai báo trong ngày: <code>/lich them hằng ngày 08:00</code>\n" +
		"Có thể ghi rõ đơn vị: <code>/lich them HN-TM-T01 thứ Hai 08:00</code>. Các mẫu: <i>hằng ngày 08:00</i>, <i>thứ Hai 08:00</i>, " +
		"<i>ngày 1 hằng tháng 09:00</i>, hoặc một biểu thức cron 5 trường như <code>0 8 * * 1-5</code>.\n" +
		"Để hẹn giờ gửi một lời kêu gọi: gõ /kegoi, soạn xong thì chọn “Hẹn giờ gửi”.",
	"schedule.none":                  "Đơn vị bạn phụ trách chưa có lịch nào. Thêm lịch nhắc khai báo: <code>/lich them hằng ngày 08:00</code>.",
	"schedule.list":                  "⏰ <b>Lịch của đơn vị bạn phụ trách</b>\n\n%s\n\nChọn bên dưới để tạm dừng, tiếp tục hoặc xóa một lịch.",
	"schedule.line":                  "<b>#%s</b> %s · %s · %s\n%s",
	"schedule.repeat":                "lặp lại <code>%s</code>",
	"schedule.once":                  "một lần, lúc %s",
	"schedule.done":                  "✔️ Đã chạy xong, không còn lần nào nữa",
	"schedule.appeal_text":           "“%s”",
	"schedule.kind.checkin_reminder": "⏰ Nhắc khai báo y tế",
	"schedule.kind.appeal":           "📢 Lời kêu gọi hẹn giờ",
	"schedule.kind.digest":           "📊 Báo cáo định kỳ",
	"schedule.next":                  "Lần tới: %s",
	"schedule.paused":                "⏸ Đang tạm dừng",
	"schedule.pause":                 "⏸ Tạm dừng #%s",
	"schedule.resume":                "▶️ Tiếp tục #%s",
	"schedule.delete":                "🗑 Xóa #%s",
	"schedule.paused_now":            "Đã tạm dừng lịch #%s.",
	"schedule.resumed":               "Đã cho lịch #%s chạy lại.",
	"schedule.deleted":               "Đã xóa lịch #%s.",
	"schedule.bad_when": "Chưa hiểu thời gian “%s”. Mời bạn ghi theo một trong các mẫu: <i>hằng ngày 08:00</i>, <i>thứ Hai 08:00</i>, " +
		"<i>ngày 1 hằng tháng 09:00</i>, hoặc một biểu thức cron 5 trường (phút giờ ngày tháng thứ), ví dụ <code>0 8 * * 1-5</code> là 8 giờ sáng từ thứ Hai đến thứ Sáu.",
	"schedule.which_unit": "Bạn phụ trách nhiều đơn vị:\n%s\nMời bạn ghi mã đơn vị trước thời gian, ví dụ: <code>/lich them MÃ %s</code>.",
	"schedule.preview": "⏰ <b>Nhắc khai báo y tế</b> cho cư dân của %s (cả các đơn vị trực thuộc) chưa khai báo trong ngày, theo lịch <code>%s</code>.\n\n" +
		"Ba lần tới (giờ địa phương):\n%s\n\nNgười đã dừng nhận tin (/dunglai) sẽ không bị nhắc.",
	"schedule.too_often": "Lịch <code>%s</code> sẽ nhắc nhiều lần trong một ngày. Lời nhắc khai báo chỉ nên gửi một lần mỗi ngày, ví dụ <code>0 8 * * *</code> (8 giờ sáng mỗi ngày; lưu ý phút đứng trước giờ).",
	"schedule.save":      "✅ Lưu lịch",
	"schedule.saved":     "✅ Đã lưu lịch.\n%s",
}

// enSchedule holds the English words of coordinators' schedules.
var enSchedule = map[string]string{
	"cmd.schedule": "Check-in reminders and scheduled appeals",
	"schedule.usage": "⏰ <b>Check-in reminders</b>\n" +
		"Send /schedule to see your units' schedules.\n" +
		"To remind the residents who have not checked in that day: <code>/schedule add daily 08:00</code>\n" +
		"You may name the unit: <code>/schedule add HN-TM-T01 monday 08:00</code>. Presets: <i>daily 08:00</i>, <i>monday 08:00</i>, " +
		"<i>monthly 1 09:00</i> (or the Vietnamese ones), or a 5-field cron spec such as <code>0 8 * * 1-5</code>.\n" +
		"To schedule an appeal: send /appeal, write it, then choose “Schedule”.",
	"schedule.none":                  "Your units have no schedule yet. To add a check-in reminder: <code>/schedule add daily 08:00</code>.",
	"schedule.list":                  "⏰ <b>Your units' schedules</b>\n\n%s\n\nChoose below to pause, resume or delete one.",
	"schedule.line":                  "<b>#%s</b> %s · %s · %s\n%s",
	"schedule.repeat":                "repeats <code>%s</code>",
	"schedule.once":                  "once, at %s",
	"schedule.done":                  "✔️ Done, nothing left to run",
	"schedule.appeal_text":           "“%s”",
	"schedule.kind.checkin_reminder": "⏰ Check-in reminder",
	"schedule.kind.appeal":           "📢 Scheduled appeal",
	"schedule.kind.digest":           "📊 Digest",
	"schedule.next":                  "Next: %s",
	"schedule.paused":                "⏸ Paused",
	"schedule.pause":                 "⏸ Pause #%s",
	"schedule.resume":                "▶️ Resume #%s",
	"schedule.delete":                "🗑 Delete #%s",
	"schedule.paused_now":            "Schedule #%s is paused.",
	"schedule.resumed":               "Schedule #%s runs again.",
	"schedule.deleted":               "Schedule #%s is deleted.",
	"schedule.bad_when": "“%s” is not a time I can read. Please use a preset: <i>daily 08:00</i>, <i>monday 08:00</i>, " +
		"<i>monthly 1 09:00</i>, or a 5-field cron spec (minute hour day month weekday), for example <code>0 8 * * 1-5</code> for 8 a.m. Monday to Friday.",
	"schedule.which_unit": "You look after several units:\n%s\nPlease put the unit's code before the time, for example: <code>/schedule add CODE %s</code>.",
	"schedule.preview": "⏰ <b>Check-in reminder</b> for the residents of %s (and the units below) who have not checked in that day, on <code>%s</code>.\n\n" +
		"The next three (local time):\n%s\n\nThose who stopped messages (/stop) are not reminded.",
	"schedule.too_often": "<code>%s</code> would remind several times a day. A check-in reminder should go once a day, for example <code>0 8 * * *</code> (8 a.m. every day; the minute comes before the hour).",
	"schedule.save":      "✅ Save",
	"schedule.saved":     "✅ Saved.\n%s",
}
