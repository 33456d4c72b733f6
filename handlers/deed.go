package handlers

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// The good-deed report (người tốt, việc tốt): /report walks a resident
// through the kind of deed, who did it, what happened and its photos to a
// preview, then sends it to the coordinators of their unit for review.
const (
	flowDeed       = "deed"
	actDeedCat     = "dc" // nonce, category key
	actDeedWho     = "dw" // nonce, storage.SubjectSelf or storage.SubjectOther
	actDeedUnit    = "du" // nonce, deedUnitSame or deedUnitSkip
	actDeedPhotos  = "dp" // nonce: no (more) photos, on to the preview
	actDeedSend    = "dy" // nonce
	actDeedRewrite = "de" // nonce: back to the description
	actDeedKeep    = "dk" // nonce: keep the description, back to the preview

	stepDeedCategory = "category"
	stepDeedSubject  = "subject"
	stepDeedName     = "name"
	stepDeedUnit     = "unit"
	stepDeedDesc     = "description"
	stepDeedPhotos   = "photos"
	stepDeedPreview  = "preview"

	deedUnitSame = "same"
	deedUnitSkip = "skip"
)

// Limits on what a resident types, in characters (runes).
const (
	deedNameMin, deedNameMax = 2, 100
	deedDescMin, deedDescMax = 10, 2000
	deedMineLimit            = 20 // reports listed by /mydeeds
	deedExcerpt              = 80 // characters of a description quoted back
)

// category is one kind of good deed a resident can report: a default
// kind, or a criterion of the campaign running (with its points).
type category struct {
	key, label string
	campaign   int64
	points     int
}

// defaultDeedCategories are the kinds of deed offered until a campaign
// sets its own criteria.
var defaultDeedCategories = []string{"help", "frontline", "donation", "compliance", "initiative"}

// deedCategories lists the kinds of deed the person can choose from: the
// criteria of the campaign running for their unit, else the default kinds
// with labels in their language.
func (dd *Deeds) deedCategories(c *bot.Context, s *session) ([]category, error) {
	if cats, err := dd.campaignCategories(s); err != nil || len(cats) > 0 {
		return cats, err
	}
	out := make([]category, len(defaultDeedCategories))
	for i, k := range defaultDeedCategories {
		out[i] = category{key: k, label: c.T("deed.cat." + k), points: 1}
	}
	return out, nil
}

// deedDraft is what the report has gathered so far (the flow's data).
type deedDraft struct {
	Category    string              `json:"cat,omitempty"`
	Label       string              `json:"label,omitempty"`
	Campaign    int64               `json:"campaign,omitempty"` // whose criterion Category is
	Points      int                 `json:"points,omitempty"`
	Subject     string              `json:"subject,omitempty"`
	Name        string              `json:"name,omitempty"`
	SubjectUnit int64               `json:"subject_unit,omitempty"`
	Description string              `json:"desc,omitempty"`
	Photos      []storage.DeedPhoto `json:"photos,omitempty"`
	// Rewrite is set when the description is typed again from the
	// preview: the report then goes back to the preview, photos kept.
	Rewrite bool `json:"rewrite,omitempty"`
}

// deed is the report the draft would make, for a reporter in unitID.
func (d deedDraft) deed(residentID, unitID int64) storage.Deed {
	return storage.Deed{ResidentID: residentID, UnitID: unitID, Category: d.Category,
		CategoryLabel: d.Label, Subject: d.Subject, SubjectName: d.Name, SubjectUnitID: d.SubjectUnit,
		Description: d.Description, Status: storage.DeedPending, Photos: d.Photos,
		CampaignID: d.Campaign, Points: d.Points}
}

// report starts a good-deed report: /report.
func (dd *Deeds) report(ctx context.Context, c *bot.Context, s *session) error {
	if _, ok, err := dd.needUnit(c, s); err != nil || !ok {
		return err
	}
	if _, err := s.begin(flowDeed, stepDeedCategory, deedDraft{}); err != nil {
		return err
	}
	return dd.showDeedStep(c, s, deedDraft{}, false)
}

// showDeedStep asks for what the current step needs, with its buttons
// (editing the message whose button was pressed when edit is set).
func (dd *Deeds) showDeedStep(c *bot.Context, s *session, d deedDraft, edit bool) error {
	var text string
	var rows [][]bot.Button
	switch s.conv.Step {
	case stepDeedCategory:
		text = c.T("deed.ask_category")
		cats, err := dd.deedCategories(c, s)
		if err != nil {
			return err
		}
		for _, cat := range cats {
			rows = append(rows, bot.Row(c.Button(cat.label, actDeedCat, s.nonce(), cat.key)))
		}
	case stepDeedSubject:
		text = c.T("deed.ask_subject", d.Label)
		rows = append(rows, bot.Row(c.Button(c.T("deed.who_me"), actDeedWho, s.nonce(), storage.SubjectSelf),
			c.Button(c.T("deed.who_other"), actDeedWho, s.nonce(), storage.SubjectOther)))
	case stepDeedName:
		text = c.T("deed.ask_name")
	case stepDeedUnit:
		text = c.T("deed.ask_unit", d.Name)
		rows = append(rows, bot.Row(c.Button(c.T("deed.unit_same"), actDeedUnit, s.nonce(), deedUnitSame)),
			bot.Row(c.Button(c.T("deed.unit_skip"), actDeedUnit, s.nonce(), deedUnitSkip)))
	case stepDeedDesc:
		text = c.T("deed.ask_description", deedDescMin, deedDescMax)
		if d.Description != "" {
			text = c.T("deed.ask_rewrite", deedDescMin, deedDescMax, d.Description)
		}
		if d.Rewrite { // changed their mind: back to the preview, nothing lost
			rows = append(rows, bot.Row(c.Button(c.T("deed.keep_description"), actDeedKeep, s.nonce())))
		}
	case stepDeedPhotos:
		text = c.T("deed.ask_photos", storage.MaxDeedPhotos)
		if len(d.Photos) > 0 {
			text = c.T("deed.photo_got", len(d.Photos), storage.MaxDeedPhotos)
		}
		rows = dd.photoRows(c, s, d)
	case stepDeedPreview:
		return dd.showDeedPreview(c, s, d, edit)
	}
	rows = append(rows, bot.Row(s.cancelButton(c, c.T("deed.cancel"))))
	show(c, text, bot.Inline(rows...), edit)
	return nil
}

// photoRows are the buttons of the photo step: skip before any photo,
// done after.
func (dd *Deeds) photoRows(c *bot.Context, s *session, d deedDraft) [][]bot.Button {
	key := "deed.photos_skip"
	if len(d.Photos) > 0 {
		key = "deed.photos_done"
	}
	return [][]bot.Button{bot.Row(c.Button(c.T(key), actDeedPhotos, s.nonce()))}
}

// showDeedPreview shows the report as the coordinators will see it.
func (dd *Deeds) showDeedPreview(c *bot.Context, s *session, d deedDraft, edit bool) error {
	summary, err := dd.review.deedSummary(s.tx, c.Lang, d.deed(s.res.ID, s.res.UnitID))
	if err != nil {
		return err
	}
	kb := bot.Inline(
		bot.Row(c.Button(c.T("deed.send"), actDeedSend, s.nonce())),
		bot.Row(c.Button(c.T("deed.rewrite"), actDeedRewrite, s.nonce())),
		bot.Row(s.cancelButton(c, c.T("deed.cancel"))))
	show(c, c.T("deed.preview", HTML(summary)), kb, edit)
	return nil
}

// deedStep checks that a pressed button belongs to the current step of
// the report and returns the draft; otherwise it answers that the button
// has expired.
func (dd *Deeds) deedStep(c *bot.Context, s *session, step string) (deedDraft, bool, error) {
	var d deedDraft
	if !s.current(c, flowDeed) {
		return d, false, nil
	}
	if s.conv.Step != step {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return d, false, nil
	}
	return d, true, s.data(&d)
}

// nextDeedStep moves the report to step and asks for it.
func (dd *Deeds) nextDeedStep(c *bot.Context, s *session, step string, d deedDraft, edit bool) error {
	if _, err := s.advance(step, d); err != nil {
		return err
	}
	return dd.showDeedStep(c, s, d, edit)
}

// onDeedCategory records the kind of deed.
func (dd *Deeds) onDeedCategory(ctx context.Context, c *bot.Context, s *session) error {
	d, ok, err := dd.deedStep(c, s, stepDeedCategory)
	if err != nil || !ok {
		return err
	}
	cats, err := dd.deedCategories(c, s)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(cats, func(cat category) bool { return len(c.Params) > 1 && cat.key == c.Params[1] })
	if i < 0 {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return nil
	}
	d.Category, d.Label, d.Campaign, d.Points = cats[i].key, cats[i].label, cats[i].campaign, cats[i].points
	return dd.nextDeedStep(c, s, stepDeedSubject, d, true)
}

// onDeedWho records who did the deed: the reporter, or someone to name.
func (dd *Deeds) onDeedWho(ctx context.Context, c *bot.Context, s *session) error {
	d, ok, err := dd.deedStep(c, s, stepDeedSubject)
	if err != nil || !ok {
		return err
	}
	switch {
	case len(c.Params) > 1 && c.Params[1] == storage.SubjectSelf:
		d.Subject, d.Name, d.SubjectUnit = storage.SubjectSelf, "", s.res.UnitID
		return dd.nextDeedStep(c, s, stepDeedDesc, d, true)
	case len(c.Params) > 1 && c.Params[1] == storage.SubjectOther:
		d.Subject = storage.SubjectOther
		return dd.nextDeedStep(c, s, stepDeedName, d, true)
	}
	c.Answer(c.T(bot.MsgExpiredButton), true)
	return nil
}

// onDeedUnit records where the other person lives, if the reporter knows.
func (dd *Deeds) onDeedUnit(ctx context.Context, c *bot.Context, s *session) error {
	d, ok, err := dd.deedStep(c, s, stepDeedUnit)
	if err != nil || !ok {
		return err
	}
	switch {
	case len(c.Params) > 1 && c.Params[1] == deedUnitSame:
		d.SubjectUnit = s.res.UnitID
	case len(c.Params) > 1 && c.Params[1] == deedUnitSkip:
		d.SubjectUnit = 0
	default:
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return nil
	}
	return dd.nextDeedStep(c, s, stepDeedDesc, d, true)
}

// onDeedPhotos ends the photo step and shows the preview.
func (dd *Deeds) onDeedPhotos(ctx context.Context, c *bot.Context, s *session) error {
	d, ok, err := dd.deedStep(c, s, stepDeedPhotos)
	if err != nil || !ok {
		return err
	}
	return dd.nextDeedStep(c, s, stepDeedPreview, d, true)
}

// onDeedRewrite goes back from the preview to the description.
func (dd *Deeds) onDeedRewrite(ctx context.Context, c *bot.Context, s *session) error {
	d, ok, err := dd.deedStep(c, s, stepDeedPreview)
	if err != nil || !ok {
		return err
	}
	d.Rewrite = true
	return dd.nextDeedStep(c, s, stepDeedDesc, d, true)
}

// onDeedSend saves the report, tells the reporter its reference and sends
// it to the coordinators of their unit.
func (dd *Deeds) onDeedSend(ctx context.Context, c *bot.Context, s *session) error {
	d, ok, err := dd.deedStep(c, s, stepDeedPreview)
	if err != nil || !ok {
		return err
	}
	unit, ok, err := dd.needUnit(c, s)
	if err != nil || !ok {
		return err
	}
	saved, err := s.tx.CreateDeed(d.deed(s.res.ID, unit.ID))
	if err != nil {
		return fmt.Errorf("save deed: %w", err)
	}
	if err := s.end(); err != nil {
		return err
	}
	summary, err := dd.review.deedSummary(s.tx, c.Lang, saved)
	if err != nil {
		return err
	}
	if err := dd.review.notifyDeed(c, s, saved); err != nil {
		return err
	}
	key := "deed.sent"
	if s.told == 0 {
		key = "deed.sent_nobody"
	}
	c.Edit(c.T(key, storage.DeedRef(saved.ID), HTML(summary)), nil)
	return nil
}

// onDeedKeep leaves the description as it was and goes back to the
// preview, for a resident who pressed "rewrite" and changed their mind.
func (dd *Deeds) onDeedKeep(ctx context.Context, c *bot.Context, s *session) error {
	d, ok, err := dd.deedStep(c, s, stepDeedDesc)
	if err != nil || !ok {
		return err
	}
	d.Rewrite = false
	return dd.nextDeedStep(c, s, stepDeedPreview, d, true)
}

// deedInput takes what the resident types or sends during a report.
func (dd *Deeds) deedInput(ctx context.Context, c *bot.Context, s *session) error {
	var d deedDraft
	if err := s.data(&d); err != nil {
		return err
	}
	switch s.conv.Step {
	case stepDeedName:
		return dd.deedNameInput(c, s, d)
	case stepDeedDesc:
		return dd.deedDescInput(c, s, d)
	case stepDeedPhotos:
		return dd.deedPhotoInput(c, s, d)
	}
	c.Send(c.T("deed.use_buttons"), nil)
	return dd.showDeedStep(c, s, d, false)
}

// deedText returns the text of a text message, trimmed; ok is false for a
// photo, a contact or other media.
func deedText(u *bot.Update) (string, bool) {
	if u.Photo != nil || u.Contact != nil || u.Media != "" {
		return "", false
	}
	return strings.TrimSpace(u.Text), true
}

// deedNameInput takes the name of the person who did the deed.
func (dd *Deeds) deedNameInput(c *bot.Context, s *session, d deedDraft) error {
	text, ok := deedText(c.Update)
	if !ok || text == "" {
		c.Send(c.T("deed.name_text"), nil)
		return nil
	}
	name := strings.Join(strings.Fields(text), " ")
	if n := utf8.RuneCountInString(name); n < deedNameMin || n > deedNameMax {
		c.Send(c.T("deed.name_length", n), nil)
		return nil
	}
	d.Name = name
	return dd.nextDeedStep(c, s, stepDeedUnit, d, false)
}

// deedDescInput takes the description of the deed.
func (dd *Deeds) deedDescInput(c *bot.Context, s *session, d deedDraft) error {
	text, ok := deedText(c.Update)
	switch {
	case c.Update.Photo != nil:
		return dd.deedPhotoFirst(c, s, d)
	case !ok:
		c.Send(c.T("deed.desc_media", deedDescMin, deedDescMax), nil)
		return nil
	}
	n := utf8.RuneCountInString(text)
	switch {
	case n < deedDescMin:
		c.Send(c.T("deed.desc_short", n, deedDescMin, deedDescMax), nil)
		return nil
	case n > deedDescMax:
		c.Send(c.T("deed.desc_long", n, deedDescMax), nil)
		return nil
	}
	d.Description = text
	if d.Rewrite { // rewritten from the preview: back to it, photos kept
		d.Rewrite = false
		return dd.nextDeedStep(c, s, stepDeedPreview, d, false)
	}
	return dd.nextDeedStep(c, s, stepDeedPhotos, d, false)
}

// deedPhotoFirst takes a photo sent where the description was asked for:
// the photo is kept, and its caption, when it is long enough, becomes the
// description (many people send a captioned photo as their whole report).
func (dd *Deeds) deedPhotoFirst(c *bot.Context, s *session, d deedDraft) error {
	p := deedPhoto(c.Update)
	if len(d.Photos) < storage.MaxDeedPhotos && !slices.ContainsFunc(d.Photos, p.SamePicture) {
		d.Photos = append(d.Photos, p)
	}
	caption := strings.TrimSpace(c.Update.Text)
	if n := utf8.RuneCountInString(caption); n >= deedDescMin && n <= deedDescMax {
		d.Description = caption
		c.Send(c.T("deed.caption_taken"), nil)
		if d.Rewrite {
			d.Rewrite = false
			return dd.nextDeedStep(c, s, stepDeedPreview, d, false)
		}
		return dd.nextDeedStep(c, s, stepDeedPhotos, d, false)
	}
	if err := keepDraft(s, d); err != nil {
		return err
	}
	c.Send(c.T("deed.desc_photo_kept", len(d.Photos), deedDescMin, deedDescMax), nil)
	return nil
}

// deedPhoto is the photo of u as a deed keeps it: the platform's file id
// and, once downloaded, its bytes' hash, which any messenger can show.
func deedPhoto(u *bot.Update) storage.DeedPhoto {
	p := u.Photo
	return storage.DeedPhoto{FileID: p.FileID, FileUniqueID: p.FileUniqueID, Platform: u.Platform, Media: p.Hash}
}

// deedPhotoInput adds a photo to the report (up to the maximum); anything
// else shows the step again.
func (dd *Deeds) deedPhotoInput(c *bot.Context, s *session, d deedDraft) error {
	var text string
	switch {
	case c.Update.Photo == nil:
		text = c.T("deed.photo_want", storage.MaxDeedPhotos, len(d.Photos))
	case len(d.Photos) >= storage.MaxDeedPhotos:
		text = c.T("deed.photo_full", storage.MaxDeedPhotos)
	case slices.ContainsFunc(d.Photos, deedPhoto(c.Update).SamePicture):
		text = c.T("deed.photo_again", len(d.Photos), storage.MaxDeedPhotos)
	default:
		d.Photos = append(d.Photos, deedPhoto(c.Update))
		if err := keepDraft(s, d); err != nil {
			return err
		}
		text = c.T("deed.photo_got", len(d.Photos), storage.MaxDeedPhotos)
		if len(d.Photos) == storage.MaxDeedPhotos {
			text = c.T("deed.photo_last", storage.MaxDeedPhotos)
		}
	}
	rows := append(dd.photoRows(c, s, d), bot.Row(s.cancelButton(c, c.T("deed.cancel"))))
	c.Send(text, bot.Inline(rows...))
	return nil
}

// keepDraft saves the draft without changing the step or its nonce, so
// that the "done" button under an earlier photo still works (photos sent
// as an album arrive one message each).
func keepDraft(s *session, d deedDraft) error {
	raw, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("encode flow data: %w", err)
	}
	s.conv.Data = raw
	if err := s.tx.SaveConversation(s.conv); err != nil {
		return fmt.Errorf("save conversation: %w", err)
	}
	return nil
}

// excerpt shortens s to at most n characters, on one line.
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	cut := string(r[:n-1])
	if i := strings.LastIndex(cut, " "); i > len(cut)/2 { // end on a whole word when one is near
		cut = cut[:i]
	}
	return strings.TrimSpace(cut) + "…"
}

// myDeeds lists the resident's reports, newest first: /mydeeds.
func (dd *Deeds) myDeeds(ctx context.Context, c *bot.Context, s *session) error {
	unit, _, err := s.unit() // for the time zone; the default without one
	if err != nil {
		return err
	}
	deeds, err := s.tx.DeedsOf(s.res.ID, deedMineLimit)
	if err != nil {
		return fmt.Errorf("my deeds: %w", err)
	}
	if len(deeds) == 0 {
		c.Send(c.T("deed.mine_none"), nil)
		return nil
	}
	var b strings.Builder
	b.WriteString(c.T("deed.mine_title"))
	for _, d := range deeds {
		b.WriteString("\n\n" + c.T("deed.mine_line", storage.DeedRef(d.ID), dd.localTime(unit, d.CreatedAt),
			dd.review.categoryName(c.Lang, d), dd.deedStatus(c, d), excerpt(d.Description, deedExcerpt)))
	}
	if len(deeds) == deedMineLimit {
		b.WriteString("\n\n" + c.T("deed.mine_more", deedMineLimit))
	}
	c.Send(b.String(), nil)
	return nil
}

// deedStatus says where a report stands, for its reporter.
func (dd *Deeds) deedStatus(c *bot.Context, d storage.Deed) HTML {
	if d.Status == storage.DeedRejected {
		return HTML(c.T("deed.st.rejected", excerpt(d.Reason, 200)))
	}
	return HTML(c.T("deed.st." + d.Status))
}
