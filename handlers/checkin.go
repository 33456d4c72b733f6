package handlers

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"chungsuc/bot"
	"chungsuc/storage"
)

// The daily check-in: health, the 5K pledge, needs.
const (
	flowCheckin   = "checkin"
	actHealth     = "ch" // nonce, health
	actSymptom    = "cs" // nonce, symptom: toggles it
	actSymptomsOK = "cd" // nonce
	actPledge     = "cp" // nonce, "1" or "0"
	actNeed       = "cn" // nonce, need
)

var (
	healths  = []string{storage.HealthWell, storage.HealthSymptoms, storage.HealthF0, storage.HealthF1}
	symptoms = []string{"fever", "cough", "breath", "taste", "other"}
	needs    = []string{storage.NeedNone, storage.NeedFood, storage.NeedMedicine, storage.NeedMedical, storage.NeedOther}
)

// checkinData is what the flow has gathered so far.
type checkinData struct {
	Health   string   `json:"health,omitempty"`
	Symptoms []string `json:"symptoms,omitempty"`
	Pledge   bool     `json:"pledge,omitempty"`
}

var _ = addFeature(func(a *App) {
	a.Router.Command(a.checkin, "checkin", "khaibao")
	a.Router.Callback(actHealth, a.onHealth)
	a.Router.Callback(actSymptom, a.onSymptom)
	a.Router.Callback(actSymptomsOK, a.onSymptomsDone)
	a.Router.Callback(actPledge, a.onPledge)
	a.Router.Callback(actNeed, a.onNeed)
	a.flows[flowCheckin] = flowInfo{nameKey: "flow.checkin", command: "checkin", input: a.checkinInput}
})

// checkin starts today's check-in (or its update, if done already today).
func (a *App) checkin(ctx context.Context, c *bot.Context) error {
	s := sess(c)
	unit, ok, err := a.needUnit(c, s)
	if err != nil || !ok {
		return err
	}
	prev, err := s.tx.CheckinOn(s.res.ID, a.localDay(unit, s.tx.Now))
	switch {
	case err == nil:
		c.Send(c.T("checkin.again", a.localTime(unit, prev.UpdatedAt)), nil)
	case !errors.Is(err, storage.ErrNotFound):
		return fmt.Errorf("today's check-in: %w", err)
	}
	if _, err := s.begin(flowCheckin, "health", checkinData{}); err != nil {
		return err
	}
	c.Send(c.T("checkin.health"), a.healthKeyboard(c, s))
	return nil
}

func (a *App) healthKeyboard(c *bot.Context, s *session) *bot.Keyboard {
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
func (a *App) onHealth(ctx context.Context, c *bot.Context) error {
	s := sess(c)
	if !s.current(c, flowCheckin) || len(c.Params) != 2 || !slices.Contains(healths, c.Params[1]) {
		return nil
	}
	d := checkinData{Health: c.Params[1]}
	if d.Health == storage.HealthSymptoms {
		return a.showSymptoms(c, s, d)
	}
	return a.showPledge(c, s, d)
}

func (a *App) showSymptoms(c *bot.Context, s *session, d checkinData) error {
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
	c.Edit(c.T("checkin.symptoms"), bot.Inline(rows...))
	return nil
}

// onSymptom ticks or unticks one symptom.
func (a *App) onSymptom(ctx context.Context, c *bot.Context) error {
	s := sess(c)
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
	return a.showSymptoms(c, s, d)
}

// onSymptomsDone moves on once at least one symptom is ticked.
func (a *App) onSymptomsDone(ctx context.Context, c *bot.Context) error {
	s := sess(c)
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
	return a.showPledge(c, s, d)
}

func (a *App) showPledge(c *bot.Context, s *session, d checkinData) error {
	if _, err := s.advance("pledge", d); err != nil {
		return err
	}
	c.Edit(c.T("checkin.pledge"), bot.Inline(
		bot.Row(c.Button(c.T("checkin.pledge_yes"), actPledge, s.nonce(), "1")),
		bot.Row(c.Button(c.T("checkin.pledge_no"), actPledge, s.nonce(), "0")),
		bot.Row(s.cancelButton(c, c.T("checkin.cancel"))),
	))
	return nil
}

// onPledge records the 5K pledge and asks about needs.
func (a *App) onPledge(ctx context.Context, c *bot.Context) error {
	s := sess(c)
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
	c.Edit(c.T("checkin.need"), a.needKeyboard(c, s))
	return nil
}

func (a *App) needKeyboard(c *bot.Context, s *session) *bot.Keyboard {
	return choices(c, s, actNeed, "need.", needs)
}

// checkinInput answers anything typed during the check-in: it is all
// buttons, so the current step's buttons are shown again.
func (a *App) checkinInput(ctx context.Context, c *bot.Context, s *session) error {
	var d checkinData
	if err := s.data(&d); err != nil {
		return err
	}
	switch s.conv.Step {
	case "symptoms":
		c.Send(c.T("checkin.use_buttons"), nil)
		return a.showSymptoms(c, s, d)
	case "pledge":
		c.Send(c.T("checkin.use_buttons"), nil)
		return a.showPledge(c, s, d)
	case "need":
		c.Send(c.T("checkin.use_buttons")+"\n\n"+c.T("checkin.need"), a.needKeyboard(c, s))
		return nil
	}
	c.Send(c.T("checkin.use_buttons")+"\n\n"+c.T("checkin.health"), a.healthKeyboard(c, s))
	return nil
}

// symptomList names the ticked symptoms in lang.
func (a *App) symptomList(lang string, keys []string) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = a.Catalog.Text(lang, "symptom."+k)
	}
	return strings.Join(names, ", ")
}
