package handlers

import (
	"context"
	"encoding/json"
	"fmt"

	"chungsuc/bot"
)

// Privacy: stop receiving broadcasts, see one's data, delete it.
const (
	flowForget       = "forget"
	actForgetConfirm = "fy" // nonce
	actForgetKeep    = "fn" // nonce
)

var _ = addFeature(func(a *App) {
	a.Router.Command(a.stop, "stop", "dunglai")
	a.Router.Command(a.mydata, "mydata", "dulieu")
	a.Router.Command(a.forget, "forget", "xoadulieu")
	a.Router.Callback(actForgetConfirm, a.onForgetConfirm)
	a.Router.Callback(actForgetKeep, a.onForgetKeep)
	a.flows[flowForget] = flowInfo{nameKey: "flow.forget", command: "forget", input: a.forgetInput}
})

// stop ends appeals and reminders for the person; commands still work and
// /start resumes.
func (a *App) stop(ctx context.Context, c *bot.Context) error {
	s := sess(c)
	if !s.res.StoppedAt.IsZero() {
		c.Send(c.T("stop.already"), nil)
		return nil
	}
	if err := s.tx.SetResidentStopped(s.res.ID, true); err != nil {
		return fmt.Errorf("stop: %w", err)
	}
	text := c.T("stop.done")
	if scope, err := a.reviewScope(s); err != nil {
		return err
	} else if !scope.Empty() && !scope.All {
		text += "\n\n" + c.T("stop.coordinator")
	}
	c.Send(text, nil)
	return nil
}

// mydata sends everything stored about the person as a JSON document.
func (a *App) mydata(ctx context.Context, c *bot.Context) error {
	s := sess(c)
	data, err := s.tx.ResidentData(s.res.ID)
	if err != nil {
		return fmt.Errorf("resident data: %w", err)
	}
	doc, err := json.MarshalIndent(data, "", "  ")
	if err != nil {
		return fmt.Errorf("encode resident data: %w", err)
	}
	c.SendDocument("chungsuc-"+s.res.Platform+"-"+s.res.UserID+".json", doc, c.T("mydata.caption"))
	return nil
}

// forget explains what deleting one's data removes and keeps, and asks to
// confirm.
func (a *App) forget(ctx context.Context, c *bot.Context) error {
	s := sess(c)
	if _, err := s.begin(flowForget, "confirm", nil); err != nil {
		return err
	}
	c.Send(c.T("forget.confirm"), bot.Inline(
		bot.Row(c.Button(c.T("forget.yes"), actForgetConfirm, s.nonce())),
		bot.Row(c.Button(c.T("forget.no"), actForgetKeep, s.nonce())),
	))
	return nil
}

// onForgetConfirm deletes the person's data.
func (a *App) onForgetConfirm(ctx context.Context, c *bot.Context) error {
	s := sess(c)
	if !s.current(c, flowForget) {
		return nil
	}
	res, err := s.tx.ForgetResident(s.res.ID)
	if err != nil {
		return fmt.Errorf("forget resident: %w", err)
	}
	s.hasConv, s.forgotten = false, true // the conversation went with the rest
	text := c.T("forget.done", res.Checkins, res.HelpRequests, res.DeedsDeleted)
	if res.DeedsKept > 0 {
		text += " " + c.T("forget.done_kept", res.DeedsKept)
	}
	c.Edit(text+"\n\n"+c.T("forget.thanks"), nil)
	return nil
}

// onForgetKeep leaves everything as it is.
func (a *App) onForgetKeep(ctx context.Context, c *bot.Context) error {
	s := sess(c)
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
func (a *App) forgetInput(ctx context.Context, c *bot.Context, s *session) error {
	c.Send(c.T("forget.use_buttons"), bot.Inline(
		bot.Row(c.Button(c.T("forget.yes"), actForgetConfirm, s.nonce())),
		bot.Row(c.Button(c.T("forget.no"), actForgetKeep, s.nonce())),
	))
	return nil
}
