package handlers

import (
	"context"
	"errors"
	"fmt"
	"html"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// Appeals (lời kêu gọi): a coordinator writes the text (and perhaps one
// photo), chooses the unit and the audience, sees the message exactly as
// recipients will, with how many they are and how long it will take, and
// confirms. The appeal is stored once and sent by the runner (appeal_run.go)
// through the outbox, paced, with a progress message the sender can
// cancel from.
const (
	flowAppeal = "appeal"

	stepAppealText     = "text"
	stepAppealUnit     = "unit"
	stepAppealAudience = "audience"
	stepAppealPreview  = "preview"

	actAppealUnit     = "au" // nonce, unit id
	actAppealAudience = "aa" // nonce, audience (r, c, a)
	actAppealSend     = "as" // nonce, "n" (normal) or "u" (urgent)
	actAppealRewrite  = "ae" // nonce
	actAppealBack     = "ab" // nonce, step (unit or audience)
	actAppealCancel   = "ac" // appeal id: asks to confirm
	actAppealCancelOK = "ay" // appeal id
	actAppealKeep     = "an" // appeal id

	// AppealMaxRunes bounds an appeal's text, so that with its heading it
	// fits one message on every platform.
	AppealMaxRunes = 3500
	// appealUnitChoices bounds the units offered as buttons.
	appealUnitChoices = 12
	// QuietFrom and QuietUntil are the quiet hours (unit-local): a
	// non-urgent appeal confirmed between them waits until QuietUntil.
	QuietFrom, QuietUntil = 21, 7
	// appealsListed is how many appeals /appeals shows.
	appealsListed = 10
)

// audienceCodes are the short forms of the audiences buttons carry.
var audienceCodes = map[string]string{"r": storage.AudienceResidents, "c": storage.AudienceCoordinators,
	"a": storage.AudienceAll}

// appealDraft is an appeal being written.
type appealDraft struct {
	Text  string `json:"text"` // escaped HTML
	Photo string `json:"photo,omitempty"`
	// PhotoPlatform is the messenger Photo's file id belongs to; Media its
	// kept bytes' hash ("" if not kept).
	PhotoPlatform string `json:"photo_platform,omitempty"`
	Media         string `json:"media,omitempty"`
	UnitID        int64  `json:"unit,omitempty"`
	Audience      string `json:"audience,omitempty"`
}

// appeal starts an appeal: "/appeal text" takes the text at once.
func (ap *Appeals) appeal(ctx context.Context, c *bot.Context, s *session) error {
	if s.in(flowAppeal) {
		c.Send(c.T("appeal.restarted"), nil)
	}
	if _, err := s.begin(flowAppeal, stepAppealText, appealDraft{}); err != nil {
		return err
	}
	if strings.TrimSpace(c.Args) != "" {
		return ap.takeText(c, s, appealDraft{}, c.Args)
	}
	return ap.show(c, s, appealDraft{}, false)
}

// appealInput takes what the sender types in the flow: the text (or a
// photo with its caption), or a unit's code or name.
func (ap *Appeals) appealInput(ctx context.Context, c *bot.Context, s *session) error {
	var d appealDraft
	if err := s.data(&d); err != nil {
		return err
	}
	u := c.Update
	switch s.conv.Step {
	case stepAppealText:
		if u.Contact != nil || u.Media != "" {
			c.Send(c.T("appeal.text_only"), nil)
			return nil
		}
		d.Photo, d.PhotoPlatform, d.Media = "", "", ""
		if u.Photo != nil {
			d.Photo, d.PhotoPlatform, d.Media = u.Photo.FileID, u.Platform, u.Photo.Hash
		}
		return ap.takeText(c, s, d, u.Text)
	case stepAppealUnit:
		if u.Text == "" {
			return ap.show(c, s, d, false)
		}
		unit, ok, err := ap.findUnit(c, s, u.Text)
		if err != nil || !ok {
			return err
		}
		return ap.takeUnit(c, s, d, unit.ID)
	case stepAppealWhen, stepAppealConfirm:
		return ap.whenInput(c, s, d)
	}
	c.Send(c.T("appeal.use_buttons"), nil)
	return ap.show(c, s, d, false)
}

// takeText checks and keeps the appeal's text, then asks for the unit
// (or goes straight on when the sender looks after one unit only).
func (ap *Appeals) takeText(c *bot.Context, s *session, d appealDraft, text string) error {
	text = strings.TrimSpace(strings.ToValidUTF8(text, ""))
	switch n := utf8.RuneCountInString(text); {
	case n == 0:
		c.Send(c.T("appeal.empty"), nil)
		return nil
	case n > AppealMaxRunes:
		c.Send(c.T("appeal.too_long", n, AppealMaxRunes), nil)
		return nil
	}
	d.Text = html.EscapeString(text)
	if d.UnitID != 0 && d.Audience != "" { // rewritten: the unit and audience stay
		return ap.advance(c, s, stepAppealPreview, d, false)
	}
	units, err := ap.unitChoices(s)
	if err != nil {
		return err
	}
	if len(units) == 1 {
		return ap.takeUnit(c, s, d, units[0].ID)
	}
	return ap.advance(c, s, stepAppealUnit, d, false)
}

// takeUnit keeps the unit when it is the sender's, then asks the audience.
func (ap *Appeals) takeUnit(c *bot.Context, s *session, d appealDraft, unitID int64) error {
	scope, err := ap.scopeOf(s, storage.RoleCoordinator)
	if err != nil {
		return err
	}
	if in, err := covers(s.tx, scope, unitID); err != nil {
		return err
	} else if !in {
		return ap.refuse(c, s, "/appeal", unitID, "")
	}
	d.UnitID = unitID
	return ap.advance(c, s, stepAppealAudience, d, c.Update.Kind == bot.KindCallback)
}

// advance moves the flow to step and shows it.
func (ap *Appeals) advance(c *bot.Context, s *session, step string, d appealDraft, edit bool) error {
	if _, err := s.advance(step, d); err != nil {
		return err
	}
	return ap.show(c, s, d, edit)
}

// unitChoices are the units an appeal may go to, as buttons offer them:
// the sender's units and the units right below them (the top of the tree
// for an administrator).
func (ap *Appeals) unitChoices(s *session) ([]storage.Unit, error) {
	scope, err := ap.scopeOf(s, storage.RoleCoordinator)
	if err != nil {
		return nil, err
	}
	var tops []storage.Unit
	if scope.All {
		if tops, err = s.tx.Children(0); err != nil {
			return nil, fmt.Errorf("top units: %w", err)
		}
	}
	for _, id := range scope.Units {
		u, err := s.tx.UnitByID(id)
		if err != nil {
			return nil, fmt.Errorf("scope unit: %w", err)
		}
		tops = append(tops, u)
	}
	var out []storage.Unit
	for _, u := range tops {
		out = append(out, u)
		below, err := s.tx.Children(u.ID)
		if err != nil {
			return nil, fmt.Errorf("units below: %w", err)
		}
		out = append(out, below...)
	}
	return out, nil
}

// show shows the flow's current step.
func (ap *Appeals) show(c *bot.Context, s *session, d appealDraft, edit bool) error {
	send := c.Send
	if edit {
		send = c.Edit
	}
	nonce := s.nonce()
	cancel := bot.Row(s.cancelButton(c, c.T("appeal.cancel_draft")))
	switch s.conv.Step {
	case stepAppealText:
		send(c.T("appeal.ask_text", AppealMaxRunes), bot.Inline(cancel))
	case stepAppealUnit:
		units, err := ap.unitChoices(s)
		if err != nil {
			return err
		}
		var rows [][]bot.Button
		for _, u := range units[:min(len(units), appealUnitChoices)] {
			rows = append(rows, bot.Row(c.Button(u.Name, actAppealUnit, nonce, strconv.FormatInt(u.ID, 10))))
		}
		send(c.T("appeal.ask_unit"), bot.Inline(append(rows, cancel)...))
	case stepAppealAudience:
		path, err := ap.unitPath(s.tx, d.UnitID)
		if err != nil {
			return err
		}
		send(c.T("appeal.ask_audience", HTML(path)), bot.Inline(
			bot.Row(c.Button(c.T("appeal.audience.residents"), actAppealAudience, nonce, "r")),
			bot.Row(c.Button(c.T("appeal.audience.coordinators"), actAppealAudience, nonce, "c")),
			bot.Row(c.Button(c.T("appeal.audience.all"), actAppealAudience, nonce, "a")),
			cancel))
	case stepAppealPreview:
		return ap.preview(c, s, d)
	}
	return nil
}

// onUnit takes the unit chosen with a button.
func (ap *Appeals) onUnit(ctx context.Context, c *bot.Context, s *session) error {
	d, ok, err := ap.step(c, s, stepAppealUnit)
	if err != nil || !ok {
		return err
	}
	id, ok := parseID(c.Params, 1)
	if !ok {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return nil
	}
	return ap.takeUnit(c, s, d, id)
}

// onAudience takes the audience and shows the preview.
func (ap *Appeals) onAudience(ctx context.Context, c *bot.Context, s *session) error {
	d, ok, err := ap.step(c, s, stepAppealAudience)
	if err != nil || !ok {
		return err
	}
	audience := ""
	if len(c.Params) > 1 {
		audience = audienceCodes[c.Params[1]]
	}
	if audience == "" {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return nil
	}
	d.Audience = audience
	c.Edit(c.T("appeal.audience_chosen", HTML(c.T("appeal.audience."+audience))), nil)
	if _, err := s.advance(stepAppealPreview, d); err != nil {
		return err
	}
	return ap.preview(c, s, d)
}

// step checks that a pressed button belongs to the flow's step and
// returns the draft.
func (ap *Appeals) step(c *bot.Context, s *session, step string) (appealDraft, bool, error) {
	var d appealDraft
	if !s.current(c, flowAppeal) || s.conv.Step != step {
		if s.in(flowAppeal) && s.conv.Step != step {
			c.Answer(c.T(bot.MsgExpiredButton), true)
		}
		return d, false, nil
	}
	return d, true, s.data(&d)
}

// preview sends the appeal exactly as its recipients will see it, then
// what confirming means: how many people, how long, and when.
func (ap *Appeals) preview(c *bot.Context, s *session, d appealDraft) error {
	unit, err := s.tx.UnitByID(d.UnitID)
	if err != nil {
		return fmt.Errorf("appeal unit: %w", err)
	}
	n, err := s.tx.CountAudience(d.UnitID, d.Audience)
	if err != nil {
		return fmt.Errorf("count audience: %w", err)
	}
	path, err := ap.unitPath(s.tx, d.UnitID)
	if err != nil {
		return err
	}
	nonce := s.nonce()
	rewrite := c.Button(c.T("appeal.rewrite"), actAppealRewrite, nonce)
	cancel := s.cancelButton(c, c.T("appeal.cancel_draft"))
	if n == 0 {
		c.Send(c.T("appeal.nobody", HTML(path), HTML(c.T("appeal.audience_name."+d.Audience))), bot.Inline(
			bot.Row(c.Button(c.T("appeal.other_unit"), actAppealBack, nonce, stepAppealUnit)),
			bot.Row(c.Button(c.T("appeal.other_audience"), actAppealBack, nonce, stepAppealAudience)),
			bot.Row(cancel)))
		return nil
	}
	c.Queue(ap.message(c.Update.Platform, c.Update.Chat.ID, c.Lang, storage.Appeal{UnitID: d.UnitID,
		Kind: storage.AppealKindAppeal, Text: d.Text, Photo: d.Photo, PhotoPlatform: d.PhotoPlatform,
		PhotoMedia: d.Media}, unit))
	text := c.T("appeal.preview", n, HTML(path), HTML(c.T("appeal.audience_name."+d.Audience)),
		HTML(ap.about(c.Lang, ap.sendTime(n))))
	send := bot.Row(c.Button(c.T("appeal.send"), actAppealSend, nonce, "n"))
	if start := ap.startAt(unit, s.tx.Now, false); start.After(s.tx.Now) {
		text += "\n\n" + c.T("appeal.quiet", QuietFrom, QuietUntil, ap.localTime(unit, start))
		send = bot.Row(c.Button(c.T("appeal.send_later", QuietUntil), actAppealSend, nonce, "n"),
			c.Button(c.T("appeal.send_urgent"), actAppealSend, nonce, "u"))
	}
	schedule := bot.Row(c.Button(c.T("appeal.schedule"), actAppealSchedule, nonce))
	c.Send(text, bot.Inline(send, schedule, bot.Row(rewrite), bot.Row(cancel)))
	return nil
}

// sendTime is about how long n messages take at the configured rate.
func (ap *Appeals) sendTime(n int) time.Duration {
	rate := ap.Rate
	if rate <= 0 {
		rate = DefaultRate
	}
	return time.Duration(float64(n) / rate * float64(time.Second))
}

// about says roughly how long d is, in lang: "dưới 1 phút" under a
// minute, else "khoảng" and whole minutes, hours and days.
func (ap *Appeals) about(lang string, d time.Duration) string {
	if d < time.Minute {
		return ap.Catalog.Text(lang, "time.under_minute")
	}
	return ap.Catalog.Text(lang, "time.about", HTML(ap.duration(lang, d.Round(time.Minute))))
}

// startAt is when an appeal confirmed at now may start in unit: at once
// if urgent or outside the quiet hours, else at the end of them.
func (ap *Appeals) startAt(unit storage.Unit, now time.Time, urgent bool) time.Time {
	if urgent {
		return now
	}
	local := now.In(ap.location(unit))
	h := local.Hour()
	if h >= QuietUntil && h < QuietFrom {
		return now
	}
	day := local
	if h >= QuietFrom {
		day = local.AddDate(0, 0, 1)
	}
	return time.Date(day.Year(), day.Month(), day.Day(), QuietUntil, 0, 0, 0, local.Location()).UTC()
}

// onRewrite goes back to the text; the unit and audience are kept.
func (ap *Appeals) onRewrite(ctx context.Context, c *bot.Context, s *session) error {
	var d appealDraft
	if !s.current(c, flowAppeal) {
		return nil
	}
	if err := s.data(&d); err != nil {
		return err
	}
	d.Text, d.Photo, d.PhotoPlatform, d.Media = "", "", "", ""
	return ap.advance(c, s, stepAppealText, d, true)
}

// onBack goes back to choosing the unit or the audience (when nobody
// would receive the appeal); the text is kept.
func (ap *Appeals) onBack(ctx context.Context, c *bot.Context, s *session) error {
	var d appealDraft
	if !s.current(c, flowAppeal) {
		return nil
	}
	if err := s.data(&d); err != nil {
		return err
	}
	step := stepAppealAudience
	if len(c.Params) > 1 && c.Params[1] == stepAppealUnit {
		step, d.UnitID = stepAppealUnit, 0
	}
	d.Audience = ""
	return ap.advance(c, s, step, d, true)
}

// onSend confirms the appeal: it is stored, the card becomes its progress
// message, and the runner sends it.
func (ap *Appeals) onSend(ctx context.Context, c *bot.Context, s *session) error {
	d, ok, err := ap.step(c, s, stepAppealPreview)
	if err != nil || !ok {
		return err
	}
	urgent := len(c.Params) > 1 && c.Params[1] == "u"
	a, err := ap.create(s.tx, storage.Appeal{SenderID: s.res.ID, UnitID: d.UnitID, Audience: d.Audience,
		Urgent: urgent, Kind: storage.AppealKindAppeal, Text: d.Text, Photo: d.Photo,
		PhotoPlatform: d.PhotoPlatform, PhotoMedia: d.Media, Lang: c.Lang})
	if errors.Is(err, storage.ErrInvalid) {
		c.Send(c.T("appeal.nobody_now"), nil)
		return s.end()
	}
	if err != nil {
		return err
	}
	if err := s.end(); err != nil {
		return err
	}
	text, kb, err := ap.progress(s.tx, a, c.Lang)
	if err != nil {
		return err
	}
	c.Edit(text, kb)
	if err := s.tx.SetAppealProgress(a.ID, c.Update.Platform, c.Update.Chat.ID, c.Update.MessageID,
		s.tx.Now, text); err != nil {
		return fmt.Errorf("appeal progress: %w", err)
	}
	return nil
}

// create stores a confirmed appeal: when it may start (quiet hours), and
// the audit entry. It returns storage.ErrInvalid when nobody would get it.
func (ap *Appeals) create(tx *storage.Tx, a storage.Appeal) (storage.Appeal, error) {
	return ap.createAt(tx, a, tx.Now, "")
}

// createAt is create for an appeal due at at (a scheduled slot): the
// quiet hours are those of that time; note, if any, ends the audit
// entry's detail.
func (ap *Appeals) createAt(tx *storage.Tx, a storage.Appeal, at time.Time, note string) (storage.Appeal, error) {
	unit, err := tx.UnitByID(a.UnitID)
	if err != nil {
		return a, fmt.Errorf("appeal unit: %w", err)
	}
	a.StartAt = ap.startAt(unit, at, a.Urgent)
	a, err = tx.CreateAppeal(a)
	if err != nil {
		return a, fmt.Errorf("create appeal: %w", err)
	}
	if a.Total == 0 {
		return a, fmt.Errorf("appeal to nobody: %w", storage.ErrInvalid)
	}
	e := storage.AuditEntry{ActorID: a.SenderID, Action: storage.AuditAppealSend, UnitID: a.UnitID,
		Target: storage.AppealRef(a.ID), Outcome: storage.AuditOK,
		Detail: fmt.Sprintf("%s,%d", a.Audience, a.Total)}
	if a.SenderID == 0 {
		e.Actor = storage.ActorOperator
	}
	if a.Urgent {
		e.Detail += ",urgent"
	}
	if note != "" {
		e.Detail += "," + note
	}
	if err := tx.Audit(e); err != nil {
		return a, fmt.Errorf("audit appeal: %w", err)
	}
	return a, nil
}

// message is what one recipient of an appeal gets, in lang.
func (ap *Appeals) message(platform, chatID, lang string, a storage.Appeal, unit storage.Unit) bot.Outgoing {
	head := "appeal.head"
	if a.Kind == storage.AppealKindExample {
		head = "appeal.head_example"
	}
	text := ap.Catalog.Text(lang, head, unit.Name) + "\n\n" + a.Text + "\n\n" + ap.Catalog.Text(lang, "appeal.foot")
	m := bot.Outgoing{Kind: bot.OutSend, Platform: platform, ChatID: chatID, Lang: lang, Text: text}
	if a.Photo != "" { // on another messenger, the dispatcher shows its kept bytes or says where it is
		m.Kind, m.Photo, m.PhotoPlatform, m.Media = bot.OutPhoto, a.Photo, a.PhotoPlatform, a.PhotoMedia
	}
	return m
}

// ErrAppealText says why an appeal's text cannot be sent.
type ErrAppealText struct{ Runes int }

func (e *ErrAppealText) Error() string {
	if e.Runes == 0 {
		return "the appeal is empty"
	}
	return fmt.Sprintf("the appeal is %d characters long, over the %d one message can hold: shorten it", e.Runes, AppealMaxRunes)
}

// QueueAppeal stores an appeal from the operator (the command line),
// written as plain text, to the audience of unitID and the units below
// it: checked, escaped, held for the quiet hours unless urgent, and
// recorded in the audit log. It returns *ErrAppealText for an empty or
// overlong text and an error wrapping storage.ErrInvalid when nobody
// would get it. The running bot sends it.
func (a *App) QueueAppeal(tx *storage.Tx, unitID int64, audience string, urgent bool, text string) (storage.Appeal, error) {
	text = strings.TrimSpace(strings.ToValidUTF8(text, ""))
	if n := utf8.RuneCountInString(text); n == 0 || n > AppealMaxRunes {
		return storage.Appeal{}, &ErrAppealText{Runes: n}
	}
	return a.appeals.create(tx, storage.Appeal{UnitID: unitID, Audience: audience, Urgent: urgent,
		Kind: storage.AppealKindAppeal, Text: html.EscapeString(text), Lang: a.Lang})
}
