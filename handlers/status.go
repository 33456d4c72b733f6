package handlers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// Runtime is what the running program knows of itself, for /status: its
// version, when it started, and each messenger it serves.
type Runtime struct {
	Version   string
	Started   time.Time
	Platforms []PlatformRuntime
}

// PlatformRuntime is one messenger as the program serves it: how updates
// come (ModePolling or ModeWebhook), and the last time it asked the bot
// to slow down (a 429), zero if never since the start.
type PlatformRuntime struct {
	Name      string
	Mode      string
	LastPause time.Time
	PauseWait time.Duration
}

// Modes of receiving updates.
const (
	ModePolling = "polling"
	ModeWebhook = "webhook"
)

// adminCommands are what only an administrator can do.
var adminCommands = []command{
	{name: "status", alias: "tinhtrang", descKey: "cmd.status"},
}

// requireAdmin lets through only an administrator (CHUNGSUC_ADMINS);
// anyone else is told the command is not theirs, and nothing happens.
func requireAdmin(next handler) handler {
	return func(ctx context.Context, c *bot.Context, s *session) error {
		if s.isAdmin() {
			return next(ctx, c, s)
		}
		c.Send(c.T("status.denied"), nil)
		return s.tx.Audit(storage.AuditEntry{ActorID: s.res.ID, Action: storage.AuditRoleDenied,
			Target: "/" + c.Command, Outcome: storage.AuditRefused, Detail: "admin"})
	}
}

// status shows an administrator how the bot is doing: version and uptime,
// messengers and how they are served, people, messages waiting by lane,
// the last 429, the last backup, the database's size, and the scheduled
// runs that failed in the last day.
func (a *App) status(ctx context.Context, c *bot.Context, s *session) error {
	now := s.tx.Now
	ops, err := a.DB.Ops(ctx, now.Add(-24*time.Hour))
	if err != nil {
		return err
	}
	backup, backedUp, err := a.DB.LastBackup(ctx)
	if err != nil {
		return err
	}
	rt := Runtime{Version: "?", Started: now}
	if a.Runtime != nil {
		rt = a.Runtime()
	}
	when := func(t time.Time) string { return t.In(a.TZ).Format("15:04 02/01/2006") }
	lines := []string{
		c.T("status.head"),
	}
	if up := now.Sub(rt.Started); up < time.Minute {
		lines = append(lines, c.T("status.version_new", rt.Version, when(rt.Started)))
	} else {
		lines = append(lines, c.T("status.version", rt.Version, when(rt.Started), a.duration(c.Lang, up)))
	}
	for _, p := range rt.Platforms {
		mode := c.T("status.mode_polling")
		if p.Mode == ModeWebhook {
			mode = c.T("status.mode_webhook")
		}
		line := c.T("status.platform", platformName(p.Name), mode)
		if p.LastPause.IsZero() {
			line += c.T("status.no_pause")
		} else {
			line += c.T("status.pause", when(p.LastPause), int(p.PauseWait/time.Second))
		}
		lines = append(lines, line)
	}
	if len(rt.Platforms) == 0 {
		lines = append(lines, c.T("status.no_platform"))
	}
	lines = append(lines, c.T("status.residents", ops.Residents))
	if len(ops.Backlog) == 0 {
		lines = append(lines, c.T("status.backlog_none"))
	}
	for _, b := range ops.Backlog {
		key := "status.backlog_reply"
		if b.Bulk {
			key = "status.backlog_bulk"
		}
		lines = append(lines, c.T(key, platformName(b.Platform), b.Count))
	}
	for _, ap := range ops.Appeals {
		f := ap.Figures
		lines = append(lines, c.T("status.appeal", storage.AppealRef(ap.ID), f.Sent, ap.Total, f.Pending+f.Sending))
	}
	if backedUp {
		lines = append(lines, c.T("status.backup", when(backup.At), a.size(c.Lang, backup.Bytes), backup.Path))
	} else {
		lines = append(lines, c.T("status.no_backup"))
	}
	lines = append(lines, c.T("status.database", a.size(c.Lang, ops.DBBytes), a.size(c.Lang, ops.WALBytes)))
	if n := ops.Runs[storage.RunFailed]; n > 0 {
		lines = append(lines, c.T("status.runs_failed", n, ops.Runs[storage.RunOK]))
	} else {
		lines = append(lines, c.T("status.runs_ok", ops.Runs[storage.RunOK]))
	}
	c.Send(strings.Join(lines, "\n"), nil)
	return nil
}

// platformName is a messenger's name as people know it.
func platformName(p string) string {
	switch p {
	case "telegram":
		return "Telegram"
	case "zalo":
		return "Zalo"
	case "console":
		return "Console"
	}
	return p
}

// sizeUnit chooses how to write n bytes: the catalogue key of its unit
// and the number to write with it.
func sizeUnit(n int64) (key string, v any) {
	switch {
	case n < 1000:
		return "size.b", n
	case n < 1000*1000:
		return "size.kb", float64(n) / 1e3
	case n < 1000*1000*1000:
		return "size.mb", float64(n) / 1e6
	}
	return "size.gb", float64(n) / 1e9
}

// SizeText writes a size in bytes in English, for the command line:
// 532 B, 4.1 MB.
func SizeText(n int64) string {
	key, v := sizeUnit(n)
	return fmt.Sprintf(enStatus[key], v)
}

// size writes a size in bytes in lang: "4,1 MB" in Vietnamese.
func (co *core) size(lang string, n int64) string {
	key, v := sizeUnit(n)
	return co.Catalog.Text(lang, key, v)
}
