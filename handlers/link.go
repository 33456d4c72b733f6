package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// link, with no argument, gives a code that joins this account with the
// person's account on their other messenger (or says which accounts are
// linked already); with a code made on the other messenger, it joins
// them: one resident, one record.
func (lk *Links) link(ctx context.Context, c *bot.Context, s *session) error {
	arg := strings.Join(strings.Fields(c.Args), "")
	if linked, err := lk.linked(c, s); err != nil || linked {
		return err
	}
	if arg == "" {
		return lk.offer(c, s)
	}
	if len(arg) != 6 || strings.Trim(arg, "0123456789") != "" {
		c.Send(c.T("link.usage"), nil)
		return nil
	}
	merged, err := s.tx.UseLinkCode(arg, s.res.ID, c.Update.Platform)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		c.Send(c.T("link.wrong", storage.LinkCodeTries), nil)
		return nil
	case errors.Is(err, storage.ErrLinkSelf):
		c.Send(c.T("link.self"), nil)
		return nil
	case errors.Is(err, storage.ErrLinkSamePlatform):
		c.Send(c.T("link.same_platform", lk.messengerName(c.Update.Platform)), nil)
		return nil
	case errors.Is(err, storage.ErrLinkTaken):
		c.Send(c.T("link.taken", lk.messengerName(c.Update.Platform)), nil)
		return nil
	case err != nil:
		return fmt.Errorf("link: %w", err)
	}
	s.res, s.hasConv = merged, false // this account's record is now the other's
	accounts, err := s.tx.LinkedAccounts(merged.ID)
	if err != nil {
		return err
	}
	var here, there string
	for _, a := range accounts {
		if a.Platform == c.Update.Platform {
			here = lk.messengerName(a.Platform)
			continue
		}
		there = lk.messengerName(a.Platform)
		lang := lk.langFor(merged.Language, merged.PlatformLanguage)
		c.Queue(bot.Outgoing{Kind: bot.OutSend, Platform: a.Platform, ChatID: a.ChatID, Lang: lang, ResidentID: merged.ID,
			Text: lk.Catalog.Text(lang, "link.done_other", lk.messengerName(c.Update.Platform))})
	}
	c.Send(c.T("link.done", there, here), nil)
	// Roles may have come with the other record: both menus show them.
	return lk.menus.refresh(c, s.tx, merged.ID)
}

// actLinkVia chooses the messenger a linked resident is reached on; its
// param is the platform, or "-" for the one used last.
const actLinkVia = "lv"

// linked tells a person whose accounts are linked already which they are
// and where what the bot sends on its own goes, with a choice of it.
func (lk *Links) linked(c *bot.Context, s *session) (bool, error) {
	accounts, err := s.tx.LinkedAccounts(s.res.ID)
	if err != nil || len(accounts) < 2 {
		return false, err
	}
	names := make([]string, len(accounts))
	var rows [][]bot.Button
	for i, a := range accounts {
		names[i] = lk.messengerName(a.Platform)
		rows = append(rows, bot.Row(c.Button(lk.viaLabel(c, s, a.Platform), actLinkVia, a.Platform)))
	}
	rows = append(rows, bot.Row(c.Button(lk.viaLabel(c, s, ""), actLinkVia, "-")))
	platform, _, _ := s.res.Delivery()
	key := "link.already"
	if s.res.DeliverVia != "" {
		key = "link.already_chosen"
	}
	c.Send(c.T(key, strings.Join(names, ", "), lk.messengerName(platform)), bot.Inline(rows...))
	return true, nil
}

// viaLabel labels the choice of platform ("" for the one used last),
// ticked when it is the resident's.
func (lk *Links) viaLabel(c *bot.Context, s *session, platform string) string {
	label := c.T("link.via_last")
	if platform != "" {
		label = c.T("link.via", lk.messengerName(platform))
	}
	if s.res.DeliverVia == platform {
		label = "✓ " + label
	}
	return label
}

// onVia records the messenger a linked resident chose.
func (lk *Links) onVia(ctx context.Context, c *bot.Context, s *session) error {
	platform := c.Params[0]
	if platform == "-" {
		platform = ""
	}
	err := s.tx.SetDeliverVia(s.res.ID, platform)
	if errors.Is(err, storage.ErrInvalid) { // unlinked since the button was sent
		c.Answer(c.T("bot.expired_button"), true)
		return nil
	}
	if err != nil {
		return err
	}
	if s.res, err = s.tx.ResidentByID(s.res.ID); err != nil {
		return err
	}
	if platform == "" {
		c.Edit(c.T("link.via_last_set"), nil)
		return nil
	}
	c.Edit(c.T("link.via_set", lk.messengerName(platform)), nil)
	return nil
}

// offer makes a link code.
func (lk *Links) offer(c *bot.Context, s *session) error {
	code, _, err := s.tx.CreateLinkCode(s.res.ID, c.Update.Platform)
	if err != nil {
		return fmt.Errorf("link code: %w", err)
	}
	c.Send(c.T("link.code", code, int(storage.LinkCodeTTL/time.Minute)), nil)
	return nil
}

// messengerName is how people call a messenger ("Telegram", "Zalo").
func (co *core) messengerName(platform string) string {
	if n := co.Platforms.Of(platform).Name; n != "" {
		return n
	}
	return platform
}
