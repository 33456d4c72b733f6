package handlers

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// Roles by invitation: /invite makes a one-time link that grants a role
// on a unit once the person opens it and accepts; /roles lists who holds
// what; /revoke ends a role, after a confirmation.
const (
	// InviteTTL is how long an invitation link can be used.
	InviteTTL = 48 * time.Hour
	// invitePrefix starts the /start parameter of an invitation link.
	invitePrefix = "inv_"

	actInviteAccept  = "ia" // invite id
	actInviteDecline = "id" // invite id
	actRevokeAsk     = "rq" // grant id: shows the confirmation
	actRevokeYes     = "ry" // grant id
	actRevokeNo      = "rn" // grant id

	// revokeChoices bounds the grants /revoke offers as buttons.
	revokeChoices = 20
)

// roleWords maps what may be typed after /invite to a role.
var roleWords = map[string]string{
	"coordinator": storage.RoleCoordinator, "canbo": storage.RoleCoordinator, "cb": storage.RoleCoordinator,
	"official": storage.RoleOfficial, "lanhdao": storage.RoleOfficial, "ld": storage.RoleOfficial,
}

// invite makes an invitation link: "/invite coordinator HN-TM-T03". An
// administrator may invite to any unit; a coordinator to their own units
// and those below.
func (ro *Roles) invite(ctx context.Context, c *bot.Context, s *session) error {
	scope, err := ro.scopeOf(s, storage.RoleCoordinator)
	if err != nil {
		return err
	}
	word, rest, _ := strings.Cut(strings.TrimSpace(c.Args), " ")
	role, ok := roleWords[strings.ToLower(word)]
	if !ok && word != "" {
		example, err := ro.exampleUnit(s, scope)
		if err != nil {
			return err
		}
		c.Send(c.T("invite.bad_role", word, example), nil)
		return nil
	}
	if !ok {
		return ro.inviteUsage(c, s, scope)
	}
	var unit storage.Unit
	switch rest = strings.TrimSpace(rest); {
	case rest == "" && !scope.All && len(scope.Units) == 1:
		if unit, err = s.tx.UnitByID(scope.Units[0]); err != nil {
			return fmt.Errorf("invite unit: %w", err)
		}
	case rest == "":
		where, err := ro.scopeLines(c, s, scope)
		if err != nil {
			return err
		}
		example, err := ro.exampleUnit(s, scope)
		if err != nil {
			return err
		}
		c.Send(c.T("invite.which_unit", strings.ToLower(word), example, where), nil)
		return nil
	default:
		if unit, ok, err = ro.findUnit(c, s, rest); err != nil || !ok {
			return err
		}
	}
	if in, err := covers(s.tx, scope, unit.ID); err != nil {
		return err
	} else if !in {
		return ro.refuse(c, s, "/invite", unit.ID, "")
	}
	token, inv, err := s.tx.CreateInvite(role, unit.ID, s.res.ID, InviteTTL)
	if err != nil {
		return fmt.Errorf("create invite: %w", err)
	}
	path, err := ro.unitPath(s.tx, unit.ID)
	if err != nil {
		return err
	}
	typed := "/start " + invitePrefix + token
	if url := c.Caps.StartURL(invitePrefix + token); url != "" {
		c.Send(c.T("invite.made", HTML(c.T("role.name."+role)), HTML(path), url, typed,
			ro.localTime(unit, inv.ExpiresAt)), nil)
	} else { // a messenger without links to the bot: the command is the invitation
		c.Send(c.T("invite.made_typed", HTML(c.T("role.name."+role)), HTML(path), typed,
			ro.localTime(unit, inv.ExpiresAt)), nil)
	}
	return ro.audit(s, storage.AuditEntry{Action: storage.AuditInvite, UnitID: unit.ID,
		Target: storage.InviteRef(inv.ID), Outcome: storage.AuditOK, Detail: role})
}

// inviteUsage explains /invite with an example from the sender's units.
func (ro *Roles) inviteUsage(c *bot.Context, s *session, scope storage.Scope) error {
	where, err := ro.scopeLines(c, s, scope)
	if err != nil {
		return err
	}
	example, err := ro.exampleUnit(s, scope)
	if err != nil {
		return err
	}
	c.Send(c.T("invite.usage", example, where), nil)
	return nil
}

// exampleUnit is a unit code for the examples shown to the sender: one of
// their units, or the first at the top of the tree.
func (ro *Roles) exampleUnit(s *session, scope storage.Scope) (string, error) {
	if !scope.All && len(scope.Units) > 0 {
		u, err := s.tx.UnitByID(scope.Units[0])
		if err != nil {
			return "", fmt.Errorf("invite example: %w", err)
		}
		return u.Code, nil
	}
	tops, err := s.tx.Children(0)
	if err != nil || len(tops) == 0 {
		return "HN-TM", err
	}
	return tops[0].Code, nil
}

// openInvite shows an invitation opened from its link, to accept or
// decline; a link unknown, used or expired is explained and recorded.
func (ro *Roles) openInvite(c *bot.Context, s *session, token string) error {
	inv, err := s.tx.InviteByToken(token)
	if errors.Is(err, storage.ErrNotFound) {
		c.Send(c.T("invite.unknown"), nil)
		return ro.audit(s, storage.AuditEntry{Action: storage.AuditInviteBad, Outcome: storage.AuditRefused,
			Detail: "unknown"})
	}
	if err != nil {
		return fmt.Errorf("open invite: %w", err)
	}
	if bad, err := ro.unusable(c, s, inv); bad || err != nil {
		return err
	}
	path, err := ro.unitPath(s.tx, inv.UnitID)
	if err != nil {
		return err
	}
	by := HTML(c.T("invite.by_operator"))
	if inv.CreatedBy != 0 {
		if r, err := s.tx.ResidentByID(inv.CreatedBy); err == nil && r.Name != "" {
			by = HTML(c.T("invite.by", r.Name))
		}
	}
	id := strconv.FormatInt(inv.ID, 10)
	c.Send(c.T("invite.offer", HTML(c.T("role.name."+inv.Role)), HTML(path), by,
		HTML(c.T("role.means."+inv.Role))), bot.Inline(
		bot.Row(c.Button(c.T("invite.accept"), actInviteAccept, id)),
		bot.Row(c.Button(c.T("invite.decline"), actInviteDecline, id))))
	return nil
}

// unusable tells the person why an invitation can no longer be taken
// (used, expired) and records the attempt; bad is false when it can.
func (ro *Roles) unusable(c *bot.Context, s *session, inv storage.Invite) (bad bool, err error) {
	detail := ""
	switch {
	case inv.Used() && inv.UsedBy == s.res.ID:
		c.Send(c.T("invite.yours_already"), nil)
		return true, nil
	case inv.Used():
		c.Send(c.T("invite.used"), nil)
		detail = "used"
	case inv.Expired(s.tx.Now):
		c.Send(c.T("invite.expired"), nil)
		detail = "expired"
	default:
		ok, err := ro.inviterEntitled(s.tx, inv)
		if err != nil || ok {
			return false, err
		}
		c.Send(c.T("invite.withdrawn"), nil)
		detail = "inviter"
	}
	return true, ro.audit(s, storage.AuditEntry{Action: storage.AuditInviteBad, UnitID: inv.UnitID,
		Target: storage.InviteRef(inv.ID), Outcome: storage.AuditRefused, Detail: detail})
}

// inviterEntitled reports whether whoever made inv may still invite to its
// unit: the operator, an administrator, or a coordinator of the unit or
// above. A link made by a coordinator whose role has ended stops working.
func (ro *Roles) inviterEntitled(tx *storage.Tx, inv storage.Invite) (bool, error) {
	if inv.CreatedBy == 0 {
		return true, nil
	}
	by, err := tx.ResidentByID(inv.CreatedBy)
	if isNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("inviter: %w", err)
	}
	if ro.Admins[by.Platform+":"+by.UserID] {
		return true, nil
	}
	return tx.HasRoleOver(by.ID, storage.RoleCoordinator, inv.UnitID)
}

// inviteByParam loads the invitation a button names.
func (ro *Roles) inviteByParam(c *bot.Context, s *session) (storage.Invite, bool, error) {
	if len(c.Params) != 1 {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return storage.Invite{}, false, nil
	}
	id, err := strconv.ParseInt(c.Params[0], 10, 64)
	if err != nil {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return storage.Invite{}, false, nil
	}
	inv, err := s.tx.InviteByID(id)
	if errors.Is(err, storage.ErrNotFound) {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return storage.Invite{}, false, nil
	}
	return inv, err == nil, err
}

// onInviteAccept takes the invitation: the role is granted at once, the
// person is told what it means (with what already waits), their command
// menu changes, and whoever invited them hears of it.
func (ro *Roles) onInviteAccept(ctx context.Context, c *bot.Context, s *session) error {
	inv, ok, err := ro.inviteByParam(c, s)
	if err != nil || !ok {
		return err
	}
	if bad, err := ro.unusable(c, s, inv); bad || err != nil {
		return err
	}
	if _, err := s.tx.UseInvite(inv.ID, s.res.ID); errors.Is(err, storage.ErrConflict) {
		c.Send(c.T("invite.used"), nil)
		return nil
	} else if err != nil {
		return fmt.Errorf("use invite: %w", err)
	}
	grant, err := s.tx.GrantRole(s.res.ID, inv.Role, inv.UnitID, inv.CreatedBy)
	if err != nil {
		return fmt.Errorf("grant invited role: %w", err)
	}
	path, err := ro.unitPath(s.tx, inv.UnitID)
	if err != nil {
		return err
	}
	accepted := c.T("invite.accepted", HTML(c.T("role.name."+inv.Role)), HTML(path))
	if s.res.UnitID == 0 {
		accepted += "\n\n" + c.T("invite.join_hint")
	}
	c.Edit(accepted, nil)
	if _, err := ro.queue.announceRole(c, s.tx, s.res.ID, inv.Role, inv.UnitID); err != nil {
		return err
	}
	if err := ro.menus.refresh(c, s.tx, s.res.ID); err != nil {
		return err
	}
	if err := ro.audit(s, storage.AuditEntry{Action: storage.AuditInviteUse, UnitID: inv.UnitID,
		Target: storage.InviteRef(inv.ID), Outcome: storage.AuditOK, Detail: inv.Role}); err != nil {
		return err
	}
	// The grant is the inviter's act: the invitation only carries it out.
	grantEntry := storage.AuditEntry{ActorID: inv.CreatedBy, Action: storage.AuditGrant, UnitID: inv.UnitID,
		SubjectID: s.res.ID, Target: fmt.Sprintf("role %d", grant), Outcome: storage.AuditOK, Detail: inv.Role + ",invite"}
	if inv.CreatedBy == 0 {
		grantEntry.Actor = storage.ActorOperator
	}
	if err := s.tx.Audit(grantEntry); err != nil {
		return err
	}
	return ro.tellInviter(c, s, inv, path)
}

// tellInviter tells whoever made an invitation that it was taken.
func (ro *Roles) tellInviter(q bot.Queue, s *session, inv storage.Invite, path string) error {
	if inv.CreatedBy == 0 || inv.CreatedBy == s.res.ID {
		return nil
	}
	by, err := s.tx.ResidentByID(inv.CreatedBy)
	if isNotFound(err) || err == nil && by.Stopped() {
		return nil
	}
	if err != nil {
		return fmt.Errorf("inviter: %w", err)
	}
	r := ro.recipientOf(by)
	name := s.res.Name
	if name == "" {
		name = ro.Catalog.Text(r.Lang, "someone")
	}
	ro.tell(q, r, 0, ro.Catalog.Text(r.Lang, "invite.taken", name,
		HTML(ro.Catalog.Text(r.Lang, "role.name."+inv.Role)), HTML(path)), nil)
	return nil
}

// onInviteDecline leaves the invitation unused: it still works until it
// expires, should the person change their mind.
func (ro *Roles) onInviteDecline(ctx context.Context, c *bot.Context, s *session) error {
	inv, ok, err := ro.inviteByParam(c, s)
	if err != nil || !ok {
		return err
	}
	unit, err := s.tx.UnitByID(inv.UnitID)
	if err != nil {
		return fmt.Errorf("declined invite unit: %w", err)
	}
	c.Edit(c.T("invite.declined", ro.localTime(unit, inv.ExpiresAt)), nil)
	return nil
}

// roles lists the roles held in the sender's units, grouped by unit, with
// the number to revoke each.
func (ro *Roles) roles(ctx context.Context, c *bot.Context, s *session) error {
	scope, err := ro.scopeOf(s, storage.RoleCoordinator, storage.RoleOfficial)
	if err != nil {
		return err
	}
	held, err := ro.heldIn(s, scope)
	if err != nil {
		return err
	}
	if len(held) == 0 {
		c.Send(c.T("roles.none"), nil)
		return nil
	}
	var b strings.Builder
	b.WriteString(c.T("roles.title", len(held)))
	unit := int64(0)
	for _, h := range held {
		if h.UnitID != unit {
			unit = h.UnitID
			path, err := ro.unitPath(s.tx, h.UnitID)
			if err != nil {
				return err
			}
			b.WriteString("\n\n" + c.T("roles.unit", HTML(path), h.UnitCode))
		}
		u, err := s.tx.UnitByID(h.UnitID)
		if err != nil {
			return fmt.Errorf("role unit: %w", err)
		}
		b.WriteString("\n" + c.T("roles.line", idText(h.ID), HTML(c.T("role.name."+h.Role.Role)), ro.holderName(c, h),
			ro.localDate(u, h.GrantedAt)))
	}
	hint := "roles.hint_official"
	if coord, err := ro.scopeOf(s, storage.RoleCoordinator); err != nil {
		return err
	} else if !coord.Empty() {
		hint = "roles.hint"
	}
	b.WriteString("\n\n" + c.T(hint))
	c.Send(b.String(), nil)
	return nil
}

// holderName is how a role holder is shown: their name and username.
func (ro *Roles) holderName(c *bot.Context, h storage.RoleHolder) string {
	name := h.Name
	if name == "" {
		name = c.T("someone")
	}
	if h.Username != "" {
		name += " (@" + h.Username + ")"
	}
	return name
}

// heldIn returns the active grants on units in scope, by unit code.
func (ro *Roles) heldIn(s *session, scope storage.Scope) ([]storage.RoleHolder, error) {
	all, err := s.tx.ActiveRoles()
	if err != nil {
		return nil, err
	}
	var out []storage.RoleHolder
	for _, h := range all {
		if in, err := covers(s.tx, scope, h.UnitID); err != nil {
			return nil, err
		} else if in {
			out = append(out, h)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].UnitCode < out[j].UnitCode })
	return out, nil
}

// mayRevoke reports whether the sender may end grant g: an administrator
// any; a coordinator one on a unit below their own, or their own (to step
// down), never a peer's or one above.
func (ro *Roles) mayRevoke(s *session, g storage.Role) (bool, error) {
	if s.isAdmin() || g.ResidentID == s.res.ID {
		return true, nil
	}
	scope, err := s.tx.ScopeOf(s.res.ID, storage.RoleCoordinator)
	if err != nil {
		return false, fmt.Errorf("coordinator scope: %w", err)
	}
	return coversBelow(s.tx, scope, g.UnitID)
}

// revoke ends a role: "/revoke 12" asks to confirm grant #12; without a
// number it offers the grants the sender may end as buttons.
func (ro *Roles) revoke(ctx context.Context, c *bot.Context, s *session) error {
	if strings.TrimSpace(c.Args) != "" {
		id, ok := parseIDArg(c.Args)
		if !ok {
			c.Send(c.T("revoke.usage"), nil)
			return nil
		}
		return ro.askRevoke(c, s, id)
	}
	scope, err := ro.scopeOf(s, storage.RoleCoordinator)
	if err != nil {
		return err
	}
	held, err := ro.heldIn(s, scope)
	if err != nil {
		return err
	}
	var rows [][]bot.Button
	for _, h := range held {
		if ok, err := ro.mayRevoke(s, h.Role); err != nil {
			return err
		} else if !ok {
			continue
		}
		if len(rows) == revokeChoices {
			break
		}
		label := c.T("revoke.choice", idText(h.ID), ro.holderName(c, h), c.T("role.name."+h.Role.Role), h.UnitCode)
		rows = append(rows, bot.Row(c.Button(bot.PlainText(label), actRevokeAsk, strconv.FormatInt(h.ID, 10))))
	}
	if len(rows) == 0 {
		c.Send(c.T("revoke.nothing"), nil)
		return nil
	}
	c.Send(c.T("revoke.pick"), bot.Inline(rows...))
	return nil
}

// grant loads the active grant a button or argument names; a grant
// already ended is explained.
func (ro *Roles) grant(c *bot.Context, s *session, id int64) (storage.RoleHolder, bool, error) {
	all, err := s.tx.ActiveRoles()
	if err != nil {
		return storage.RoleHolder{}, false, err
	}
	for _, h := range all {
		if h.ID == id {
			return h, true, nil
		}
	}
	c.Send(c.T("revoke.unknown", idText(id)), nil)
	return storage.RoleHolder{}, false, nil
}

// revocable loads active grant id and checks that the sender may end it;
// otherwise it says why (and records a refusal) and returns ok false.
func (ro *Roles) revocable(c *bot.Context, s *session, id int64) (storage.RoleHolder, bool, error) {
	h, ok, err := ro.grant(c, s, id)
	if err != nil || !ok {
		return h, false, err
	}
	if may, err := ro.mayRevoke(s, h.Role); err != nil || !may {
		if err == nil {
			err = ro.refuse(c, s, "/revoke", h.UnitID, fmt.Sprintf("role %d", h.ID))
		}
		return h, false, err
	}
	return h, true, nil
}

// askRevoke asks the sender to confirm the end of grant id.
func (ro *Roles) askRevoke(c *bot.Context, s *session, id int64) error {
	h, ok, err := ro.revocable(c, s, id)
	if err != nil || !ok {
		return err
	}
	path, err := ro.unitPath(s.tx, h.UnitID)
	if err != nil {
		return err
	}
	p := strconv.FormatInt(h.ID, 10)
	text := c.T("revoke.confirm", ro.holderName(c, h), HTML(c.T("role.name."+h.Role.Role)), HTML(path))
	if h.ResidentID == s.res.ID {
		text = c.T("revoke.confirm_self", HTML(c.T("role.name."+h.Role.Role)), HTML(path))
	}
	kb := bot.Inline(bot.Row(c.Button(c.T("revoke.yes"), actRevokeYes, p), c.Button(c.T("revoke.no"), actRevokeNo, p)))
	c.Edit(text, kb)
	return nil
}

// onRevokeAsk confirms the grant chosen from /revoke's list.
func (ro *Roles) onRevokeAsk(ctx context.Context, c *bot.Context, s *session) error {
	id, ok := paramID(c)
	if !ok {
		return nil
	}
	return ro.askRevoke(c, s, id)
}

// onRevokeYes ends the grant, tells its holder and changes their menu.
func (ro *Roles) onRevokeYes(ctx context.Context, c *bot.Context, s *session) error {
	id, ok := paramID(c)
	if !ok {
		return nil
	}
	h, ok, err := ro.revocable(c, s, id)
	if err != nil || !ok {
		return err
	}
	if err := s.tx.RevokeRole(h.ID); err != nil {
		return fmt.Errorf("revoke: %w", err)
	}
	path, err := ro.unitPath(s.tx, h.UnitID)
	if err != nil {
		return err
	}
	c.Edit(c.T("revoke.done", ro.holderName(c, h), HTML(c.T("role.name."+h.Role.Role)), HTML(path)), nil)
	if err := ro.audit(s, storage.AuditEntry{Action: storage.AuditRevoke, UnitID: h.UnitID, SubjectID: h.ResidentID,
		Target: fmt.Sprintf("role %d", h.ID), Outcome: storage.AuditOK, Detail: h.Role.Role}); err != nil {
		return err
	}
	return ro.ended(c, s.tx, h.Role, s.res.ID)
}

// ended tells the holder of grant g, revoked by resident by (0: the
// operator), that their role ended, unless they revoked it themselves, and
// gives them the menu of the roles they still hold.
func (ro *Roles) ended(q bot.Queue, tx *storage.Tx, g storage.Role, by int64) error {
	if g.ResidentID != by {
		r, err := tx.ResidentByID(g.ResidentID)
		if err != nil && !isNotFound(err) {
			return fmt.Errorf("revoked holder: %w", err)
		}
		if err == nil && !r.Stopped() {
			path, err := ro.unitPath(tx, g.UnitID)
			if err != nil {
				return err
			}
			rc := ro.recipientOf(r)
			ro.tell(q, rc, 0, ro.Catalog.Text(rc.Lang, "revoke.told",
				HTML(ro.Catalog.Text(rc.Lang, "role.name."+g.Role)), HTML(path)), nil)
		}
	}
	return ro.menus.refresh(q, tx, g.ResidentID)
}

// onRevokeNo keeps the grant.
func (ro *Roles) onRevokeNo(ctx context.Context, c *bot.Context, s *session) error {
	c.Edit(c.T("revoke.kept"), nil)
	return nil
}

// paramID reads a button's one numeric parameter; a malformed one is
// answered as an expired button.
func paramID(c *bot.Context) (int64, bool) {
	if len(c.Params) == 1 {
		if id, err := strconv.ParseInt(c.Params[0], 10, 64); err == nil && id > 0 {
			return id, true
		}
	}
	c.Answer(c.T(bot.MsgExpiredButton), true)
	return 0, false
}

// enqueueAll writes messages a job or a side effect built to the outbox.
func enqueueAll(tx *storage.Tx, out []bot.Outgoing) error {
	for _, m := range out {
		if err := enqueue(tx, m); err != nil {
			return err
		}
	}
	return nil
}
