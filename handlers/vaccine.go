package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// Vaccine is /vaccine (/tiemchung): the vaccine doses a resident records
// for themself and for the family members they check in for. Like a
// check-in, it is health data: only the coordinators of the resident's
// unit see who; officials and the public see counts.
type Vaccine struct {
	*core
	checkins *Checkins
}

const (
	flowVaccine      = "vaccine"
	actVaccineAdd    = "va" // nonce: who is the dose for? (or which dose, alone at home)
	actVaccineWho    = "vw" // nonce, family member id (0: oneself): which dose?
	actVaccineDose   = "vn" // nonce, dose number: on which day?
	actVaccineDay    = "vd" // nonce, days before today (0, 1): records the dose
	actVaccineFix    = "vx" // nonce: which dose to delete?
	actVaccineDelete = "vr" // nonce, dose id: deletes it
	actVaccineBack   = "vb" // nonce: back to the list
	actVaccinePick   = "vp" // nonce, family member id: a coordinator records for them
	actVaccineDue    = "vh" // nonce: whom is the next dose for? (or its day, alone at home)
	// actVaccineAfterCheckin, under a saved check-in, records a dose of the
	// person just checked in: the optional last step of the check-in.
	actVaccineAfterCheckin = "vc" // family member id (0: oneself)

	stepVaccineList = "list"
	stepVaccineWho  = "who"
	stepVaccineDose = "dose"
	stepVaccineDay  = "day"
	stepVaccineFix  = "fix"
	stepVaccinePick = "pick"
	stepVaccineDue  = "due"

	// vaccineFound bounds the family members a coordinator's search shows.
	vaccineFound = 10
)

// vaccineData is the dose being recorded.
type vaccineData struct {
	Dependant int64 `json:"dependant,omitempty"` // 0: the resident themself
	Dose      int   `json:"dose,omitempty"`
	// Owner, when set, is the resident whose family member a coordinator
	// records a dose for.
	Owner int64 `json:"owner,omitempty"`
	// Due: the flow sets the day of the next dose rather than a dose.
	Due bool `json:"due,omitempty"`
}

// vaccine shows the doses recorded in the resident's household; with a
// name, a coordinator finds a family member without a phone in their
// units to record a dose for.
func (v *Vaccine) vaccine(ctx context.Context, c *bot.Context, s *session) error {
	if q := strings.TrimSpace(c.Args); q != "" {
		return v.find(c, s, q)
	}
	if _, ok, err := v.needUnit(c, s); err != nil || !ok {
		return err
	}
	if _, err := s.begin(flowVaccine, stepVaccineList, vaccineData{}); err != nil {
		return err
	}
	return v.showList(c, s, "", false)
}

// showList moves the flow to the list and shows it, under notice.
func (v *Vaccine) showList(c *bot.Context, s *session, notice string, edit bool) error {
	if _, err := s.advance(stepVaccineList, vaccineData{}); err != nil {
		return err
	}
	doses, family, err := v.household(s)
	if err != nil {
		return err
	}
	due, err := s.tx.DosesDueOf(s.res.ID)
	if err != nil {
		return err
	}
	today, err := v.today(s)
	if err != nil {
		return err
	}
	next := map[int64]string{}
	for _, d := range due {
		if d.DueOn >= today {
			next[d.DependantID] = d.DueOn
		}
	}
	var b strings.Builder
	if notice != "" {
		b.WriteString(notice + "\n\n")
	}
	b.WriteString(c.T("vaccine.title"))
	b.WriteString("\n" + v.personLine(c, c.T("vaccine.you"), doses, 0, next[0]))
	for _, d := range family {
		b.WriteString("\n" + v.personLine(c, d.Name, doses, d.ID, next[d.ID]))
	}
	b.WriteString("\n\n" + c.T("vaccine.hint"))
	rows := [][]bot.Button{bot.Row(c.Button(c.T("vaccine.add"), actVaccineAdd, s.nonce()),
		c.Button(c.T("vaccine.due"), actVaccineDue, s.nonce()))}
	if len(doses) > 0 {
		rows = append(rows, bot.Row(c.Button(c.T("vaccine.fix"), actVaccineFix, s.nonce())))
	}
	rows = append(rows, bot.Row(s.cancelButton(c, c.T("vaccine.close"))))
	show(c, b.String(), bot.Inline(rows...), edit)
	return nil
}

// household returns the doses of the resident's household and their
// family members.
func (v *Vaccine) household(s *session) ([]storage.Dose, []storage.Dependant, error) {
	doses, err := s.tx.DosesOf(s.res.ID)
	if err != nil {
		return nil, nil, err
	}
	family, err := s.tx.DependantsOf(s.res.ID)
	if err != nil {
		return nil, nil, fmt.Errorf("family members: %w", err)
	}
	return doses, family, nil
}

// personLine is one person's doses: "Bà Tư: mũi 1 (01/07/2021) · mũi 2 (…)".
func (v *Vaccine) personLine(c *bot.Context, name string, doses []storage.Dose, dependant int64, next string) string {
	var parts []string
	for _, d := range doses {
		if d.DependantID == dependant {
			parts = append(parts, c.T("vaccine.dose_on", doseName(c, d.Number), showDay(d.GivenOn)))
		}
	}
	line := c.T("vaccine.person_none", name)
	if len(parts) > 0 {
		line = c.T("vaccine.person", name, HTML(strings.Join(parts, " · ")))
	}
	if next != "" {
		line += c.T("vaccine.next_on", showDay(next))
	}
	return line
}

// doseName is how a dose is called: "mũi 2", "mũi nhắc lại".
func doseName(c *bot.Context, n int) string {
	if n == storage.DoseBooster {
		return c.T("vaccine.booster")
	}
	return c.T("vaccine.dose_n", n)
}

// onAdd asks whom the dose is for, or which dose it is when the resident
// checks in for nobody else.
func (v *Vaccine) onAdd(ctx context.Context, c *bot.Context, s *session) error {
	return v.askWho(c, s, false)
}

// onDue asks whom the next dose is for, or its day when the resident
// checks in for nobody else.
func (v *Vaccine) onDue(ctx context.Context, c *bot.Context, s *session) error {
	return v.askWho(c, s, true)
}

// askWho asks whom a dose (or, with due, the next dose) is for, when the
// resident has family members; otherwise it goes on for themself.
func (v *Vaccine) askWho(c *bot.Context, s *session, due bool) error {
	if !s.current(c, flowVaccine) {
		return nil
	}
	family, err := s.tx.DependantsOf(s.res.ID)
	if err != nil {
		return fmt.Errorf("family members: %w", err)
	}
	if len(family) == 0 {
		return v.forPerson(c, s, vaccineData{Due: due})
	}
	if _, err := s.advance(stepVaccineWho, vaccineData{Due: due}); err != nil {
		return err
	}
	rows := [][]bot.Button{bot.Row(c.Button(c.T("vaccine.for_me"), actVaccineWho, s.nonce(), "0"))}
	for _, d := range family {
		rows = append(rows, bot.Row(c.Button(bot.PlainText(excerpt(d.Name, buttonNameMax)), actVaccineWho, s.nonce(),
			strconv.FormatInt(d.ID, 10))))
	}
	rows = append(rows, bot.Row(c.Button(c.T("vaccine.back"), actVaccineBack, s.nonce())))
	c.Edit(c.T("vaccine.ask_who"), bot.Inline(rows...))
	return nil
}

// onWho takes whom the dose is for.
func (v *Vaccine) onWho(ctx context.Context, c *bot.Context, s *session) error {
	if !s.current(c, flowVaccine) || len(c.Params) != 2 {
		return nil
	}
	id, ok := parseID(c.Params, 1)
	if !ok {
		return nil
	}
	if id != 0 {
		if _, found, err := v.checkins.householdMember(s, id); err != nil || !found {
			if err == nil {
				c.Answer(c.T("family.gone"), true)
				return v.showList(c, s, "", true)
			}
			return err
		}
	}
	var d vaccineData
	if err := s.data(&d); err != nil {
		return err
	}
	return v.forPerson(c, s, vaccineData{Dependant: id, Due: d.Due})
}

// forPerson goes on once the person is known: which dose, or the day of
// the next one.
func (v *Vaccine) forPerson(c *bot.Context, s *session, d vaccineData) error {
	if !d.Due {
		return v.askDose(c, s, d)
	}
	if _, err := s.advance(stepVaccineDue, d); err != nil {
		return err
	}
	today, err := v.today(s)
	if err != nil {
		return err
	}
	c.Edit(c.T("vaccine.ask_due", dueExample(today)),
		bot.Inline(bot.Row(c.Button(c.T("vaccine.back"), actVaccineBack, s.nonce()))))
	return nil
}

// askDose asks which dose is being recorded.
func (v *Vaccine) askDose(c *bot.Context, s *session, d vaccineData) error {
	if _, err := s.advance(stepVaccineDose, d); err != nil {
		return err
	}
	c.Edit(c.T("vaccine.ask_dose"), v.doseKeyboard(c, s))
	return nil
}

// onAfterCheckin starts recording a dose of the person just checked in,
// in a message of its own (the check-in's summary stays).
func (v *Vaccine) onAfterCheckin(ctx context.Context, c *bot.Context, s *session) error {
	id, ok := parseID(c.Params, 0)
	if !ok || len(c.Params) != 1 {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return nil
	}
	if id != 0 {
		if _, found, err := v.checkins.householdMember(s, id); err != nil || !found {
			if err == nil {
				c.Answer(c.T("family.gone"), true)
			}
			return err
		}
	}
	name, err := v.whoIs(c, s, id)
	if err != nil {
		return err
	}
	if _, err := s.begin(flowVaccine, stepVaccineDose, vaccineData{Dependant: id}); err != nil {
		return err
	}
	c.Send(c.T("vaccine.ask_dose_of", name), v.doseKeyboard(c, s))
	return nil
}

// doseKeyboard offers the doses, and the way back to the list.
func (v *Vaccine) doseKeyboard(c *bot.Context, s *session) *bot.Keyboard {
	var row []bot.Button
	for n := storage.DoseFirst; n <= storage.DoseThird; n++ {
		row = append(row, c.Button(bot.PlainText(doseName(c, n)), actVaccineDose, s.nonce(), strconv.Itoa(n)))
	}
	return bot.Inline(row,
		bot.Row(c.Button(bot.PlainText(doseName(c, storage.DoseBooster)), actVaccineDose, s.nonce(),
			strconv.Itoa(storage.DoseBooster))),
		bot.Row(c.Button(c.T("vaccine.back"), actVaccineBack, s.nonce())))
}

// onDose takes which dose it is and asks on which day it was given.
func (v *Vaccine) onDose(ctx context.Context, c *bot.Context, s *session) error {
	if !s.current(c, flowVaccine) || len(c.Params) != 2 {
		return nil
	}
	n, err := strconv.Atoi(c.Params[1])
	if err != nil || n < storage.DoseFirst || n > storage.DoseBooster {
		return nil
	}
	var d vaccineData
	if err := s.data(&d); err != nil {
		return err
	}
	d.Dose = n
	if _, err := s.advance(stepVaccineDay, d); err != nil {
		return err
	}
	today, err := v.today(s)
	if err != nil {
		return err
	}
	c.Edit(c.T("vaccine.ask_day", doseName(c, n), showDay(today)), v.dayKeyboard(c, s))
	return nil
}

// dayKeyboard offers today and yesterday, and the way back.
func (v *Vaccine) dayKeyboard(c *bot.Context, s *session) *bot.Keyboard {
	return bot.Inline(
		bot.Row(c.Button(c.T("vaccine.today"), actVaccineDay, s.nonce(), "0"),
			c.Button(c.T("vaccine.yesterday"), actVaccineDay, s.nonce(), "1")),
		bot.Row(c.Button(c.T("vaccine.back"), actVaccineBack, s.nonce())))
}

// onDay records the dose given today or yesterday.
func (v *Vaccine) onDay(ctx context.Context, c *bot.Context, s *session) error {
	if !s.current(c, flowVaccine) || len(c.Params) != 2 || (c.Params[1] != "0" && c.Params[1] != "1") {
		return nil
	}
	today, err := v.today(s)
	if err != nil {
		return err
	}
	day := today
	if c.Params[1] == "1" {
		day = addDays(today, -1)
	}
	return v.record(c, s, day, today, true)
}

// vaccineInput takes what the resident types in the flow: a day at the
// day step; elsewhere the buttons are shown again.
func (v *Vaccine) vaccineInput(ctx context.Context, c *bot.Context, s *session) error {
	if s.conv.Step == stepVaccineDue {
		return v.dueInput(c, s)
	}
	if s.conv.Step != stepVaccineDay {
		return v.showList(c, s, c.T("vaccine.use_buttons"), false)
	}
	today, err := v.today(s)
	if err != nil {
		return err
	}
	day, ok := parseDay(c.Update.Text, s.tx.Now)
	if !ok || c.Update.Photo != nil {
		c.Send(c.T("vaccine.day_format", showDay(today)), v.dayKeyboard(c, s))
		return nil
	}
	return v.record(c, s, day, today, false)
}

// dueInput sets the day of the next dose typed.
func (v *Vaccine) dueInput(c *bot.Context, s *session) error {
	var d vaccineData
	if err := s.data(&d); err != nil {
		return err
	}
	today, err := v.today(s)
	if err != nil {
		return err
	}
	back := bot.Inline(bot.Row(c.Button(c.T("vaccine.back"), actVaccineBack, s.nonce())))
	if d.Owner != 0 { // a coordinator's, for a family member: no list to go back to
		back = bot.Inline(bot.Row(s.cancelButton(c, c.T("vaccine.close"))))
	}
	day, ok := parseDay(c.Update.Text, s.tx.Now)
	if !ok || c.Update.Photo != nil {
		c.Send(c.T("vaccine.day_format_due", dueExample(today)), back)
		return nil
	}
	if d.Owner != 0 {
		return v.dueFor(c, s, d, day, today)
	}
	err = s.tx.SetDoseDue(storage.DoseDue{ResidentID: s.res.ID, DependantID: d.Dependant, DueOn: day}, today)
	switch {
	case errors.Is(err, storage.ErrInvalid):
		last := addDays(today, storage.MaxDueAhead)
		c.Send(c.T("vaccine.due_range", showDay(today), showDay(last)), back)
		return nil
	case isNotFound(err):
		return v.showList(c, s, c.T("family.gone"), false)
	case err != nil:
		return err
	}
	who, err := v.whoIs(c, s, d.Dependant)
	if err != nil {
		return err
	}
	return v.showList(c, s, c.T("vaccine.due_set", showDay(day), who), false)
}

// whoIs names a person of the household in a notice: "bạn" for the
// resident themself, else the family member's name ("bạn" too for one
// since removed).
func (v *Vaccine) whoIs(c *bot.Context, s *session, dependant int64) (string, error) {
	if dependant != 0 {
		member, found, err := v.checkins.householdMember(s, dependant)
		if err != nil || found {
			return member.Name, err
		}
	}
	return c.T("vaccine.you_in_text"), nil
}

// dueExample is the day shown as an example of a next dose: four weeks
// from today, as people write it.
func dueExample(today string) string { return showDay(addDays(today, 28)) }

// today is the local day of the person's unit (of the deployment for a
// coordinator who joined none).
func (v *Vaccine) today(s *session) (string, error) {
	unit, ok, err := s.unit()
	if err != nil {
		return "", err
	}
	if !ok {
		return s.tx.Now.In(v.TZ).Format(time.DateOnly), nil
	}
	return v.localDay(unit, s.tx.Now), nil
}

// record saves the dose of the flow on day, and shows the list again.
func (v *Vaccine) record(c *bot.Context, s *session, day, today string, edit bool) error {
	var d vaccineData
	if err := s.data(&d); err != nil {
		return err
	}
	if d.Owner != 0 {
		return v.recordFor(c, s, d, day, today)
	}
	saved, prev, err := s.tx.RecordDose(storage.Dose{ResidentID: s.res.ID, DependantID: d.Dependant, Number: d.Dose,
		GivenOn: day}, today)
	switch {
	case errors.Is(err, storage.ErrInvalid):
		c.Send(c.T("vaccine.day_range", showDay(storage.FirstDoseDay), showDay(today)), v.dayKeyboard(c, s))
		return nil
	case isNotFound(err):
		c.Answer(c.T("family.gone"), true)
		return v.showList(c, s, c.T("family.gone"), edit)
	case err != nil:
		return err
	}
	who, err := v.whoIs(c, s, d.Dependant)
	if err != nil {
		return err
	}
	notice := c.T("vaccine.recorded", doseName(c, saved.Number), showDay(saved.GivenOn), who)
	if prev != "" && prev != saved.GivenOn {
		notice = c.T("vaccine.corrected", doseName(c, saved.Number), who, showDay(prev), showDay(saved.GivenOn))
	}
	return v.showList(c, s, notice, edit)
}

// doseText is doseName in lang.
func (co *core) doseText(lang string, n int) string {
	if n == storage.DoseBooster {
		return co.Catalog.Text(lang, "vaccine.booster")
	}
	return co.Catalog.Text(lang, "vaccine.dose_n", n)
}

// onBack shows the list again.
func (v *Vaccine) onBack(ctx context.Context, c *bot.Context, s *session) error {
	if !s.current(c, flowVaccine) {
		return nil
	}
	return v.showList(c, s, "", true)
}
