package handlers

import (
	"context"
	"fmt"
	"slices"

	"github.com/chungsuc/chungsuc/bot"
)

const (
	actSetLang    = "sl" // language code
	actChangeUnit = "su"
)

// settings shows the person's unit and language, with buttons to change them.
func (ob *Onboarding) settings(ctx context.Context, c *bot.Context, s *session) error {
	return ob.showSettings(c, s, false)
}

func (ob *Onboarding) showSettings(c *bot.Context, s *session, edit bool) error {
	where := HTML(c.T("settings.no_unit"))
	if s.res.UnitID != 0 {
		path, err := ob.unitPath(s.tx, s.res.UnitID)
		if err != nil {
			return err
		}
		where = HTML(path)
	}
	rows := [][]bot.Button{bot.Row(c.Button(c.T("settings.change_unit"), actChangeUnit))}
	var langs []bot.Button
	for _, l := range Languages {
		if l != c.Lang {
			langs = append(langs, c.Button(ob.Catalog.Text(l, "lang.switch"), actSetLang, l))
		}
	}
	rows = append(rows, langs)
	show(c, c.T("settings.view", where, HTML(c.T("lang.name"))), bot.Inline(rows...), edit)
	return nil
}

// onSetLang changes the person's language and shows the settings again in it.
func (ob *Onboarding) onSetLang(ctx context.Context, c *bot.Context, s *session) error {
	if len(c.Params) != 1 || !slices.Contains(Languages, c.Params[0]) {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return nil
	}
	if err := s.tx.SetResidentLanguage(s.res.ID, c.Params[0]); err != nil {
		return fmt.Errorf("set language: %w", err)
	}
	s.res.Language, c.Lang = c.Params[0], c.Params[0]
	if err := ob.menus.refresh(c, s.tx, s.res.ID); err != nil {
		return err
	}
	c.Answer(c.T("settings.lang_done"), false)
	return ob.showSettings(c, s, true)
}

// onChangeUnit starts the join flow again from the top.
func (ob *Onboarding) onChangeUnit(ctx context.Context, c *bot.Context, s *session) error {
	if _, err := s.begin(flowJoin, "pick", nil); err != nil {
		return err
	}
	return ob.showPicker(c, s, 0, 0, true)
}
