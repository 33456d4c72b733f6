package handlers

// viExport and enExport are the words of /export.
var viExport = map[string]string{
	"cmd.export": "Xuất tệp việc tốt, khai báo y tế, đề nghị hỗ trợ",
	"export.usage": "📄 <b>Xuất tệp dữ liệu</b>\n" +
		"Gõ <code>/xuatfile</code> rồi ghi loại dữ liệu cần lấy:\n" +
		"• <code>viectot</code> – người tốt, việc tốt\n" +
		"• <code>diemdanh</code> – khai báo y tế hằng ngày\n" +
		"• <code>hotro</code> – đề nghị hỗ trợ\n" +
		"Sau đó có thể ghi ngày bắt đầu và ngày kết thúc (ngày/tháng/năm); không ghi thì Chung Sức lấy 30 ngày gần nhất. " +
		"Tệp gửi về là tệp Excel; cần tệp CSV thì thêm chữ <code>csv</code> ở cuối.\n" +
		"Tệp gồm dữ liệu của các đơn vị bạn phụ trách và các đơn vị trực thuộc.\n\n" +
		"Ví dụ: <code>/xuatfile viectot 01/07/2021 31/07/2021</code>",
	"export.usage_no_files": "Trên %s, Chung Sức chưa gửi được tệp: dữ liệu ngắn được gửi thành tin nhắn; " +
		"muốn nhận tệp, bạn dùng Chung Sức trên Telegram (gõ /lienket để dùng chung một hồ sơ).",
	"export.example": "Ví dụ: <code>/xuatfile diemdanh 01/07/2021 31/07/2021</code> " +
		"hoặc <code>/xuatfile hotro 01/07/2021 csv</code>. Gõ /xuatfile để xem hướng dẫn.",
	"export.bad_kind": "Chung Sức chưa hiểu “%s”. Bạn muốn lấy loại nào: <code>viectot</code> (việc tốt), " +
		"<code>diemdanh</code> (khai báo y tế) hay <code>hotro</code> (đề nghị hỗ trợ)?",
	"export.bad_date":   "“%s” chưa phải là ngày Chung Sức đọc được. Bạn ghi ngày theo dạng ngày/tháng/năm, ví dụ 01/08/2021.",
	"export.too_many":   "Chỉ cần ngày bắt đầu và ngày kết thúc thôi; “%s” là phần ghi thừa.",
	"export.future":     "Ngày bắt đầu %s chưa tới nên chưa có dữ liệu. Bạn chọn một ngày từ hôm nay trở về trước nhé.",
	"export.reversed":   "Ngày bắt đầu (%s) đang ở sau ngày kết thúc (%s). Bạn ghi ngày bắt đầu trước, ngày kết thúc sau nhé.",
	"export.too_long":   "Mỗi tệp lấy được nhiều nhất %d ngày. Bạn chia ra thành nhiều khoảng ngắn hơn nhé.",
	"export.caption":    "📄 <b>%s</b> · %s\nTừ %s đến %s · %d dòng",
	"export.capped":     "⚠️ Tệp chỉ có %d dòng đầu tiên. Để có đủ, bạn chọn khoảng ngày ngắn hơn.",
	"export.everywhere": "tất cả các đơn vị",
	"export.units":      "%d đơn vị",
	"export.no_documents": "📄 %s: %d dòng, quá dài để gửi thành tin nhắn, mà trên %s Chung Sức chưa gửi được tệp. " +
		"Bạn mở Chung Sức trên Telegram (gõ /lienket để dùng chung một hồ sơ) rồi gõ lại lệnh này ở đó, " +
		"hoặc chọn khoảng ngày ngắn hơn, hoặc nhờ quản trị hệ thống xuất tệp giúp.",
	"export.too_big": "📄 %s: %d dòng, tệp nặng %d MB, quá lớn để gửi qua tin nhắn. " +
		"Bạn chọn khoảng ngày ngắn hơn, hoặc nhờ quản trị hệ thống xuất tệp giúp.",
	"export.queued": "⏳ Chung Sức đang chuẩn bị tệp <b>%s</b> từ %s đến %s cho bạn, " +
		"bạn sẽ nhận được trong ít phút. Trong lúc chờ, bạn cứ dùng Chung Sức như thường nhé.",
	"export.queued_text": "⏳ Chung Sức đang chuẩn bị dữ liệu <b>%s</b> từ %s đến %s cho bạn, " +
		"bạn sẽ nhận được trong ít phút. Trong lúc chờ, bạn cứ dùng Chung Sức như thường nhé.",
	"export.busy": "⏳ Chung Sức vẫn đang chuẩn bị những tệp bạn yêu cầu lúc nãy. " +
		"Bạn chờ nhận các tệp ấy rồi hãy yêu cầu thêm nhé.",
	"export.failed": "😔 Xin lỗi bạn, Chung Sức chưa chuẩn bị được tệp <b>%s</b> từ %s đến %s vì gặp trục trặc. " +
		"Bạn gõ lại lệnh sau ít phút nhé; nếu vẫn chưa được, bạn báo quản trị hệ thống giúp Chung Sức.",
	"export.no_scope": "Chung Sức chưa gửi tệp <b>%s</b> từ %s đến %s cho bạn, vì bạn không còn phụ trách " +
		"đơn vị nào trong tệp ấy. Nếu có nhầm lẫn, bạn liên hệ cán bộ cấp trên nhé.",

	"export.kind.deeds":    "Việc tốt",
	"export.kind.checkins": "Khai báo y tế",
	"export.kind.requests": "Đề nghị hỗ trợ",
	"export.file.deeds":    "viec-tot",
	"export.file.checkins": "khai-bao-y-te",
	"export.file.requests": "de-nghi-ho-tro",

	"export.col.deed_ref":    "Mã báo cáo",
	"export.col.reported_at": "Thời gian báo cáo",
	"export.col.unit_code":   "Mã đơn vị",
	"export.col.unit":        "Đơn vị",
	"export.col.category":    "Loại việc tốt",
	"export.col.description": "Nội dung",
	"export.col.deed_status": "Tình trạng",
	"export.col.reporter":    "Người báo cáo",
	"export.col.commended":   "Được biểu dương",
	"export.col.day":         "Ngày",
	"export.col.checked_at":  "Thời gian khai báo",
	"export.col.name":        "Họ tên",
	"export.col.by":          "Người khai hộ",
	"export.col.pledge":      "Cam kết 5K",
	"export.col.health":      "Sức khỏe",
	"export.col.symptoms":    "Triệu chứng",
	"export.col.f0f1":        "F0/F1",
	"export.col.need":        "Cần hỗ trợ",
	"export.col.help_ref":    "Mã đề nghị",
	"export.col.sent_at":     "Thời gian gửi",
	"export.col.help_kind":   "Loại hỗ trợ",
	"export.col.help_status": "Tình trạng",
	"export.col.claimed_at":  "Thời gian tiếp nhận",
	"export.col.resolved_at": "Thời gian hoàn thành",
	"export.col.hours":       "Số giờ giải quyết",

	"export.deed_status.pending":   "Chờ duyệt",
	"export.deed_status.approved":  "Đã duyệt",
	"export.deed_status.rejected":  "Chưa được duyệt",
	"export.deed_status.commended": "Được biểu dương",
	"export.help_status.open":      "Chờ tiếp nhận",
	"export.help_status.claimed":   "Đã tiếp nhận",
	"export.help_status.resolved":  "Đã xong",
	"export.help_kind.food":        "Thực phẩm",
	"export.help_kind.medicine":    "Thuốc",
	"export.help_kind.medical":     "Hỗ trợ y tế",
	"export.help_kind.other":       "Khác",
	"export.health.well":           "Khỏe mạnh",
	"export.health.symptoms":       "Có triệu chứng",
	"export.health.f0":             "F0",
	"export.health.f1":             "F1",
	"export.yes":                   "Có",
	"export.no":                    "Không",

	"audit.export_deeds":    "xuất tệp việc tốt",
	"audit.export_checkins": "xuất tệp khai báo y tế",
	"audit.export_requests": "xuất tệp đề nghị hỗ trợ",
}

var enExport = map[string]string{
	"cmd.export": "Export good deeds, check-ins or requests as a file",
	"export.usage": "📄 <b>Export a file</b>\n" +
		"Send <code>/export</code> and what you need:\n" +
		"• <code>deeds</code> – good deeds reported\n" +
		"• <code>checkins</code> – daily health check-ins\n" +
		"• <code>requests</code> – requests for help\n" +
		"Then, if you like, the first and the last day (day/month/year); without them, Chung Sức takes the last 30 days. " +
		"The file is an Excel workbook; add the word <code>csv</code> at the end for a CSV file.\n" +
		"It holds the units you look after and every unit below them.\n\n" +
		"For example: <code>/export deeds 01/07/2021 31/07/2021</code>",
	"export.usage_no_files": "On %s, Chung Sức cannot send files yet: a short export comes as a message; " +
		"for a file, use Chung Sức on Telegram (send /link to use one record on both).",
	"export.example": "For example: <code>/export checkins 01/07/2021 31/07/2021</code> " +
		"or <code>/export requests 01/07/2021 csv</code>. Send /export for help.",
	"export.bad_kind": "Chung Sức does not know “%s”. Which do you need: <code>deeds</code>, " +
		"<code>checkins</code> or <code>requests</code>?",
	"export.bad_date":   "“%s” is not a date Chung Sức can read. Write it as day/month/year, for example 01/08/2021.",
	"export.too_many":   "Only a first and a last day are needed; “%s” is one too many.",
	"export.future":     "The first day, %s, has not come yet, so there is nothing to export. Please choose today or a day before.",
	"export.reversed":   "The first day (%s) is after the last day (%s). Please write the first day first.",
	"export.too_long":   "One file covers at most %d days. Please split it into shorter ranges.",
	"export.caption":    "📄 <b>%s</b> · %s\nFrom %s to %s · rows: %d",
	"export.capped":     "⚠️ The file holds only the first %d rows. Choose a shorter range to get them all.",
	"export.everywhere": "every unit",
	"export.units":      "%d units",
	"export.no_documents": "📄 %s: %d rows, too long to send as a message, and on %s Chung Sức cannot send files yet. " +
		"Open Chung Sức on Telegram (send /link to use one record on both) and send this command there, " +
		"or choose a shorter range, or ask the system administrator to export it for you.",
	"export.too_big": "📄 %s: %d rows, a file of %d MB, too big to send in a chat. " +
		"Please choose a shorter range, or ask the system administrator to export it for you.",
	"export.queued": "⏳ Chung Sức is preparing your <b>%s</b> file from %s to %s; " +
		"you will get it within a few minutes. Meanwhile, use Chung Sức as usual.",
	"export.queued_text": "⏳ Chung Sức is preparing your <b>%s</b> from %s to %s; " +
		"you will get it within a few minutes. Meanwhile, use Chung Sức as usual.",
	"export.busy": "⏳ Chung Sức is still preparing the files you asked for a moment ago. " +
		"Please wait for them before asking for more.",
	"export.failed": "😔 Sorry, Chung Sức could not prepare your <b>%s</b> file from %s to %s: something went wrong. " +
		"Please send the command again in a few minutes; if it still fails, tell the system administrator.",
	"export.no_scope": "Chung Sức did not send your <b>%s</b> file from %s to %s: you no longer look after " +
		"any unit it covers. If that is a mistake, ask the coordinators above you.",

	"export.kind.deeds":    "Good deeds",
	"export.kind.checkins": "Health check-ins",
	"export.kind.requests": "Requests for help",
	"export.file.deeds":    "deeds",
	"export.file.checkins": "checkins",
	"export.file.requests": "requests",

	"export.col.deed_ref":    "Reference",
	"export.col.reported_at": "Reported at",
	"export.col.unit_code":   "Unit code",
	"export.col.unit":        "Unit",
	"export.col.category":    "Category",
	"export.col.description": "Description",
	"export.col.deed_status": "Status",
	"export.col.reporter":    "Reported by",
	"export.col.commended":   "Commended",
	"export.col.day":         "Day",
	"export.col.checked_at":  "Checked in at",
	"export.col.name":        "Name",
	"export.col.by":          "Checked in by",
	"export.col.pledge":      "5K pledge",
	"export.col.health":      "Health",
	"export.col.symptoms":    "Symptoms",
	"export.col.f0f1":        "F0/F1",
	"export.col.need":        "Needs",
	"export.col.help_ref":    "Reference",
	"export.col.sent_at":     "Sent at",
	"export.col.help_kind":   "Kind",
	"export.col.help_status": "Status",
	"export.col.claimed_at":  "Taken on at",
	"export.col.resolved_at": "Done at",
	"export.col.hours":       "Hours to resolve",

	"export.deed_status.pending":   "Waiting for review",
	"export.deed_status.approved":  "Approved",
	"export.deed_status.rejected":  "Not approved",
	"export.deed_status.commended": "Commended",
	"export.help_status.open":      "Waiting to be taken on",
	"export.help_status.claimed":   "Taken on",
	"export.help_status.resolved":  "Done",
	"export.help_kind.food":        "Food",
	"export.help_kind.medicine":    "Medicine",
	"export.help_kind.medical":     "Medical care",
	"export.help_kind.other":       "Other",
	"export.health.well":           "Well",
	"export.health.symptoms":       "Symptoms",
	"export.health.f0":             "F0",
	"export.health.f1":             "F1",
	"export.yes":                   "Yes",
	"export.no":                    "No",

	"audit.export_deeds":    "exported the good deeds",
	"audit.export_checkins": "exported the health check-ins",
	"audit.export_requests": "exported the requests for help",
}
