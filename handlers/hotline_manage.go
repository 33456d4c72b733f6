package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// Coordinators keep their units' hotlines: "/hotline add HN-TM-T01 Công an
// phường 024 3863 1234" adds one (the number at the end, checked as a
// Vietnamese number), "/hotline remove" offers those they may remove.
const (
	actHotlineAsk    = "hq" // hotline id: asks to confirm
	actHotlineRemove = "hx" // hotline id
	actHotlineKeep   = "hn" // hotline id
	hotlineChoices   = 20
)

// allowed checks that the sender coordinates some unit (or administers);
// otherwise it refuses, records it and returns the empty scope.
func (hl *Hotlines) allowed(c *bot.Context, s *session, what string) (storage.Scope, error) {
	scope, err := hl.scopeOf(s, storage.RoleCoordinator)
	if err != nil || !scope.Empty() {
		return scope, err
	}
	c.Send(c.T("role.denied.coordinator"), nil)
	return scope, hl.audit(s, storage.AuditEntry{Action: storage.AuditRoleDenied, Target: what,
		Outcome: storage.AuditRefused, Detail: storage.RoleCoordinator})
}

// add adds a hotline: "<unit> <label> <phone>".
func (hl *Hotlines) add(c *bot.Context, s *session, args string) error {
	scope, err := hl.allowed(c, s, "/hotline add")
	if err != nil || scope.Empty() {
		return err
	}
	words := strings.Fields(args)
	if len(words) < 3 {
		c.Send(c.T("hotline.add_usage"), nil)
		return nil
	}
	label, phone, ok := splitPhone(words[1:])
	if !ok {
		c.Send(c.T("hotline.bad_phone", strings.Join(words[1:], " ")), nil)
		return nil
	}
	unit, found, err := hl.findUnit(c, s, words[0])
	if err != nil || !found {
		return err
	}
	if in, err := covers(s.tx, scope, unit.ID); err != nil {
		return err
	} else if !in {
		return hl.refuse(c, s, "/hotline add", unit.ID, "")
	}
	id, err := s.tx.AddHotline(unit.ID, label, phone, "")
	if errors.Is(err, storage.ErrInvalid) {
		c.Send(c.T("hotline.bad_label"), nil)
		return nil
	}
	if err != nil {
		return fmt.Errorf("add hotline: %w", err)
	}
	path, err := hl.unitPath(s.tx, unit.ID)
	if err != nil {
		return err
	}
	c.Send(c.T("hotline.added", label, phone, HTML(path)), nil)
	return hl.audit(s, storage.AuditEntry{Action: storage.AuditHotlineAdd, UnitID: unit.ID,
		Target: fmt.Sprintf("hotline %d", id), Outcome: storage.AuditOK})
}

// splitPhone finds the phone number at the end of words (the longest
// valid one) and the label before it.
func splitPhone(words []string) (label, phone string, ok bool) {
	for k := 1; k < len(words); k++ {
		if p, valid := storage.ValidHotlinePhone(strings.Join(words[k:], " ")); valid {
			return strings.Join(words[:k], " "), p, true
		}
	}
	return "", "", false
}

// inScope returns the hotlines of the units in scope, with their units.
func (hl *Hotlines) inScope(s *session, scope storage.Scope) ([]storage.Hotline, map[int64]storage.Unit, error) {
	var ids []int64
	if scope.All {
		tops, err := s.tx.Children(0)
		if err != nil {
			return nil, nil, err
		}
		for _, u := range tops {
			scope.Units = append(scope.Units, u.ID)
		}
	}
	for _, top := range scope.Units {
		below, err := s.tx.Descendants(top)
		if err != nil {
			return nil, nil, err
		}
		ids = append(ids, below...)
	}
	byUnit, err := s.tx.HotlinesFor(ids)
	if err != nil {
		return nil, nil, fmt.Errorf("hotlines: %w", err)
	}
	var out []storage.Hotline
	units := map[int64]storage.Unit{}
	for _, id := range ids {
		if len(byUnit[id]) == 0 {
			continue
		}
		u, err := s.tx.UnitByID(id)
		if err != nil {
			return nil, nil, err
		}
		units[id] = u
		out = append(out, byUnit[id]...)
	}
	return out, units, nil
}

// remove offers the hotlines the sender may remove, or asks to confirm
// the one numbered in args.
func (hl *Hotlines) remove(c *bot.Context, s *session, args string) error {
	scope, err := hl.allowed(c, s, "/hotline remove")
	if err != nil || scope.Empty() {
		return err
	}
	if strings.TrimSpace(args) != "" {
		id, ok := parseIDArg(args)
		if !ok {
			c.Send(c.T("hotline.remove_usage"), nil)
			return nil
		}
		return hl.ask(c, s, id)
	}
	list, units, err := hl.inScope(s, scope)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		c.Send(c.T("hotline.nothing_to_remove"), nil)
		return nil
	}
	var rows [][]bot.Button
	for _, h := range list[:min(len(list), hotlineChoices)] {
		label := c.T("hotline.choice", idText(h.ID), h.Label, h.Phone, units[h.UnitID].Name)
		rows = append(rows, bot.Row(c.Button(bot.PlainText(label), actHotlineAsk, strconv.FormatInt(h.ID, 10))))
	}
	c.Send(c.T("hotline.pick"), bot.Inline(rows...))
	return nil
}

// removable loads a hotline and checks the sender may remove it.
func (hl *Hotlines) removable(c *bot.Context, s *session, id int64) (storage.Hotline, bool, error) {
	h, err := s.tx.HotlineByID(id)
	if isNotFound(err) {
		c.Send(c.T("hotline.unknown", idText(id)), nil)
		return h, false, nil
	}
	if err != nil {
		return h, false, fmt.Errorf("hotline: %w", err)
	}
	scope, err := hl.scopeOf(s, storage.RoleCoordinator)
	if err != nil {
		return h, false, err
	}
	if in, err := covers(s.tx, scope, h.UnitID); err != nil || !in {
		if err == nil {
			err = hl.refuse(c, s, "/hotline remove", h.UnitID, fmt.Sprintf("hotline %d", h.ID))
		}
		return h, false, err
	}
	return h, true, nil
}

// ask asks to confirm the removal of hotline id.
func (hl *Hotlines) ask(c *bot.Context, s *session, id int64) error {
	h, ok, err := hl.removable(c, s, id)
	if err != nil || !ok {
		return err
	}
	p := strconv.FormatInt(h.ID, 10)
	c.Edit(c.T("hotline.confirm", h.Label, h.Phone), bot.Inline(bot.Row(
		c.Button(c.T("hotline.remove_yes"), actHotlineRemove, p), c.Button(c.T("hotline.remove_no"), actHotlineKeep, p))))
	return nil
}

// onAsk confirms the hotline chosen from the list.
func (hl *Hotlines) onAsk(ctx context.Context, c *bot.Context, s *session) error {
	id, ok := paramID(c)
	if !ok {
		return nil
	}
	return hl.ask(c, s, id)
}

// onRemove removes the hotline.
func (hl *Hotlines) onRemove(ctx context.Context, c *bot.Context, s *session) error {
	id, ok := paramID(c)
	if !ok {
		return nil
	}
	h, ok, err := hl.removable(c, s, id)
	if err != nil || !ok {
		return err
	}
	if err := s.tx.RemoveHotline(h.ID); err != nil {
		return fmt.Errorf("remove hotline: %w", err)
	}
	c.Edit(c.T("hotline.removed", h.Label, h.Phone), nil)
	return hl.audit(s, storage.AuditEntry{Action: storage.AuditHotlineRemove, UnitID: h.UnitID,
		Target: fmt.Sprintf("hotline %d", h.ID), Outcome: storage.AuditOK})
}

// onKeep keeps the hotline.
func (hl *Hotlines) onKeep(ctx context.Context, c *bot.Context, s *session) error {
	c.Edit(c.T("hotline.kept"), nil)
	return nil
}
