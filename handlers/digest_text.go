package handlers

// viDigest and enDigest are the words of /digest, /subscribe and
// /unsubscribe, and of the digests themselves.
var viDigest = map[string]string{
	"cmd.digest":          "Báo cáo nhanh tình hình đơn vị",
	"cmd.subscribe":       "Đăng ký nhận báo cáo nhanh theo lịch",
	"cmd.unsubscribe":     "Thôi nhận báo cáo nhanh theo lịch",
	"bot.image_not_shown": "📊 Biểu đồ kèm theo chưa gửi được qua ứng dụng này; bạn xem được các số liệu ở tin phía trên.",

	"digest.head_daily":          "📊 <b>Báo cáo nhanh trong ngày: %s</b>\n🕔 %s",
	"digest.head_weekly":         "📊 <b>Báo cáo nhanh 7 ngày trước hôm nay: %s</b>\n🕔 %s",
	"digest.residents":           "👥 Cư dân: %d đang tham gia · %d đã dừng nhận tin",
	"digest.participation":       "✅ Khai báo y tế hôm nay: <b>%.0f%%</b>%s · 7 ngày trước hôm nay: <b>%.0f%%</b>%s",
	"digest.health_today":        "🤒 Hôm nay: %d có triệu chứng · %d F0 · %d F1",
	"digest.health_week":         "🤒 7 ngày trước hôm nay: %d lượt có triệu chứng · %d F0 · %d F1",
	"digest.help":                "🆘 Hỗ trợ: %d yêu cầu mới · %d đã giải quyết · %d quá 24 giờ chưa xong",
	"digest.deeds":               "🌟 Việc tốt: %d báo cáo · %d được duyệt · %d được biểu dương",
	"digest.green":               "🟢 Vùng xanh: %d/%d đơn vị",
	"digest.is_green":            "🟢 Đơn vị đang là vùng xanh.",
	"digest.not_green":           "🟠 Đơn vị chưa là vùng xanh.",
	"digest.by_unit":             "<b>Theo đơn vị</b> (tỷ lệ khai báo thấp trước):",
	"digest.line":                "%s <b>%s</b>: hôm nay %.0f%%%s · 7 ngày %.0f%%%s\n     🤒 %d · F0 %d · hỗ trợ %d mới, %d quá hạn · việc tốt %d",
	"digest.line_empty":          "⚪ <b>%s</b>: chưa có cư dân tham gia",
	"digest.up":                  " (▲ %.0f)",
	"digest.down":                " (▼ %.0f)",
	"digest.same":                " (=)",
	"digest.commended":           "🏅 <b>Việc tốt mới được biểu dương</b>",
	"digest.commended_anonymous": "• Một cư dân %s: %s",
	"digest.commended_line":      "• %s: %s. “%s”",
	"digest.more":                "Xem xếp hạng thi đua: /xephang. Xuất số liệu: /xuatfile. Đổi lịch nhận báo cáo: /dangky.",
	"digest.chart_title":         "Tỷ lệ khai báo y tế: %s, %s",
	"digest.chart_axis":          "Tỷ lệ cư dân đã khai báo hôm nay",
	"digest.chart_caption":       "Biểu đồ tỷ lệ khai báo y tế hôm nay: %s",
	"digest.usage":               "Gõ /baocaonhanh để xem báo cáo hôm nay, /baocaonhanh tuan để xem 7 ngày qua; thêm mã đơn vị nếu bạn phụ trách nhiều nơi, ví dụ /baocaonhanh HN-TM tuan.",

	"subscribe.usage": "Đăng ký nhận báo cáo nhanh theo lịch:\n" +
		"• /dangky hangngay: mỗi ngày lúc 17:00\n" +
		"• /dangky hangtuan: sáng thứ Hai lúc 08:00\n" +
		"Đổi giờ bằng cách gõ thêm, ví dụ /dangky hangngay 18:30 hoặc /dangky hangtuan thứ Sáu 16:00 (cũng nhận lịch 5 trường, như 0 16 * * 5). Thêm mã đơn vị nếu bạn phụ trách nhiều nơi: /dangky hangngay HN-TM.\nThôi nhận: /huydangky.",
	"subscribe.bad_when":    "Chưa hiểu giờ “%s”. Hãy gõ giờ như 18:30, hoặc lịch 5 trường như “30 18 * * *”, ví dụ /dangky hangngay 18:30.",
	"subscribe.done.daily":  "✅ Bạn sẽ nhận báo cáo nhanh của <b>%s</b> mỗi ngày. Ba lần tới:\n%s\nThôi nhận: /huydangky.",
	"subscribe.done.weekly": "✅ Bạn sẽ nhận báo cáo nhanh 7 ngày của <b>%s</b> mỗi tuần. Ba lần tới:\n%s\nThôi nhận: /huydangky.",
	"subscribe.line.daily":  "• Hằng ngày: %s, lần tới %s",
	"subscribe.line.weekly": "• Hằng tuần: %s, lần tới %s",
	"subscribe.list":        "Bạn đang nhận các báo cáo nhanh:\n%s\n\nĐổi giờ: /dangky hangngay 18:30. Thôi nhận: /huydangky.",
	"unsubscribe.usage":     "Gõ /huydangky để thôi nhận mọi báo cáo nhanh, hoặc /huydangky hangngay, /huydangky hangtuan.",
	"unsubscribe.none":      "Bạn chưa đăng ký nhận báo cáo nhanh nào. Đăng ký: /dangky hangngay.",
}

var enDigest = map[string]string{
	"cmd.digest":          "A quick report on your units",
	"cmd.subscribe":       "Get the quick report on a schedule",
	"cmd.unsubscribe":     "Stop the scheduled quick reports",
	"bot.image_not_shown": "📊 The chart that goes with this cannot be sent through this app; the figures are in the message above.",

	"digest.head_daily":          "📊 <b>Today's quick report: %s</b>\n🕔 %s",
	"digest.head_weekly":         "📊 <b>Quick report, the 7 days before today: %s</b>\n🕔 %s",
	"digest.residents":           "👥 Residents taking part: %d · stopped: %d",
	"digest.participation":       "✅ Checked in today: <b>%.0f%%</b>%s · the 7 days before today: <b>%.0f%%</b>%s",
	"digest.health_today":        "🤒 Today: symptoms %d · F0 %d · F1 %d",
	"digest.health_week":         "🤒 The 7 days before today: symptoms %d · F0 %d · F1 %d",
	"digest.help":                "🆘 Help requests: new %d · resolved %d · open over 24 hours %d",
	"digest.deeds":               "🌟 Good deeds: reported %d · approved %d · commended %d",
	"digest.green":               "🟢 Green zones: %d/%d units",
	"digest.is_green":            "🟢 The unit is a green zone.",
	"digest.not_green":           "🟠 The unit is not a green zone.",
	"digest.by_unit":             "<b>By unit</b> (lowest check-in rate first):",
	"digest.line":                "%s <b>%s</b>: today %.0f%%%s · 7 days %.0f%%%s\n     🤒 %d · F0 %d · help %d new, %d overdue · deeds %d",
	"digest.line_empty":          "⚪ <b>%s</b>: nobody has joined yet",
	"digest.up":                  " (▲ %.0f)",
	"digest.down":                " (▼ %.0f)",
	"digest.same":                " (=)",
	"digest.commended":           "🏅 <b>Newly commended good deeds</b>",
	"digest.commended_anonymous": "• A resident of %s: %s",
	"digest.commended_line":      "• %s: %s. “%s”",
	"digest.more":                "Leaderboard: /top. Export the figures: /export. Change when you get this: /subscribe.",
	"digest.chart_title":         "Check-in rate: %s, %s",
	"digest.chart_axis":          "Share of residents checked in today",
	"digest.chart_caption":       "Today's check-in rate: %s",
	"digest.usage":               "Type /digest for today's report, /digest weekly for the last 7 days; add a unit's code if you look after several, e.g. /digest HN-TM weekly.",

	"subscribe.usage": "Get the quick report on a schedule:\n" +
		"• /subscribe daily: every day at 17:00\n" +
		"• /subscribe weekly: Monday mornings at 08:00\n" +
		"Change the time by adding it, e.g. /subscribe daily 18:30 or /subscribe weekly friday 16:00 (a 5-field schedule such as 0 16 * * 5 works too). Add a unit's code if you look after several: /subscribe daily HN-TM.\nTo stop: /unsubscribe.",
	"subscribe.bad_when":    "“%s” is not a time I can read. Type a time like 18:30, or a 5-field schedule like “30 18 * * *”, e.g. /subscribe daily 18:30.",
	"subscribe.done.daily":  "✅ You will get the quick report of <b>%s</b> every day. The next three:\n%s\nTo stop: /unsubscribe.",
	"subscribe.done.weekly": "✅ You will get the 7-day quick report of <b>%s</b> every week. The next three:\n%s\nTo stop: /unsubscribe.",
	"subscribe.line.daily":  "• Daily: %s, next %s",
	"subscribe.line.weekly": "• Weekly: %s, next %s",
	"subscribe.list":        "Your quick reports:\n%s\n\nChange the time: /subscribe daily 18:30. To stop: /unsubscribe.",
	"unsubscribe.usage":     "Type /unsubscribe to stop every quick report, or /unsubscribe daily, /unsubscribe weekly.",
	"unsubscribe.none":      "You have no scheduled quick report. To get one: /subscribe daily.",
}
