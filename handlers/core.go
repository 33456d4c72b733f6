package handlers

import (
	"fmt"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// core is what every feature shares: the deployment's configuration, the
// catalogue, the message builder and the flows. Features hold a *core and
// reach each other only through the fields they are given.
type core struct {
	Config
	Catalog *Catalog
	// Messages builds what updates and jobs send alike (signed buttons).
	Messages *bot.Messages

	flows map[string]flowInfo
}

// handler is a route's handler: the update's context and its session.
type handler = bot.HandlerFunc[*session]

// flow registers a flow, the conversation behind a command's steps.
func (co *core) flow(name string, info flowInfo) {
	if _, dup := co.flows[name]; dup {
		panic(fmt.Sprintf("flow %q registered twice", name))
	}
	co.flows[name] = info
}

// langFor picks a person's language: their own choice, else their
// platform's, else the default.
func (co *core) langFor(chosen, platform string) string {
	if l := normLang(chosen); l != "" {
		return l
	}
	if l := normLang(platform); l != "" {
		return l
	}
	return co.Lang
}

// reviewScope is what the sender looks after as a coordinator: the units
// of their grants, everything for an administrator.
func (co *core) reviewScope(s *session) (storage.Scope, error) {
	if s.isAdmin() {
		return storage.Scope{All: true}, nil
	}
	scope, err := s.tx.ScopeOf(s.res.ID, storage.RoleCoordinator)
	if err != nil {
		return storage.Scope{}, fmt.Errorf("coordinator scope: %w", err)
	}
	return scope, nil
}

// duration says how long something took, in lang: "3 giờ", "2 ngày 5
// giờ", "45 phút" ("1 hour", "2 days 5 hours" in English).
func (co *core) duration(lang string, d time.Duration) string {
	switch {
	case d < time.Hour:
		return co.Catalog.Text(lang, "time.minutes", int(d/time.Minute))
	case d < 48*time.Hour:
		return co.Catalog.Text(lang, "time.hours", int(d/time.Hour))
	}
	days, hours := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
	if hours == 0 {
		return co.Catalog.Text(lang, "time.days", days)
	}
	return co.Catalog.Text(lang, "time.days", days) + " " + co.Catalog.Text(lang, "time.hours", hours)
}
