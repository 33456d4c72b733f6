package handlers

import (
	"errors"
	"fmt"
	"strings"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// The notice of a good-deed report that its reviewers get, and its parts.

// notifyDeed sends a new report to the coordinators of its unit (else the
// administrators), each in their own language, with the decision buttons
// and its photos (tellNotice). Nobody reviews their own report: a
// coordinator's report goes to the other coordinators of their unit or,
// where there is none, to the coordinators of the units above, then the
// administrators.
func (rv *Review) notifyDeed(c *bot.Context, s *session, d storage.Deed) error {
	recips, _, err := rv.reviewersFor(s, d.UnitID, reach{admins: true, skip: map[int64]bool{d.ResidentID: true}})
	if err != nil {
		return err
	}
	s.told = len(recips)
	for _, r := range recips {
		text, err := rv.deedNotice(s.tx, r.Lang, d)
		if err != nil {
			return err
		}
		rv.tellNotice(c, r, d, text, rv.reviewKeyboard(c.ButtonFor, r.UserID, r.Lang, d), s.res.Platform)
	}
	return nil
}

// tellNotice queues to r the notice of d (text), with the decision
// buttons kb, and the report's photos; from is the reporter's messenger,
// for photos that do not name theirs. Each message a coordinator gets
// costs the bot's sending rate, so where it can the notice is one
// message: the first photo with the notice as its caption and the buttons
// under it, then the other photos. It cannot when the first photo was
// sent on another messenger than r's (it would go by upload or by URL,
// if at all) or the notice is too long for a caption there: then the
// notice goes as text, and every photo after it.
func (rv *Review) tellNotice(q bot.Queue, r recipient, d storage.Deed, text string, kb *bot.Keyboard, from string) {
	if len(d.Photos) > 0 && d.Photos[0].FileID != "" && photoPlatform(d.Photos[0], from) == r.Platform &&
		rv.Platforms.Of(r.Platform).FitsCaption(text, kb) {
		p := d.Photos[0]
		q.Queue(bot.Outgoing{Kind: bot.OutPhoto, Platform: r.Platform, ChatID: r.ChatID, Lang: r.Lang,
			ResidentID: r.ResidentID, AboutResidentID: d.ResidentID, Photo: p.FileID, PhotoPlatform: r.Platform,
			Media: p.Media, Text: text, Keyboard: kb})
		rv.tellPhotos(q, r, d, from, 1)
		return
	}
	rv.tell(q, r, d.ResidentID, text, kb)
	rv.tellPhotos(q, r, d, from, 0)
}

// tellPhotos queues the photos of d to r from the one numbered first (0
// for all), each with its caption. A photo sent on another messenger than
// r's goes by its kept bytes (the dispatcher uploads it or gives its
// public URL, or says it is on the other app); from is the reporter's
// messenger, for photos that do not name theirs.
func (rv *Review) tellPhotos(q bot.Queue, r recipient, d storage.Deed, from string, first int) {
	for i := first; i < len(d.Photos); i++ {
		p := d.Photos[i]
		q.Queue(bot.Outgoing{Kind: bot.OutPhoto, Platform: r.Platform, ChatID: r.ChatID, Lang: r.Lang,
			ResidentID: r.ResidentID, AboutResidentID: d.ResidentID, Photo: p.FileID,
			PhotoPlatform: photoPlatform(p, from), Media: p.Media, Text: rv.photoCaption(r.Lang, d, i)})
	}
}

// photoPlatform is the messenger a report's photo was sent on: its own,
// else the reporter's (from).
func photoPlatform(p storage.DeedPhoto, from string) string {
	if p.Platform != "" {
		return p.Platform
	}
	return from
}

// photoCaption labels photo i of a deed, with its duplicate warning.
func (rv *Review) photoCaption(lang string, d storage.Deed, i int) string {
	text := rv.Catalog.Text(lang, "deed.photo_caption", storage.DeedRef(d.ID), i+1, len(d.Photos))
	if dup := d.Photos[i].DuplicateOf; dup != 0 {
		text += "\n" + rv.Catalog.Text(lang, "deed.dup", i+1, storage.DeedRef(dup))
	}
	return text
}

// deedNotice renders a report for a coordinator in lang: reference,
// reporter, unit, the summary, possible duplicate photos, and either a
// call to review it or the decision taken.
func (rv *Review) deedNotice(tx *storage.Tx, lang string, d storage.Deed) (string, error) {
	t := func(key string, args ...any) string { return rv.Catalog.Text(lang, key, args...) }
	reporter := HTML(t("deed.reporter_gone"))
	if d.ResidentID != 0 {
		r, err := tx.ResidentByID(d.ResidentID)
		switch {
		case err == nil:
			reporter = rv.personLink(r)
		case !errors.Is(err, storage.ErrNotFound):
			return "", fmt.Errorf("deed reporter: %w", err)
		}
	}
	path, err := rv.unitPath(tx, d.UnitID)
	if err != nil {
		return "", err
	}
	summary, err := rv.deedSummary(tx, lang, d)
	if err != nil {
		return "", err
	}
	lines := []string{t("deed.notice", storage.DeedRef(d.ID), reporter, HTML(path), HTML(summary))}
	for i, p := range d.Photos {
		if p.DuplicateOf != 0 {
			lines = append(lines, t("deed.dup", i+1, storage.DeedRef(p.DuplicateOf)))
		}
	}
	if d.Status == storage.DeedPending {
		return strings.Join(append(lines, "", t("deed.notice_ask")), "\n"), nil
	}
	result, err := rv.deedResult(tx, lang, d)
	if err != nil {
		return "", err
	}
	return strings.Join(append(lines, "", result), "\n"), nil
}

// deedSummary renders a report in lang as both the reporter (in the
// preview) and the coordinators see it: kind, who, where, what, photos.
func (rv *Review) deedSummary(tx *storage.Tx, lang string, d storage.Deed) (string, error) {
	t := func(key string, args ...any) string { return rv.Catalog.Text(lang, key, args...) }
	var who any = HTML(t("deed.who_self"))
	if d.Subject == storage.SubjectOther {
		who = d.SubjectName
	}
	where := HTML(t("deed.unit_unknown"))
	if d.SubjectUnitID != 0 {
		path, err := rv.unitPath(tx, d.SubjectUnitID)
		if err != nil {
			return "", err
		}
		where = HTML(path)
	}
	photos := t("deed.line_nophoto")
	if len(d.Photos) > 0 {
		photos = t("deed.line_photos", len(d.Photos))
	}
	return strings.Join([]string{
		t("deed.line_category", rv.categoryName(lang, d)),
		t("deed.line_who", who),
		t("deed.line_unit", where),
		t("deed.line_desc", d.Description),
		photos,
	}, "\n"), nil
}

// categoryName names a deed's kind in lang: from the catalogue for the
// default kinds, else as it was labelled when reported.
func (rv *Review) categoryName(lang string, d storage.Deed) HTML {
	if key := "deed.cat." + d.Category; d.Category != "" && rv.Catalog.Has(lang, key) {
		return HTML(rv.Catalog.Text(lang, key))
	}
	if d.CategoryLabel != "" {
		return HTML(bot.Escape(d.CategoryLabel))
	}
	return HTML(bot.Escape(d.Category))
}

// deedResult says in lang what was decided on a report, by whom and when.
func (rv *Review) deedResult(tx *storage.Tx, lang string, d storage.Deed) (string, error) {
	who, when, err := rv.decider(tx, lang, d)
	if err != nil {
		return "", err
	}
	text := rv.Catalog.Text(lang, "deed.result", HTML(rv.Catalog.Text(lang, "deed.by."+d.Status, who, when)))
	if d.Status == storage.DeedRejected {
		text += "\n" + rv.Catalog.Text(lang, "deed.result_reason", d.Reason)
	}
	return text, nil
}

// decider names who decided on a report, and when (in the unit's time);
// someone without a name (or forgotten since) is "a coordinator", which
// reads true to the coordinator who decided as to the others.
func (rv *Review) decider(tx *storage.Tx, lang string, d storage.Deed) (string, string, error) {
	who := rv.Catalog.Text(lang, "deed.someone")
	if d.DecidedBy != 0 {
		r, err := tx.ResidentByID(d.DecidedBy)
		switch {
		case err == nil && r.Name != "":
			who = r.Name
		case err != nil && !errors.Is(err, storage.ErrNotFound):
			return "", "", fmt.Errorf("deed decider: %w", err)
		}
	}
	unit, err := tx.UnitByID(d.UnitID)
	if err != nil && !errors.Is(err, storage.ErrNotFound) {
		return "", "", fmt.Errorf("deed unit: %w", err)
	}
	return who, rv.localTime(unit, d.DecidedAt), nil
}
