package handlers

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// Help requests (an sinh, hỗ trợ): /support asks for help in three steps
// (kind, description, phone), /mysupport lists one's requests.
const (
	flowSupport    = "support"
	actSupportKind = "hk" // nonce, kind
	// The limits of a request's description, in characters.
	descriptionMin = 10
	descriptionMax = 1000
	// mySupportLimit is how many requests /mysupport lists.
	mySupportLimit = 20
)

// helpKinds are the kinds of help a resident can ask for, in menu order.
var helpKinds = []string{storage.NeedFood, storage.NeedMedicine, storage.NeedMedical, storage.NeedOther}

// supportData is what the support flow has gathered so far.
type supportData struct {
	Kind        string `json:"kind,omitempty"`
	Description string `json:"description,omitempty"`
}

// support starts a request for help: first, its kind.
func (sp *Support) support(ctx context.Context, c *bot.Context, s *session) error {
	if _, ok, err := sp.needUnit(c, s); err != nil || !ok {
		return err
	}
	if _, err := s.begin(flowSupport, "kind", supportData{}); err != nil {
		return err
	}
	c.Send(c.T("support.intro"), sp.kindKeyboard(c, s))
	return nil
}

// kindKeyboard offers the kinds of help, two a row, and a cancel button.
func (sp *Support) kindKeyboard(c *bot.Context, s *session) *bot.Keyboard {
	var rows [][]bot.Button
	for i := 0; i < len(helpKinds); i += 2 {
		var row []bot.Button
		for _, k := range helpKinds[i:min(i+2, len(helpKinds))] {
			row = append(row, c.Button(c.T("support.button."+k), actSupportKind, s.nonce(), k))
		}
		rows = append(rows, row)
	}
	rows = append(rows, bot.Row(s.cancelButton(c, c.T("support.button.cancel"))))
	return bot.Inline(rows...)
}

// onSupportKind records the kind of help and asks for the description.
func (sp *Support) onSupportKind(ctx context.Context, c *bot.Context, s *session) error {
	if !s.current(c, flowSupport) {
		return nil
	}
	if s.conv.Step != "kind" || len(c.Params) != 2 || !slices.Contains(helpKinds, c.Params[1]) {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return nil
	}
	kind := c.Params[1]
	if _, err := s.advance("description", supportData{Kind: kind}); err != nil {
		return err
	}
	c.Edit(c.T("support.ask_description", c.T("support.kind."+kind), descriptionMin, descriptionMax,
		HTML(c.T("support.example."+kind))), bot.Inline(bot.Row(s.cancelButton(c, c.T("support.button.cancel")))))
	return nil
}

// supportInput takes what the person sends at each step of the flow.
func (sp *Support) supportInput(ctx context.Context, c *bot.Context, s *session) error {
	var d supportData
	if err := s.data(&d); err != nil {
		return err
	}
	switch s.conv.Step {
	case "description":
		return sp.descriptionInput(c, s, d)
	case "phone":
		return sp.phoneInput(c, s, d)
	}
	c.Send(c.T("support.use_buttons"), sp.kindKeyboard(c, s))
	return nil
}

// descriptionInput checks the description and asks for a phone number.
func (sp *Support) descriptionInput(c *bot.Context, s *session, d supportData) error {
	u := c.Update
	text := strings.TrimSpace(u.Text)
	if u.Photo != nil || u.Media != "" || u.Contact != nil || text == "" {
		c.Send(c.T("support.type_text", descriptionMin, descriptionMax), nil)
		return nil
	}
	if n := utf8.RuneCountInString(text); n < descriptionMin || n > descriptionMax {
		c.Send(c.T("support.description_length", descriptionMin, descriptionMax, n), nil)
		return nil
	}
	d.Description = text
	if _, err := s.advance("phone", d); err != nil {
		return err
	}
	c.Send(c.T(phoneStep(c, "support.ask_phone")), sp.phoneKeyboard(c))
	return nil
}

// phoneStep words a phone step for the person's messenger: where there is
// no button to share one's number, it asks them to type it.
func phoneStep(c *bot.Context, key string) string {
	if c.Caps.ContactButton {
		return key
	}
	return key + "_typed"
}

// phoneKeyboard is the reply keyboard of the phone step: share one's own
// number, or skip.
func (sp *Support) phoneKeyboard(c *bot.Context) *bot.Keyboard {
	return &bot.Keyboard{Reply: true, Rows: [][]bot.Button{
		{{Text: c.T("support.share_phone"), Contact: true}},
		{{Text: c.T("support.skip_phone")}},
	}}
}

// phoneInput takes a shared contact, a typed number or "skip", then
// opens the request.
func (sp *Support) phoneInput(c *bot.Context, s *session, d supportData) error {
	u := c.Update
	var phone string
	switch {
	case u.Contact != nil && u.Contact.UserID != u.From.ID: // a contact card of someone else, on Telegram or not
		c.Send(c.T("support.phone_not_own"), sp.phoneKeyboard(c))
		return nil
	case u.Contact != nil:
		p, ok := contactPhone(u.Contact.Phone)
		if !ok {
			c.Send(c.T(phoneStep(c, "support.phone_invalid")), sp.phoneKeyboard(c))
			return nil
		}
		phone = p
	case u.Photo != nil || u.Media != "":
		c.Send(c.T(phoneStep(c, "support.phone_invalid")), sp.phoneKeyboard(c))
		return nil
	case sp.isLabel(strings.TrimSpace(u.Text), "support.skip_phone"):
		// no phone this time: the request goes without one
	default:
		p, ok := normalizePhone(u.Text)
		if !ok {
			c.Send(c.T(phoneStep(c, "support.phone_invalid")), sp.phoneKeyboard(c))
			return nil
		}
		phone = p
	}
	return sp.finishSupport(c, s, d, phone)
}

// isLabel reports whether text is the catalogue's label key in any
// language (a reply keyboard sends its button's text; the person may have
// switched language since it was shown).
func (sp *Support) isLabel(text, key string) bool {
	for _, l := range Languages {
		if strings.EqualFold(text, sp.Catalog.Text(l, key)) {
			return true
		}
	}
	return false
}

// contactPhone reads a number shared with the contact button: a
// Vietnamese one as 0912345678, a foreign one as +<digits>.
func contactPhone(raw string) (string, bool) {
	if p, ok := normalizePhone(raw); ok {
		return p, true
	}
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, raw)
	if len(digits) < 6 || len(digits) > 15 {
		return "", false
	}
	return "+" + digits, true
}

// finishSupport opens the request, keeps the phone on the resident, ends
// the flow and gives the ticket number.
func (sp *Support) finishSupport(c *bot.Context, s *session, d supportData, phone string) error {
	unit, ok, err := sp.needUnit(c, s)
	if err != nil || !ok {
		return err
	}
	h, err := sp.createHelp(c, s, unit, storage.HelpRequest{Kind: d.Kind, Description: d.Description,
		Phone: phone, Source: storage.HelpFromSupport})
	if err != nil {
		return err
	}
	if phone != "" {
		if err := s.tx.SetResidentPhone(s.res.ID, phone); err != nil {
			return fmt.Errorf("keep phone: %w", err)
		}
		s.res.Phone = phone
	}
	if err := s.end(); err != nil {
		return err
	}
	shown := c.T("support.no_phone_given")
	if phone != "" {
		shown = phone
	}
	summary := HTML(c.T("support.summary", c.T("support.kind."+h.Kind), h.Description, shown))
	text := c.T("support.created", storage.HelpRef(h.ID), summary)
	if s.told == 0 {
		text = c.T("support.created_nobody", storage.HelpRef(h.ID), summary)
	}
	c.Send(text, &bot.Keyboard{Remove: true})
	return nil
}

// mySupport lists the person's requests for help, newest first.
func (sp *Support) mySupport(ctx context.Context, c *bot.Context, s *session) error {
	unit, ok, err := sp.needUnit(c, s)
	if err != nil || !ok {
		return err
	}
	list, err := s.tx.HelpRequestsOf(s.res.ID, mySupportLimit)
	if err != nil {
		return fmt.Errorf("my help requests: %w", err)
	}
	if len(list) == 0 {
		c.Send(c.T("support.mine_none"), nil)
		return nil
	}
	lines := []string{c.T("support.mine_title")}
	for _, h := range list {
		lines = append(lines, c.T("support.mine_line", storage.HelpRef(h.ID), c.T("support.kind."+h.Kind),
			sp.localTime(unit, h.CreatedAt), c.T("support.status."+h.Status)))
	}
	c.Send(strings.Join(lines, "\n"), nil)
	return nil
}
