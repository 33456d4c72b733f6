package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// Publishing a commended deed as "Gương người tốt, việc tốt": when a deed
// is commended, its reporter is asked whether their name (and, for a deed
// about someone else, that person's) may be shown; a coordinator then
// publishes it to the unit with one button, after a preview. Without a
// "yes", names are replaced by "một cư dân <tổ>".
const (
	actConsentReporter = "kr" // deed id, "y" or "n"
	actConsentSubject  = "ks" // deed id, "y" or "n"
	actPublishAsk      = "pa" // deed id: shows the preview
	actPublishOK       = "py" // deed id
	actPublishNo       = "pn" // deed id
)

// askConsent asks the reporter of a commended deed whether their name
// may be published (queued with the news of the commendation).
func (rv *Review) askConsent(q bot.Queue, r storage.Resident, d storage.Deed) {
	if !r.BlockedAt.IsZero() {
		return
	}
	to := rv.recipientOf(r)
	id := strconv.FormatInt(d.ID, 10)
	t := func(key string, args ...any) string { return rv.Catalog.Text(to.Lang, key, args...) }
	kb := bot.Inline(bot.Row(
		rv.Messages.ButtonFor(r.UserID, t("consent.yes"), actConsentReporter, id, "y"),
		rv.Messages.ButtonFor(r.UserID, t("consent.no"), actConsentReporter, id, "n")))
	rv.tell(q, to, 0, t("consent.ask_reporter", storage.DeedRef(d.ID)), kb)
}

// consentDeed loads the deed a consent button names and checks that the
// presser reported it.
func (rv *Review) consentDeed(c *bot.Context, s *session) (storage.Deed, bool, error) {
	id, ok := parseID(c.Params, 0)
	if !ok || len(c.Params) != 2 {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return storage.Deed{}, false, nil
	}
	d, err := s.tx.DeedByID(id)
	if isNotFound(err) || err == nil && d.ResidentID != s.res.ID {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return storage.Deed{}, false, nil
	}
	return d, err == nil, err
}

// onReporterConsent records the reporter's answer, then asks about the
// person they reported, if it was someone else.
func (rv *Review) onReporterConsent(ctx context.Context, c *bot.Context, s *session) error {
	d, ok, err := rv.consentDeed(c, s)
	if err != nil || !ok {
		return err
	}
	yes := c.Params[1] == "y"
	if err := s.tx.SetDeedConsent(d.ID, &yes, nil); err != nil {
		return err
	}
	if d.Subject == storage.SubjectOther {
		id := strconv.FormatInt(d.ID, 10)
		c.Edit(c.T("consent.ask_subject", d.SubjectName), bot.Inline(bot.Row(
			c.Button(c.T("consent.subject_yes"), actConsentSubject, id, "y"),
			c.Button(c.T("consent.subject_no"), actConsentSubject, id, "n"))))
		return nil
	}
	c.Edit(c.T("consent.thanks."+c.Params[1]), nil)
	return nil
}

// onSubjectConsent records whether the person the deed is about agreed
// to be named, as the reporter relays it.
func (rv *Review) onSubjectConsent(ctx context.Context, c *bot.Context, s *session) error {
	d, ok, err := rv.consentDeed(c, s)
	if err != nil || !ok {
		return err
	}
	yes := c.Params[1] == "y"
	if err := s.tx.SetDeedConsent(d.ID, nil, &yes); err != nil {
		return err
	}
	c.Edit(c.T("consent.thanks_subject."+c.Params[1]), nil)
	return nil
}

// publishable loads the deed a publish button names and checks that it
// can be published, by the presser, now.
func (rv *Review) publishable(c *bot.Context, s *session) (storage.Deed, bool, error) {
	d, ok, err := rv.reviewable(c, s)
	if err != nil || !ok {
		return d, false, err
	}
	switch {
	case d.PublishedAppealID != 0:
		c.Send(c.T("publish.already", storage.DeedRef(d.ID)), nil)
		return d, false, nil
	case d.Status != storage.DeedCommended:
		c.Send(c.T("publish.not_commended", storage.DeedRef(d.ID)), nil)
		return d, false, nil
	}
	return d, true, nil
}

// onPublishAsk shows the example exactly as residents will get it, with
// how many they are, to confirm.
func (rv *Review) onPublishAsk(ctx context.Context, c *bot.Context, s *session) error {
	d, ok, err := rv.publishable(c, s)
	if err != nil || !ok {
		return err
	}
	a, unit, err := rv.example(s.tx, c.Lang, d)
	if err != nil {
		return err
	}
	n, err := s.tx.CountAudience(a.UnitID, a.Audience)
	if err != nil {
		return fmt.Errorf("count audience: %w", err)
	}
	path, err := rv.unitPath(s.tx, a.UnitID)
	if err != nil {
		return err
	}
	if n == 0 {
		c.Send(c.T("publish.nobody", HTML(path)), nil)
		return nil
	}
	u := c.Update
	c.Queue(rv.appeals.message(u.Platform, u.Chat.ID, c.Lang, a, unit))
	id := strconv.FormatInt(d.ID, 10)
	text := c.T("publish.preview", n, HTML(path), HTML(rv.consentNote(c, d)))
	if start := rv.appeals.startAt(unit, s.tx.Now, false); start.After(s.tx.Now) {
		text += "\n\n" + c.T("publish.quiet", rv.localTime(unit, start))
	}
	c.Send(text, bot.Inline(bot.Row(c.Button(c.T("publish.confirm", n), actPublishOK, id),
		c.Button(c.T("publish.no"), actPublishNo, id))))
	return nil
}

// consentNote says whose names the example shows, and why.
func (rv *Review) consentNote(c *bot.Context, d storage.Deed) string {
	key := "publish.named"
	if !yes(d.ReporterConsent) || d.Subject == storage.SubjectOther && !yes(d.SubjectConsent) {
		key = "publish.anonymous"
	}
	return c.T(key)
}

// yes reads a stored answer: only an explicit yes counts.
func yes(b *bool) bool { return b != nil && *b }

// onPublishOK publishes the example: an appeal to the residents of the
// deed's unit, whose progress the card then shows.
func (rv *Review) onPublishOK(ctx context.Context, c *bot.Context, s *session) error {
	d, ok, err := rv.publishable(c, s)
	if err != nil || !ok {
		return err
	}
	a, _, err := rv.example(s.tx, c.Lang, d)
	if err != nil {
		return err
	}
	a.SenderID, a.Lang = s.res.ID, c.Lang
	a, err = rv.appeals.create(s.tx, a)
	if errors.Is(err, storage.ErrInvalid) {
		c.Edit(c.T("publish.nobody_now"), nil)
		return nil
	}
	if err != nil {
		return err
	}
	if err := s.tx.SetDeedPublished(d.ID, a.ID); err != nil {
		return err
	}
	if err := rv.audit(s, storage.AuditEntry{Action: storage.AuditDeedPublish, UnitID: d.UnitID,
		SubjectID: d.ResidentID, Target: storage.DeedRef(d.ID), Outcome: storage.AuditOK,
		Detail: storage.AppealRef(a.ID)}); err != nil {
		return err
	}
	text, kb, err := rv.appeals.progress(s.tx, a, c.Lang)
	if err != nil {
		return err
	}
	c.Edit(text, kb)
	return s.tx.SetAppealProgress(a.ID, c.Update.Platform, c.Update.Chat.ID, c.Update.MessageID, s.tx.Now, text)
}

// onPublishNo leaves the deed unpublished; the button on its notice
// still works.
func (rv *Review) onPublishNo(ctx context.Context, c *bot.Context, s *session) error {
	c.Edit(c.T("publish.kept"), nil)
	return nil
}

// example builds the appeal that publishes d, in lang: what was done, by
// whom and where, with names only where consent was given.
func (rv *Review) example(tx *storage.Tx, lang string, d storage.Deed) (storage.Appeal, storage.Unit, error) {
	unit, err := tx.UnitByID(d.UnitID)
	if err != nil {
		return storage.Appeal{}, unit, fmt.Errorf("deed unit: %w", err)
	}
	t := func(key string, args ...any) string { return rv.Catalog.Text(lang, key, args...) }
	reporter := ""
	if r, err := tx.ResidentByID(d.ResidentID); err == nil && yes(d.ReporterConsent) {
		reporter = r.Name
	}
	anonymous := func(unitID int64) string {
		if u, err := tx.UnitByID(unitID); err == nil {
			return t("publish.a_resident_of", u.Name)
		}
		return t("publish.a_resident")
	}
	doer := reporter
	if d.Subject == storage.SubjectOther {
		doer = ""
		if yes(d.SubjectConsent) {
			doer = d.SubjectName
		}
	}
	where := d.SubjectUnitID
	if where == 0 {
		where = d.UnitID
	}
	if doer == "" {
		doer = anonymous(where)
	}
	text := t("publish.body", upperFirst(doer), HTML(rv.categoryName(lang, d)), d.Description)
	if d.Subject == storage.SubjectOther {
		by := reporter
		if by == "" {
			by = anonymous(d.UnitID)
		}
		text += "\n\n" + t("publish.reported_by", by)
	}
	a := storage.Appeal{UnitID: d.UnitID, Audience: storage.AudienceResidents, Kind: storage.AppealKindExample,
		DeedID: d.ID, Text: text}
	if r, err := tx.ResidentByID(d.ResidentID); err == nil && len(d.Photos) > 0 {
		p := d.Photos[0]
		a.Photo, a.PhotoPlatform, a.PhotoMedia = p.FileID, p.Platform, p.Media
		if a.PhotoPlatform == "" {
			a.PhotoPlatform = r.Platform // a photo from before photos named their platform
		}
	}
	return a, unit, nil
}

// upperFirst capitalises the first letter of s ("một cư dân" starting a
// line becomes "Một cư dân").
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
