package handlers

import (
	"time"

	"chungsuc/bot"
	"chungsuc/storage"
)

// needUnit returns the person's unit; if they have not joined one, it
// replies how to (with /start) and returns ok false.
func (a *App) needUnit(c *bot.Context, s *session) (storage.Unit, bool, error) {
	unit, ok, err := s.unit()
	if err != nil || ok {
		return unit, ok, err
	}
	c.Send(c.T("unit.join_first"), bot.Inline(bot.Row(c.Button(c.T("unit.join_button"), actChangeUnit))))
	return storage.Unit{}, false, nil
}

// location is the time zone of a unit: its own, else the deployment's.
func (a *App) location(unit storage.Unit) *time.Location {
	if unit.TZ != "" {
		if loc, err := time.LoadLocation(unit.TZ); err == nil {
			return loc
		}
	}
	return a.TZ
}

// localDay is the calendar day (YYYY-MM-DD) of t in the unit's time zone.
func (a *App) localDay(unit storage.Unit, t time.Time) string {
	return t.In(a.location(unit)).Format(time.DateOnly)
}

// localTime formats t for a person in the unit's time zone.
func (a *App) localTime(unit storage.Unit, t time.Time) string {
	return t.In(a.location(unit)).Format("15:04 02/01/2006")
}

// localDate formats the day of t for a person in the unit's time zone.
func (a *App) localDate(unit storage.Unit, t time.Time) string {
	return t.In(a.location(unit)).Format("02/01/2006")
}
