package telegram

import tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

// Offline returns an adapter of bot id that has never talked to Telegram,
// for what needs no request (ParseWebhook).
func Offline(id int64) *Adapter { return &Adapter{self: tgbotapi.User{ID: id, IsBot: true}} }

// FileEndpointOf is fileEndpoint, for its tests.
var FileEndpointOf = fileEndpoint
