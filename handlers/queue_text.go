package handlers

// viQueue holds the Vietnamese words of what waits for coordinators.
var viQueue = map[string]string{
	"coord.help": "<b>Việc của cán bộ phụ trách</b> (%s)\n" +
		"• Nhận cảnh báo khi người dân khai báo có triệu chứng hoặc đang cách ly.\n" +
		"• Duyệt báo cáo người tốt, việc tốt: chọn <b>Duyệt</b>, <b>Biểu dương</b> hoặc <b>Từ chối</b> (kèm lý do) ngay dưới báo cáo.\n" +
		"• Tiếp nhận đề nghị hỗ trợ: chọn <b>Tiếp nhận</b>, rồi chọn <b>Đã xong</b> khi đã giúp người dân. Đề nghị chờ quá 2 giờ chưa có người tiếp nhận sẽ tự chuyển lên cấp trên.\n" +
		"Mỗi lần bạn chọn, Chung Sức báo kết quả cho người dân.\n\n" +
		"<b>Các lệnh của cán bộ</b>\n" +
		"/review (/duyet) — duyệt từng báo cáo đang chờ, cũ nhất trước\n" +
		"/requests (/yeucau) — các đề nghị hỗ trợ chưa xong\n" +
		"/appeal (/kegoi) — gửi lời kêu gọi tới bà con; /appeals (/cackegoi) — các lời kêu gọi đã gửi\n" +
		"/campaign (/phongtrao) — phát động, sửa phong trào thi đua (cấp phường trở lên); /top (/xephang) — xếp hạng thi đua\n" +
		"/schedule (/lich) — lịch nhắc khai báo y tế, lời kêu gọi hẹn giờ; /greenzone (/vungxanh) — vùng xanh của các đơn vị cấp dưới\n" +
		"/digest (/baocaonhanh), /subscribe (/dangky) — báo cáo nhanh, ngay hoặc theo lịch; /export (/xuatfile) — xuất tệp số liệu\n" +
		"/invite (/moi) — mời cán bộ, lãnh đạo nhận nhiệm vụ; /roles (/vaitro), /revoke (/thuhoi) — xem, thu hồi vai trò\n" +
		"/hotline add, /hotline remove — thêm, xóa đường dây nóng của đơn vị\n" +
		"/practice (/mohinh) — đăng mô hình hay của đơn vị, nhân rộng mô hình được giao; /vaccine (/tiemchung) TÊN — ghi mũi tiêm cho người nhà không dùng điện thoại\n" +
		"/qr (/maqr) — mã QR tham gia của đơn vị, để in dán ở bảng tin",
	"coord.everywhere":      "bạn là quản trị viên: mọi đơn vị",
	"coord.waiting":         "⏳ Đang chờ: <b>%d</b> báo cáo chưa duyệt, <b>%d</b> đề nghị hỗ trợ chưa có người tiếp nhận.",
	"coord.nothing_waiting": "✅ Hiện không có việc nào đang chờ bạn.",
	"coord.just_sent":       "Các việc đang chờ vừa được gửi cho bạn ở trên. Hãy xử lý những việc đó; vài phút nữa bạn có thể chọn lại.",
	"coord.show_waiting":    "📋 Xem các việc đang chờ",
	"coord.not_coordinator": "Bạn hiện không phải cán bộ phụ trách đơn vị nào, nên không có việc nào chờ bạn xử lý.",

	"role.granted.coordinator": "🎖 Bạn đã được giao làm <b>cán bộ phụ trách</b> của <b>%s</b>%s trên Chung Sức.\n\n" +
		"Từ nay, Chung Sức sẽ gửi tới bạn: cảnh báo sức khỏe của người dân; báo cáo người tốt, việc tốt cần duyệt; " +
		"đề nghị hỗ trợ cần tiếp nhận. Bạn chọn các mục dưới mỗi tin để xử lý; gõ /help để xem lại hướng dẫn.",
	"role.granted.official": "🎖 Bạn đã được giao vai trò <b>lãnh đạo theo dõi</b> phong trào thi đua tại <b>%s</b>%s trên Chung Sức. " +
		"Gõ /help để xem phần việc của lãnh đạo.",
	"role.and_below": " (và các đơn vị trực thuộc)",
	"role.stopped":   "⚠️ Bạn đang ngừng nhận tin Chung Sức tự gửi, nên sẽ không nhận cảnh báo sức khỏe, báo cáo và đề nghị hỗ trợ mới của người dân. Khi muốn nhận lại, gõ /start.",
	"official.help": "<b>Phần việc của lãnh đạo theo dõi</b> (%s)\n" +
		"• Bạn được giao theo dõi kết quả phong trào của các đơn vị này.\n" +
		"• /audit (/nhatky) — nhật ký hoạt động: giao và thu hồi vai trò, duyệt báo cáo, lời kêu gọi, các lần bị từ chối.\n" +
		"• /roles (/vaitro) — ai đang giữ vai trò gì.\n" +
		"• /digest (/baocaonhanh) — báo cáo nhanh tình hình các đơn vị, kèm biểu đồ; /subscribe (/dangky) — nhận báo cáo theo lịch (hằng ngày 17:00 hoặc sáng thứ Hai), /unsubscribe (/huydangky) — thôi nhận.\n" +
		"• /top (/xephang) — xếp hạng thi đua; /campaign (/phongtrao) — phong trào đang diễn ra; /export (/xuatfile) — xuất tệp số liệu (Excel hoặc CSV).\n" +
		"• Bạn vẫn dùng được mọi lệnh của người dân ở trên.",
}

// enQueue holds the English words of what waits for coordinators.
var enQueue = map[string]string{
	"coord.help": "<b>Your work as a coordinator</b> (%s)\n" +
		"• You are alerted when a resident reports symptoms or isolation.\n" +
		"• You review good-deed reports: choose <b>Approve</b>, <b>Commend</b> or <b>Reject</b> (with a reason) under each report.\n" +
		"• You take on requests for help: choose <b>Take it on</b>, then <b>Done</b> once the help is given. A request nobody takes on within 2 hours goes to the level above.\n" +
		"Each time you choose, Chung Sức tells the resident the outcome.\n\n" +
		"<b>Coordinators' commands</b>\n" +
		"/review — review the waiting reports one by one, oldest first\n" +
		"/requests — requests for help not done yet\n" +
		"/appeal — send an appeal to residents; /appeals — the appeals sent\n" +
		"/campaign — launch and edit the emulation campaign (a ward or higher); /top — the leaderboard\n" +
		"/schedule — check-in reminders and scheduled appeals; /greenzone — the green zones of the units below\n" +
		"/digest, /subscribe — a quick report, now or on a schedule; /export — the figures as a file\n" +
		"/invite — invite a coordinator or an official; /roles, /revoke — see and end roles\n" +
		"/hotline add, /hotline remove — add or remove your units' hotlines\n" +
		"/practice — post your unit's good practice, answer a practice replicated to you; /vaccine NAME — record a dose for a household member without a phone\n" +
		"/qr — your unit's joining QR code, to print for the notice board",
	"coord.everywhere":      "you are an administrator: every unit",
	"coord.waiting":         "⏳ Waiting: <b>%d</b> reports to review, <b>%d</b> requests for help nobody has taken on.",
	"coord.nothing_waiting": "✅ Nothing is waiting for you.",
	"coord.just_sent":       "What is waiting was just sent to you above. Please handle it; you can choose again in a few minutes.",
	"coord.show_waiting":    "📋 See what is waiting",
	"coord.not_coordinator": "You are not a coordinator of any unit now, so nothing is waiting for you.",

	"role.granted.coordinator": "🎖 You are now a <b>coordinator</b> of <b>%s</b>%s on Chung Sức.\n\n" +
		"From now on, Chung Sức sends you: residents' health alerts; good-deed reports to review; requests for help to take on. " +
		"Choose from the options under each message to act; send /help to read this again.",
	"role.granted.official": "🎖 You are now an <b>official</b> following the emulation movement in <b>%s</b>%s on Chung Sức. " +
		"Send /help to see an official's part.",
	"role.and_below": " (and the units below it)",
	"role.stopped":   "⚠️ You have stopped the messages Chung Sức sends on its own, so you will not receive residents' new health alerts, reports and requests for help. To receive them again, send /start.",
	"official.help": "<b>An official's part</b> (%s)\n" +
		"• You follow the movement's results in these units.\n" +
		"• /audit — the activity log: roles granted and revoked, reviews, appeals, refused attempts.\n" +
		"• /roles — who holds which role.\n" +
		"• /digest — a quick report on your units, with a chart; /subscribe — get it on a schedule (daily at 17:00 or Monday mornings), /unsubscribe to stop.\n" +
		"• /top — the campaign's leaderboard; /campaign — the campaign under way; /export — the figures as a file (Excel or CSV).\n" +
		"• Every resident's command above still works for you.",
}
