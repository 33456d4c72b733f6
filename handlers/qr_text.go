package handlers

// The words of QR codes (qr.go, qr_cmd.go).
var viQR = map[string]string{
	"qr.not_coordinator": "Mã QR tham gia do cán bộ phụ trách tổ in và dán ở bảng tin. Bạn hãy nhờ cán bộ tổ mình, hoặc giới thiệu Chung Sức cho người thân để họ gõ /start và tự chọn tổ.",
	"qr.unknown":         "Không có đơn vị nào mã <b>%s</b>. Mời bạn gõ /qr để lấy mã QR của đơn vị mình, kèm mã các đơn vị cấp dưới.",
	"qr.not_yours":       "Bạn không phụ trách <b>%s</b> nên không in được mã QR của đơn vị này. Gõ /qr để lấy mã QR của đơn vị bạn phụ trách.",
	"qr.usage":           "Gõ /qr và mã đơn vị (ví dụ /qr %s) để lấy mã QR tham gia của đơn vị đó. Mã các đơn vị cấp cao nhất:",
	"qr.no_link":         "Chưa in được mã QR: Chung Sức chưa có liên kết mở bot (cần Telegram) hay địa chỉ trang công khai (CHUNGSUC_PUBLIC_URL). Mời bạn báo quản trị viên.",
	"qr.caption":         "📱 Mã QR tham gia phong trào của <b>%s</b>.\nBà con quét mã để mở Chung Sức và vào đúng tổ; trên Zalo, nhắn cho Chung Sức: <code>/start %s</code>",
	"qr.pdf_caption":     "🖨 Bản in một trang (A4) để dán ở bảng tin của %s.",
	"qr.pdf_link":        "🖨 Bản in một trang (PDF, A4): %s",
	"qr.below":           "Mã QR của các đơn vị thuộc %s: gõ /qr và mã đơn vị.",
	"qr.below_line":      "• /qr %s — %s",
	"qr.more":            "… và %d đơn vị khác.",
	"qr.pdf_title":       "Mã QR tham gia: %s",
	"qr.pdf_head":        "Chung sức phòng, chống dịch",
	"qr.pdf_scan":        "Quét mã bằng điện thoại để tham gia Chung Sức: điểm danh mỗi ngày, báo việc tốt, đề nghị hỗ trợ khi cần.",
	"qr.pdf_type":        "Trên Zalo, nhắn cho Chung Sức: /start %s",
	"qr.pdf_privacy":     "Thông tin riêng của bà con chỉ cán bộ phụ trách xem được; trang công khai chỉ có số liệu chung.",
}

var enQR = map[string]string{
	"qr.not_coordinator": "Joining QR codes are printed by a group's coordinator for its notice board. Please ask your group's coordinator, or send /start to your relatives so they choose their group themselves.",
	"qr.unknown":         "No unit has the code <b>%s</b>. Type /qr to get your unit's QR code, with the codes of the units below it.",
	"qr.not_yours":       "You are not a coordinator of <b>%s</b>, so you cannot print its QR code. Type /qr to get the QR code of your unit.",
	"qr.usage":           "Type /qr and a unit's code (for example /qr %s) to get its joining QR code. The codes of the top units:",
	"qr.no_link":         "No QR code yet: Chung Sức has neither a link that opens the bot (Telegram is needed) nor a public page address (CHUNGSUC_PUBLIC_URL). Please tell the administrator.",
	"qr.caption":         "📱 The QR code to join the movement in <b>%s</b>.\nResidents scan it to open Chung Sức in the right group; on Zalo, send Chung Sức: <code>/start %s</code>",
	"qr.pdf_caption":     "🖨 A one-page print (A4) for the notice board of %s.",
	"qr.pdf_link":        "🖨 A one-page print (PDF, A4): %s",
	"qr.below":           "QR codes of the units in %s: type /qr and the unit's code.",
	"qr.below_line":      "• /qr %s — %s",
	"qr.more":            "… and %d more units.",
	"qr.pdf_title":       "QR code to join: %s",
	"qr.pdf_head":        "Together against the epidemic",
	"qr.pdf_scan":        "Scan the code with your phone to join Chung Sức: check in every day, report good deeds, ask for help when you need it.",
	"qr.pdf_type":        "On Zalo, send Chung Sức: /start %s",
	"qr.pdf_privacy":     "Your personal information is seen only by the coordinators in charge; the public page shows overall figures only.",
}
