package handlers

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// The daily check-in: health, the 5K pledge, needs; for the resident and
// for the family members they check in for.
const (
	flowCheckin   = "checkin"
	actWho        = "cw" // nonce, person: 0 for the resident, else a family member's id
	actHealth     = "ch" // nonce, health
	actSymptom    = "cs" // nonce, symptom: toggles it
	actSymptomsOK = "cd" // nonce
	actPledge     = "cp" // nonce, "1" or "0"
	actNeed       = "cn" // nonce, need
	// actCheckinNext, under a saved check-in, starts the next person's. It
	// is not tied to a flow (the one it follows has ended): like a
	// command, it starts one; it carries the person, checked again when
	// pressed.
	actCheckinNext = "cx" // person
)

var (
	healths  = []string{storage.HealthWell, storage.HealthSymptoms, storage.HealthF0, storage.HealthF1}
	symptoms = []string{"fever", "cough", "breath", "taste", "other"}
	needs    = []string{storage.NeedNone, storage.NeedFood, storage.NeedMedicine, storage.NeedMedical, storage.NeedOther}
)

// checkinData is what the flow has gathered so far.
type checkinData struct {
	// Who is the family member checked in for, 0 for the resident; Name
	// is theirs, for the questions.
	Who      int64    `json:"who,omitempty"`
	Name     string   `json:"name,omitempty"`
	Health   string   `json:"health,omitempty"`
	Symptoms []string `json:"symptoms,omitempty"`
	Pledge   bool     `json:"pledge,omitempty"`
}

// forFamily reports whether the check-in is for a family member.
func (d checkinData) forFamily() bool { return d.Who != 0 }

// text is the catalogue message key, or key+"_for" with the family
// member's name first when the check-in is for them.
func (d checkinData) text(c *bot.Context, key string, args ...any) string {
	if d.forFamily() {
		return c.T(key+"_for", append([]any{d.Name}, args...)...)
	}
	return c.T(key, args...)
}

// checkin starts today's check-in (or its update, if done already today):
// a resident with family members first chooses whom it is for.
func (ck *Checkins) checkin(ctx context.Context, c *bot.Context, s *session) error {
	unit, ok, err := ck.needUnit(c, s)
	if err != nil || !ok {
		return err
	}
	family, err := s.tx.DependantsOf(s.res.ID)
	if err != nil {
		return fmt.Errorf("family members: %w", err)
	}
	if len(family) > 0 {
		return ck.showWho(c, s, unit, family, false)
	}
	return ck.startCheckin(c, s, unit, storage.Dependant{}, false)
}

// startCheckin starts the check-in of who (the zero Dependant: the
// resident) at the health question, saying first when it is done already
// today. edit replaces the message whose button was pressed.
func (ck *Checkins) startCheckin(c *bot.Context, s *session, unit storage.Unit, who storage.Dependant, edit bool) error {
	d := checkinData{Who: who.ID, Name: who.Name}
	prev, had, err := ck.previousCheckin(s, who.ID, ck.localDay(unit, s.tx.Now))
	if err != nil {
		return err
	}
	if _, err := s.begin(flowCheckin, "health", d); err != nil {
		return err
	}
	text := d.text(c, "checkin.health")
	if had {
		again := d.text(c, "checkin.again", ck.localTime(unit, prev.UpdatedAt))
		if !edit {
			c.Send(again, nil)
		} else {
			text = again + "\n\n" + text
		}
	}
	show(c, text, ck.healthKeyboard(c, s), edit)
	return nil
}

// showWho asks whom the check-in is for: the resident or one of their
// family members, each marked once checked in today.
func (ck *Checkins) showWho(c *bot.Context, s *session, unit storage.Unit, family []storage.Dependant, edit bool) error {
	today, err := s.tx.HouseholdCheckinsOn(s.res.ID, ck.localDay(unit, s.tx.Now))
	if err != nil {
		return fmt.Errorf("household check-ins: %w", err)
	}
	done := map[int64]bool{}
	for _, ci := range today {
		done[ci.DependantID] = true
	}
	if _, err := s.begin(flowCheckin, "who", checkinData{}); err != nil {
		return err
	}
	mark := func(id int64) string {
		if done[id] {
			return "✅ "
		}
		return "👤 "
	}
	rows := [][]bot.Button{bot.Row(c.Button(mark(0)+c.T("checkin.who_self"), actWho, s.nonce(), "0"))}
	for _, f := range family {
		rows = append(rows, bot.Row(c.Button(mark(f.ID)+excerpt(f.Name, buttonNameMax), actWho, s.nonce(), strconv.FormatInt(f.ID, 10))))
	}
	if len(family) < storage.MaxDependants {
		rows = append(rows, bot.Row(c.Button(c.T("family.add"), actFamilyAdd, s.nonce())))
	}
	rows = append(rows, bot.Row(s.cancelButton(c, c.T("checkin.cancel"))))
	show(c, c.T("checkin.who"), bot.Inline(rows...), edit)
	return nil
}

// buttonNameMax is how much of a family member's name a button shows.
const buttonNameMax = 40

// onWho starts the check-in of the person chosen.
func (ck *Checkins) onWho(ctx context.Context, c *bot.Context, s *session) error {
	if !s.current(c, flowCheckin) || len(c.Params) != 2 {
		return nil
	}
	return ck.checkinOf(c, s, c.Params[1], true)
}

// onCheckinNext starts, in a new message, the check-in of the household
// member named under a saved check-in.
func (ck *Checkins) onCheckinNext(ctx context.Context, c *bot.Context, s *session) error {
	if len(c.Params) != 1 {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return nil
	}
	return ck.checkinOf(c, s, c.Params[0], false)
}

// checkinOf starts the check-in of the household member param names: "0"
// for the resident, else the id of one of their family members.
func (ck *Checkins) checkinOf(c *bot.Context, s *session, param string, edit bool) error {
	id, ok := parseID([]string{param}, 0)
	if !ok {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return nil
	}
	who, found, err := ck.householdMember(s, id)
	if err != nil || !found {
		if !found {
			c.Answer(c.T("family.gone"), true)
		}
		return err
	}
	unit, ok, err := ck.needUnit(c, s)
	if err != nil || !ok {
		return err
	}
	return ck.startCheckin(c, s, unit, who, edit)
}

// householdMember returns the resident's family member id, or the zero
// Dependant (the resident) for 0; found is false when they have no such
// family member.
func (ck *Checkins) householdMember(s *session, id int64) (storage.Dependant, bool, error) {
	if id == 0 {
		return storage.Dependant{}, true, nil
	}
	d, err := s.tx.DependantOf(s.res.ID, id)
	if isNotFound(err) {
		return storage.Dependant{}, false, nil
	}
	if err != nil {
		return storage.Dependant{}, false, fmt.Errorf("family member: %w", err)
	}
	return d, true, nil
}

func (ck *Checkins) healthKeyboard(c *bot.Context, s *session) *bot.Keyboard {
	return choices(c, s, actHealth, "health.", healths)
}

// choices is a keyboard of one button per key (labelled by the catalogue
// message prefix+key, pressing action with the key), then a cancel button.
func choices(c *bot.Context, s *session, action, prefix string, keys []string) *bot.Keyboard {
	rows := make([][]bot.Button, 0, len(keys)+1)
	for _, k := range keys {
		rows = append(rows, bot.Row(c.Button(c.T(prefix+k), action, s.nonce(), k)))
	}
	rows = append(rows, bot.Row(s.cancelButton(c, c.T("checkin.cancel"))))
	return bot.Inline(rows...)
}

// onHealth records the health status and moves to symptoms or the pledge.
func (ck *Checkins) onHealth(ctx context.Context, c *bot.Context, s *session) error {
	if !s.current(c, flowCheckin) || len(c.Params) != 2 || !slices.Contains(healths, c.Params[1]) {
		return nil
	}
	var d checkinData
	if err := s.data(&d); err != nil {
		return err
	}
	d = checkinData{Who: d.Who, Name: d.Name, Health: c.Params[1]}
	if d.Health == storage.HealthSymptoms {
		return ck.showSymptoms(c, s, d)
	}
	return ck.showPledge(c, s, d)
}

func (ck *Checkins) showSymptoms(c *bot.Context, s *session, d checkinData) error {
	if _, err := s.advance("symptoms", d); err != nil {
		return err
	}
	var rows [][]bot.Button
	for _, sym := range symptoms {
		mark := "☐ "
		if slices.Contains(d.Symptoms, sym) {
			mark = "☑ "
		}
		rows = append(rows, bot.Row(c.Button(mark+c.T("symptom."+sym), actSymptom, s.nonce(), sym)))
	}
	rows = append(rows, bot.Row(c.Button(c.T("checkin.symptoms_done"), actSymptomsOK, s.nonce())),
		bot.Row(s.cancelButton(c, c.T("checkin.cancel"))))
	c.Edit(d.text(c, "checkin.symptoms"), bot.Inline(rows...))
	return nil
}

// onSymptom ticks or unticks one symptom.
func (ck *Checkins) onSymptom(ctx context.Context, c *bot.Context, s *session) error {
	var d checkinData
	if !s.current(c, flowCheckin) || len(c.Params) != 2 || !slices.Contains(symptoms, c.Params[1]) {
		return nil
	}
	if err := s.data(&d); err != nil {
		return err
	}
	if i := slices.Index(d.Symptoms, c.Params[1]); i >= 0 {
		d.Symptoms = slices.Delete(d.Symptoms, i, i+1)
	} else {
		d.Symptoms = append(d.Symptoms, c.Params[1])
	}
	return ck.showSymptoms(c, s, d)
}

// onSymptomsDone moves on once at least one symptom is ticked.
func (ck *Checkins) onSymptomsDone(ctx context.Context, c *bot.Context, s *session) error {
	var d checkinData
	if !s.current(c, flowCheckin) {
		return nil
	}
	if err := s.data(&d); err != nil {
		return err
	}
	if len(d.Symptoms) == 0 {
		c.Answer(c.T("checkin.symptoms_none"), true)
		return nil
	}
	return ck.showPledge(c, s, d)
}

func (ck *Checkins) showPledge(c *bot.Context, s *session, d checkinData) error {
	if _, err := s.advance("pledge", d); err != nil {
		return err
	}
	yes, no := c.T("checkin.pledge_yes"), c.T("checkin.pledge_no")
	if d.forFamily() {
		yes, no = c.T("checkin.pledge_yes_family"), c.T("checkin.pledge_no_family")
	}
	c.Edit(d.text(c, "checkin.pledge"), bot.Inline(
		bot.Row(c.Button(yes, actPledge, s.nonce(), "1")),
		bot.Row(c.Button(no, actPledge, s.nonce(), "0")),
		bot.Row(s.cancelButton(c, c.T("checkin.cancel"))),
	))
	return nil
}

// onPledge records the 5K pledge and asks about needs.
func (ck *Checkins) onPledge(ctx context.Context, c *bot.Context, s *session) error {
	var d checkinData
	if !s.current(c, flowCheckin) || len(c.Params) != 2 {
		return nil
	}
	if err := s.data(&d); err != nil {
		return err
	}
	d.Pledge = c.Params[1] == "1"
	if _, err := s.advance("need", d); err != nil {
		return err
	}
	c.Edit(d.text(c, "checkin.need"), ck.needKeyboard(c, s))
	return nil
}

func (ck *Checkins) needKeyboard(c *bot.Context, s *session) *bot.Keyboard {
	return choices(c, s, actNeed, "need.", needs)
}

// checkinInput answers anything typed during the check-in: it is all
// buttons, so the current step's buttons are shown again.
func (ck *Checkins) checkinInput(ctx context.Context, c *bot.Context, s *session) error {
	var d checkinData
	if err := s.data(&d); err != nil {
		return err
	}
	switch s.conv.Step {
	case "who":
		c.Send(c.T("checkin.use_buttons"), nil)
		return ck.checkin(ctx, c, s)
	case "symptoms":
		c.Send(c.T("checkin.use_buttons"), nil)
		return ck.showSymptoms(c, s, d)
	case "pledge":
		c.Send(c.T("checkin.use_buttons"), nil)
		return ck.showPledge(c, s, d)
	case "need":
		c.Send(c.T("checkin.use_buttons")+"\n\n"+d.text(c, "checkin.need"), ck.needKeyboard(c, s))
		return nil
	}
	c.Send(c.T("checkin.use_buttons")+"\n\n"+d.text(c, "checkin.health"), ck.healthKeyboard(c, s))
	return nil
}

// symptomList names the ticked symptoms in lang.
func (ck *Checkins) symptomList(lang string, keys []string) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = ck.Catalog.Text(lang, "symptom."+k)
	}
	return strings.Join(names, ", ")
}
