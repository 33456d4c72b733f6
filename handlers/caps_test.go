package handlers_test

import "github.com/chungsuc/chungsuc/bot"

// telegramCaps is what the Telegram adapter declares for a bot named
// ChungSucBot; noButtons is a messenger like Zalo.
var (
	telegramCaps = func() bot.Caps {
		c := bot.FullCaps
		c.Name = "Telegram"
		c.UserLink, c.UsernameLink = "tg://user?id={id}", "https://t.me/{username}"
		c.BotLink = "https://t.me/ChungSucBot"
		c.StartLink = c.BotLink + "?start={param}"
		return c
	}()
	noButtons     = bot.Caps{Name: "Zalo", PhotoURL: true, TextLimit: 2000}
	testPlatforms = bot.Platforms{"telegram": telegramCaps, "zalo": noButtons}
)
