package handlers

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// needUnit returns the person's unit; if they have not joined one, it
// replies how to (with /start) and returns ok false.
func (co *core) needUnit(c *bot.Context, s *session) (storage.Unit, bool, error) {
	unit, ok, err := s.unit()
	if err != nil || ok {
		return unit, ok, err
	}
	c.Send(c.T("unit.join_first"), bot.Inline(bot.Row(c.Button(c.T("unit.join_button"), actChangeUnit))))
	return storage.Unit{}, false, nil
}

// location is the time zone of a unit: its own, else the deployment's.
func (co *core) location(unit storage.Unit) *time.Location {
	if unit.TZ != "" {
		if loc, err := time.LoadLocation(unit.TZ); err == nil {
			return loc
		}
	}
	return co.TZ
}

// localDay is the calendar day (YYYY-MM-DD) of t in the unit's time zone.
func (co *core) localDay(unit storage.Unit, t time.Time) string {
	return t.In(co.location(unit)).Format(time.DateOnly)
}

// localTime formats t for a person in the unit's time zone.
func (co *core) localTime(unit storage.Unit, t time.Time) string {
	return t.In(co.location(unit)).Format("15:04 02/01/2006")
}

// localDate formats the day of t for a person in the unit's time zone.
func (co *core) localDate(unit storage.Unit, t time.Time) string {
	return t.In(co.location(unit)).Format("02/01/2006")
}

// paramUnit loads the unit named by the button's second param.
func (co *core) paramUnit(c *bot.Context, s *session) (storage.Unit, bool, error) {
	id, ok := parseID(c.Params, 1)
	if !ok {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return storage.Unit{}, false, nil
	}
	unit, err := s.tx.UnitByID(id)
	if errors.Is(err, storage.ErrNotFound) {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return storage.Unit{}, false, nil
	}
	if err != nil {
		return storage.Unit{}, false, fmt.Errorf("load unit: %w", err)
	}
	return unit, true, nil
}

// unitPath names a unit with all its ancestors: "Tổ dân phố 1, Phường
// Tương Mai, Thành phố Hà Nội" (escaped HTML). 0 gives "".
func (co *core) unitPath(tx *storage.Tx, id int64) (string, error) {
	if id == 0 {
		return "", nil
	}
	chain, err := tx.Ancestors(id)
	if err != nil {
		return "", fmt.Errorf("unit path: %w", err)
	}
	names := make([]string, len(chain))
	for i, u := range chain {
		names[i] = bot.Escape(u.Name)
	}
	return strings.Join(names, ", "), nil
}
