package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// A coordinator's part of /vaccine: finding a family member without a
// phone in their units (/vaccine NAME), recording a dose for them and the
// day of their next one; the household is told, and each is audited.

// coordinatorScope is where the person may record doses for others.
func (v *Vaccine) coordinatorScope(s *session) (storage.Scope, error) {
	if s.isAdmin() {
		return storage.Scope{All: true}, nil
	}
	return s.tx.ScopeOf(s.res.ID, storage.RoleCoordinator)
}

// find lists the family members named like q in the coordinator's units.
func (v *Vaccine) find(c *bot.Context, s *session, q string) error {
	scope, err := v.coordinatorScope(s)
	if err != nil {
		return err
	}
	if scope.Empty() {
		c.Send(c.T("vaccine.args_resident"), nil)
		return nil
	}
	found, err := s.tx.FindDependants(scope, q, vaccineFound)
	if err != nil {
		return err
	}
	if len(found) == 0 {
		c.Send(c.T("vaccine.not_found", q), nil)
		return nil
	}
	if _, err := s.begin(flowVaccine, stepVaccinePick, vaccineData{}); err != nil {
		return err
	}
	var rows [][]bot.Button
	for _, m := range found {
		label := c.T("vaccine.found_line", m.Name, m.ResidentName, m.UnitName)
		rows = append(rows, bot.Row(c.Button(bot.PlainText(excerpt(label, 60)), actVaccinePick, s.nonce(),
			strconv.FormatInt(m.ID, 10))))
	}
	rows = append(rows, bot.Row(s.cancelButton(c, c.T("vaccine.close"))))
	c.Send(c.T("vaccine.found"), bot.Inline(rows...))
	return nil
}

// onPick takes the family member a coordinator records a dose for.
func (v *Vaccine) onPick(ctx context.Context, c *bot.Context, s *session) error {
	if !s.current(c, flowVaccine) || len(c.Params) != 2 {
		return nil
	}
	id, ok := parseID(c.Params, 1)
	if !ok {
		return nil
	}
	scope, err := v.coordinatorScope(s)
	if err != nil {
		return err
	}
	m, err := s.tx.HouseholdMemberByID(scope, id)
	if isNotFound(err) {
		c.Answer(c.T("family.gone"), true)
		return s.end()
	}
	if err != nil {
		return err
	}
	return v.askDose(c, s, vaccineData{Dependant: m.ID, Owner: m.ResidentID})
}

// recordFor saves a dose a coordinator records for a family member of
// a resident in their units (checked again now), tells the resident, and
// audits it.
func (v *Vaccine) recordFor(c *bot.Context, s *session, d vaccineData, day, today string) error {
	m, ok, err := v.coordinatedMember(c, s, d)
	if !ok {
		return err
	}
	saved, _, err := s.tx.RecordDose(storage.Dose{ResidentID: m.ResidentID, DependantID: m.ID, Number: d.Dose,
		GivenOn: day, RecordedBy: s.res.ID}, today)
	if errors.Is(err, storage.ErrInvalid) {
		c.Send(c.T("vaccine.day_range", showDay(storage.FirstDoseDay), showDay(today)), v.dayKeyboard(c, s))
		return nil
	}
	if err != nil {
		return err
	}
	owner, err := s.tx.ResidentByID(m.ResidentID)
	if err != nil {
		return err
	}
	to := v.recipientOf(owner)
	v.tellResident(c, owner, "vaccine.told_owner", s.res.Name, v.doseText(to.Lang, saved.Number), showDay(saved.GivenOn), m.Name)
	if err := s.tx.Audit(storage.AuditEntry{ActorID: s.res.ID, Action: storage.AuditDose, UnitID: m.UnitID,
		SubjectID: m.ResidentID, Outcome: storage.AuditOK, Detail: fmt.Sprintf("dose %d", saved.Number)}); err != nil {
		return err
	}
	// Then the day of the next dose, if one is booked: the household is
	// reminded that morning.
	d.Due = true
	if _, err := s.advance(stepVaccineDue, d); err != nil {
		return err
	}
	c.Send(c.T("vaccine.recorded_for", doseName(c, saved.Number), showDay(saved.GivenOn), m.Name, m.ResidentName,
		m.UnitName, m.ResidentName)+"\n\n"+c.T("vaccine.due_ask_for", m.Name, dueExample(today)),
		bot.Inline(bot.Row(s.cancelButton(c, c.T("vaccine.close")))))
	return nil
}

// dueFor sets the day of the next dose of a family member a coordinator
// recorded a dose for, and tells their household.
func (v *Vaccine) dueFor(c *bot.Context, s *session, d vaccineData, day, today string) error {
	m, ok, err := v.coordinatedMember(c, s, d)
	if !ok {
		return err
	}
	err = s.tx.SetDoseDue(storage.DoseDue{ResidentID: m.ResidentID, DependantID: m.ID, DueOn: day, SetBy: s.res.ID}, today)
	if errors.Is(err, storage.ErrInvalid) {
		c.Send(c.T("vaccine.due_range", showDay(today), showDay(addDays(today, storage.MaxDueAhead))),
			bot.Inline(bot.Row(s.cancelButton(c, c.T("vaccine.close")))))
		return nil
	}
	if err != nil {
		return err
	}
	owner, err := s.tx.ResidentByID(m.ResidentID)
	if err != nil {
		return err
	}
	v.tellResident(c, owner, "vaccine.told_due", s.res.Name, m.Name, showDay(day))
	if err := s.tx.Audit(storage.AuditEntry{ActorID: s.res.ID, Action: storage.AuditDose, UnitID: m.UnitID,
		SubjectID: m.ResidentID, Outcome: storage.AuditOK, Detail: "next dose " + day}); err != nil {
		return err
	}
	c.Send(c.T("vaccine.due_set_for", showDay(day), m.Name, m.ResidentName), nil)
	return s.end()
}

// coordinatedMember finds again the family member of d, in the
// coordinator's units and of the same resident; when they are gone (the
// person told, the flow ended) ok is false.
func (v *Vaccine) coordinatedMember(c *bot.Context, s *session, d vaccineData) (m storage.HouseholdMember, ok bool, err error) {
	scope, err := v.coordinatorScope(s)
	if err != nil {
		return m, false, err
	}
	m, err = s.tx.HouseholdMemberByID(scope, d.Dependant)
	if isNotFound(err) || err == nil && m.ResidentID != d.Owner {
		c.Send(c.T("family.gone"), nil)
		return m, false, s.end()
	}
	return m, err == nil, err
}
