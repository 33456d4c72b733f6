package telegramtest

import (
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestMyCommandsPerLanguageAndScope(t *testing.T) {
	srv, bot := newBot(t)
	en := []tgbotapi.BotCommand{{Command: "start", Description: "Start"}, {Command: "help", Description: "Help"}}
	vi := []tgbotapi.BotCommand{{Command: "start", Description: "Bắt đầu"}}
	setEN := tgbotapi.NewSetMyCommands(en...)
	setEN.LanguageCode = "en"
	setVI := tgbotapi.NewSetMyCommands(vi...)
	setVI.LanguageCode = "vi"
	setChat := tgbotapi.NewSetMyCommandsWithScope(tgbotapi.NewBotCommandScopeChat(alice.ID), en[1])
	for _, cfg := range []tgbotapi.SetMyCommandsConfig{setEN, setVI, setChat} {
		if _, err := bot.Request(cfg); err != nil {
			t.Fatal(err)
		}
	}

	get := func(cfg tgbotapi.GetMyCommandsConfig) []tgbotapi.BotCommand {
		t.Helper()
		cmds, err := bot.GetMyCommandsWithConfig(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return cmds
	}
	if got := get(tgbotapi.GetMyCommandsConfig{LanguageCode: "en"}); len(got) != 2 || got[1].Command != "help" {
		t.Errorf("en = %+v", got)
	}
	if got := get(tgbotapi.GetMyCommandsConfig{LanguageCode: "vi"}); len(got) != 1 || got[0].Description != "Bắt đầu" {
		t.Errorf("vi = %+v", got)
	}
	if got := get(tgbotapi.GetMyCommandsConfig{}); len(got) != 0 {
		t.Errorf("default scope without language = %+v, want empty", got)
	}
	if got := srv.Commands("chat:42", ""); len(got) != 1 || got[0].Command != "help" {
		t.Errorf("Commands(chat:42) = %+v", got)
	}
	if got := srv.Commands("default", "vi"); len(got) != 1 {
		t.Errorf("Commands(default, vi) = %+v", got)
	}

	del := tgbotapi.NewDeleteMyCommands()
	del.LanguageCode = "en"
	if _, err := bot.Request(del); err != nil {
		t.Fatal(err)
	}
	if got := srv.Commands("default", "en"); len(got) != 0 {
		t.Errorf("after delete: %+v", got)
	}
	if got := srv.Commands("default", "vi"); len(got) != 1 {
		t.Errorf("delete touched another language: %+v", got)
	}
}

func TestSetMyCommandsValidation(t *testing.T) {
	_, bot := newBot(t)
	for _, tc := range []struct {
		name string
		cmd  tgbotapi.BotCommand
		lang string
		desc string
	}{
		{"upper case", tgbotapi.BotCommand{Command: "Start", Description: "x"}, "", "Bad Request: BOT_COMMAND_INVALID"},
		{"slash", tgbotapi.BotCommand{Command: "/start", Description: "x"}, "", "Bad Request: BOT_COMMAND_INVALID"},
		{"too long", tgbotapi.BotCommand{Command: strings.Repeat("a", 33), Description: "x"}, "", "Bad Request: BOT_COMMAND_INVALID"},
		{"no description", tgbotapi.BotCommand{Command: "start"}, "", "Bad Request: command description is empty"},
		{"long description", tgbotapi.BotCommand{Command: "start", Description: strings.Repeat("d", 257)}, "",
			"Bad Request: command description is too long"},
		{"bad language", tgbotapi.BotCommand{Command: "start", Description: "x"}, "english",
			"Bad Request: invalid language code specified"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tgbotapi.NewSetMyCommands(tc.cmd)
			cfg.LanguageCode = tc.lang
			_, err := bot.Request(cfg)
			wantAPIError(t, err, 400, tc.desc)
		})
	}
}
