package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// hotline lists the hotlines of the person's unit and of every unit above
// it, nearest first.
func (gd *Guide) hotline(ctx context.Context, c *bot.Context, s *session) error {
	verb, rest, _ := strings.Cut(strings.TrimSpace(c.Args), " ")
	switch strings.ToLower(verb) {
	case "add", "them":
		return gd.hotlines.add(c, s, rest)
	case "remove", "xoa":
		return gd.hotlines.remove(c, s, rest)
	}
	if s.res.UnitID == 0 {
		c.Send(c.T("hotline.join_first"), nil)
		return nil
	}
	chain, err := s.tx.Ancestors(s.res.UnitID)
	if err != nil {
		return fmt.Errorf("hotline units: %w", err)
	}
	ids := make([]int64, len(chain))
	for i, u := range chain {
		ids[i] = u.ID
	}
	byUnit, err := s.tx.HotlinesFor(ids)
	if err != nil {
		return fmt.Errorf("hotlines: %w", err)
	}
	var b strings.Builder
	for _, u := range chain {
		lines := byUnit[u.ID]
		if len(lines) == 0 {
			continue
		}
		b.WriteString("\n" + c.T("hotline.unit", u.Name) + "\n")
		for _, h := range lines {
			b.WriteString(hotlineLine(c, h) + "\n")
		}
	}
	if b.Len() == 0 {
		c.Send(c.T("hotline.none", chain[0].Name), nil)
		return nil
	}
	c.Send(c.T("hotline.title")+"\n"+strings.TrimRight(b.String(), "\n")+"\n\n"+c.T("hotline.emergency"), nil)
	return nil
}

// hotlineLine shows one number with its hours: "24/7" only for a line
// that answers day and night, other hours when they are known, nothing
// when they are not.
func hotlineLine(c *bot.Context, h storage.Hotline) string {
	switch {
	case h.AllDay():
		return c.T("hotline.line_24h", h.Label, h.Phone)
	case h.Hours != "":
		return c.T("hotline.line_hours", h.Label, h.Phone, h.Hours)
	}
	return c.T("hotline.line", h.Label, h.Phone)
}
