package handlers

// en is the English catalogue.
var en = map[string]string{
	"bot.expired_button":        "This choice no longer works (the task is done, cancelled, or a newer message replaced it). Send /help to see what you can do.",
	"bot.slow_down":             "You are sending messages a little fast. Please wait a few seconds, then carry on.",
	"console.banner":            "Chung Sức — test console. Type /start to begin, /help for the commands; choose a button by typing its number. For a photo, a sticker or a contact, type !photo caption, !sticker, !contact 0912345678. Press Ctrl+D to quit.",
	"bot.menu_hint":             "(Reply with a number from %d to %d to choose.)",
	"bot.menu_hint_one":         "(Reply %d to choose.)",
	"bot.menu_hint_few":         "(Reply %s or %d to choose.)",
	"bot.photo_elsewhere":       "📷 This message comes with a photo that cannot be sent through this app yet. If you need to see it, please ask its sender.",
	"bot.document_as_text":      "(File %s, sent as a message because this app does not take files.)",
	"error.internal":            "Sorry, Chung Sức ran into a problem and could not handle your message. Please try again in a few minutes; if it still fails, send /help for guidance.",
	"group.private_only":        "To keep personal details private, Chung Sức only talks in private chats. Please press the button below to write to Chung Sức privately.",
	"group.private_only_nolink": "To keep personal details private, Chung Sức only talks in private chats. Please open a private chat with Chung Sức (tap its name) and write there.",
	"group.open":                "💬 Write to Chung Sức privately",
	"you":                       "friend",

	"start.welcome": "Welcome to <b>Chung Sức</b>, %s!\n\n" +
		"“Everyone united, joining forces”: every resident a soldier, every home a fortress.\n\n" +
		"Here you and your residential group take part in the movement:\n" +
		"• a daily health check-in;\n" +
		"• reporting good deeds;\n" +
		"• asking for help when you need it;\n" +
		"• finding the hotlines.\n\n" +
		"First, please tell us where you live.",
	"start.resumed": "Welcome back! Chung Sức will send you the movement's appeals, reminders and news again.",
	"start.back":    "Hello %s, you are taking part in the movement at:\n<b>%s</b>\n\n%s",

	"picker.title":       "<b>Where do you live?</b>",
	"picker.where":       "📍 %s",
	"picker.page":        "Page %d/%d",
	"picker.search_hint": "Please choose level by level below, or type part of the name to search (no need for accents), e.g. <i>to dan pho 3</i>.",
	"picker.prev":        "« Previous",
	"picker.next":        "Next »",
	"picker.back":        "⬅ Back",

	"join.confirm":      "Is this where you live?\n<b>%s</b>\n%s",
	"join.yes":          "✅ Yes, join",
	"join.other":        "↩️ Choose another",
	"join.done":         "🎉 Welcome! You now take part in the movement at <b>%s</b>.",
	"join.moved":        "Where you live is now <b>%s</b>.",
	"join.link_unknown": "There is no unit with the code “%s”. Please choose where you live below.",
	"join.no_units":     "Chung Sức does not have the list of residential groups yet. Please tell your ward office or the administrator; once the list is there, send /start to join.",
	"join.type_name":    "Please type part of the name of where you live (e.g. <i>to dan pho 3</i>), or choose one of the options above.",
	"join.query_length": "To search, type 2 to 100 characters, e.g. <i>tuong mai</i> or <i>to 3</i>.",
	"join.no_match":     "Nothing matches “%s”. Try something shorter (e.g. <i>to dan pho 3</i>) or choose from the list.",
	"join.matches":      "Results for “%s”, please choose:",
	"join.browse":       "📋 Choose from the list",

	"cmd.start":    "Start, choose where you live",
	"cmd.hotline":  "Hotlines for your area",
	"cmd.settings": "Change where you live or your language",
	"cmd.cancel":   "Cancel what you are doing",
	"cmd.help":     "What you can do",

	"help.title":      "<b>Chung Sức can help you:</b>",
	"help.line":       "/%s (/%s) — %s",
	"help.join_first": "You have not chosen where you live yet: send /start to join your residential group.",

	"unknown.command":  "Chung Sức has no /%s command. Send /help to see what you can do.",
	"free.text_join":   "Thank you for your message. To begin, please send /start and choose where you live.",
	"free.text":        "Thank you for your message. Chung Sức is an automated assistant and cannot understand free text yet; send /help to see what you can do.",
	"free.unsupported": "Chung Sức cannot read this message: the messenger does not pass on what protected accounts (such as children's) send. You can ask a family member to write for you, or call your group's coordinator; in an emergency: 115 ambulance · 113 police · 114 fire.",
	"free.media":       "Chung Sức cannot handle this kind of content here. Send /help to see what you can do.",

	"settings.view":        "<b>Your settings</b>\n🏠 Where you live: %s\n🌐 Language: %s",
	"settings.no_unit":     "not chosen yet",
	"settings.change_unit": "🏠 Change where I live",
	"settings.lang_done":   "Language changed to English.",
	"lang.name":            "English",
	"lang.switch":          "🌐 English",

	"hotline.title":      "<b>☎️ Hotlines</b>",
	"hotline.unit":       "<b>%s</b>",
	"hotline.line":       "• %s: <code>%s</code>",
	"hotline.line_24h":   "• %s: <code>%s</code> (staffed 24/7)",
	"hotline.line_hours": "• %s: <code>%s</code> (%s)",
	"hotline.none":       "There is no hotline for %s yet. Please ask your residential group leader or the ward People's Committee. In an emergency call 115 (ambulance), 113 (police), 114 (fire and rescue).",
	"hotline.emergency":  "In an emergency: 115 ambulance · 113 police · 114 fire and rescue.",
	"hotline.join_first": "To see the hotlines for your area, please choose where you live first: send /start. In an emergency call 115 (ambulance), 113 (police), 114 (fire and rescue).",

	"unit.join_first":  "Please choose where you live before using this. Choose the option below or send /start. In an emergency call 115 (ambulance), 113 (police), 114 (fire and rescue).",
	"unit.join_button": "🏠 Choose where I live",

	"flow.expired":   "Your unfinished %s was cancelled because there was no reply for over 30 minutes. Send %s to start again.",
	"flow.dropped":   "Your unfinished %s was cancelled to start something new. Send %s to do it again.",
	"flow.join":      "choice of where you live",
	"cancel.done":    "Cancelled the %s. Send /help to see what else you can do.",
	"cancel.nothing": "You have nothing in progress. Send /help to see what you can do.",
}
