package handlers

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"chungsuc/bot"
	"chungsuc/storage"
)

// The audit log, for administrators and officials: every grant,
// revocation, decision, appeal and refused attempt in their units.
const (
	actAuditOlder = "al" // the id of the oldest entry shown
	// auditPage is how many entries one message shows.
	auditPage = 15
)

// audit shows the newest entries of the sender's scope.
func (au *Audit) audit(ctx context.Context, c *bot.Context, s *session) error {
	return au.show(c, s, 0)
}

// onOlder shows the entries before the oldest one shown.
func (au *Audit) onOlder(ctx context.Context, c *bot.Context, s *session) error {
	before, ok := paramID(c)
	if !ok {
		return nil
	}
	return au.show(c, s, before)
}

// show sends a page of entries older than before (0: the newest), with a
// button for the next page when there is one.
func (au *Audit) show(c *bot.Context, s *session, before int64) error {
	scope, err := au.scopeOf(s, storage.RoleOfficial)
	if err != nil {
		return err
	}
	list, err := s.tx.AuditIn(scope, auditPage+1, before)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		c.Send(c.T("audit.empty"), nil)
		return nil
	}
	more := len(list) > auditPage
	list = list[:min(len(list), auditPage)]
	names := map[int64]string{}
	var b strings.Builder
	b.WriteString(c.T("audit.title", len(list)))
	for _, e := range list {
		line, err := au.line(c, s, e, names)
		if err != nil {
			return err
		}
		b.WriteString("\n" + line)
	}
	var kb *bot.Keyboard
	if more {
		kb = bot.Inline(bot.Row(c.Button(c.T("audit.older"), actAuditOlder,
			strconv.FormatInt(list[len(list)-1].ID, 10))))
	}
	c.Send(b.String(), kb)
	return nil
}

// line renders one entry: when, outcome, who, what, on what, where.
func (au *Audit) line(c *bot.Context, s *session, e storage.AuditEntry, names map[int64]string) (string, error) {
	who, err := au.actorName(c, s, e, names)
	if err != nil {
		return "", err
	}
	what := c.T("audit." + e.Action)
	if e.Target != "" {
		what += " " + e.Target
	}
	if e.Detail != "" {
		what += " (" + au.detail(c, e.Detail) + ")"
	}
	where := ""
	if e.UnitID != 0 {
		u, err := s.tx.UnitByID(e.UnitID)
		if err != nil {
			return "", fmt.Errorf("audit unit: %w", err)
		}
		where = " · " + u.Name
	}
	return c.T("audit.line", e.At.In(au.TZ).Format("02/01 15:04"), c.T("audit.outcome."+e.Outcome),
		who, what, where), nil
}

// detail turns the codes an entry's detail holds (roles, reasons) into
// words where the catalogue has them.
func (au *Audit) detail(c *bot.Context, d string) string {
	parts := strings.Split(d, ",")
	for i, p := range parts {
		if t := c.T("audit.detail." + p); t != "audit.detail."+p {
			parts[i] = t
		}
	}
	return strings.Join(parts, ", ")
}

// actorName is who acted: a resident's name (looked up once per page),
// the operator, the bot itself, or someone since forgotten.
func (au *Audit) actorName(c *bot.Context, s *session, e storage.AuditEntry, names map[int64]string) (string, error) {
	switch {
	case e.ActorID == 0 && e.Actor == storage.ActorOperator:
		return c.T("audit.operator"), nil
	case e.ActorID == 0 && e.Actor == storage.ActorSystem:
		return c.T("audit.system"), nil
	case e.ActorID == 0:
		return c.T("audit.forgotten"), nil
	}
	if n, ok := names[e.ActorID]; ok {
		return n, nil
	}
	r, err := s.tx.ResidentByID(e.ActorID)
	if err != nil && !isNotFound(err) {
		return "", fmt.Errorf("audit actor: %w", err)
	}
	n := r.Name
	if n == "" {
		n = c.T("someone") + " #" + strconv.FormatInt(e.ActorID, 10)
	}
	names[e.ActorID] = n
	return n, nil
}
