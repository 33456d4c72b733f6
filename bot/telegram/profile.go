package telegram

import (
	"context"
	"fmt"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Telegram's limits on the bot's description and short description, in
// characters.
const (
	MaxDescription      = 512
	MaxShortDescription = 120
)

// SetProfile sets what people see of the bot before they press Start, for
// people whose Telegram language is lang (lang "" sets the default for
// everyone else): description, plain text shown in the empty chat, and
// short, plain text shown on the bot's profile and where it is shared.
// An empty text removes the one set for lang. It returns a
// *bot.PlatformError; a text over its limit is Rejected.
func (a *Adapter) SetProfile(ctx context.Context, lang, description, short string) error {
	if err := a.setProfileText(ctx, "setMyDescription", "description", lang, description); err != nil {
		return err
	}
	return a.setProfileText(ctx, "setMyShortDescription", "short_description", lang, short)
}

// setProfileText calls method, which takes its text as param; tgbotapi
// v5.5.1 has no config type for these methods.
func (a *Adapter) setProfileText(ctx context.Context, method, param, lang, text string) error {
	params := tgbotapi.Params{param: text}
	params.AddNonEmpty("language_code", lang)
	if _, err := a.with(ctx).MakeRequest(method, params); err != nil {
		return fmt.Errorf("%s %q: %w", method, lang, a.mapError(err))
	}
	return nil
}
