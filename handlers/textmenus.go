package handlers

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// TextMenus keeps the text menus of messengers without buttons in db
// (bot.MenuStore), their choices encoded as JSON: what the dispatcher
// writes when it sends a menu, and the engine reads when a number is
// typed.
func TextMenus(db *storage.DB) bot.MenuStore { return textMenus{db} }

type textMenus struct{ db *storage.DB }

func (m textMenus) SetMenu(ctx context.Context, platform, chatID, carrier, replaces string, reply, standing bool,
	choices []bot.Button) (int, error) {
	b, err := json.Marshal(choices)
	if err != nil {
		return 0, fmt.Errorf("encode text menu: %w", err)
	}
	return m.db.SetTextMenu(ctx, platform, chatID, carrier, replaces, len(choices), reply, standing, b)
}

func (m textMenus) RenameMenu(ctx context.Context, platform, chatID, from, to string) error {
	return m.db.RenameTextMenu(ctx, platform, chatID, from, to)
}

func (m textMenus) ClearMenu(ctx context.Context, platform, chatID, carrier string) error {
	return m.db.ClearTextMenu(ctx, platform, chatID, carrier)
}

// Chosen returns choice n; a menu that cannot be read counts as none (the
// number is then read as text, and the person told what to do).
func (m textMenus) Chosen(ctx context.Context, platform, chatID string, n int) (string, bot.Button, bool, error) {
	carrier, b, first, err := m.db.TextMenuWith(ctx, platform, chatID, n)
	if err != nil || b == nil {
		return "", bot.Button{}, false, err
	}
	var choices []bot.Button
	if json.Unmarshal(b, &choices) != nil || n-first < 0 || n-first >= len(choices) {
		return "", bot.Button{}, false, nil
	}
	return carrier, choices[n-first], true, nil
}
