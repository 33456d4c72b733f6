package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// Privacy: stop receiving broadcasts, see one's data, delete it.
const (
	flowForget       = "forget"
	actForgetConfirm = "fy" // nonce
	actForgetKeep    = "fn" // nonce
)

// stop ends appeals and reminders for the person; commands still work and
// /start resumes.
func (pv *Privacy) stop(ctx context.Context, c *bot.Context, s *session) error {
	if !s.res.StoppedAt.IsZero() {
		c.Send(c.T("stop.already"), nil)
		return nil
	}
	if err := s.tx.SetResidentStopped(s.res.ID, true); err != nil {
		return fmt.Errorf("stop: %w", err)
	}
	text := c.T("stop.done")
	if scope, err := pv.reviewScope(s); err != nil {
		return err
	} else if !scope.Empty() && !scope.All {
		text += "\n\n" + c.T("stop.coordinator")
	}
	c.Send(text, nil)
	return nil
}

// mydata sends everything stored about the person: a short summary in
// plain words, and the whole as a JSON document whose codes come with
// their labels in the person's language.
func (pv *Privacy) mydata(ctx context.Context, c *bot.Context, s *session) error {
	data, err := s.tx.ResidentData(s.res.ID)
	if err != nil {
		return fmt.Errorf("resident data: %w", err)
	}
	doc, err := data.Export(storage.ExportLabels{
		Label: func(field, code string) string { return pv.exportLabel(c.Lang, field, code) },
		Text: func(payload []byte) string {
			m, err := bot.DecodeOutgoing(payload)
			if err != nil {
				return ""
			}
			return bot.PlainText(m.Text)
		},
	})
	if err != nil {
		return fmt.Errorf("encode resident data: %w", err)
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, doc, "", "  "); err != nil {
		return fmt.Errorf("indent resident data: %w", err)
	}
	summary, err := pv.dataSummary(c, s, data)
	if err != nil {
		return err
	}
	c.Send(summary, nil)
	c.SendDocument("chungsuc-"+s.res.Platform+"-"+s.res.UserID+".json", pretty.Bytes(), c.T("mydata.caption"))
	return nil
}

// exportLabel names a stored code for the person reading their data.
func (pv *Privacy) exportLabel(lang, field, code string) string {
	key := "mydata." + field + "." + code
	switch field {
	case "help_kind":
		key = "support.kind." + code
	case "symptom":
		key = "symptom." + code
	case "need":
		if code != storage.NeedNone {
			key = "support.kind." + code
		}
	case "audit_action":
		key = "audit." + code
	case "appeal_audience":
		key = "appeal.audience_name." + code
	case "schedule_kind":
		key = "schedule.kind." + code
	case "dose":
		return bot.PlainText(pv.doseText(lang, atoiOr(code)))
	}
	if !pv.Catalog.Has(lang, key) && !pv.Catalog.Has("vi", key) {
		return ""
	}
	return bot.PlainText(pv.Catalog.Text(lang, key))
}

// dataSummary says in a few plain lines what is stored about the person.
func (pv *Privacy) dataSummary(c *bot.Context, s *session, d storage.ResidentData) (string, error) {
	unit := c.T("settings.no_unit")
	if d.Unit != nil {
		path, err := pv.unitPath(s.tx, d.Unit.ID)
		if err != nil {
			return "", err
		}
		unit = path
	}
	own := 0
	for _, ci := range d.Checkins {
		if ci.DependantID == 0 {
			own++
		}
	}
	deeds := map[string]int{}
	for _, x := range d.Deeds {
		deeds[x.Status]++
	}
	helps := map[string]int{}
	for _, h := range d.HelpRequests {
		helps[h.Status]++
	}
	lines := []string{c.T("mydata.summary_title"),
		c.T("mydata.line_unit", HTML(unit)),
		c.T("mydata.line_phone", HTML(pv.phoneShown(c, d.Resident.Phone))),
		pv.checkinsLine(c, own, len(d.Checkins)-own),
		c.T("mydata.line_family", len(d.Dependants)),
		c.T("mydata.line_doses", len(d.Doses), len(d.DosesDue)),
		c.T("mydata.line_deeds", pv.counts(c, "deed_status", deeds, storage.DeedPending, storage.DeedApproved, storage.DeedCommended, storage.DeedRejected)),
		c.T("mydata.line_help", pv.counts(c, "help_status", helps, storage.HelpOpen, storage.HelpClaimed, storage.HelpResolved)),
		c.T("mydata.line_messages", len(d.Messages)),
	}
	if len(d.Roles) > 0 {
		var roles []string
		for _, r := range d.Roles {
			path, err := pv.unitPath(s.tx, r.UnitID)
			if err != nil {
				return "", err
			}
			key := "mydata.role_active"
			if !r.RevokedAt.IsZero() {
				key = "mydata.role_ended"
			}
			roles = append(roles, c.T(key, pv.exportLabel(c.Lang, "role", r.Role), HTML(path)))
		}
		lines = append(lines, c.T("mydata.line_roles", HTML(strings.Join(roles, "; "))))
	}
	if n := len(d.Actions.Decided) + len(d.Actions.Handled) + len(d.Actions.Granted); n > 0 {
		lines = append(lines, c.T("mydata.line_actions", len(d.Actions.Decided), len(d.Actions.Handled)))
	}
	return strings.Join(lines, "\n") + "\n\n" + c.T("mydata.summary_end"), nil
}

// checkinsLine counts the check-ins kept, or says there are none.
func (pv *Privacy) checkinsLine(c *bot.Context, own, family int) string {
	if own+family == 0 {
		return c.T("mydata.line_checkins", HTML(c.T("mydata.none")))
	}
	return c.T("mydata.line_checkins", HTML(c.T("mydata.checkins_count", own, family)))
}

// phoneShown is the phone number kept for a person, or that there is none.
func (pv *Privacy) phoneShown(c *bot.Context, phone string) string {
	if phone == "" {
		return c.T("mydata.no_phone")
	}
	return bot.Escape(phone)
}

// counts lists "2 chờ duyệt, 1 đã duyệt": the statuses (labelled as
// field) that have a count, in the order given, or "không có".
func (pv *Privacy) counts(c *bot.Context, field string, n map[string]int, statuses ...string) HTML {
	var parts []string
	for _, st := range statuses {
		if n[st] > 0 {
			parts = append(parts, c.T("mydata.count", n[st], pv.exportLabel(c.Lang, field, st)))
		}
	}
	if len(parts) == 0 {
		return HTML(c.T("mydata.none"))
	}
	return HTML(strings.Join(parts, ", "))
}

// forget explains what deleting one's data removes and keeps, and asks to
// confirm.
func (pv *Privacy) forget(ctx context.Context, c *bot.Context, s *session) error {
	if _, err := s.begin(flowForget, "confirm", nil); err != nil {
		return err
	}
	text := c.T("forget.confirm")
	roles, err := s.tx.RolesOf(s.res.ID)
	if err != nil {
		return fmt.Errorf("roles: %w", err)
	}
	for _, r := range roles { // a coordinator's role ends with their data: say so
		path, err := pv.unitPath(s.tx, r.UnitID)
		if err != nil {
			return err
		}
		text += "\n\n" + c.T("forget.role_ends", pv.exportLabel(c.Lang, "role", r.Role), HTML(path))
	}
	c.Send(text, bot.Inline(
		bot.Row(c.Button(c.T("forget.yes"), actForgetConfirm, s.nonce())),
		bot.Row(c.Button(c.T("forget.no"), actForgetKeep, s.nonce())),
	))
	return nil
}

// onForgetConfirm deletes the person's data.
func (pv *Privacy) onForgetConfirm(ctx context.Context, c *bot.Context, s *session) error {
	if !s.current(c, flowForget) {
		return nil
	}
	res, err := s.tx.ForgetResident(s.res.ID)
	if err != nil {
		return fmt.Errorf("forget resident: %w", err)
	}
	s.hasConv, s.forgotten = false, true // the conversation went with the rest
	text := c.T("forget.done", res.Checkins, res.HelpRequests, res.DeedsDeleted)
	if res.Checkins+res.HelpRequests+res.DeedsDeleted == 0 {
		text = c.T("forget.done_empty")
	}
	if res.DeedsKept > 0 {
		text += " " + c.T("forget.done_kept", res.DeedsKept)
	}
	c.Edit(text+"\n\n"+c.T("forget.thanks"), nil)
	return nil
}

// onForgetKeep leaves everything as it is.
func (pv *Privacy) onForgetKeep(ctx context.Context, c *bot.Context, s *session) error {
	if !s.current(c, flowForget) {
		return nil
	}
	if err := s.end(); err != nil {
		return err
	}
	c.Edit(c.T("forget.kept"), nil)
	return nil
}

// forgetInput answers anything typed while the confirmation waits.
func (pv *Privacy) forgetInput(ctx context.Context, c *bot.Context, s *session) error {
	c.Send(c.T("forget.use_buttons"), bot.Inline(
		bot.Row(c.Button(c.T("forget.yes"), actForgetConfirm, s.nonce())),
		bot.Row(c.Button(c.T("forget.no"), actForgetKeep, s.nonce())),
	))
	return nil
}

// atoiOr reads a stored number, 0 when it is none.
func atoiOr(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
