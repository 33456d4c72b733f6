package handlers

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// /review (/duyet): the reports waiting in the coordinator's units, oldest
// first, one at a time, with their photos; each decision, or Skip, brings
// the next. What was skipped is put aside until /review is sent again.
const (
	actReviewSkip = "rs" // deed id
	// reviewSkipMax bounds the reports one can put aside at once.
	reviewSkipMax = 200
)

// reviewSkipSetting keys the reports a coordinator put aside.
func reviewSkipSetting(residentID int64) string { return fmt.Sprintf("review_skip:%d", residentID) }

// review starts the queue afresh: nothing is put aside.
func (rv *Review) review(ctx context.Context, c *bot.Context, s *session) error {
	if err := rv.setSkipped(s, nil); err != nil {
		return err
	}
	return rv.showNext(c, s)
}

// onSkip puts a report aside and shows the next.
func (rv *Review) onSkip(ctx context.Context, c *bot.Context, s *session) error {
	id, ok := paramID(c)
	if !ok {
		return nil
	}
	skipped, err := rv.skipped(s)
	if err != nil {
		return err
	}
	if len(skipped) < reviewSkipMax {
		skipped = append(skipped, id)
	}
	if err := rv.setSkipped(s, skipped); err != nil {
		return err
	}
	c.Answer(c.T("review.skipped", storage.DeedRef(id)), false)
	return rv.showNext(c, s)
}

// showNext sends the oldest report waiting in the sender's units that
// they have not put aside: its photos, then the report with its buttons
// and how many wait.
func (rv *Review) showNext(c *bot.Context, s *session) error {
	scope, err := rv.reviewScope(s)
	if err != nil {
		return err
	}
	skipped, err := rv.skipped(s)
	if err != nil {
		return err
	}
	d, left, err := s.tx.NextPendingDeed(scope, s.res.ID, skipped)
	if isNotFound(err) {
		if len(skipped) > 0 {
			c.Send(c.T("review.only_skipped", len(skipped)), nil)
		} else {
			c.Send(c.T("review.empty"), nil)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("next report: %w", err)
	}
	me := rv.recipientOf(s.res)
	me.Lang = c.Lang
	from := me.Platform // photos are file ids of the reporter's platform
	if r, err := s.tx.ResidentByID(d.ResidentID); err == nil {
		from = r.Platform
	}
	for i, p := range d.Photos {
		if p.FileID == "" || from != me.Platform {
			continue
		}
		c.Queue(bot.Outgoing{Kind: bot.OutPhoto, Platform: me.Platform, ChatID: me.ChatID, Lang: c.Lang,
			ResidentID: me.ResidentID, AboutResidentID: d.ResidentID, Photo: p.FileID,
			Text: rv.photoCaption(c.Lang, d, i)})
	}
	text, err := rv.deedNotice(s.tx, c.Lang, d)
	if err != nil {
		return err
	}
	text = c.T("review.head", left) + "\n\n" + text
	c.Queue(bot.Outgoing{Kind: bot.OutSend, Platform: me.Platform, ChatID: me.ChatID, Lang: c.Lang, Text: text,
		Keyboard: rv.keyboard(c.ButtonFor, c.Update.From.ID, c.Lang, d, true), ResidentID: me.ResidentID,
		AboutResidentID: d.ResidentID})
	return nil
}

// skipped returns the reports the sender put aside.
func (rv *Review) skipped(s *session) ([]int64, error) {
	raw, err := s.tx.Setting(reviewSkipSetting(s.res.ID))
	if isNotFound(err) || len(raw) == 0 {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("skipped reports: %w", err)
	}
	var ids []int64
	if err := json.Unmarshal(raw, &ids); err != nil {
		return nil, nil // unreadable: nothing put aside
	}
	return ids, nil
}

// setSkipped stores the reports the sender put aside.
func (rv *Review) setSkipped(s *session, ids []int64) error {
	raw, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	if err := s.tx.SetSetting(reviewSkipSetting(s.res.ID), raw); err != nil {
		return fmt.Errorf("save skipped reports: %w", err)
	}
	return nil
}
