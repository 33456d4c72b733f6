package handlers

import (
	"context"
	"fmt"
	"slices"

	"chungsuc/bot"
)

const (
	actSetLang    = "sl" // language code
	actChangeUnit = "su"
)

// settings shows the person's unit and language, with buttons to change them.
func (a *App) settings(ctx context.Context, c *bot.Context) error {
	return a.showSettings(c, sess(c), false)
}

func (a *App) showSettings(c *bot.Context, s *session, edit bool) error {
	where := HTML(c.T("settings.no_unit"))
	if s.res.UnitID != 0 {
		path, err := a.unitPath(s.tx, s.res.UnitID)
		if err != nil {
			return err
		}
		where = HTML(path)
	}
	rows := [][]bot.Button{bot.Row(c.Button(c.T("settings.change_unit"), actChangeUnit))}
	var langs []bot.Button
	for _, l := range Languages {
		if l != c.Lang {
			langs = append(langs, c.Button(a.Catalog.Text(l, "lang.switch"), actSetLang, l))
		}
	}
	rows = append(rows, langs)
	show(c, c.T("settings.view", where, HTML(c.T("lang.name"))), bot.Inline(rows...), edit)
	return nil
}

// onSetLang changes the person's language and shows the settings again in it.
func (a *App) onSetLang(ctx context.Context, c *bot.Context) error {
	s := sess(c)
	if len(c.Params) != 1 || !slices.Contains(Languages, c.Params[0]) {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return nil
	}
	if err := s.tx.SetResidentLanguage(s.res.ID, c.Params[0]); err != nil {
		return fmt.Errorf("set language: %w", err)
	}
	s.res.Language, c.Lang = c.Params[0], c.Params[0]
	c.Answer(c.T("settings.lang_done"), false)
	return a.showSettings(c, s, true)
}

// onChangeUnit starts the join flow again from the top.
func (a *App) onChangeUnit(ctx context.Context, c *bot.Context) error {
	s := sess(c)
	if _, err := s.begin(flowJoin, "pick", nil); err != nil {
		return err
	}
	return a.showPicker(c, s, 0, 0, true)
}
