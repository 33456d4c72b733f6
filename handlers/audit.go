package handlers

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
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

// line renders one entry: when, outcome, who, what they did, where.
func (au *Audit) line(c *bot.Context, s *session, e storage.AuditEntry, names map[int64]string) (string, error) {
	who, err := au.actorName(c, s, e.ActorID, e.Actor, names)
	if err != nil {
		return "", err
	}
	what, err := au.phrase(c, s, e, names)
	if err != nil {
		return "", err
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
		who, HTML(what), where), nil
}

// phrase says what an entry records, in words: "giao vai trò cán bộ phụ
// trách cho Lan (qua đường dẫn mời)", "gửi lời kêu gọi #3 tới 120 cư dân".
// Its parts come from the entry's codes: the target ("invite 5", "role
// 2", "appeal 3", "hotline 4", a report's or request's reference, a
// command) and the detail (roles, an audience and a count, a reason).
func (au *Audit) phrase(c *bot.Context, s *session, e storage.AuditEntry, names map[int64]string) (string, error) {
	kind, num, _ := strings.Cut(e.Target, " ")
	ref := e.Target
	if n, err := strconv.ParseInt(num, 10, 64); err == nil && c.T("audit.ref."+kind) != "audit.ref."+kind {
		ref = c.T("audit.ref."+kind, idText(n))
	}
	parts := strings.Split(e.Detail, ",")
	role := func(code string) string { return c.T("role.name." + code) }
	subject := func() (string, error) {
		return au.actorName(c, s, e.SubjectID, "", names)
	}
	refused := ""
	if e.Outcome == storage.AuditRefused && e.Detail == "decided" {
		refused = " " + c.T("audit.decided")
	}
	switch e.Action {
	case storage.AuditInvite, storage.AuditInviteUse:
		return c.T("audit.do."+e.Action, ref, role(parts[0])), nil
	case storage.AuditGrant, storage.AuditRevoke:
		who, err := subject()
		if err != nil {
			return "", err
		}
		text := c.T("audit.do."+e.Action, role(parts[0]), who)
		if len(parts) > 1 && parts[1] == "invite" {
			text += " " + c.T("audit.by_invite")
		}
		return text, nil
	case storage.AuditAppealSend:
		if len(parts) < 2 {
			return c.T("audit.appeal_send") + " " + ref, nil
		}
		n, _ := strconv.Atoi(parts[1])
		text := c.T("audit.do.appeal_send", ref, n, c.T("appeal.audience_name."+parts[0]))
		if len(parts) > 2 && parts[2] == "urgent" {
			text += ", " + c.T("audit.urgent")
		}
		return text, nil
	case storage.AuditAppealCancel:
		n, _ := strconv.Atoi(strings.TrimPrefix(e.Detail, "not sent "))
		return c.T("audit.do.appeal_cancel", ref, n), nil
	case storage.AuditDeedPublish:
		_, appeal, _ := strings.Cut(e.Detail, " ")
		return c.T("audit.do.deed_publish", ref, appeal), nil
	case storage.AuditRoleDenied:
		names := make([]string, len(parts))
		for i, p := range parts {
			names[i] = role(p)
		}
		what := e.Target
		if strings.HasPrefix(what, "button ") {
			what = c.T("audit.a_button")
		}
		return c.T("audit.do.role_denied", what, strings.Join(names, ", ")), nil
	case storage.AuditScopeDenied:
		what := c.T("audit.scope." + e.Detail)
		if what == "audit.scope."+e.Detail {
			what = e.Detail
		}
		if e.Target != "" && !strings.HasPrefix(e.Detail, "/") {
			what += " " + ref
		}
		return c.T("audit.do.scope_denied", what), nil
	case storage.AuditInviteBad:
		return c.T("audit.do.invite_bad", c.T("audit.detail."+e.Detail)), nil
	case storage.AuditButtonBad:
		return c.T("audit.button_bad"), nil
	}
	return strings.TrimSpace(c.T("audit."+e.Action)+" "+ref) + refused, nil
}

// actorName names a resident of an entry (who acted, or whom it
// concerned), looked up once per page; or the operator, the bot itself,
// or someone since forgotten.
func (au *Audit) actorName(c *bot.Context, s *session, id int64, actor string, names map[int64]string) (string, error) {
	switch {
	case id == 0 && actor == storage.ActorOperator:
		return c.T("audit.operator"), nil
	case id == 0 && actor == storage.ActorSystem:
		return c.T("audit.system"), nil
	case id == 0:
		return c.T("audit.forgotten"), nil
	}
	if n, ok := names[id]; ok {
		return n, nil
	}
	r, err := s.tx.ResidentByID(id)
	if err != nil && !isNotFound(err) {
		return "", fmt.Errorf("audit actor: %w", err)
	}
	n := r.Name
	if n == "" {
		n = c.T("someone") + " #" + idText(id)
	}
	names[id] = n
	return n, nil
}
