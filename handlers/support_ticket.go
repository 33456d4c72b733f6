package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// The buttons of a coordinator's ticket. They are not tied to a flow: the
// request's state, read when one is pressed, decides what it may do.
const (
	actHelpClaim   = "hc" // request id
	actHelpResolve = "hd" // request id
)

// buttonFunc makes a button only userID can press (bot.Context.ButtonFor
// in an update, bot.Messages.ButtonFor in a job).
type buttonFunc func(userID, text, action string, params ...string) bot.Button

// ticket is what coordinators are shown about a help request.
type ticket struct {
	h    storage.HelpRequest
	res  storage.Resident // who asked
	unit storage.Unit     // where they asked from
	path string           // the unit's full name, escaped HTML
}

// openHelpRequest opens a request for help from the sender, living in
// unit (check-in and /support call it): it saves the request, with the
// phone number the resident gave before, and sends the tickets to the
// coordinators of the nearest unit upward that has any (else the
// administrators). source is storage.HelpFromSupport or HelpFromCheckin.
func (sp *Support) openHelpRequest(c *bot.Context, s *session, unit storage.Unit, kind, description, source string) (storage.HelpRequest, error) {
	return sp.createHelp(c, s, unit, storage.HelpRequest{Kind: kind, Description: description,
		Phone: s.res.Phone, Source: source})
}

// createHelp saves h for the sender in unit and sends its tickets.
func (sp *Support) createHelp(c *bot.Context, s *session, unit storage.Unit, h storage.HelpRequest) (storage.HelpRequest, error) {
	h.ResidentID, h.UnitID = s.res.ID, unit.ID
	saved, err := s.tx.CreateHelpRequest(h)
	if err != nil {
		return storage.HelpRequest{}, fmt.Errorf("open help request: %w", err)
	}
	// Nobody handles their own request: a coordinator's goes to the others.
	recips, at, err := sp.reviewersFor(s, unit.ID, reach{admins: true, skip: map[int64]bool{s.res.ID: true}})
	if err != nil {
		return storage.HelpRequest{}, err
	}
	path, err := sp.unitPath(s.tx, unit.ID)
	if err != nil {
		return storage.HelpRequest{}, err
	}
	sp.sendTickets(c, ticket{h: saved, res: s.res, unit: unit, path: path}, recips, c.ButtonFor, nil)
	s.told = len(recips)
	if err := s.tx.SetHelpNotified(saved.ID, at); err != nil {
		return storage.HelpRequest{}, err
	}
	saved.NotifiedUnitID = at
	return saved, nil
}

// sendTickets queues the ticket to each recipient, in their language,
// with an extra line from note (nil for none) and the buttons its state
// allows.
func (sp *Support) sendTickets(q bot.Queue, t ticket, recips []recipient, mk buttonFunc, note func(lang string) string) {
	for _, r := range recips {
		text := sp.ticketText(t, r.Lang)
		if note != nil {
			text += "\n\n" + note(r.Lang)
		}
		sp.tell(q, r, t.res.ID, text, sp.ticketKeyboard(t.h, r.UserID, r.Lang, mk))
	}
}

// ticketText renders a ticket in lang, with its state once taken on.
func (sp *Support) ticketText(t ticket, lang string) string {
	phone := sp.Catalog.Text(lang, "support.no_phone")
	if t.h.Phone != "" {
		phone = t.h.Phone
	}
	return sp.Catalog.Text(lang, "support.ticket", storage.HelpRef(t.h.ID),
		sp.Catalog.Text(lang, "support.kind."+t.h.Kind), sp.personLink(t.res), HTML(t.path), phone,
		t.h.Description, sp.localTime(t.unit, t.h.CreatedAt))
}

// ticketKeyboard is the buttons a request's state allows: claim and
// resolve while open, resolve once claimed, none when resolved.
func (sp *Support) ticketKeyboard(h storage.HelpRequest, userID, lang string, mk buttonFunc) *bot.Keyboard {
	id := fmt.Sprint(h.ID)
	resolve := mk(userID, sp.Catalog.Text(lang, "support.resolve"), actHelpResolve, id)
	switch h.Status {
	case storage.HelpOpen:
		return bot.Inline(bot.Row(mk(userID, sp.Catalog.Text(lang, "support.claim"), actHelpClaim, id), resolve))
	case storage.HelpClaimed:
		return bot.Inline(bot.Row(resolve))
	}
	return nil
}

// onHelpClaim lets a coordinator take a request on; the resident is told.
func (sp *Support) onHelpClaim(ctx context.Context, c *bot.Context, s *session) error {
	t, ok, err := sp.pressedTicket(c, s)
	if err != nil || !ok {
		return err
	}
	h, err := s.tx.ClaimHelpRequest(t.h.ID, s.res.ID)
	t.h = h
	if errors.Is(err, storage.ErrConflict) {
		if err := sp.auditTicket(s, t, storage.AuditHelpClaim, true); err != nil {
			return err
		}
		return sp.ticketTaken(c, s, t)
	}
	if err != nil {
		return fmt.Errorf("claim: %w", err)
	}
	if err := sp.auditTicket(s, t, storage.AuditHelpClaim, false); err != nil {
		return err
	}
	name := sp.coordinatorName(sp.langFor(t.res.Language, t.res.PlatformLanguage), s.res)
	key := "support.told_claimed"
	if strings.HasPrefix(storage.Fold(name), "can bo") { // "Cán bộ Lan": not "Cán bộ Cán bộ Lan"
		key = "support.told_claimed_titled"
	}
	sp.tellResident(c, t.res, key, storage.HelpRef(h.ID), name)
	c.Answer(c.T("support.claim_done", storage.HelpRef(h.ID)), false)
	return sp.showTicket(c, s, t)
}

// onHelpResolve marks a request done; the resident is told and thanked.
func (sp *Support) onHelpResolve(ctx context.Context, c *bot.Context, s *session) error {
	t, ok, err := sp.pressedTicket(c, s)
	if err != nil || !ok {
		return err
	}
	h, err := s.tx.ResolveHelpRequest(t.h.ID, s.res.ID)
	t.h = h
	if errors.Is(err, storage.ErrConflict) {
		if err := sp.auditTicket(s, t, storage.AuditHelpResolve, true); err != nil {
			return err
		}
		return sp.ticketTaken(c, s, t)
	}
	if err != nil {
		return fmt.Errorf("resolve: %w", err)
	}
	if err := sp.auditTicket(s, t, storage.AuditHelpResolve, false); err != nil {
		return err
	}
	sp.tellResident(c, t.res, "support.told_resolved", storage.HelpRef(h.ID))
	if err := sp.tellClaimant(c, s, h); err != nil {
		return err
	}
	c.Answer(c.T("support.resolve_done", storage.HelpRef(h.ID)), false)
	return sp.showTicket(c, s, t)
}

// tellClaimant tells the coordinator who took h on, when someone else
// marked it done, so that they do not go on with it.
func (sp *Support) tellClaimant(c *bot.Context, s *session, h storage.HelpRequest) error {
	if h.ClaimedBy == 0 || h.ClaimedBy == s.res.ID {
		return nil
	}
	claimant, err := s.tx.ResidentByID(h.ClaimedBy)
	if isNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("claimant of %s: %w", storage.HelpRef(h.ID), err)
	}
	sp.tellResident(c, claimant, "support.told_done_by_other", storage.HelpRef(h.ID),
		sp.coordinatorName(sp.langFor(claimant.Language, claimant.PlatformLanguage), s.res))
	return nil
}

// pressedTicket loads the request a ticket button names and checks, now,
// that the presser may act on it: a coordinator of its unit or above, or
// an administrator. Otherwise it answers why and returns ok false.
func (sp *Support) pressedTicket(c *bot.Context, s *session) (ticket, bool, error) {
	id, ok := parseID(c.Params, 0)
	if !ok {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return ticket{}, false, nil
	}
	t, err := sp.loadTicket(s.tx, id)
	if isNotFound(err) {
		c.Answer(c.T("support.gone"), true)
		c.Edit(c.T("support.gone"), nil) // the ticket's personal details go too
		return ticket{}, false, nil
	}
	if err != nil {
		return ticket{}, false, err
	}
	if t.h.ResidentID == s.res.ID {
		c.Answer(c.T("support.own_request"), true)
		return ticket{}, false, nil
	}
	allowed, err := s.tx.HasRoleOver(s.res.ID, storage.RoleCoordinator, t.h.UnitID)
	if err != nil {
		return ticket{}, false, fmt.Errorf("check coordinator: %w", err)
	}
	if !allowed && !s.isAdmin() {
		c.Answer(c.T("support.not_allowed"), true)
		return ticket{}, false, sp.audit(s, storage.AuditEntry{Action: storage.AuditScopeDenied, UnitID: t.h.UnitID,
			Target: storage.HelpRef(t.h.ID), Outcome: storage.AuditRefused, Detail: "ticket"})
	}
	return t, true, nil
}

// auditTicket records taking on or resolving a request, or the attempt
// refused because someone else had done it.
func (sp *Support) auditTicket(s *session, t ticket, action string, refused bool) error {
	e := storage.AuditEntry{Action: action, UnitID: t.h.UnitID, SubjectID: t.h.ResidentID,
		Target: storage.HelpRef(t.h.ID), Outcome: storage.AuditOK}
	if refused {
		e.Outcome, e.Detail = storage.AuditRefused, "decided"
	}
	return sp.audit(s, e)
}

// loadTicket loads a request with its resident and unit. A request whose
// resident is gone counts as gone: ErrNotFound.
func (sp *Support) loadTicket(tx *storage.Tx, id int64) (ticket, error) {
	h, err := tx.HelpRequestByID(id)
	if err != nil {
		return ticket{}, err
	}
	return sp.ticketOf(tx, h)
}

// ticketOf completes h into a ticket; ErrNotFound when its resident is gone.
func (sp *Support) ticketOf(tx *storage.Tx, h storage.HelpRequest) (ticket, error) {
	if h.ResidentID == 0 {
		return ticket{}, fmt.Errorf("resident of %s: %w", storage.HelpRef(h.ID), storage.ErrNotFound)
	}
	res, err := tx.ResidentByID(h.ResidentID)
	if err != nil {
		return ticket{}, fmt.Errorf("resident of %s: %w", storage.HelpRef(h.ID), err)
	}
	unit, err := tx.UnitByID(h.UnitID)
	if err != nil {
		return ticket{}, fmt.Errorf("unit of %s: %w", storage.HelpRef(h.ID), err)
	}
	path, err := sp.unitPath(tx, h.UnitID)
	if err != nil {
		return ticket{}, err
	}
	return ticket{h: h, res: res, unit: unit, path: path}, nil
}

// ticketTaken answers a press on a request someone already took on or
// resolved: who, and when; the presser's ticket shows the state.
func (sp *Support) ticketTaken(c *bot.Context, s *session, t ticket) error {
	ref := storage.HelpRef(t.h.ID)
	switch t.h.Status {
	case storage.HelpClaimed:
		name, err := sp.coordinatorByID(c, s, t.h.ClaimedBy)
		if err != nil {
			return err
		}
		c.Answer(c.T("support.already_claimed", ref, name, sp.localTime(t.unit, t.h.ClaimedAt)), true)
	default:
		c.Answer(c.T("support.already_resolved", ref, sp.localTime(t.unit, t.h.ResolvedAt)), true)
	}
	return sp.showTicket(c, s, t)
}

// showTicket edits the pressed ticket to show the request's state.
func (sp *Support) showTicket(c *bot.Context, s *session, t ticket) error {
	text := sp.ticketText(t, c.Lang)
	switch t.h.Status {
	case storage.HelpClaimed:
		name, err := sp.coordinatorByID(c, s, t.h.ClaimedBy)
		if err != nil {
			return err
		}
		text += "\n\n" + c.T("support.state_claimed", name, sp.localTime(t.unit, t.h.ClaimedAt))
	case storage.HelpResolved:
		name, err := sp.coordinatorByID(c, s, t.h.ResolvedBy)
		if err != nil {
			return err
		}
		text += "\n\n" + c.T("support.state_resolved", name, sp.localTime(t.unit, t.h.ResolvedAt))
	}
	// The edit carries the resident's details: forgetting them removes it.
	c.EditAbout(text, sp.ticketKeyboard(t.h, c.Update.From.ID, c.Lang, c.ButtonFor), t.res.ID)
	return nil
}

// coordinatorByID names the coordinator with id (one forgotten since is
// "an officer").
func (sp *Support) coordinatorByID(c *bot.Context, s *session, id int64) (string, error) {
	if id == 0 {
		return c.T("support.a_coordinator"), nil
	}
	r, err := s.tx.ResidentByID(id)
	if isNotFound(err) {
		return c.T("support.a_coordinator"), nil
	}
	if err != nil {
		return "", fmt.Errorf("coordinator %d: %w", id, err)
	}
	return sp.coordinatorName(c.Lang, r), nil
}

// coordinatorName is how a coordinator is named to others, in lang.
func (sp *Support) coordinatorName(lang string, r storage.Resident) string {
	if r.Name == "" {
		return sp.Catalog.Text(lang, "support.a_coordinator")
	}
	return r.Name
}
