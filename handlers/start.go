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

// The join flow: choosing one's unit down the tree, or by name.
const (
	flowJoin   = "join"
	actBrowse  = "jb" // nonce, unit id (0 = top), page
	actChoose  = "jc" // nonce, unit id: show the confirmation
	actConfirm = "jy" // nonce, unit id: join
	pageSize   = 8
	// deepLinkPrefix starts a /start payload that names a unit: g_<code>.
	deepLinkPrefix = "g_"
)

// start welcomes a person: a new one chooses their unit, a stopped one is
// resumed, a deep link g_<code> proposes that unit directly.
func (ob *Onboarding) start(ctx context.Context, c *bot.Context, s *session) error {
	resumed := false
	if !s.res.StoppedAt.IsZero() {
		if err := s.tx.SetResidentStopped(s.res.ID, false); err != nil {
			return fmt.Errorf("resume: %w", err)
		}
		resumed = true
	}
	if resumed {
		c.Send(c.T("start.resumed"), nil)
	}
	// An administrator's menu, or one whose roles changed while the bot
	// could not reach them, is brought up to date.
	if err := ob.menus.refresh(c, s.tx, s.res.ID); err != nil {
		return err
	}
	if token, ok := strings.CutPrefix(c.Args, invitePrefix); ok {
		return ob.roles.openInvite(c, s, token)
	}
	if code, ok := strings.CutPrefix(c.Args, deepLinkPrefix); ok {
		return ob.startDeepLink(c, s, code)
	}
	unit, joined, err := s.unit()
	if err != nil {
		return err
	}
	if joined {
		path, err := ob.unitPath(s.tx, unit.ID)
		if err != nil {
			return err
		}
		c.Send(c.T("start.back", greetName(c, s.res.Name), HTML(path), HTML(ob.guide.helpBody(c, s))), nil)
		return nil
	}
	c.Send(c.T("start.welcome", greetName(c, s.res.Name)), nil)
	return ob.beginJoin(c, s)
}

// startDeepLink proposes the unit a link names (a group to confirm, or a
// larger unit to choose within).
func (ob *Onboarding) startDeepLink(c *bot.Context, s *session, code string) error {
	unit, err := s.tx.UnitByCode(code)
	if errors.Is(err, storage.ErrNotFound) {
		c.Send(c.T("join.link_unknown", code), nil)
		return ob.beginJoin(c, s)
	}
	if err != nil {
		return fmt.Errorf("deep link unit: %w", err)
	}
	nonce, err := s.begin(flowJoin, "pick", nil)
	if err != nil {
		return err
	}
	if n, err := s.tx.CountChildren(unit.ID); err != nil {
		return fmt.Errorf("count children: %w", err)
	} else if n > 0 {
		return ob.showPicker(c, s, unit.ID, 0, false)
	}
	return ob.showConfirm(c, s, unit, nonce, false)
}

// beginJoin starts the join flow at the top of the tree.
func (ob *Onboarding) beginJoin(c *bot.Context, s *session) error {
	if n, err := s.tx.CountUnits(); err != nil {
		return fmt.Errorf("count units: %w", err)
	} else if n == 0 {
		c.Send(c.T("join.no_units"), nil)
		return nil
	}
	if _, err := s.begin(flowJoin, "pick", nil); err != nil {
		return err
	}
	return ob.showPicker(c, s, 0, 0, false)
}

// showPicker shows the children of parent, a page at a time, as buttons.
// With one unit at the top, the top is skipped.
func (ob *Onboarding) showPicker(c *bot.Context, s *session, parent int64, page int, edit bool) error {
	units, err := s.tx.Children(parent)
	if err != nil {
		return fmt.Errorf("list units: %w", err)
	}
	if parent == 0 && len(units) == 1 {
		return ob.showPicker(c, s, units[0].ID, page, edit)
	}
	pages := max(1, (len(units)+pageSize-1)/pageSize)
	page = min(max(page, 0), pages-1)
	var rows [][]bot.Button
	for _, u := range units[page*pageSize : min(len(units), (page+1)*pageSize)] {
		b, err := ob.unitButton(c, s, u, u.Name)
		if err != nil {
			return err
		}
		rows = append(rows, bot.Row(b))
	}
	rows = append(rows, ob.pickerNav(c, s, parent, page, pages)...)
	text, err := ob.pickerText(c, s, parent, page, pages)
	if err != nil {
		return err
	}
	show(c, text, bot.Inline(rows...), edit)
	return nil
}

// unitButton is a button that opens a unit with children, or proposes a
// unit without.
func (ob *Onboarding) unitButton(c *bot.Context, s *session, u storage.Unit, label string) (bot.Button, error) {
	n, err := s.tx.CountChildren(u.ID)
	if err != nil {
		return bot.Button{}, fmt.Errorf("count children: %w", err)
	}
	id := strconv.FormatInt(u.ID, 10)
	if n > 0 {
		return c.Button(label+" ›", actBrowse, s.nonce(), id, "0"), nil
	}
	return c.Button(label, actChoose, s.nonce(), id), nil
}

func (ob *Onboarding) pickerNav(c *bot.Context, s *session, parent int64, page, pages int) [][]bot.Button {
	id := strconv.FormatInt(parent, 10)
	var nav []bot.Button
	if page > 0 {
		nav = append(nav, c.Button(c.T("picker.prev"), actBrowse, s.nonce(), id, strconv.Itoa(page-1)))
	}
	if page < pages-1 {
		nav = append(nav, c.Button(c.T("picker.next"), actBrowse, s.nonce(), id, strconv.Itoa(page+1)))
	}
	var rows [][]bot.Button
	if len(nav) > 0 {
		rows = append(rows, nav)
	}
	if parent != 0 {
		if up, err := s.tx.UnitByID(parent); err == nil && !ob.onlyTop(s, up) {
			rows = append(rows, bot.Row(c.Button(c.T("picker.back"), actBrowse, s.nonce(),
				strconv.FormatInt(up.ParentID, 10), "0")))
		}
	}
	return rows
}

// onlyTop reports whether u is the single unit at the top of the tree: the
// picker starts inside it, so there is nothing to go back to.
func (ob *Onboarding) onlyTop(s *session, u storage.Unit) bool {
	if u.ParentID != 0 {
		return false
	}
	top, err := s.tx.Children(0)
	return err == nil && len(top) == 1
}

func (ob *Onboarding) pickerText(c *bot.Context, s *session, parent int64, page, pages int) (string, error) {
	var b strings.Builder
	b.WriteString(c.T("picker.title"))
	if parent != 0 {
		path, err := ob.unitPath(s.tx, parent)
		if err != nil {
			return "", err
		}
		b.WriteString("\n" + c.T("picker.where", HTML(path)))
	}
	if pages > 1 {
		b.WriteString("\n" + c.T("picker.page", page+1, pages))
	}
	b.WriteString("\n\n" + c.T("picker.search_hint"))
	return b.String(), nil
}

// onBrowse opens a unit's children (or the top) at a page.
func (ob *Onboarding) onBrowse(ctx context.Context, c *bot.Context, s *session) error {
	if !s.current(c, flowJoin) {
		return nil
	}
	id, ok1 := parseID(c.Params, 1)
	page, ok2 := parseID(c.Params, 2)
	if !ok1 || !ok2 {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return nil
	}
	return ob.showPicker(c, s, id, int(page), true)
}

// onChoose shows the confirmation for a unit.
func (ob *Onboarding) onChoose(ctx context.Context, c *bot.Context, s *session) error {
	if !s.current(c, flowJoin) {
		return nil
	}
	unit, ok, err := ob.paramUnit(c, s)
	if err != nil || !ok {
		return err
	}
	return ob.showConfirm(c, s, unit, s.nonce(), true)
}

func (ob *Onboarding) showConfirm(c *bot.Context, s *session, unit storage.Unit, nonce string, edit bool) error {
	path, err := ob.unitPath(s.tx, unit.ParentID)
	if err != nil {
		return err
	}
	id := strconv.FormatInt(unit.ID, 10)
	kb := bot.Inline(
		bot.Row(c.Button(c.T("join.yes"), actConfirm, nonce, id)),
		bot.Row(c.Button(c.T("join.other"), actBrowse, nonce, strconv.FormatInt(unit.ParentID, 10), "0")),
	)
	show(c, c.T("join.confirm", unit.Name, HTML(path)), kb, edit)
	return nil
}

// onConfirm joins the unit and ends the flow.
func (ob *Onboarding) onConfirm(ctx context.Context, c *bot.Context, s *session) error {
	if !s.current(c, flowJoin) {
		return nil
	}
	unit, ok, err := ob.paramUnit(c, s)
	if err != nil || !ok {
		return err
	}
	moved := s.res.UnitID != 0 && s.res.UnitID != unit.ID
	if err := s.tx.SetResidentUnit(s.res.ID, unit.ID); err != nil {
		return fmt.Errorf("join unit: %w", err)
	}
	s.res.UnitID = unit.ID
	if err := s.end(); err != nil {
		return err
	}
	path, err := ob.unitPath(s.tx, unit.ID)
	if err != nil {
		return err
	}
	key := "join.done"
	if moved {
		key = "join.moved"
	}
	c.Edit(c.T(key, HTML(path)), nil)
	c.Send(ob.guide.helpBody(c, s), nil)
	return nil
}

// joinInput searches units by what the person typed.
func (ob *Onboarding) joinInput(ctx context.Context, c *bot.Context, s *session) error {
	q := strings.TrimSpace(c.Update.Text)
	if q == "" || c.Update.Media != "" || c.Update.Photo != nil {
		c.Send(c.T("join.type_name"), nil)
		return nil
	}
	if n := utf8.RuneCountInString(q); n < 2 || n > 100 {
		c.Send(c.T("join.query_length"), nil)
		return nil
	}
	units, err := s.tx.SearchUnits(q, pageSize)
	if err != nil {
		return fmt.Errorf("search units: %w", err)
	}
	if len(units) == 0 {
		kb := bot.Inline(bot.Row(c.Button(c.T("join.browse"), actBrowse, s.nonce(), "0", "0")))
		c.Send(c.T("join.no_match", q), kb)
		return nil
	}
	var rows [][]bot.Button
	for _, u := range units {
		label := u.Name
		if u.ParentID != 0 {
			if p, err := s.tx.UnitByID(u.ParentID); err == nil {
				label += " – " + p.Name
			}
		}
		b, err := ob.unitButton(c, s, u, label)
		if err != nil {
			return err
		}
		rows = append(rows, bot.Row(b))
	}
	c.Send(c.T("join.matches", q), bot.Inline(rows...))
	return nil
}

// show edits the message with the pressed button, or sends a new one.
func show(c *bot.Context, text string, kb *bot.Keyboard, edit bool) {
	if edit {
		c.Edit(text, kb)
		return
	}
	c.Send(text, kb)
}

// greetName is the name to greet a person by.
func greetName(c *bot.Context, name string) string {
	if name == "" {
		return c.T("you")
	}
	return name
}
