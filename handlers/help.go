package handlers

import (
	"context"
	"strings"

	"github.com/chungsuc/chungsuc/bot"
)

// command is one entry of the command menu and of /help.
type command struct {
	name    string // the English name, shown in the menu
	alias   string // the ASCII Vietnamese alias
	descKey string // catalogue key of its one-line description
	// needsUnit hides it from /help until the person has joined a unit.
	needsUnit bool
}

// residentCommands are what every resident can do, in menu order. Only
// those whose feature is registered are listed.
var residentCommands = []command{
	{name: "start", alias: "batdau", descKey: "cmd.start"},
	{name: "checkin", alias: "khaibao", descKey: "cmd.checkin", needsUnit: true},
	{name: "family", alias: "giadinh", descKey: "cmd.family", needsUnit: true},
	{name: "vaccine", alias: "tiemchung", descKey: "cmd.vaccine", needsUnit: true},
	{name: "practice", alias: "mohinh", descKey: "cmd.practice", needsUnit: true},
	{name: "report", alias: "baocao", descKey: "cmd.report", needsUnit: true},
	{name: "mydeeds", alias: "vieccuatoi", descKey: "cmd.mydeeds", needsUnit: true},
	{name: "support", alias: "hotro", descKey: "cmd.support", needsUnit: true},
	{name: "mysupport", alias: "hotrocuatoi", descKey: "cmd.mysupport", needsUnit: true},
	{name: "campaign", alias: "phongtrao", descKey: "cmd.campaign", needsUnit: true},
	{name: "top", alias: "xephang", descKey: "cmd.top", needsUnit: true},
	{name: "hotline", alias: "duongdaynong", descKey: "cmd.hotline"},
	{name: "settings", alias: "caidat", descKey: "cmd.settings"},
	{name: "link", alias: "lienket", descKey: "cmd.link"},
	{name: "mydata", alias: "dulieu", descKey: "cmd.mydata"},
	{name: "stop", alias: "dunglai", descKey: "cmd.stop"},
	{name: "forget", alias: "xoadulieu", descKey: "cmd.forget"},
	{name: "cancel", alias: "huy", descKey: "cmd.cancel"},
	{name: "help", alias: "trogiup", descKey: "cmd.help"},
}

// commands returns the resident commands that are routed, in menu order
// (listed once: every route is registered when the App is built).
func (gd *Guide) commands() []command {
	gd.listed.Do(func() {
		routed := map[string]bool{}
		for _, n := range gd.routed() {
			routed[n] = true
		}
		for _, cmd := range residentCommands {
			if routed[cmd.name] {
				gd.cmds = append(gd.cmds, cmd)
			}
		}
	})
	return gd.cmds
}

// MenuEntry is a command with its description in one language, for the
// platform's command menu.
type MenuEntry struct {
	Name, Description string
}

// menu returns the command menu in lang.
func (gd *Guide) menu(lang string) []MenuEntry {
	var out []MenuEntry
	for _, cmd := range gd.commands() {
		out = append(out, MenuEntry{Name: cmd.name, Description: bot.PlainText(gd.Catalog.Text(lang, cmd.descKey))})
	}
	return out
}

// help lists what the person can do; a coordinator also gets their own
// part: what they receive, what they do, and what waits for them.
func (gd *Guide) help(ctx context.Context, c *bot.Context, s *session) error {
	c.Send(c.T("help.title")+"\n\n"+gd.helpBody(c, s), nil)
	text, kb, err := gd.queue.coordinatorHelp(c, s)
	if err != nil {
		return err
	}
	if text != "" {
		c.Send(text, kb)
	}
	if text, err = gd.queue.officialHelp(c, s); err != nil {
		return err
	}
	if text != "" {
		c.Send(text, nil)
	}
	return nil
}

// helpBody lists the commands with their Vietnamese aliases (made once
// per language, for those who joined a unit and those who did not).
func (gd *Guide) helpBody(c *bot.Context, s *session) string {
	key := helpKey{lang: c.Lang, joined: s.res.UnitID != 0}
	if body, ok := gd.bodies.Load(key); ok {
		return body.(string)
	}
	body := gd.makeHelpBody(c, s)
	gd.bodies.Store(key, body)
	return body
}

func (gd *Guide) makeHelpBody(c *bot.Context, s *session) string {
	var b strings.Builder
	for _, cmd := range gd.commands() {
		if cmd.needsUnit && s.res.UnitID == 0 {
			continue
		}
		b.WriteString(c.T("help.line", cmd.name, cmd.alias, HTML(c.T(cmd.descKey))) + "\n")
	}
	if s.res.UnitID == 0 {
		b.WriteString("\n" + c.T("help.join_first"))
	}
	return strings.TrimRight(b.String(), "\n")
}

// fallback answers everything no command or button took: input to an
// unfinished flow goes to that flow; an unknown command or free text gets
// a pointer to /help.
func (gd *Guide) fallback(ctx context.Context, c *bot.Context, s *session) error {
	if c.Command != "" {
		c.Send(c.T("unknown.command", c.Command), nil)
		return nil
	}
	if c.Update.Media == bot.MediaUnsupported {
		// the messenger hid the content (Zalo does for protected users, such
		// as children): no step can use it, so say what can be done instead
		c.Send(c.T("free.unsupported"), nil)
		return nil
	}
	if s.hasConv {
		if info, ok := gd.flows[s.conv.Flow]; ok {
			return info.input(ctx, c, s)
		}
	}
	switch {
	case c.Update.Media != "" || c.Update.Photo != nil || c.Update.Contact != nil:
		c.Send(c.T("free.media"), nil)
	default:
		if s.res.UnitID == 0 { // nothing works before joining: say so at once
			c.Send(c.T("free.text_join"), nil)
			return nil
		}
		c.Send(c.T("free.text"), nil)
	}
	return nil
}
