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

// Replicating a practice (nhân rộng): an official of a unit above it
// chooses units below theirs; each unit's coordinators get the practice
// with two buttons, "Đơn vị tôi đã áp dụng" and "Cần hỗ trợ để áp dụng";
// a unit that asks for help is put in touch with the practice's contact.
const (
	flowReplicate       = "replicate"
	actReplicate        = "mr" // practice id: starts choosing units
	actReplicateToggle  = "mt" // nonce, unit id: chooses or unchooses a unit
	actReplicateSend    = "mg" // nonce: sends to the units chosen
	actAdoption         = "ma" // practice id, unit id, status: a coordinator's answer
	stepReplicateChoose = "choose"
)

// replicateData is the practice being replicated and the units chosen.
type replicateData struct {
	Practice int64   `json:"practice"`
	Units    []int64 `json:"units,omitempty"`
}

// onReplicate starts choosing the units to replicate a practice to.
func (pr *Practices) onReplicate(ctx context.Context, c *bot.Context, s *session) error {
	id, ok := parseID(c.Params, 0)
	if !ok {
		return nil
	}
	p, ok, err := pr.pressed(c, s, id)
	if !ok {
		return err
	}
	if ok, err := pr.above(s, p.UnitID); err != nil || !ok {
		if err == nil {
			c.Answer(c.T("practice.not_above"), true)
		}
		return err
	}
	if _, err := s.begin(flowReplicate, stepReplicateChoose, replicateData{Practice: id}); err != nil {
		return err
	}
	return pr.showChoice(c, s, p, nil, false)
}

// choices are the units an official may replicate p to: those directly
// below the first unit they are an official of (every root's for an
// administrator), but p's own.
func (pr *Practices) choices(s *session, p storage.Practice) ([]storage.Unit, error) {
	scope, err := s.tx.ScopeOf(s.res.ID, storage.RoleOfficial)
	if err != nil {
		return nil, err
	}
	parent := int64(0)
	if len(scope.Units) > 0 {
		parent = scope.Units[0]
	} else if ancestors, err := s.tx.Ancestors(p.UnitID); err != nil {
		return nil, err
	} else if len(ancestors) > 1 {
		parent = ancestors[1].ID // an administrator: the units beside p's
	}
	units, err := s.tx.Children(parent)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(units, func(u storage.Unit) bool { return u.ID == p.UnitID }), nil
}

// showChoice shows the units to choose from, those chosen ticked.
func (pr *Practices) showChoice(c *bot.Context, s *session, p storage.Practice, chosen []int64, edit bool) error {
	units, err := pr.choices(s, p)
	if err != nil {
		return err
	}
	if len(units) == 0 {
		show(c, c.T("practice.no_units"), nil, edit)
		return s.end()
	}
	var rows [][]bot.Button
	for _, u := range units {
		box := "☐ "
		if slices.Contains(chosen, u.ID) {
			box = "☑ "
		}
		rows = append(rows, bot.Row(c.Button(bot.PlainText(box+excerpt(u.Name, buttonNameMax)), actReplicateToggle,
			s.nonce(), strconv.FormatInt(u.ID, 10))))
	}
	if len(chosen) > 0 {
		rows = append(rows, bot.Row(c.Button(c.T("practice.replicate_send", len(chosen)), actReplicateSend, s.nonce())))
	}
	rows = append(rows, bot.Row(s.cancelButton(c, c.T("practice.cancel"))))
	show(c, c.T("practice.replicate_choose", storage.PracticeRef(p.ID), p.Title), bot.Inline(rows...), edit)
	return nil
}

// onToggle chooses or unchooses a unit.
func (pr *Practices) onToggle(ctx context.Context, c *bot.Context, s *session) error {
	if !s.current(c, flowReplicate) || len(c.Params) != 2 {
		return nil
	}
	id, ok := parseID(c.Params, 1)
	if !ok {
		return nil
	}
	var d replicateData
	if err := s.data(&d); err != nil {
		return err
	}
	p, err := s.tx.PracticeByID(d.Practice)
	if err != nil {
		return err
	}
	units, err := pr.choices(s, p)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(units, func(u storage.Unit) bool { return u.ID == id }) {
		return nil
	}
	if i := slices.Index(d.Units, id); i >= 0 {
		d.Units = slices.Delete(d.Units, i, i+1)
	} else {
		d.Units = append(d.Units, id)
	}
	if _, err := s.advance(stepReplicateChoose, d); err != nil {
		return err
	}
	return pr.showChoice(c, s, p, d.Units, true)
}

// onSend sends the practice to the coordinators of the units chosen.
func (pr *Practices) onSend(ctx context.Context, c *bot.Context, s *session) error {
	if !s.current(c, flowReplicate) {
		return nil
	}
	var d replicateData
	if err := s.data(&d); err != nil {
		return err
	}
	p, err := s.tx.PracticeByID(d.Practice)
	if err != nil {
		return err
	}
	if ok, err := pr.above(s, p.UnitID); err != nil || !ok {
		if err == nil {
			c.Answer(c.T("practice.not_above"), true)
		}
		return err
	}
	from, err := s.tx.UnitByID(p.UnitID)
	if err != nil {
		return err
	}
	var names []string
	told := 0
	for _, unitID := range d.Units {
		unit, err := s.tx.UnitByID(unitID)
		if err != nil {
			return err
		}
		if err := s.tx.SetAdoption(p.ID, unitID, storage.AdoptionAsked, s.res.ID); err != nil {
			return err
		}
		coords, _, err := pr.coordinatorsFor(s, unitID)
		if err != nil {
			return err
		}
		for _, to := range coords {
			T := func(key string, args ...any) string { return pr.Catalog.Text(to.Lang, key, args...) }
			text := T("practice.replicated", s.res.Name, storage.PracticeRef(p.ID), p.Title, from.Name, unit.Name) +
				"\n\n" + T("practice.what", p.What) + "\n\n" + T("practice.how", p.How)
			ref, unitParam := strconv.FormatInt(p.ID, 10), strconv.FormatInt(unitID, 10)
			kb := bot.Inline(
				bot.Row(c.ButtonFor(to.UserID, T("practice.adopted_button"), actAdoption, ref, unitParam, storage.AdoptionAdopted)),
				bot.Row(c.ButtonFor(to.UserID, T("practice.help_button"), actAdoption, ref, unitParam, storage.AdoptionHelp)))
			pr.tell(c, to, 0, text, kb)
			told++
		}
		names = append(names, unit.Name)
	}
	if err := s.tx.Audit(storage.AuditEntry{ActorID: s.res.ID, Action: storage.AuditPractice, UnitID: p.UnitID,
		Target: storage.PracticeRef(p.ID), Outcome: storage.AuditOK, Detail: fmt.Sprintf("replicated to %d units", len(d.Units))}); err != nil {
		return err
	}
	c.Edit(c.T("practice.replicate_sent", storage.PracticeRef(p.ID), strings.Join(names, ", "), told), nil)
	return s.end()
}

// onAdoption takes a unit's answer: adopted, or help needed.
func (pr *Practices) onAdoption(ctx context.Context, c *bot.Context, s *session) error {
	if len(c.Params) != 3 {
		return nil
	}
	id, ok1 := parseID(c.Params, 0)
	unitID, ok2 := parseID(c.Params, 1)
	status := c.Params[2]
	if !ok1 || !ok2 || (status != storage.AdoptionAdopted && status != storage.AdoptionHelp) {
		return nil
	}
	p, ok, err := pr.pressed(c, s, id)
	if !ok {
		return err
	}
	if ok, err := pr.coordinates(s, unitID); err != nil {
		return err
	} else if !ok {
		c.Answer(c.T("role.denied.coordinator"), true)
		return s.tx.Audit(storage.AuditEntry{ActorID: s.res.ID, Action: storage.AuditScopeDenied, UnitID: unitID,
			Target: storage.PracticeRef(id), Outcome: storage.AuditRefused, Detail: status})
	}
	if err := s.tx.SetAdoption(id, unitID, status, s.res.ID); err != nil {
		return err
	}
	unit, err := s.tx.UnitByID(unitID)
	if err != nil {
		return err
	}
	if status == storage.AdoptionAdopted {
		c.Answer(c.T("practice.adopted_answer"), false)
		c.Send(c.T("practice.adopted_text", unit.Name, storage.PracticeRef(id), p.Title), nil)
		return nil
	}
	contact := p.Contact
	if contact == "" {
		contact = c.T("practice.no_contact")
	}
	c.Answer(c.T("practice.help_answer"), false)
	c.Send(c.T("practice.help_text", storage.PracticeRef(id), p.Title, contact), nil)
	if p.AuthorID != 0 && p.AuthorID != s.res.ID {
		if author, err := s.tx.ResidentByID(p.AuthorID); err == nil {
			pr.tellResident(c, author, "practice.help_asked", unit.Name, storage.PracticeRef(id), p.Title, s.res.Name)
		} else if !isNotFound(err) {
			return err
		}
	}
	return nil
}

// coordinates reports whether the person coordinates unitID or a unit
// above it (or is an administrator).
func (pr *Practices) coordinates(s *session, unitID int64) (bool, error) {
	return holdsOver(s, storage.RoleCoordinator, unitID, 0)
}
