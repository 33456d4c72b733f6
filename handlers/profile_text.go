package handlers

import "github.com/chungsuc/chungsuc/bot"

// The bot's profile: what a person reads before pressing Start. Plain
// text; the description fits Telegram's 512 characters, the short one its
// 120.
var viProfile = map[string]string{
	"bot.description": "Chung Sức là trợ lý trò chuyện của phong trào thi đua “Toàn dân đoàn kết, chung sức thi đua”, " +
		"do cán bộ phụ trách phường, tổ dân phố vận hành. " +
		"Tại đây, bạn có thể khai báo y tế hằng ngày; báo cáo người tốt, việc tốt; đề nghị hỗ trợ khi cần; tra cứu đường dây nóng. " +
		"Thông tin bạn gửi chỉ cán bộ phụ trách đơn vị nơi bạn sinh sống mới được xem; " +
		"bạn có thể xóa dữ liệu của mình bất cứ lúc nào bằng lệnh /forget. " +
		"Mời bạn bấm “Bắt đầu” để chọn nơi mình sinh sống.",
	"bot.short_description": "Trợ lý của phong trào “Toàn dân đoàn kết, chung sức thi đua” tại phường, tổ dân phố của bạn.",
}

var enProfile = map[string]string{
	"bot.description": "Chung Sức is the chat assistant of the emulation movement “Toàn dân đoàn kết, chung sức thi đua” " +
		"(Everyone united, joining forces), run by the coordinators of your ward and residential group. " +
		"Here you can check in on your health every day, report good deeds, ask for help when you need it and find the hotlines. " +
		"What you send is seen only by the coordinators of your own unit, " +
		"and you can delete your data at any time with /forget. " +
		"Press Start to choose where you live.",
	"bot.short_description": "Assistant of the “Toàn dân đoàn kết, chung sức thi đua” movement in your ward and residential group.",
}

// Profile returns what Telegram shows of the bot before a person presses
// Start, in lang (Vietnamese if the catalogue does not speak it): the
// description for the empty chat and the short description for the
// bot's profile page, both plain text.
func (a *App) Profile(lang string) (description, short string) {
	return bot.PlainText(a.Catalog.Text(lang, "bot.description")),
		bot.PlainText(a.Catalog.Text(lang, "bot.short_description"))
}
