package handlers

import (
	"fmt"
	"strings"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// coordinatorCommands are what a coordinator (or an administrator) can do
// besides what every resident can, in menu order.
var coordinatorCommands = []command{
	{name: "review", alias: "duyet", descKey: "cmd.review"},
	{name: "requests", alias: "yeucau", descKey: "cmd.requests"},
	{name: "appeal", alias: "kegoi", descKey: "cmd.appeal"},
	{name: "appeals", alias: "cackegoi", descKey: "cmd.appeals"},
	{name: "schedule", alias: "lich", descKey: "cmd.schedule"},
	{name: "greenzone", alias: "vungxanh", descKey: "cmd.greenzone"},
	{name: "digest", alias: "baocaonhanh", descKey: "cmd.digest"},
	{name: "subscribe", alias: "dangky", descKey: "cmd.subscribe"},
	{name: "export", alias: "xuatfile", descKey: "cmd.export"},
	{name: "invite", alias: "moi", descKey: "cmd.invite"},
	{name: "roles", alias: "vaitro", descKey: "cmd.roles"},
	{name: "revoke", alias: "thuhoi", descKey: "cmd.revoke"},
}

// officialCommands are what an official (or an administrator) can do
// besides what every resident can.
var officialCommands = []command{
	{name: "roles", alias: "vaitro", descKey: "cmd.roles"},
	{name: "audit", alias: "nhatky", descKey: "cmd.audit"},
	{name: "digest", alias: "baocaonhanh", descKey: "cmd.digest"},
	{name: "subscribe", alias: "dangky", descKey: "cmd.subscribe"},
	{name: "unsubscribe", alias: "huydangky", descKey: "cmd.unsubscribe"},
	{name: "export", alias: "xuatfile", descKey: "cmd.export"},
}

// commandsFor returns the commands of a person's menu: every resident's,
// then their roles', each once and only if routed.
func (m *Menus) commandsFor(tx *storage.Tx, res storage.Resident) ([]command, error) {
	admin := m.Admins[res.Platform+":"+res.UserID]
	lists := [][]command{residentCommands}
	for _, byRole := range []struct {
		role string
		cmds []command
	}{{storage.RoleCoordinator, coordinatorCommands}, {storage.RoleOfficial, officialCommands}} {
		scope, err := tx.ScopeOf(res.ID, byRole.role)
		if err != nil {
			return nil, fmt.Errorf("menu roles: %w", err)
		}
		if admin || !scope.Empty() {
			lists = append(lists, byRole.cmds)
		}
	}
	if admin {
		lists = append(lists, adminCommands)
	}
	routed := map[string]bool{}
	for _, n := range m.routed() {
		routed[n] = true
	}
	seen := map[string]bool{}
	var out []command
	for _, list := range lists {
		for _, cmd := range list {
			if routed[cmd.name] && !seen[cmd.name] {
				seen[cmd.name] = true
				out = append(out, cmd)
			}
		}
	}
	return out, nil
}

// menuSetting keys the menu last set for a resident, so that it is set
// again only when it changes.
func menuSetting(residentID int64) string { return fmt.Sprintf("menu:%d", residentID) }

// refresh queues to q the person's menu to match their roles and language, if it
// changed since it was last set. A resident without any role keeps the
// bot's default menu, unless theirs was changed before (a revoked
// coordinator gets the residents' menu back).
func (m *Menus) refresh(q bot.Queue, tx *storage.Tx, residentID int64) error {
	res, err := tx.ResidentByID(residentID)
	if isNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("menu of resident %d: %w", residentID, err)
	}
	if !res.BlockedAt.IsZero() || res.ChatID == "" {
		return nil
	}
	cmds, err := m.commandsFor(tx, res)
	if err != nil {
		return err
	}
	lang := m.langFor(res.Language, res.PlatformLanguage)
	names := make([]string, len(cmds))
	for i, cmd := range cmds {
		names[i] = cmd.name
	}
	sig := lang + ":" + strings.Join(names, ",")
	before, err := tx.Setting(menuSetting(res.ID))
	if err != nil && !isNotFound(err) {
		return fmt.Errorf("menu setting: %w", err)
	}
	if string(before) == sig || before == nil && len(cmds) <= len(residentCommands) {
		return nil
	}
	entries := make([]bot.MenuCommand, len(cmds))
	for i, cmd := range cmds {
		entries[i] = bot.MenuCommand{Name: cmd.name, Description: bot.PlainText(m.Catalog.Text(lang, cmd.descKey))}
	}
	if err := tx.SetSetting(menuSetting(res.ID), []byte(sig)); err != nil {
		return fmt.Errorf("save menu setting: %w", err)
	}
	q.Queue(bot.Outgoing{Kind: bot.OutMenu, Platform: res.Platform, ChatID: res.ChatID, Lang: lang,
		ResidentID: res.ID, Commands: entries})
	return nil
}
