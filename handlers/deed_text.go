package handlers

// viDeed holds the Vietnamese words of good-deed reports and their review.
var viDeed = map[string]string{
	"cmd.report":          "Báo cáo người tốt, việc tốt",
	"cmd.mydeeds":         "Xem các báo cáo người tốt, việc tốt của bạn",
	"flow.deed":           "báo cáo người tốt, việc tốt",
	"flow.deedreject":     "từ chối báo cáo",
	"deed.reject_expired": "Đã quá 30 phút mà bạn chưa gửi lý do từ chối, nên Chung Sức đã hủy bước này; báo cáo vẫn đang chờ duyệt. Khi cần, bạn chọn lại <b>Từ chối</b> dưới báo cáo.",
	"deed.cancel":         "❌ Hủy",
	"deed.use_buttons":    "Ở bước này, mời bạn chọn một mục bên dưới (hoặc gõ /huy để hủy).",

	"deed.cat.help":       "🤝 Giúp đỡ người khó khăn",
	"deed.cat.frontline":  "🛡 Tình nguyện tuyến đầu",
	"deed.cat.donation":   "🎁 Ủng hộ vật chất",
	"deed.cat.compliance": "✅ Chấp hành tốt quy định",
	"deed.cat.initiative": "💡 Sáng kiến, mô hình hay",

	"deed.ask_category": "<b>Báo cáo người tốt, việc tốt</b>\n" +
		"Cảm ơn bạn đã lan tỏa việc tốt! Chỉ mất một phút thôi.\n\n" +
		"<b>Bước 1/4.</b> Việc tốt thuộc loại nào? Mời bạn chọn:",
	"deed.ask_subject": "Bạn đã chọn: <b>%s</b>\n\n<b>Bước 2/4.</b> Ai đã làm việc tốt này?",
	"deed.who_me":      "🙋 Tôi",
	"deed.who_other":   "👥 Người khác",
	"deed.ask_name":    "Mời bạn gõ họ tên người đã làm việc tốt (từ 2 đến 100 ký tự), ví dụ: <i>Nguyễn Văn An</i>.",
	"deed.name_length": "Họ tên cần từ 2 đến 100 ký tự; bạn đã gõ %d ký tự. Mời bạn gõ lại họ tên người đã làm việc tốt.",
	"deed.name_text":   "Mời bạn gõ họ tên người đã làm việc tốt bằng chữ (từ 2 đến 100 ký tự).",
	"deed.ask_unit":    "<b>%s</b> sinh sống ở đâu?",
	"deed.unit_same":   "🏠 Cùng tổ dân phố với tôi",
	"deed.unit_skip":   "Không rõ, bỏ qua",

	"deed.ask_description": "<b>Bước 3/4.</b> Mời bạn kể ngắn gọn việc tốt: ai đã làm gì, ở đâu, khi nào, giúp được ai " +
		"(từ %d đến %d ký tự). Bạn sẽ gửi ảnh minh họa ở bước sau.",
	"deed.ask_rewrite":     "Mời bạn gõ lại phần mô tả (từ %d đến %d ký tự). Mô tả trước đây:\n<i>%s</i>",
	"deed.desc_long":       "Mô tả hơi dài: bạn đã gõ %d ký tự, tối đa chỉ %d ký tự. Mời bạn rút gọn rồi gửi lại.",
	"deed.desc_photo_kept": "📷 Chung Sức đã giữ ảnh này (đang có %d ảnh). Mời bạn gõ phần mô tả việc tốt (từ %d đến %d ký tự).",
	"deed.caption_taken":   "📷 Chung Sức đã giữ ảnh và lấy chú thích của ảnh làm phần mô tả.",
	"deed.desc_media":      "Chung Sức chưa đọc được nội dung này. Mời bạn gõ mô tả việc tốt bằng chữ (từ %d đến %d ký tự).",

	"deed.ask_photos": "<b>Bước 4/4.</b> Mời bạn gửi ảnh minh họa (tối đa %d ảnh), " +
		"hoặc chọn “Bỏ qua, không có ảnh”.",
	"deed.photo_got":        "📷 Đã nhận ảnh %d/%d. Bạn có thể gửi thêm ảnh hoặc chọn “Xong”.",
	"deed.photo_last":       "📷 Đã nhận đủ %d ảnh. Mời bạn chọn “Xong” để xem lại báo cáo.",
	"deed.keep_description": "↩️ Giữ mô tả cũ",
	"deed.photo_full":       "Mỗi báo cáo có tối đa %d ảnh nên Chung Sức chưa lưu ảnh vừa gửi. Mời bạn chọn “Xong” để xem lại báo cáo.",
	"deed.photo_again":      "Bạn đã gửi ảnh này rồi (hiện có %d/%d ảnh). Mời bạn gửi ảnh khác hoặc chọn “Xong”.",
	"deed.photo_want": "Ở bước này, mời bạn gửi ảnh chụp (tối đa %d ảnh; đã nhận %d), hoặc chọn một mục bên dưới. " +
		"Muốn sửa mô tả, bạn chọn “Viết lại mô tả” ở bước xem lại.",
	"deed.photos_done": "✔ Xong",
	"deed.photos_skip": "Bỏ qua, không có ảnh",

	"deed.preview": "<b>Xem lại báo cáo của bạn</b>\nCán bộ phụ trách sẽ nhận được đúng nội dung này:\n\n%s\n\n" +
		"Bạn có muốn gửi báo cáo này không?",
	"deed.send":      "✅ Gửi báo cáo",
	"deed.rewrite":   "✏️ Viết lại mô tả",
	"deed.cancelled": "Đã hủy báo cáo; Chung Sức chưa lưu gì cả. Khi cần, gõ /report (hoặc /baocao) để báo cáo lại.",
	"deed.sent": "🎉 Cảm ơn bạn! Chung Sức đã gửi báo cáo <b>%s</b> tới cán bộ phụ trách.\n" +
		"Khi cán bộ xem xét xong, bạn sẽ nhận được kết quả. " +
		"Gõ /mydeeds (hoặc /vieccuatoi) để theo dõi.\n\n%s",
	"deed.sent_nobody": "🎉 Cảm ơn bạn! Chung Sức đã ghi lại báo cáo <b>%s</b>.\n" +
		"Hiện khu vực của bạn chưa có cán bộ phụ trách nhận báo cáo qua Chung Sức, nên báo cáo sẽ chờ đến khi có cán bộ. " +
		"Gõ /mydeeds (hoặc /vieccuatoi) để theo dõi.\n\n%s",

	"deed.line_category": "🏷 <b>Loại việc tốt:</b> %s",
	"deed.line_who":      "👤 <b>Người làm việc tốt:</b> %s",
	"deed.line_unit":     "🏠 <b>Nơi sinh sống:</b> %s",
	"deed.line_desc":     "📝 <b>Mô tả:</b> %s",
	"deed.line_photos":   "📷 <b>Ảnh:</b> %d",
	"deed.line_nophoto":  "📷 <b>Ảnh:</b> không có",
	"deed.who_self":      "chính người báo cáo",
	"deed.unit_unknown":  "không rõ",

	"deed.notice": "📣 <b>Báo cáo người tốt, việc tốt %s</b>\n" +
		"🙋 <b>Người báo cáo:</b> %s\n📍 <b>Đơn vị:</b> %s\n\n%s",
	"deed.notice_ask":     "Mời bạn xem xét: duyệt, từ chối hoặc biểu dương.",
	"deed.reporter_gone":  "(người báo cáo đã xóa dữ liệu của mình)",
	"deed.dup":            "⚠️ Ảnh %d đã có trong báo cáo %s, có thể bị trùng; mời bạn kiểm tra lại.",
	"deed.photo_caption":  "%s — ảnh %d/%d",
	"deed.approve":        "✅ Duyệt",
	"deed.reject":         "❌ Từ chối",
	"deed.commend":        "🏅 Biểu dương",
	"deed.result":         "<b>Kết quả:</b> %s.",
	"deed.result_reason":  "<b>Lý do:</b> %s",
	"deed.by.approved":    "%s đã duyệt lúc %s",
	"deed.by.rejected":    "%s đã từ chối lúc %s",
	"deed.by.commended":   "%s đã biểu dương lúc %s",
	"deed.someone":        "một cán bộ phụ trách",
	"deed.done.approved":  "Đã duyệt báo cáo %s. Người báo cáo đã nhận được thông báo.",
	"deed.done.rejected":  "Đã từ chối báo cáo %s. Người báo cáo đã nhận được lý do.",
	"deed.done.commended": "Đã biểu dương việc tốt trong báo cáo %s. Người báo cáo đã nhận được thông báo. Cảm ơn bạn!",
	"deed.already":        "Báo cáo %s đã có kết quả: %s. Bạn không cần làm gì thêm.",
	"deed.not_found":      "Không tìm thấy báo cáo này; có thể báo cáo đã bị xóa.",
	"deed.not_allowed": "Bạn không phụ trách tổ dân phố gửi báo cáo này, cũng không phụ trách cấp trên của tổ, " +
		"nên không xét duyệt được. Báo cáo vẫn giữ nguyên.",
	"deed.reject_ask": "Mời bạn gõ lý do từ chối báo cáo <b>%s</b> (từ 5 đến 500 ký tự). " +
		"Chung Sức sẽ gửi lý do này tới người báo cáo, vì vậy bạn viết nhẹ nhàng, rõ ràng nhé.",
	"deed.reason_length": "Lý do cần từ 5 đến 500 ký tự; bạn đã gõ %d ký tự. Mời bạn gõ lại.",
	"deed.reason_text":   "Mời bạn gõ lý do từ chối bằng chữ (từ 5 đến 500 ký tự), hoặc gõ /huy để thôi.",
	"deed.reject_kept":   "Đã thôi từ chối; báo cáo %s vẫn chờ duyệt.",

	"deed.told.approved": "✅ Báo cáo <b>%s</b> của bạn đã được duyệt.\n<i>%s</i>\n\n" +
		"Cảm ơn bạn đã lan tỏa việc tốt trong cộng đồng!",
	"deed.told.rejected": "Rất tiếc, báo cáo <b>%s</b> của bạn chưa được duyệt.\n<i>%s</i>\n\n<b>Lý do:</b> %s\n\n" +
		"Nếu có thêm thông tin, bạn có thể gửi báo cáo mới bằng /report (hoặc /baocao).",
	"deed.told.commended": "🏅 <b>Chúc mừng!</b> Việc tốt trong báo cáo <b>%s</b> đã được biểu dương " +
		"là gương người tốt, việc tốt của phong trào.\n<i>%s</i>\n\n" +
		"Mỗi việc tốt góp phần lan tỏa tinh thần tương thân tương ái, để cả cộng đồng đoàn kết, " +
		"chung sức vượt qua khó khăn. Xin trân trọng cảm ơn bạn!",

	"deed.mine_title": "<b>Các báo cáo người tốt, việc tốt của bạn</b> (mới nhất ở trên)",
	"deed.mine_line":  "<b>%s</b> · %s\n%s · %s\n<i>%s</i>",
	"deed.mine_none": "Bạn chưa báo cáo việc tốt nào. Khi thấy một việc tốt quanh mình, " +
		"gõ /report (hoặc /baocao) để báo cáo nhé.",
	"deed.mine_more":    "(Đây là %d báo cáo gần nhất.)",
	"deed.st.pending":   "⏳ chờ duyệt",
	"deed.st.approved":  "✅ đã duyệt",
	"deed.st.rejected":  "❌ chưa được duyệt: %s",
	"deed.st.commended": "🏅 đã được biểu dương",
}

// enDeed holds the English words of good-deed reports and their review.
var enDeed = map[string]string{
	"cmd.report":          "Report a good deed",
	"cmd.mydeeds":         "See your good-deed reports",
	"flow.deed":           "good-deed report",
	"flow.deedreject":     "rejection of a report",
	"deed.reject_expired": "No reason for the rejection came within 30 minutes, so Chung Sức cancelled that step; the report is still waiting for review. When ready, choose <b>Reject</b> under the report again.",
	"deed.cancel":         "❌ Cancel",
	"deed.use_buttons":    "At this step, please choose one of the options below (or send /cancel to stop).",

	"deed.cat.help":       "🤝 Helping people in need",
	"deed.cat.frontline":  "🛡 Frontline volunteering",
	"deed.cat.donation":   "🎁 Donations in kind",
	"deed.cat.compliance": "✅ Following the rules well",
	"deed.cat.initiative": "💡 An initiative or a good practice",

	"deed.ask_category": "<b>Report a good deed</b>\n" +
		"Thank you for spreading good deeds! It only takes a minute.\n\n" +
		"<b>Step 1/4.</b> What kind of good deed is it? Please choose:",
	"deed.ask_subject": "You chose: <b>%s</b>\n\n<b>Step 2/4.</b> Who did this good deed?",
	"deed.who_me":      "🙋 Me",
	"deed.who_other":   "👥 Someone else",
	"deed.ask_name":    "Please type the full name of the person who did it (2 to 100 characters), e.g. <i>Nguyễn Văn An</i>.",
	"deed.name_length": "A name needs 2 to 100 characters; you typed %d. Please type the person's name again.",
	"deed.name_text":   "Please type the full name of the person who did the good deed as text (2 to 100 characters).",
	"deed.ask_unit":    "Where does <b>%s</b> live?",
	"deed.unit_same":   "🏠 In my residential group",
	"deed.unit_skip":   "Not sure, skip",

	"deed.ask_description": "<b>Step 3/4.</b> Please tell briefly what happened: who did what, where, when, and whom it helped " +
		"(%d to %d characters). You will send photos at the next step.",
	"deed.ask_rewrite":     "Please type the description again (%d to %d characters). The previous one:\n<i>%s</i>",
	"deed.desc_long":       "That is a little long: you typed %d characters, and at most %d are allowed. Please shorten it and send it again.",
	"deed.desc_photo_kept": "📷 Chung Sức kept this photo (%d so far). Please type what happened (%d to %d characters).",
	"deed.caption_taken":   "📷 Chung Sức kept the photo and took its caption as the description.",
	"deed.desc_media":      "Chung Sức cannot read this. Please type what happened as text (%d to %d characters).",

	"deed.ask_photos":       "<b>Step 4/4.</b> Please send photos of it (at most %d), or choose “No photos, skip”.",
	"deed.photo_got":        "📷 Photo %d/%d received. You can send more, or choose “Done”.",
	"deed.photo_last":       "📷 All %d photos received. Please choose “Done” to review your report.",
	"deed.keep_description": "↩️ Keep the description",
	"deed.photo_full":       "A report holds at most %d photos; the one you just sent was not kept. Please choose “Done” to review your report.",
	"deed.photo_again":      "You already sent this photo (%d/%d so far). Send another one, or choose “Done”.",
	"deed.photo_want":       "At this step, please send photos (at most %d; %d received so far), or choose one of the options below. To change the description, choose “Rewrite the description” when reviewing.",
	"deed.photos_done":      "✔ Done",
	"deed.photos_skip":      "No photos, skip",
	"deed.preview":          "<b>Review your report</b>\nThe coordinators will see exactly this:\n\n%s\n\nSend this report?",
	"deed.send":             "✅ Send the report",
	"deed.rewrite":          "✏️ Rewrite the description",
	"deed.cancelled":        "Report cancelled; nothing was saved. Send /report whenever you want to report one.",
	"deed.sent": "🎉 Thank you! Chung Sức has sent report <b>%s</b> to the coordinators.\n" +
		"Once they have reviewed it, you will receive the result. Send /mydeeds to follow it.\n\n%s",
	"deed.sent_nobody": "🎉 Thank you! Chung Sức has recorded report <b>%s</b>.\n" +
		"No coordinator of your area receives reports through Chung Sức yet, so it waits until one does. Send /mydeeds to follow it.\n\n%s",

	"deed.line_category": "🏷 <b>Kind of deed:</b> %s",
	"deed.line_who":      "👤 <b>Done by:</b> %s",
	"deed.line_unit":     "🏠 <b>Lives in:</b> %s",
	"deed.line_desc":     "📝 <b>What happened:</b> %s",
	"deed.line_photos":   "📷 <b>Photos:</b> %d",
	"deed.line_nophoto":  "📷 <b>Photos:</b> none",
	"deed.who_self":      "the reporter themselves",
	"deed.unit_unknown":  "not known",

	"deed.notice": "📣 <b>Good-deed report %s</b>\n" +
		"🙋 <b>Reported by:</b> %s\n📍 <b>Unit:</b> %s\n\n%s",
	"deed.notice_ask":     "Please review it: approve, reject or commend.",
	"deed.reporter_gone":  "(the reporter deleted their data)",
	"deed.dup":            "⚠️ Photo %d is already in report %s and may be a duplicate; please check.",
	"deed.photo_caption":  "%s — photo %d/%d",
	"deed.approve":        "✅ Approve",
	"deed.reject":         "❌ Reject",
	"deed.commend":        "🏅 Commend",
	"deed.result":         "<b>Result:</b> %s.",
	"deed.result_reason":  "<b>Reason:</b> %s",
	"deed.by.approved":    "approved by %s at %s",
	"deed.by.rejected":    "rejected by %s at %s",
	"deed.by.commended":   "commended by %s at %s",
	"deed.someone":        "a coordinator",
	"deed.done.approved":  "Report %s approved. The reporter has been told.",
	"deed.done.rejected":  "Report %s rejected. The reporter has received the reason.",
	"deed.done.commended": "The good deed in report %s is commended. The reporter has been told. Thank you!",
	"deed.already":        "Report %s was already handled: %s. Nothing more to do.",
	"deed.not_found":      "This report cannot be found; it may have been deleted.",
	"deed.not_allowed": "You are not a coordinator of this report's residential group (or of a unit above it), " +
		"so you cannot review it. The report is unchanged.",
	"deed.reject_ask": "Please type the reason for rejecting report <b>%s</b> (5 to 500 characters). " +
		"Chung Sức will send it to the reporter, so please write kindly and clearly.",
	"deed.reason_length": "A reason needs 5 to 500 characters; you typed %d. Please type it again.",
	"deed.reason_text":   "Please type the reason for the rejection as text (5 to 500 characters), or send /cancel to stop.",
	"deed.reject_kept":   "Not rejected; report %s is still waiting for review.",

	"deed.told.approved": "✅ Your report <b>%s</b> has been approved.\n<i>%s</i>\n\n" +
		"Thank you for spreading good deeds in the community!",
	"deed.told.rejected": "We are sorry, your report <b>%s</b> has not been approved.\n<i>%s</i>\n\n<b>Reason:</b> %s\n\n" +
		"If you have more information, you can send a new report with /report.",
	"deed.told.commended": "🏅 <b>Congratulations!</b> The good deed in report <b>%s</b> has been commended " +
		"as an example for the whole movement.\n<i>%s</i>\n\n" +
		"Every good deed spreads the spirit of mutual care, so that the whole community stands united " +
		"and pulls through hard times. Our sincere thanks to you!",

	"deed.mine_title":   "<b>Your good-deed reports</b> (newest first)",
	"deed.mine_line":    "<b>%s</b> · %s\n%s · %s\n<i>%s</i>",
	"deed.mine_none":    "You have not reported a good deed yet. When you see one around you, send /report to report it.",
	"deed.mine_more":    "(These are your %d most recent reports.)",
	"deed.st.pending":   "⏳ waiting for review",
	"deed.st.approved":  "✅ approved",
	"deed.st.rejected":  "❌ not approved: %s",
	"deed.st.commended": "🏅 commended",
}
