package handlers

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// Practices is /practice (/mohinh): good practices (mô hình hay, cách làm
// hay) of the units. Everyone reads those of their ward; a unit's
// coordinators post theirs; officials of a unit above mark one exemplary.
type Practices struct {
	*core
}

const (
	flowPractice      = "practice"
	actPracticeNew    = "mn" // nonce: starts a new practice
	actPracticeSkip   = "ms" // nonce: no contact
	actPracticePost   = "mp" // nonce: posts the draft
	actPracticeMark   = "me" // practice id: marks it exemplary
	stepPracticeTitle = "title"
	stepPracticeWhat  = "what"
	stepPracticeHow   = "how"
	stepPracticeWho   = "contact"
	stepPracticeCheck = "check"

	practicesShown = 10
)

// practiceDraft is a practice being written.
type practiceDraft struct {
	Unit    int64  `json:"unit"`
	Title   string `json:"title,omitempty"`
	What    string `json:"what,omitempty"`
	How     string `json:"how,omitempty"`
	Contact string `json:"contact,omitempty"`
	// Photo is the practice's one photo, sent at the preview (optional).
	Photo *storage.DeedPhoto `json:"photo,omitempty"`
}

// practiceRef reads "MH-12" or "12".
var practiceRef = regexp.MustCompile(`^(?i:mh-?)?(\d{1,9})$`)

// practice lists the practices of the person's ward and units, or shows
// one (/mohinh MH-12).
func (pr *Practices) practice(ctx context.Context, c *bot.Context, s *session) error {
	arg := strings.TrimSpace(c.Args)
	if arg != "" {
		m := practiceRef.FindStringSubmatch(arg)
		if m == nil {
			c.Send(c.T("practice.usage"), nil)
			return nil
		}
		id, _ := strconv.ParseInt(m[1], 10, 64)
		return pr.show(c, s, id)
	}
	scope, err := pr.readScope(s)
	if err != nil {
		return err
	}
	post, err := pr.postUnit(s)
	if err != nil {
		return err
	}
	if scope.Empty() && post == 0 {
		_, _, err := pr.needUnit(c, s)
		return err
	}
	list, err := s.tx.PracticesIn(scope, practicesShown)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(c.T("practice.title"))
	if len(list) == 0 {
		b.WriteString("\n" + c.T("practice.none"))
	}
	for _, p := range list {
		unit, err := s.tx.UnitByID(p.UnitID)
		if err != nil {
			return err
		}
		b.WriteString("\n" + pr.line(c, p, unit))
	}
	if len(list) > 0 {
		b.WriteString("\n\n" + c.T("practice.hint"))
	}
	var kb *bot.Keyboard
	if post != 0 {
		if _, err := s.begin(flowPractice, stepPracticeCheck, practiceDraft{Unit: post}); err != nil {
			return err
		}
		kb = bot.Inline(bot.Row(c.Button(c.T("practice.new"), actPracticeNew, s.nonce())))
	}
	c.Send(b.String(), kb)
	return nil
}

// line is one practice in a list.
func (pr *Practices) line(c *bot.Context, p storage.Practice, unit storage.Unit) string {
	var marks []string
	if p.Example {
		marks = append(marks, c.T("practice.example"))
	}
	if !p.ExemplaryAt.IsZero() {
		marks = append(marks, c.T("practice.exemplary"))
	}
	if p.Adopted > 0 {
		marks = append(marks, c.T("practice.adopted_n", p.Adopted))
	}
	mark := ""
	if len(marks) > 0 {
		mark = " · " + strings.Join(marks, " · ")
	}
	return c.T("practice.line", storage.PracticeRef(p.ID), p.Title, unit.Name, HTML(mark))
}

// readScope is where the person reads practices: their ward (the unit
// above their group, or their unit), and the units they look after.
func (pr *Practices) readScope(s *session) (storage.Scope, error) {
	if s.isAdmin() {
		return storage.Scope{All: true}, nil
	}
	var units []int64
	if unit, ok, err := s.unit(); err != nil {
		return storage.Scope{}, err
	} else if ok {
		ancestors, err := s.tx.Ancestors(unit.ID)
		if err != nil {
			return storage.Scope{}, err
		}
		units = append(units, ancestors[min(1, len(ancestors)-1)].ID)
	}
	for _, role := range []string{storage.RoleCoordinator, storage.RoleOfficial} {
		scope, err := s.tx.ScopeOf(s.res.ID, role)
		if err != nil {
			return storage.Scope{}, err
		}
		units = append(units, scope.Units...)
	}
	slices.Sort(units)
	return storage.Scope{Units: slices.Compact(units)}, nil
}

// postUnit is the unit whose practices the person may post: the first
// they coordinate (an administrator: their own unit); 0 for none.
func (pr *Practices) postUnit(s *session) (int64, error) {
	scope, err := s.tx.ScopeOf(s.res.ID, storage.RoleCoordinator)
	if err != nil {
		return 0, err
	}
	if len(scope.Units) > 0 {
		return scope.Units[0], nil
	}
	if s.isAdmin() {
		return s.res.UnitID, nil
	}
	return 0, nil
}

// show shows one practice in full; an official of a unit above it may
// mark it exemplary.
func (pr *Practices) show(c *bot.Context, s *session, id int64) error {
	p, err := s.tx.PracticeByID(id)
	if isNotFound(err) {
		c.Send(c.T("practice.unknown", storage.PracticeRef(id)), nil)
		return nil
	}
	if err != nil {
		return err
	}
	unit, err := s.tx.UnitByID(p.UnitID)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(c.T("practice.head", storage.PracticeRef(p.ID), p.Title, unit.Name))
	if p.Example {
		b.WriteString("\n" + c.T("practice.example_note"))
	}
	if !p.ExemplaryAt.IsZero() {
		b.WriteString("\n" + c.T("practice.exemplary_note"))
	}
	b.WriteString("\n\n" + c.T("practice.what", p.What))
	b.WriteString("\n\n" + c.T("practice.how", p.How))
	if p.Contact != "" {
		b.WriteString("\n\n" + c.T("practice.contact", p.Contact))
	}
	if p.Adopted+p.Help > 0 {
		b.WriteString("\n\n" + c.T("practice.adoptions", p.Adopted, p.Help))
	} else {
		b.WriteString("\n\n" + c.T("practice.adoptions_none"))
	}
	if p.Photo != "" {
		u := c.Update
		c.Queue(bot.Outgoing{Kind: bot.OutPhoto, Platform: u.Platform, ChatID: u.Chat.ID, Lang: c.Lang,
			Photo: p.Photo, PhotoPlatform: p.PhotoPlatform, Media: p.PhotoMedia, Text: c.T("practice.photo_caption", p.Title)})
	}
	var kb *bot.Keyboard
	if ok, err := pr.above(s, p.UnitID); err != nil {
		return err
	} else if ok {
		var rows [][]bot.Button
		if p.ExemplaryAt.IsZero() {
			rows = append(rows, bot.Row(c.Button(c.T("practice.mark"), actPracticeMark, strconv.FormatInt(p.ID, 10))))
		}
		rows = append(rows, bot.Row(c.Button(c.T("practice.replicate"), actReplicate, strconv.FormatInt(p.ID, 10))))
		kb = bot.Inline(rows...)
	}
	c.Send(b.String(), kb)
	return nil
}

// above reports whether the person is an official of a unit above
// unitID (or an administrator).
func (pr *Practices) above(s *session, unitID int64) (bool, error) {
	return holdsOver(s, storage.RoleOfficial, unitID, 1)
}

// holdsOver reports whether the person holds role on unitID or a unit
// above it, leaving out the first skip units of the way up (1: above
// unitID only), or is an administrator.
func holdsOver(s *session, role string, unitID int64, skip int) (bool, error) {
	if s.isAdmin() {
		return true, nil
	}
	scope, err := s.tx.ScopeOf(s.res.ID, role)
	if err != nil || scope.Empty() {
		return false, err
	}
	ancestors, err := s.tx.Ancestors(unitID)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(ancestors[min(skip, len(ancestors)):], func(u storage.Unit) bool {
		return slices.Contains(scope.Units, u.ID)
	}), nil
}

// onMark marks a practice exemplary, for an official of a unit above it.
func (pr *Practices) onMark(ctx context.Context, c *bot.Context, s *session) error {
	id, ok := parseID(c.Params, 0)
	if !ok {
		return nil
	}
	p, ok, err := pr.pressed(c, s, id)
	if !ok {
		return err
	}
	if ok, err := pr.above(s, p.UnitID); err != nil {
		return err
	} else if !ok {
		c.Answer(c.T("practice.not_above"), true)
		return s.tx.Audit(storage.AuditEntry{ActorID: s.res.ID, Action: storage.AuditScopeDenied, UnitID: p.UnitID,
			Target: storage.PracticeRef(id), Outcome: storage.AuditRefused, Detail: "exemplary"})
	}
	if _, err := s.tx.MarkExemplary(id, s.res.ID); err != nil {
		return err
	}
	if err := s.tx.Audit(storage.AuditEntry{ActorID: s.res.ID, Action: storage.AuditPractice, UnitID: p.UnitID,
		Target: storage.PracticeRef(id), Outcome: storage.AuditOK, Detail: "exemplary"}); err != nil {
		return err
	}
	c.Answer(c.T("practice.marked"), false)
	c.Send(c.T("practice.marked_text", storage.PracticeRef(id), p.Title), nil)
	return nil
}

// onNew starts writing a practice.
func (pr *Practices) onNew(ctx context.Context, c *bot.Context, s *session) error {
	if !s.current(c, flowPractice) {
		return nil
	}
	var d practiceDraft
	if err := s.data(&d); err != nil {
		return err
	}
	if _, err := s.advance(stepPracticeTitle, d); err != nil {
		return err
	}
	unit, err := s.tx.UnitByID(d.Unit)
	if err != nil {
		return err
	}
	c.Send(c.T("practice.ask_title", unit.Name, storage.PracticeTitleMax), bot.Inline(bot.Row(s.cancelButton(c, c.T("practice.cancel")))))
	return nil
}

// practiceInput takes each part of the practice as it is typed.
func (pr *Practices) practiceInput(ctx context.Context, c *bot.Context, s *session) error {
	var d practiceDraft
	if err := s.data(&d); err != nil {
		return err
	}
	text, ok := deedText(c.Update)
	text = strings.TrimSpace(text)
	n := utf8.RuneCountInString(text)
	cancel := bot.Inline(bot.Row(s.cancelButton(c, c.T("practice.cancel"))))
	switch s.conv.Step {
	case stepPracticeTitle:
		if !ok || n == 0 || n > storage.PracticeTitleMax {
			c.Send(c.T("practice.title_length", storage.PracticeTitleMax, n), cancel)
			return nil
		}
		d.Title = text
		return pr.next(c, s, d, stepPracticeWhat, c.T("practice.ask_what", storage.PracticeTextMin, storage.PracticeTextMax), cancel)
	case stepPracticeWhat, stepPracticeHow:
		if !ok || n < storage.PracticeTextMin || n > storage.PracticeTextMax {
			c.Send(c.T("practice.text_length", storage.PracticeTextMin, storage.PracticeTextMax, n), cancel)
			return nil
		}
		if s.conv.Step == stepPracticeWhat {
			d.What = text
			return pr.next(c, s, d, stepPracticeHow, c.T("practice.ask_how", storage.PracticeTextMin, storage.PracticeTextMax), cancel)
		}
		d.How = text
		if _, err := s.advance(stepPracticeWho, d); err != nil {
			return err
		}
		c.Send(c.T("practice.ask_contact", storage.PracticeContactMax), bot.Inline(
			bot.Row(c.Button(c.T("practice.skip_contact"), actPracticeSkip, s.nonce())),
			bot.Row(s.cancelButton(c, c.T("practice.cancel")))))
		return nil
	case stepPracticeCheck:
		if c.Update.Photo == nil {
			break
		}
		photo := deedPhoto(c.Update) // a photo at the preview: the practice's (a later one replaces it)
		d.Photo = &photo
		return pr.preview(c, s, d)
	case stepPracticeWho:
		if !ok || n == 0 || n > storage.PracticeContactMax {
			c.Send(c.T("practice.contact_length", storage.PracticeContactMax, n), nil)
			return nil
		}
		d.Contact = text
		return pr.preview(c, s, d)
	}
	c.Send(c.T("practice.use_buttons"), nil)
	return nil
}

// next moves to step and asks for it.
func (pr *Practices) next(c *bot.Context, s *session, d practiceDraft, step, ask string, kb *bot.Keyboard) error {
	if _, err := s.advance(step, d); err != nil {
		return err
	}
	c.Send(ask, kb)
	return nil
}

// onSkip goes on without a contact.
func (pr *Practices) onSkip(ctx context.Context, c *bot.Context, s *session) error {
	if !s.current(c, flowPractice) {
		return nil
	}
	var d practiceDraft
	if err := s.data(&d); err != nil {
		return err
	}
	return pr.preview(c, s, d)
}

// preview shows the practice as it will be posted.
func (pr *Practices) preview(c *bot.Context, s *session, d practiceDraft) error {
	if _, err := s.advance(stepPracticeCheck, d); err != nil {
		return err
	}
	unit, err := s.tx.UnitByID(d.Unit)
	if err != nil {
		return err
	}
	text := c.T("practice.preview") + "\n\n" + c.T("practice.head_draft", d.Title, unit.Name) +
		"\n\n" + c.T("practice.what", d.What) + "\n\n" + c.T("practice.how", d.How)
	if d.Contact != "" {
		text += "\n\n" + c.T("practice.contact", d.Contact)
	}
	if d.Photo != nil {
		text += "\n\n" + c.T("practice.photo_got")
	} else {
		text += "\n\n" + c.T("practice.photo_ask")
	}
	c.Send(text, bot.Inline(bot.Row(c.Button(c.T("practice.post"), actPracticePost, s.nonce())),
		bot.Row(s.cancelButton(c, c.T("practice.cancel")))))
	return nil
}

// onPost posts the practice, if the person still coordinates its unit.
func (pr *Practices) onPost(ctx context.Context, c *bot.Context, s *session) error {
	if !s.current(c, flowPractice) {
		return nil
	}
	var d practiceDraft
	if err := s.data(&d); err != nil {
		return err
	}
	if d.Title == "" {
		return nil
	}
	if unit, err := pr.postUnit(s); err != nil {
		return err
	} else if unit != d.Unit {
		c.Answer(c.T("role.denied.coordinator"), true)
		return s.end()
	}
	p := storage.Practice{UnitID: d.Unit, AuthorID: s.res.ID, Title: d.Title, What: d.What, How: d.How, Contact: d.Contact}
	if d.Photo != nil {
		p.Photo, p.PhotoPlatform, p.PhotoMedia = d.Photo.FileID, d.Photo.Platform, d.Photo.Media
	}
	p, err := s.tx.CreatePractice(p)
	if errors.Is(err, storage.ErrInvalid) {
		c.Send(c.T("practice.invalid"), nil)
		return s.end()
	}
	if err != nil {
		return fmt.Errorf("post practice: %w", err)
	}
	if err := s.tx.Audit(storage.AuditEntry{ActorID: s.res.ID, Action: storage.AuditPractice, UnitID: p.UnitID,
		Target: storage.PracticeRef(p.ID), Outcome: storage.AuditOK, Detail: "posted"}); err != nil {
		return err
	}
	c.Send(c.T("practice.posted", storage.PracticeRef(p.ID), p.Title), nil)
	return s.end()
}

// pressed finds the practice a button names; one since gone is answered
// so (ok false).
func (pr *Practices) pressed(c *bot.Context, s *session, id int64) (storage.Practice, bool, error) {
	p, err := s.tx.PracticeByID(id)
	if isNotFound(err) {
		c.Answer(c.T("practice.unknown", storage.PracticeRef(id)), true)
		return p, false, nil
	}
	return p, err == nil, err
}
