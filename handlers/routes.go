package handlers

import (
	"context"
	"fmt"

	"chungsuc/bot"
	"chungsuc/storage"
)

// routes builds the features and registers every command, alias, button
// and flow: the table of contents of the bot.
func (a *App) routes() {
	co := a.core
	a.review = &Review{core: co}
	a.support = &Support{core: co}
	a.queue = &Queue{core: co, review: a.review, support: a.support}
	a.guide = &Guide{core: co, queue: a.queue, routed: a.Router.Commands}
	a.onboarding = &Onboarding{core: co, guide: a.guide}
	a.checkins = &Checkins{core: co, support: a.support}
	a.family = &Family{core: co, checkins: a.checkins}
	a.deeds = &Deeds{core: co, review: a.review}
	a.privacy = &Privacy{core: co}
	a.escalation = &Escalation{core: co, support: a.support}

	r := a.Router
	r.Use(bot.Recover[*session](a.Log), a.privateOnly, a.identify)
	if !a.NoFlood {
		r.Use(bot.Flood[*session](a.Flood))
	}
	// Coordinators' buttons: only for someone who coordinates a unit (or
	// an administrator) now; whether the unit at hand is theirs is checked
	// when they act.
	coord := r.Group(requireRole(storage.RoleCoordinator))

	// Joining, settings, help and hotlines.
	ob := a.onboarding
	r.Command(ob.start, "start", "batdau")
	r.Command(ob.settings, "settings", "caidat")
	r.Callback(actBrowse, ob.onBrowse)
	r.Callback(actChoose, ob.onChoose)
	r.Callback(actConfirm, ob.onConfirm)
	r.Callback(actSetLang, ob.onSetLang)
	r.Callback(actChangeUnit, ob.onChangeUnit)
	co.flow(flowJoin, flowInfo{nameKey: "flow.join", command: "start", input: ob.joinInput})

	gd := a.guide
	r.Command(gd.help, "help", "trogiup")
	r.Command(gd.hotline, "hotline", "duongdaynong")
	r.Command(co.cancel, "cancel", "huy")
	r.Callback(actFlowCancel, co.onFlowCancel)
	r.Default(gd.fallback)

	// The daily check-in, for the resident and their family.
	ck := a.checkins
	r.Command(ck.checkin, "checkin", "khaibao")
	r.Callback(actWho, ck.onWho)
	r.Callback(actHealth, ck.onHealth)
	r.Callback(actSymptom, ck.onSymptom)
	r.Callback(actSymptomsOK, ck.onSymptomsDone)
	r.Callback(actPledge, ck.onPledge)
	r.Callback(actNeed, ck.onNeed)
	r.Callback(actCheckinNext, ck.onCheckinNext)
	co.flow(flowCheckin, flowInfo{nameKey: "flow.checkin", command: "checkin", input: ck.checkinInput})

	fa := a.family
	r.Command(fa.family, "family", "giadinh")
	r.Callback(actFamilyAdd, fa.onFamilyAdd)
	r.Callback(actFamilyRemove, fa.onFamilyRemove)
	r.Callback(actFamilyRemoveYes, fa.onFamilyRemoveYes)
	r.Callback(actFamilyBack, fa.onFamilyBack)
	r.Callback(actFamilyCheckin, fa.onFamilyCheckin)
	co.flow(flowFamily, flowInfo{nameKey: "flow.family", command: "family", input: fa.familyInput,
		cancelledKey: "family.closed"})

	// Good deeds: reported by residents, reviewed by coordinators.
	dd := a.deeds
	r.Command(dd.report, "report", "baocao")
	r.Command(dd.myDeeds, "mydeeds", "vieccuatoi")
	r.Callback(actDeedCat, dd.onDeedCategory)
	r.Callback(actDeedWho, dd.onDeedWho)
	r.Callback(actDeedUnit, dd.onDeedUnit)
	r.Callback(actDeedPhotos, dd.onDeedPhotos)
	r.Callback(actDeedSend, dd.onDeedSend)
	r.Callback(actDeedRewrite, dd.onDeedRewrite)
	r.Callback(actDeedKeep, dd.onDeedKeep)
	co.flow(flowDeed, flowInfo{nameKey: "flow.deed", command: "report", input: dd.deedInput,
		cancelledKey: "deed.cancelled"})

	rv := a.review
	coord.Callback(actDeedApprove, rv.decideByButton(storage.DeedApproved))
	coord.Callback(actDeedCommend, rv.decideByButton(storage.DeedCommended))
	coord.Callback(actDeedReject, rv.onDeedReject)
	coord.Callback(actDeedRejectStop, rv.onDeedRejectStop)
	// A rejection left idle is started again with the button on the notice.
	co.flow(flowDeedReject, flowInfo{nameKey: "flow.deedreject", command: "help",
		input: rv.deedReasonInput, expiredKey: "deed.reject_expired"})

	// Help: asked by residents, claimed and resolved by coordinators.
	sp := a.support
	r.Command(sp.support, "support", "hotro")
	r.Command(sp.mySupport, "mysupport", "hotrocuatoi")
	r.Callback(actSupportKind, sp.onSupportKind)
	coord.Callback(actHelpClaim, sp.onHelpClaim)
	coord.Callback(actHelpResolve, sp.onHelpResolve)
	co.flow(flowSupport, flowInfo{nameKey: "flow.support", command: "support", input: sp.supportInput,
		cancelledKey: "support.cancelled"})

	coord.Callback(actShowWaiting, a.queue.onShowWaiting)

	// One's own data.
	pv := a.privacy
	r.Command(pv.stop, "stop", "dunglai")
	r.Command(pv.mydata, "mydata", "dulieu")
	r.Command(pv.forget, "forget", "xoadulieu")
	r.Callback(actForgetConfirm, pv.onForgetConfirm)
	r.Callback(actForgetKeep, pv.onForgetKeep)
	co.flow(flowForget, flowInfo{nameKey: "flow.forget", command: "forget", input: pv.forgetInput})
}

// requireRole lets through only someone who holds one of roles on some
// unit now, or an administrator; anyone else is told, in their language,
// that the command or button is for coordinators, and nothing happens.
func requireRole(roles ...string) bot.Middleware[*session] {
	return func(next handler) handler {
		return func(ctx context.Context, c *bot.Context, s *session) error {
			if s.isAdmin() {
				return next(ctx, c, s)
			}
			for _, role := range roles {
				scope, err := s.tx.ScopeOf(s.res.ID, role)
				if err != nil {
					return fmt.Errorf("role check: %w", err)
				}
				if !scope.Empty() {
					return next(ctx, c, s)
				}
			}
			text := c.T("role.denied." + roles[0])
			if c.Update.Kind == bot.KindCallback {
				c.Answer(text, true)
			} else {
				c.Send(text, nil)
			}
			return nil
		}
	}
}
