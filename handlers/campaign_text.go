package handlers

// viCampaign and enCampaign are the words of /campaign.
var viCampaign = map[string]string{
	"cmd.campaign":   "Phong trào thi đua đang diễn ra",
	"audit.campaign": "phát động, sửa hoặc kết thúc phong trào",

	"campaign.none":              "Hiện chưa có phong trào thi đua nào đang diễn ra ở <b>%s</b>. Khi phường phát động, bạn sẽ xem được ở đây.",
	"campaign.head":              "🏆 <b>%s</b>\n📍 %s\n📅 Từ %s đến %s",
	"campaign.slogan":            "<i>“%s”</i>",
	"campaign.tasks":             "<b>Nhiệm vụ</b>",
	"campaign.task":              "%d. %s",
	"campaign.criteria":          "<b>Tiêu chí chấm điểm</b>",
	"campaign.criterion":         "%d. %s: %s",
	"campaign.vaccine_criterion": "%d. Tiêm chủng (tỷ lệ người đã tiêm từ 2 mũi, ghi bằng /tiemchung): %s",
	"campaign.report_hint":       "Khi bạn hoặc người quanh bạn làm được việc tốt theo các tiêu chí trên, hãy báo bằng /baocao. Xem xếp hạng các đơn vị bằng /xephang.",
	"campaign.resident_args":     "Bạn chỉ cần gõ /phongtrao để xem phong trào thi đua của tổ mình. Việc phát động và sửa phong trào do cán bộ phường thực hiện.",
	"campaign.usage": "Cách phát động và sửa phong trào:\n" +
		"• /phongtrao mau: xem mẫu phong trào 2021 và phát động\n" +
		"• /phongtrao moi &lt;tên&gt;: phong trào mới, từ hôm nay trong 90 ngày\n" +
		"• /phongtrao ten &lt;tên mới&gt;\n" +
		"• /phongtrao khauhieu &lt;khẩu hiệu&gt;\n" +
		"• /phongtrao ngay %[1]s %[2]s\n" +
		"• /phongtrao nhiemvu rồi mỗi nhiệm vụ một dòng\n" +
		"• /phongtrao tieuchi rồi mỗi dòng một tiêu chí và số điểm, ví dụ “Giúp đỡ bà con khó khăn: 3”\n" +
		"• /phongtrao ketthuc: kết thúc phong trào\n" +
		"Nếu bạn phụ trách nhiều đơn vị, gõ mã đơn vị ngay sau lệnh, ví dụ /phongtrao HN-TM mau.",
	"campaign.which_unit":       "Bạn phụ trách nhiều đơn vị. Hãy gõ mã đơn vị ngay sau /phongtrao, ví dụ /phongtrao MÃ %[2]s. Các đơn vị của bạn:\n%[1]s",
	"campaign.ward_only":        "Phong trào được phát động từ cấp phường trở lên, nên <b>%s</b> không tự phát động được. Tổ của bạn tham gia phong trào của phường.",
	"campaign.start_offer":      "<b>%s</b> chưa có phong trào thi đua. Bạn có thể dùng mẫu phong trào năm 2021 (nhiệm vụ và tiêu chí đã soạn sẵn, sửa được sau), hoặc gõ /phongtrao moi &lt;tên&gt; để tự soạn.",
	"campaign.use_template":     "Dùng mẫu phong trào 2021",
	"campaign.preview":          "Đây là phong trào <b>%s</b> sẽ phát động từ hôm nay. Bạn sửa được tên, khẩu hiệu, ngày, nhiệm vụ và tiêu chí sau khi phát động.",
	"campaign.launch":           "Phát động",
	"campaign.launched_notice":  "Đã phát động phong trào.",
	"campaign.launched":         "🎉 <b>%s</b> đã phát động phong trào thi đua. Bà con xem bằng /phongtrao; các tiêu chí nay là các loại việc tốt khi báo bằng /baocao. Bạn có thể báo tin cho bà con bằng /kegoi.",
	"campaign.already":          "%s đang có phong trào “%s”. Hãy kết thúc phong trào đó (/phongtrao ketthuc) trước khi phát động phong trào mới.",
	"campaign.manage":           "Bạn đang phụ trách phong trào của <b>%s</b>: “%s”. Gõ /phongtrao %s ten, khauhieu, ngay, nhiemvu hoặc tieuchi để sửa (gõ /phongtrao trogiup để xem cách gõ).",
	"campaign.created":          "Đã tạo phong trào của <b>%s</b>, từ hôm nay trong 90 ngày.",
	"campaign.edit_help":        "Bước tiếp theo: thêm nhiệm vụ (/phongtrao %[1]s nhiemvu, mỗi nhiệm vụ một dòng) và tiêu chí chấm điểm (/phongtrao %[1]s tieuchi, mỗi dòng “tên tiêu chí: số điểm”).",
	"campaign.none_to_edit":     "<b>%s</b> chưa có phong trào nào để sửa. Gõ /phongtrao mau để dùng mẫu 2021, hoặc /phongtrao moi &lt;tên&gt;.",
	"campaign.bad_title_new":    "Hãy gõ tên phong trào ngay sau lệnh (tối đa %d ký tự), ví dụ:\n/phongtrao moi Chung tay giữ phường xanh, sạch, an toàn",
	"campaign.bad_title":        "Hãy gõ tên mới ngay sau lệnh (tối đa %d ký tự), ví dụ:\n/phongtrao ten Toàn dân chung sức phòng, chống dịch",
	"campaign.bad_slogan":       "Hãy gõ khẩu hiệu ngay sau lệnh, ngắn gọn (tối đa %d ký tự), ví dụ:\n/phongtrao khauhieu Mỗi người dân là một chiến sĩ",
	"campaign.bad_edit":         "Chưa lưu được thay đổi này. Hãy kiểm tra lại và gõ lại; gõ /phongtrao trogiup để xem cách gõ.",
	"campaign.bad_dates":        "Hãy gõ ngày bắt đầu và ngày kết thúc theo dạng ngày/tháng/năm, ví dụ:\n/phongtrao ngay %s %s",
	"campaign.end_before_start": "Ngày kết thúc %[2]s đang ở trước ngày bắt đầu %[1]s. Hãy gõ lại, ví dụ:\n/phongtrao ngay %[3]s %[4]s",
	"campaign.past_start":       "Ngày bắt đầu %s đã qua (hôm nay là %s). Hãy chọn từ hôm nay trở đi.",
	"campaign.past_end":         "Ngày kết thúc %s đã qua (hôm nay là %s). Hãy chọn từ hôm nay trở đi; muốn dừng phong trào thì gõ /phongtrao ketthuc.",
	"campaign.bad_tasks":        "Hãy gõ các nhiệm vụ ở các dòng dưới lệnh, mỗi nhiệm vụ một dòng (tối đa %d), ví dụ:\n/phongtrao nhiemvu\n1. Thực hiện nghiêm 5K\n2. Khai báo sức khỏe hằng ngày",
	"campaign.long_item":        "Dòng %d dài quá (tối đa %d ký tự). Hãy viết gọn lại rồi gửi lại cả danh sách.",
	"campaign.bad_criteria":     "Hãy gõ các tiêu chí ở các dòng dưới lệnh, mỗi dòng một tiêu chí và số điểm (tối đa %d tiêu chí), ví dụ:\n/phongtrao tieuchi\nGiúp đỡ bà con khó khăn: 3\nSáng kiến, cách làm hay: 4",
	"campaign.no_points":        "Tiêu chí ở dòng %d (“%s”) chưa có số điểm. Hãy ghi điểm ở cuối dòng, ví dụ “Giúp đỡ bà con khó khăn: 3”, rồi gửi lại cả danh sách.",
	"campaign.bad_points":       "Tiêu chí ở dòng %d (“%s”) cần từ 1 đến %d điểm. Hãy sửa rồi gửi lại cả danh sách.",
	"campaign.saved.title":      "Đã đổi tên phong trào.",
	"campaign.saved.slogan":     "Đã lưu khẩu hiệu.",
	"campaign.saved.dates":      "Đã đổi ngày của phong trào.",
	"campaign.saved.tasks":      "Đã lưu các nhiệm vụ.",
	"campaign.saved.criteria":   "Đã lưu các tiêu chí. Từ bây giờ bà con báo việc tốt theo các tiêu chí này.",
	"campaign.end_ask":          "Kết thúc phong trào “%s” của %s từ hôm nay? Kết quả và bảng xếp hạng vẫn được giữ lại.",
	"campaign.end_button":       "Kết thúc phong trào",
	"flow.campaign":             "sửa phong trào",
	"campaign.ask.tasks":        "Mời bạn gửi các nhiệm vụ trong một tin, mỗi nhiệm vụ một dòng, ví dụ:\n1. Thực hiện nghiêm 5K\n2. Khai báo sức khỏe hằng ngày",
	"campaign.ask.criteria":     "Mời bạn gửi các tiêu chí trong một tin, mỗi dòng một tiêu chí và số điểm, ví dụ:\nGiúp đỡ bà con khó khăn: 3\nSáng kiến, cách làm hay: 4",
	"campaign.cancel":           "❌ Thôi, không sửa",
	"campaign.ended_already":    "Phong trào này đã kết thúc rồi.",
	"campaign.ended_notice":     "Đã kết thúc phong trào.",
	"campaign.ended":            "Phong trào “%s” đã kết thúc. Cảm ơn bà con và các cán bộ đã chung sức! Gõ /phongtrao mau khi muốn phát động phong trào mới.",
}

var enCampaign = map[string]string{
	"cmd.campaign":   "The emulation campaign under way",
	"audit.campaign": "launched, edited or ended a campaign",

	"campaign.none":              "No emulation campaign is under way in <b>%s</b> yet. When the ward launches one, you will see it here.",
	"campaign.head":              "🏆 <b>%s</b>\n📍 %s\n📅 From %s to %s",
	"campaign.slogan":            "<i>“%s”</i>",
	"campaign.tasks":             "<b>Tasks</b>",
	"campaign.task":              "%d. %s",
	"campaign.criteria":          "<b>What scores points</b>",
	"campaign.criterion":         "%d. %s: %s",
	"campaign.vaccine_criterion": "%d. Vaccination (the share of people with 2 doses or more, recorded with /vaccine): %s",
	"campaign.report_hint":       "When you or someone near you does a good deed that fits these, report it with /report. See how the units rank with /top.",
	"campaign.resident_args":     "Just type /campaign to see your group's campaign. Launching and editing campaigns is done by the ward's officers.",
	"campaign.usage": "How to launch and edit a campaign:\n" +
		"• /campaign template: see the 2021 template and launch it\n" +
		"• /campaign new &lt;title&gt;: a new campaign, from today for 90 days\n" +
		"• /campaign title &lt;new title&gt;\n" +
		"• /campaign slogan &lt;slogan&gt;\n" +
		"• /campaign dates %[1]s %[2]s\n" +
		"• /campaign tasks, then one task per line\n" +
		"• /campaign criteria, then one criterion and its points per line, e.g. “Helping families in need: 3”\n" +
		"• /campaign end: end the campaign\n" +
		"If you look after several units, type the unit's code right after the command, e.g. /campaign HN-TM template.",
	"campaign.which_unit":       "You look after several units. Type the unit's code right after /campaign, e.g. /campaign CODE %[2]s. Your units:\n%[1]s",
	"campaign.ward_only":        "Campaigns are launched by a ward or a higher unit, so <b>%s</b> cannot launch its own. Your group takes part in its ward's campaign.",
	"campaign.start_offer":      "<b>%s</b> has no emulation campaign. You can use the 2021 campaign as a template (tasks and criteria ready, editable afterwards), or type /campaign new &lt;title&gt; to write your own.",
	"campaign.use_template":     "Use the 2021 template",
	"campaign.preview":          "This is the campaign <b>%s</b> will launch from today. You can change its title, slogan, dates, tasks and criteria once launched.",
	"campaign.launch":           "Launch",
	"campaign.launched_notice":  "Campaign launched.",
	"campaign.launched":         "🎉 <b>%s</b> has launched its emulation campaign. Residents see it with /campaign; its criteria are now the kinds of good deed in /report. You can tell residents with /appeal.",
	"campaign.already":          "%s already runs the campaign “%s”. End it first (/campaign end) before launching a new one.",
	"campaign.manage":           "You look after the campaign of <b>%s</b>: “%s”. Type /campaign %s title, slogan, dates, tasks or criteria to edit it (type /campaign help for how).",
	"campaign.created":          "The campaign of <b>%s</b> is created, from today for 90 days.",
	"campaign.edit_help":        "Next: add its tasks (/campaign %[1]s tasks, one per line) and what scores points (/campaign %[1]s criteria, one “criterion: points” per line).",
	"campaign.none_to_edit":     "<b>%s</b> has no campaign to edit. Type /campaign template to use the 2021 template, or /campaign new &lt;title&gt;.",
	"campaign.bad_title_new":    "Type the campaign's title right after the command (at most %d characters), e.g.:\n/campaign new A green, clean and safe ward",
	"campaign.bad_title":        "Type the new title right after the command (at most %d characters), e.g.:\n/campaign title Everyone together against the epidemic",
	"campaign.bad_slogan":       "Type the slogan right after the command, short (at most %d characters), e.g.:\n/campaign slogan Every resident a soldier",
	"campaign.bad_edit":         "This change could not be saved. Please check it and type it again; type /campaign help for how.",
	"campaign.bad_dates":        "Type the start and end days as day/month/year, e.g.:\n/campaign dates %s %s",
	"campaign.end_before_start": "The end day %[2]s is before the start day %[1]s. Please type them again, e.g.:\n/campaign dates %[3]s %[4]s",
	"campaign.past_start":       "The start day %s has passed (today is %s). Please choose today or later.",
	"campaign.past_end":         "The end day %s has passed (today is %s). Please choose today or later; to stop the campaign type /campaign end.",
	"campaign.bad_tasks":        "Type the tasks on the lines under the command, one task per line (at most %d), e.g.:\n/campaign tasks\n1. Follow the 5K rules\n2. Check in every day",
	"campaign.long_item":        "Line %d is too long (at most %d characters). Please shorten it and send the whole list again.",
	"campaign.bad_criteria":     "Type the criteria on the lines under the command, one criterion and its points per line (at most %d), e.g.:\n/campaign criteria\nHelping families in need: 3\nInitiatives and good practices: 4",
	"campaign.no_points":        "The criterion on line %d (“%s”) has no points. Put its points at the end of the line, e.g. “Helping families in need: 3”, and send the whole list again.",
	"campaign.bad_points":       "The criterion on line %d (“%s”) needs 1 to %d points. Please fix it and send the whole list again.",
	"campaign.saved.title":      "The campaign's title is changed.",
	"campaign.saved.slogan":     "The slogan is saved.",
	"campaign.saved.dates":      "The campaign's days are changed.",
	"campaign.saved.tasks":      "The tasks are saved.",
	"campaign.saved.criteria":   "The criteria are saved. From now on residents report good deeds under them.",
	"campaign.end_ask":          "End the campaign “%s” of %s today? Its results and leaderboard are kept.",
	"campaign.end_button":       "End the campaign",
	"flow.campaign":             "campaign edit",
	"campaign.ask.tasks":        "Please send the tasks in one message, one task per line, e.g.:\n1. Follow the 5K rules\n2. Check in every day",
	"campaign.ask.criteria":     "Please send the criteria in one message, one criterion and its points per line, e.g.:\nHelping families in need: 3\nInitiatives and good practices: 4",
	"campaign.cancel":           "❌ Never mind",
	"campaign.ended_already":    "This campaign has already ended.",
	"campaign.ended_notice":     "Campaign ended.",
	"campaign.ended":            "The campaign “%s” has ended. Thank you to every resident and officer who took part! Type /campaign template when you want to launch a new one.",
}
