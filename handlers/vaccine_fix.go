package handlers

import (
	"context"
	"strconv"

	"github.com/chungsuc/chungsuc/bot"
)

// Deleting a dose recorded by mistake, from /vaccine's list.

// onFix lists the doses recorded, to delete one recorded by mistake.
func (v *Vaccine) onFix(ctx context.Context, c *bot.Context, s *session) error {
	if !s.current(c, flowVaccine) {
		return nil
	}
	doses, family, err := v.household(s)
	if err != nil {
		return err
	}
	if len(doses) == 0 {
		return v.showList(c, s, "", true)
	}
	if _, err := s.advance(stepVaccineFix, vaccineData{}); err != nil {
		return err
	}
	names := map[int64]string{0: c.T("vaccine.you")}
	for _, d := range family {
		names[d.ID] = d.Name
	}
	var rows [][]bot.Button
	for _, d := range doses {
		label := c.T("vaccine.delete", excerpt(names[d.DependantID], buttonNameMax), doseName(c, d.Number), showDay(d.GivenOn))
		rows = append(rows, bot.Row(c.Button(bot.PlainText(label), actVaccineDelete, s.nonce(), strconv.FormatInt(d.ID, 10))))
	}
	rows = append(rows, bot.Row(c.Button(c.T("vaccine.back"), actVaccineBack, s.nonce())))
	c.Edit(c.T("vaccine.ask_fix"), bot.Inline(rows...))
	return nil
}

// onDelete deletes a dose recorded by mistake.
func (v *Vaccine) onDelete(ctx context.Context, c *bot.Context, s *session) error {
	if !s.current(c, flowVaccine) || len(c.Params) != 2 {
		return nil
	}
	id, ok := parseID(c.Params, 1)
	if !ok {
		return nil
	}
	d, err := s.tx.DeleteDose(s.res.ID, id)
	if isNotFound(err) {
		return v.showList(c, s, "", true)
	}
	if err != nil {
		return err
	}
	who, err := v.whoIs(c, s, d.DependantID)
	if err != nil {
		return err
	}
	return v.showList(c, s, c.T("vaccine.deleted", doseName(c, d.Number), showDay(d.GivenOn), who), true)
}
