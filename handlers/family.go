package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// Family members (người thân) without a phone, whom a resident checks in
// for: the list, adding one by name, removing one with their check-ins.
const (
	flowFamily         = "family"
	actFamilyAdd       = "ga" // nonce: asks for a name (also under the check-in's "whom for?")
	actFamilyRemove    = "gr" // nonce, family member id: asks to confirm
	actFamilyRemoveYes = "gy" // nonce: removes the one asked about
	actFamilyBack      = "gb" // nonce: back to the list
	actFamilyCheckin   = "gk" // nonce, family member id: checks in for them

	stepFamilyList   = "list"
	stepFamilyName   = "name"
	stepFamilyRemove = "remove"
)

// familyData is the family member asked about, at the removal step.
type familyData struct {
	ID int64 `json:"id,omitempty"`
}

// family shows the resident's family members, or asks for the first one.
func (fa *Family) family(ctx context.Context, c *bot.Context, s *session) error {
	if _, ok, err := fa.needUnit(c, s); err != nil || !ok {
		return err
	}
	list, err := s.tx.DependantsOf(s.res.ID)
	if err != nil {
		return fmt.Errorf("family members: %w", err)
	}
	if len(list) == 0 {
		if _, err := s.begin(flowFamily, stepFamilyName, familyData{}); err != nil {
			return err
		}
		c.Send(c.T("family.intro")+"\n\n"+c.T("family.ask_name"), fa.nameKeyboard(c, s, list))
		return nil
	}
	if _, err := s.begin(flowFamily, stepFamilyList, familyData{}); err != nil {
		return err
	}
	c.Send(fa.familyText(c, list, ""), fa.familyKeyboard(c, s, list, nil))
	return nil
}

// showFamily moves the flow to the list and shows it, under notice
// (none for ""), with a button to check in for added (nil for none).
func (fa *Family) showFamily(c *bot.Context, s *session, notice string, added *storage.Dependant, edit bool) error {
	list, err := s.tx.DependantsOf(s.res.ID)
	if err != nil {
		return fmt.Errorf("family members: %w", err)
	}
	if _, err := s.advance(stepFamilyList, familyData{}); err != nil {
		return err
	}
	show(c, fa.familyText(c, list, notice), fa.familyKeyboard(c, s, list, added), edit)
	return nil
}

// familyText lists the family members.
func (fa *Family) familyText(c *bot.Context, list []storage.Dependant, notice string) string {
	var b strings.Builder
	if notice != "" {
		b.WriteString(notice + "\n\n")
	}
	if len(list) == 0 {
		b.WriteString(c.T("family.empty"))
		return b.String()
	}
	b.WriteString(c.T("family.list_title"))
	for _, d := range list {
		b.WriteString("\n" + c.T("family.line", d.Name))
	}
	b.WriteString("\n\n" + c.T("family.list_hint"))
	if len(list) >= storage.MaxDependants {
		b.WriteString("\n" + c.T("family.full", storage.MaxDependants))
	}
	return b.String()
}

// familyKeyboard has a remove button per family member, an add button
// while there is room, a button to check in for added (when not nil), and
// a button to close the list.
func (fa *Family) familyKeyboard(c *bot.Context, s *session, list []storage.Dependant, added *storage.Dependant) *bot.Keyboard {
	var rows [][]bot.Button
	if added != nil {
		rows = append(rows, bot.Row(c.Button(bot.PlainText(c.T("family.checkin_now", excerpt(added.Name, buttonNameMax))),
			actFamilyCheckin, s.nonce(), strconv.FormatInt(added.ID, 10))))
	}
	for _, d := range list {
		rows = append(rows, bot.Row(c.Button(bot.PlainText(c.T("family.remove", excerpt(d.Name, buttonNameMax))),
			actFamilyRemove, s.nonce(), strconv.FormatInt(d.ID, 10))))
	}
	if len(list) < storage.MaxDependants {
		rows = append(rows, bot.Row(c.Button(c.T("family.add"), actFamilyAdd, s.nonce())))
	}
	rows = append(rows, bot.Row(s.cancelButton(c, c.T("family.close"))))
	return bot.Inline(rows...)
}

// nameKeyboard is under the question for a name: back to the list, or
// cancel when there is no list yet.
func (fa *Family) nameKeyboard(c *bot.Context, s *session, list []storage.Dependant) *bot.Keyboard {
	if len(list) == 0 {
		return bot.Inline(bot.Row(s.cancelButton(c, c.T("family.cancel"))))
	}
	return bot.Inline(bot.Row(c.Button(c.T("family.back"), actFamilyBack, s.nonce())))
}

// onFamilyAdd asks for the name of a family member to add; it is pressed
// under the list or under the check-in's "whom for?".
func (fa *Family) onFamilyAdd(ctx context.Context, c *bot.Context, s *session) error {
	flow := flowFamily
	if s.in(flowCheckin) {
		flow = flowCheckin
	}
	if !s.current(c, flow) {
		return nil
	}
	list, err := s.tx.DependantsOf(s.res.ID)
	if err != nil {
		return fmt.Errorf("family members: %w", err)
	}
	if len(list) >= storage.MaxDependants {
		c.Answer(c.T("family.full", storage.MaxDependants), true)
		return nil
	}
	if _, err := s.begin(flowFamily, stepFamilyName, familyData{}); err != nil {
		return err
	}
	c.Edit(c.T("family.ask_name"), fa.nameKeyboard(c, s, list))
	return nil
}

// familyInput takes what the resident types while the list is open: a
// name when one is asked for; otherwise the buttons are shown again.
func (fa *Family) familyInput(ctx context.Context, c *bot.Context, s *session) error {
	switch s.conv.Step {
	case stepFamilyName:
		return fa.familyNameInput(c, s)
	case stepFamilyRemove:
		var d familyData
		if err := s.data(&d); err != nil {
			return err
		}
		c.Send(c.T("family.use_buttons"), nil)
		return fa.askRemove(c, s, d.ID, false)
	}
	return fa.showFamily(c, s, c.T("family.use_buttons"), nil, false)
}

// familyNameInput adds the family member whose name was typed.
func (fa *Family) familyNameInput(c *bot.Context, s *session) error {
	text, ok := deedText(c.Update)
	if !ok || text == "" {
		c.Send(c.T("family.name_text"), nil)
		return nil
	}
	name := strings.Join(strings.Fields(text), " ")
	if n := utf8.RuneCountInString(name); n < storage.DependantNameMin || n > storage.DependantNameMax {
		c.Send(c.T("family.name_length", storage.DependantNameMin, storage.DependantNameMax, n), nil)
		return nil
	}
	added, err := s.tx.AddDependant(s.res.ID, name)
	switch {
	case errors.Is(err, storage.ErrInvalid):
		c.Send(c.T("family.name_chars"), nil)
		return nil
	case errors.Is(err, storage.ErrConflict):
		list, err := s.tx.DependantsOf(s.res.ID)
		if err != nil {
			return fmt.Errorf("family members: %w", err)
		}
		if len(list) >= storage.MaxDependants {
			return fa.showFamily(c, s, c.T("family.full", storage.MaxDependants), nil, false)
		}
		c.Send(c.T("family.name_taken", name), nil)
		return nil
	case err != nil:
		return fmt.Errorf("add family member: %w", err)
	}
	return fa.showFamily(c, s, c.T("family.added", added.Name), &added, false)
}

// onFamilyRemove asks to confirm removing a family member.
func (fa *Family) onFamilyRemove(ctx context.Context, c *bot.Context, s *session) error {
	if !s.current(c, flowFamily) || len(c.Params) != 2 {
		return nil
	}
	id, ok := parseID(c.Params, 1)
	if !ok {
		return nil
	}
	return fa.askRemove(c, s, id, true)
}

// askRemove moves to the confirmation of removing family member id.
func (fa *Family) askRemove(c *bot.Context, s *session, id int64, edit bool) error {
	d, found, err := fa.checkins.householdMember(s, id)
	if err != nil {
		return err
	}
	if !found || id == 0 {
		c.Answer(c.T("family.gone"), true)
		return fa.showFamily(c, s, "", nil, edit)
	}
	if _, err := s.advance(stepFamilyRemove, familyData{ID: id}); err != nil {
		return err
	}
	show(c, c.T("family.remove_confirm", d.Name), bot.Inline(
		bot.Row(c.Button(c.T("family.remove_yes"), actFamilyRemoveYes, s.nonce())),
		bot.Row(c.Button(c.T("family.remove_no"), actFamilyBack, s.nonce())),
	), edit)
	return nil
}

// onFamilyRemoveYes removes the family member and their check-ins.
func (fa *Family) onFamilyRemoveYes(ctx context.Context, c *bot.Context, s *session) error {
	var d familyData
	if !s.current(c, flowFamily) {
		return nil
	}
	if err := s.data(&d); err != nil {
		return err
	}
	removed, n, err := s.tx.RemoveDependant(s.res.ID, d.ID)
	if isNotFound(err) {
		return fa.showFamily(c, s, c.T("family.gone"), nil, true)
	}
	if err != nil {
		return fmt.Errorf("remove family member: %w", err)
	}
	return fa.showFamily(c, s, c.T("family.removed", removed.Name, n), nil, true)
}

// onFamilyBack shows the list again.
func (fa *Family) onFamilyBack(ctx context.Context, c *bot.Context, s *session) error {
	if !s.current(c, flowFamily) {
		return nil
	}
	return fa.showFamily(c, s, "", nil, true)
}

// onFamilyCheckin starts the check-in of a family member just added.
func (fa *Family) onFamilyCheckin(ctx context.Context, c *bot.Context, s *session) error {
	if !s.current(c, flowFamily) || len(c.Params) != 2 {
		return nil
	}
	return fa.checkins.checkinOf(c, s, c.Params[1], true)
}
