package handlers

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// scopeOf returns the units where the sender holds any of roles now (and
// everything below them): every unit for an administrator.
func (co *core) scopeOf(s *session, roles ...string) (storage.Scope, error) {
	if s.isAdmin() {
		return storage.Scope{All: true}, nil
	}
	var scope storage.Scope
	for _, role := range roles {
		sc, err := s.tx.ScopeOf(s.res.ID, role)
		if err != nil {
			return storage.Scope{}, fmt.Errorf("%s scope: %w", role, err)
		}
		for _, id := range sc.Units {
			if !slices.Contains(scope.Units, id) {
				scope.Units = append(scope.Units, id)
			}
		}
	}
	return scope, nil
}

// covers reports whether unitID is one of the scope's units or below one.
func covers(tx *storage.Tx, scope storage.Scope, unitID int64) (bool, error) {
	if scope.All {
		return true, nil
	}
	up, err := tx.Ancestors(unitID)
	if err != nil {
		return false, fmt.Errorf("units above %d: %w", unitID, err)
	}
	for _, u := range up {
		if slices.Contains(scope.Units, u.ID) {
			return true, nil
		}
	}
	return false, nil
}

// coversBelow reports whether unitID lies strictly below one of the
// scope's units: what a coordinator may manage without acting on their
// peers or upward.
func coversBelow(tx *storage.Tx, scope storage.Scope, unitID int64) (bool, error) {
	if scope.All {
		return true, nil
	}
	up, err := tx.Ancestors(unitID)
	if err != nil {
		return false, fmt.Errorf("units above %d: %w", unitID, err)
	}
	for _, u := range up[1:] {
		if slices.Contains(scope.Units, u.ID) {
			return true, nil
		}
	}
	return false, nil
}

// audit writes what the sender did, or tried to do, to the audit log.
func (co *core) audit(s *session, e storage.AuditEntry) error {
	e.ActorID = s.res.ID
	if err := s.tx.Audit(e); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// refuse tells the sender they may not act on unitID (it is not theirs),
// and records the attempt.
func (co *core) refuse(c *bot.Context, s *session, action string, unitID int64, target string) error {
	path, err := co.unitPath(s.tx, unitID)
	if err != nil {
		return err
	}
	text := c.T("scope.denied", HTML(path))
	if c.Update.Kind == bot.KindCallback {
		c.Answer(text, true)
	} else {
		c.Send(text, nil)
	}
	return co.audit(s, storage.AuditEntry{Action: storage.AuditScopeDenied, UnitID: unitID, Target: target,
		Outcome: storage.AuditRefused, Detail: action})
}

// findUnit resolves what a coordinator typed to name a unit: its code
// (in any case) or words of its name. When nothing or several units
// match, it replies with what to type and returns ok false.
func (co *core) findUnit(c *bot.Context, s *session, arg string) (storage.Unit, bool, error) {
	arg = strings.TrimSpace(arg)
	if u, err := s.tx.UnitByCode(strings.ToUpper(arg)); err == nil {
		return u, true, nil
	} else if !errors.Is(err, storage.ErrNotFound) {
		return storage.Unit{}, false, fmt.Errorf("find unit: %w", err)
	}
	found, err := s.tx.SearchUnits(arg, 6)
	if err != nil {
		return storage.Unit{}, false, fmt.Errorf("find unit: %w", err)
	}
	switch {
	case len(found) == 1:
		return found[0], true, nil
	case len(found) == 0:
		c.Send(c.T("unit.not_found", arg), nil)
		return storage.Unit{}, false, nil
	}
	var lines []string
	for _, u := range found[:min(len(found), 5)] {
		path, err := co.unitPath(s.tx, u.ID)
		if err != nil {
			return storage.Unit{}, false, err
		}
		lines = append(lines, c.T("unit.candidate", u.Code, HTML(path)))
	}
	c.Send(c.T("unit.ambiguous", arg, HTML(strings.Join(lines, "\n"))), nil)
	return storage.Unit{}, false, nil
}

// scopeLines lists the units of a scope with their codes, one per line,
// for a reply that says where someone may act.
func (co *core) scopeLines(c *bot.Context, s *session, scope storage.Scope) (HTML, error) {
	if scope.All {
		return HTML(c.T("coord.everywhere")), nil
	}
	var lines []string
	for _, id := range scope.Units {
		u, err := s.tx.UnitByID(id)
		if err != nil {
			return "", fmt.Errorf("scope unit: %w", err)
		}
		path, err := co.unitPath(s.tx, id)
		if err != nil {
			return "", err
		}
		lines = append(lines, c.T("unit.candidate", u.Code, HTML(path)))
	}
	return HTML(strings.Join(lines, "\n")), nil
}

// idText writes an id as people type it back: digits only, never grouped
// the way the catalogue writes quantities ("#1234", not "#1.234").
func idText(id int64) string { return strconv.FormatInt(id, 10) }

// parseIDArg reads an id typed after a command: "12", "#12", or with the
// grouping dots or commas a phone may add ("1.234").
func parseIDArg(arg string) (int64, bool) {
	arg = strings.NewReplacer(".", "", ",", "", " ", "").Replace(strings.TrimPrefix(strings.TrimSpace(arg), "#"))
	id, err := strconv.ParseInt(arg, 10, 64)
	return id, err == nil && id > 0
}
