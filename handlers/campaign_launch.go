package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// preview shows a template as the campaign it would make, with the
// button that launches it.
func (cp *Campaigns) preview(c *bot.Context, s *session, unit storage.Unit, t campaignTemplate, edit bool) error {
	start := cp.localDay(unit, s.tx.Now)
	end := addDays(start, t.days-1)
	text, err := cp.describe(c, s, t.campaign(unit.ID, s.res.ID, start, end))
	if err != nil {
		return err
	}
	text = c.T("campaign.preview", unit.Name) + "\n\n" + text
	kb := bot.Inline(bot.Row(c.Button(c.T("campaign.launch"), actCampaignStart, idText(unit.ID), t.key)))
	if edit {
		c.Edit(text, kb)
	} else {
		c.Send(text, kb)
	}
	return nil
}

// buttonUnit checks the unit a campaign button names: one the sender
// coordinates that can run a campaign.
func (cp *Campaigns) buttonUnit(c *bot.Context, s *session) (storage.Unit, bool, error) {
	unitID, ok := parseID(c.Params, 0)
	if !ok {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return storage.Unit{}, false, nil
	}
	scope, err := cp.scopeOf(s, storage.RoleCoordinator)
	if err != nil {
		return storage.Unit{}, false, err
	}
	if in, err := covers(s.tx, scope, unitID); err != nil {
		return storage.Unit{}, false, err
	} else if !in {
		return storage.Unit{}, false, cp.refuse(c, s, "/campaign", unitID, "")
	}
	unit, err := s.tx.UnitByID(unitID)
	if err != nil {
		return storage.Unit{}, false, err
	}
	return unit, true, nil
}

// onPreview shows the template a button names.
func (cp *Campaigns) onPreview(ctx context.Context, c *bot.Context, s *session) error {
	unit, ok, err := cp.buttonUnit(c, s)
	if err != nil || !ok {
		return err
	}
	t, known := campaignTemplates[param(c.Params, 1)]
	if !known {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return nil
	}
	c.Answer("", false)
	return cp.preview(c, s, unit, t, true)
}

// onStart launches the template for the unit, from today.
func (cp *Campaigns) onStart(ctx context.Context, c *bot.Context, s *session) error {
	unit, ok, err := cp.buttonUnit(c, s)
	if err != nil || !ok {
		return err
	}
	t, known := campaignTemplates[param(c.Params, 1)]
	if !known {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return nil
	}
	today := cp.localDay(unit, s.tx.Now)
	if x, err := s.tx.UnitCampaign(unit.ID, today); err == nil {
		c.Answer(c.T("campaign.already", unit.Name, x.Title), true)
		return nil
	} else if !errors.Is(err, storage.ErrNotFound) {
		return err
	}
	x, err := s.tx.SaveCampaign(t.campaign(unit.ID, s.res.ID, today, addDays(today, t.days-1)))
	if err != nil {
		return fmt.Errorf("launch campaign: %w", err)
	}
	if err := t.addExamples(s.tx, unit.ID); err != nil {
		return fmt.Errorf("launch campaign: %w", err)
	}
	text, err := cp.describe(c, s, x)
	if err != nil {
		return err
	}
	c.Answer(c.T("campaign.launched_notice"), false)
	c.Edit(c.T("campaign.launched", unit.Name)+"\n\n"+text, nil)
	return cp.auditCampaign(s, x, "launch "+t.key)
}

// create starts a campaign of the unit with a title only, from today.
func (cp *Campaigns) create(c *bot.Context, s *session, unit storage.Unit, title string) error {
	if !cp.checkTitle(c, title, "campaign.bad_title_new") {
		return nil
	}
	today := cp.localDay(unit, s.tx.Now)
	if x, err := s.tx.UnitCampaign(unit.ID, today); err == nil {
		c.Send(c.T("campaign.already", unit.Name, x.Title), nil)
		return nil
	} else if !errors.Is(err, storage.ErrNotFound) {
		return err
	}
	x, err := s.tx.SaveCampaign(storage.Campaign{UnitID: unit.ID, Title: title, Starts: today,
		Ends: addDays(today, campaignDays-1), CreatedBy: s.res.ID})
	if err != nil {
		return fmt.Errorf("new campaign: %w", err)
	}
	text, err := cp.describe(c, s, x)
	if err != nil {
		return err
	}
	c.Send(c.T("campaign.created", unit.Name)+"\n\n"+text+"\n\n"+c.T("campaign.edit_help", unit.Code), nil)
	return cp.auditCampaign(s, x, "new")
}

// checkTitle tells the sender why a title cannot be used; ok when it can.
func (cp *Campaigns) checkTitle(c *bot.Context, title, key string) bool {
	title = strings.TrimSpace(title)
	if title == "" || utf8.RuneCountInString(title) > storage.CampaignTitleMax {
		c.Send(c.T(key, storage.CampaignTitleMax), nil)
		return false
	}
	return true
}

// askEnd asks before ending the unit's campaign.
func (cp *Campaigns) askEnd(c *bot.Context, s *session, unit storage.Unit) error {
	x, err := s.tx.UnitCampaign(unit.ID, cp.localDay(unit, s.tx.Now))
	if errors.Is(err, storage.ErrNotFound) {
		c.Send(c.T("campaign.none_to_edit", unit.Name), nil)
		return nil
	}
	if err != nil {
		return err
	}
	c.Send(c.T("campaign.end_ask", x.Title, unit.Name), bot.Inline(
		bot.Row(c.Button(c.T("campaign.end_button"), actCampaignEnd, idText(x.ID)))))
	return nil
}

// onAskEnd asks before ending the campaign a button names.
func (cp *Campaigns) onAskEnd(ctx context.Context, c *bot.Context, s *session) error {
	x, ok, err := cp.buttonCampaign(c, s)
	if err != nil || !ok {
		return err
	}
	unit, err := s.tx.UnitByID(x.UnitID)
	if err != nil {
		return err
	}
	c.Answer("", false)
	c.Send(c.T("campaign.end_ask", x.Title, unit.Name), bot.Inline(
		bot.Row(c.Button(c.T("campaign.end_button"), actCampaignEnd, idText(x.ID)))))
	return nil
}

// buttonCampaign loads the campaign a button names, once it is known to
// be of the sender's units; ok is false when the sender was told why not.
func (cp *Campaigns) buttonCampaign(c *bot.Context, s *session) (storage.Campaign, bool, error) {
	id, ok := parseID(c.Params, 0)
	if !ok {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return storage.Campaign{}, false, nil
	}
	x, err := s.tx.CampaignByID(id)
	if errors.Is(err, storage.ErrNotFound) {
		c.Answer(c.T(bot.MsgExpiredButton), true)
		return storage.Campaign{}, false, nil
	}
	if err != nil {
		return storage.Campaign{}, false, err
	}
	scope, err := cp.scopeOf(s, storage.RoleCoordinator)
	if err != nil {
		return storage.Campaign{}, false, err
	}
	if in, err := covers(s.tx, scope, x.UnitID); err != nil {
		return storage.Campaign{}, false, err
	} else if !in {
		return storage.Campaign{}, false, cp.refuse(c, s, "/campaign", x.UnitID, "")
	}
	if !x.EndedAt.IsZero() {
		c.Answer(c.T("campaign.ended_already"), true)
		return storage.Campaign{}, false, nil
	}
	return x, true, nil
}

// onEnd ends the campaign a button names.
func (cp *Campaigns) onEnd(ctx context.Context, c *bot.Context, s *session) error {
	x, ok, err := cp.buttonCampaign(c, s)
	if err != nil || !ok {
		return err
	}
	if err := s.tx.EndCampaign(x.ID); err != nil {
		return err
	}
	c.Answer(c.T("campaign.ended_notice"), false)
	c.Edit(c.T("campaign.ended", x.Title), nil)
	return cp.auditCampaign(s, x, "end")
}

// auditCampaign records a change to a campaign.
func (cp *Campaigns) auditCampaign(s *session, x storage.Campaign, detail string) error {
	return cp.audit(s, storage.AuditEntry{Action: storage.AuditCampaign, UnitID: x.UnitID,
		Target: fmt.Sprintf("campaign %d", x.ID), Outcome: storage.AuditOK, Detail: detail})
}

// flowCampaign takes a campaign's list of tasks or criteria in the
// message after "/phongtrao nhiemvu" or "/phongtrao tieuchi" sent alone;
// its step is what the list is ("tasks" or "criteria").
const flowCampaign = "campaign"

// campaignDraft is the flow's data: the unit whose campaign is edited.
type campaignDraft struct {
	Unit int64 `json:"unit"`
}

// campaignInput applies the list typed; a list that cannot be read is
// explained and the next message is tried again.
func (cp *Campaigns) campaignInput(ctx context.Context, c *bot.Context, s *session) error {
	var d campaignDraft
	if err := s.data(&d); err != nil {
		return err
	}
	step := s.conv.Step
	body, ok := deedText(c.Update)
	if !ok || body == "" {
		c.Send(c.T("campaign.ask."+step), bot.Inline(bot.Row(s.cancelButton(c, c.T("campaign.cancel")))))
		return nil
	}
	scope, err := cp.scopeOf(s, storage.RoleCoordinator)
	if err != nil {
		return err
	}
	if in, err := covers(s.tx, scope, d.Unit); err != nil {
		return err
	} else if !in {
		if err := s.end(); err != nil {
			return err
		}
		return cp.refuse(c, s, "/campaign", d.Unit, "")
	}
	unit, err := s.tx.UnitByID(d.Unit)
	if err != nil {
		return err
	}
	x, err := s.tx.UnitCampaign(unit.ID, cp.localDay(unit, s.tx.Now))
	if errors.Is(err, storage.ErrNotFound) {
		c.Send(c.T("campaign.none_to_edit", unit.Name), nil)
		return s.end()
	}
	if err != nil {
		return err
	}
	var problem *listProblem
	if step == "tasks" {
		_, problem = parseTasks(body)
	} else {
		_, problem = parseCriteria(body)
	}
	if problem == nil { // saved below: the flow is over
		if err := s.end(); err != nil {
			return err
		}
	}
	return cp.apply(c, s, unit, x, step, body)
}
