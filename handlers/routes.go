package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// routes builds the features and registers every command, alias, button
// and flow: the table of contents of the bot.
func (a *App) routes() {
	co := a.core
	a.appeals = &Appeals{core: co}
	a.review = &Review{core: co, appeals: a.appeals}
	a.support = &Support{core: co}
	a.queue = &Queue{core: co, review: a.review, support: a.support}
	a.hotlines = &Hotlines{core: co}
	a.guide = &Guide{core: co, queue: a.queue, hotlines: a.hotlines, routed: a.Router.Commands}
	a.onboarding = &Onboarding{core: co, guide: a.guide}
	a.checkins = &Checkins{core: co, support: a.support}
	a.family = &Family{core: co, checkins: a.checkins}
	a.deeds = &Deeds{core: co, review: a.review}
	a.privacy = &Privacy{core: co}
	a.escalation = &Escalation{core: co, support: a.support}
	a.menus = &Menus{core: co, routed: a.Router.Commands}
	a.roles = &Roles{core: co, queue: a.queue, menus: a.menus}
	a.onboarding.roles, a.onboarding.menus = a.roles, a.menus
	a.audit = &Audit{core: co}
	a.links = &Links{core: co, menus: a.menus}
	a.schedules = &Schedules{core: co}
	a.campaigns = &Campaigns{core: co}
	a.standings = &Standings{core: co}
	a.digests = &Digests{core: co}

	r := a.Router
	r.Use(bot.Recover[*session](a.Log), a.privateOnly, a.identify)
	if !a.NoFlood {
		r.Use(bot.Flood[*session](a.Flood))
	}
	// Coordinators' buttons: only for someone who coordinates a unit (or
	// an administrator) now; whether the unit at hand is theirs is checked
	// when they act.
	coord := r.Group(requireRole(storage.RoleCoordinator))
	official := r.Group(requireRole(storage.RoleOfficial))
	overseer := r.Group(requireRole(storage.RoleCoordinator, storage.RoleOfficial))

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
	coord.Callback(actHotlineAsk, a.hotlines.onAsk)
	coord.Callback(actHotlineRemove, a.hotlines.onRemove)
	coord.Callback(actHotlineKeep, a.hotlines.onKeep)
	r.Command(co.cancel, "cancel", "huy")
	r.Callback(actFlowCancel, co.onFlowCancel)
	r.Default(gd.fallback)
	r.Refused(buttonRefused)

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

	vc := &Vaccine{core: co, checkins: a.checkins}
	r.Command(vc.vaccine, "vaccine", "tiemchung")
	r.Callback(actVaccineAdd, vc.onAdd)
	r.Callback(actVaccineWho, vc.onWho)
	r.Callback(actVaccineDose, vc.onDose)
	r.Callback(actVaccineDay, vc.onDay)
	r.Callback(actVaccineFix, vc.onFix)
	r.Callback(actVaccineDelete, vc.onDelete)
	r.Callback(actVaccineBack, vc.onBack)
	r.Callback(actVaccinePick, vc.onPick)
	r.Callback(actVaccineDue, vc.onDue)
	r.Callback(actVaccineAfterCheckin, vc.onAfterCheckin)
	co.flow(flowVaccine, flowInfo{nameKey: "flow.vaccine", command: "vaccine", input: vc.vaccineInput,
		cancelledKey: "vaccine.closed"})

	qc := &QRCodes{core: co}
	r.Command(qc.qr, "qr", "maqr")

	pr := &Practices{core: co}
	r.Command(pr.practice, "practice", "mohinh")
	r.Callback(actPracticeNew, pr.onNew)
	r.Callback(actPracticeSkip, pr.onSkip)
	r.Callback(actPracticePost, pr.onPost)
	r.Callback(actPracticeMark, pr.onMark)
	r.Callback(actReplicate, pr.onReplicate)
	r.Callback(actReplicateToggle, pr.onToggle)
	r.Callback(actReplicateSend, pr.onSend)
	r.Callback(actAdoption, pr.onAdoption)
	co.flow(flowReplicate, flowInfo{nameKey: "flow.replicate", command: "practice", cancelledKey: "practice.cancelled",
		input: func(ctx context.Context, c *bot.Context, s *session) error {
			c.Send(c.T("practice.use_buttons"), nil)
			return nil
		}})
	co.flow(flowPractice, flowInfo{nameKey: "flow.practice", command: "practice", input: pr.practiceInput,
		cancelledKey: "practice.cancelled"})

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
	coord.Command(rv.review, "review", "duyet")
	coord.Callback(actReviewSkip, rv.onSkip)
	coord.Callback(actPublishAsk, rv.onPublishAsk)
	coord.Callback(actPublishOK, rv.onPublishOK)
	coord.Callback(actPublishNo, rv.onPublishNo)
	r.Callback(actConsentReporter, rv.onReporterConsent)
	r.Callback(actConsentSubject, rv.onSubjectConsent)
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
	coord.Command(sp.requests, "requests", "yeucau")
	sc := a.schedules
	coord.Command(sc.schedule, "schedule", "lich")
	overseer.Command((&Exports{core: co}).export, "export", "xuatfile")
	coord.Callback(actScheduleAdd, sc.onAdd)
	coord.Callback(actSchedulePause, sc.onPause)
	coord.Callback(actScheduleDelete, sc.onDelete)
	coord.Callback(actRequestsMore, sp.onRequestsMore)

	// The emulation campaign, its leaderboard and green zones.
	cp := a.campaigns
	r.Command(cp.campaign, "campaign", "phongtrao")
	coord.Callback(actCampaignPreview, cp.onPreview)
	coord.Callback(actCampaignStart, cp.onStart)
	coord.Callback(actCampaignEnd, cp.onEnd)
	coord.Callback(actCampaignAskEnd, cp.onAskEnd)
	co.flow(flowCampaign, flowInfo{nameKey: "flow.campaign", command: "campaign", input: cp.campaignInput})
	sd := a.standings
	r.Command(sd.top, "top", "xephang")
	coord.Command(sd.greenzone, "greenzone", "vungxanh")
	dg := a.digests
	overseer.Command(dg.digest, "digest", "baocaonhanh")
	overseer.Command(dg.subscribe, "subscribe", "dangky")
	overseer.Command(dg.unsubscribe, "unsubscribe", "huydangky")

	// Roles: invitations, who holds what, revocations, and the audit log.
	ro := a.roles
	coord.Command(ro.invite, "invite", "moi")
	overseer.Command(ro.roles, "roles", "vaitro")
	coord.Command(ro.revoke, "revoke", "thuhoi")
	coord.Callback(actRevokeAsk, ro.onRevokeAsk)
	coord.Callback(actRevokeYes, ro.onRevokeYes)
	coord.Callback(actRevokeNo, ro.onRevokeNo)
	r.Callback(actInviteAccept, ro.onInviteAccept)
	r.Callback(actInviteDecline, ro.onInviteDecline)
	official.Command(a.audit.audit, "audit", "nhatky")
	r.Group(requireAdmin).Command(a.status, "status", "tinhtrang")
	official.Callback(actAuditOlder, a.audit.onOlder)

	// Appeals to the residents of a unit.
	ap := a.appeals
	coord.Command(ap.appeal, "appeal", "kegoi")
	coord.Command(ap.appeals, "appeals", "cackegoi")
	coord.Callback(actAppealUnit, ap.onUnit)
	coord.Callback(actAppealAudience, ap.onAudience)
	coord.Callback(actAppealSend, ap.onSend)
	coord.Callback(actAppealRewrite, ap.onRewrite)
	coord.Callback(actAppealBack, ap.onBack)
	coord.Callback(actAppealCancel, ap.onCancel)
	coord.Callback(actAppealCancelOK, ap.onCancelOK)
	coord.Callback(actAppealKeep, ap.onKeep)
	coord.Callback(actAppealSchedule, ap.onSchedule)
	coord.Callback(actAppealScheduleOK, ap.onScheduleOK)
	coord.Callback(actAppealScheduleBack, ap.onScheduleBack)
	co.flow(flowAppeal, flowInfo{nameKey: "flow.appeal", command: "appeal", input: ap.appealInput})

	// One's own data.
	pv := a.privacy
	r.Command(pv.stop, "stop", "dunglai")
	r.Command(a.links.link, "link", "lienket")
	r.Callback(actLinkVia, a.links.onVia)
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
			what := "/" + c.Command
			if c.Update.Kind == bot.KindCallback {
				c.Answer(text, true)
				what = "button " + c.Action
			} else {
				c.Send(text, nil)
			}
			return s.tx.Audit(storage.AuditEntry{ActorID: s.res.ID, Action: storage.AuditRoleDenied,
				Target: what, Outcome: storage.AuditRefused, Detail: strings.Join(roles, ",")})
		}
	}
}

// buttonRefused records the press of a button that failed verification
// (the router has already said it no longer works): forged, or signed
// for someone else.
func buttonRefused(ctx context.Context, c *bot.Context, s *session) error {
	if s.res.ID == 0 {
		return nil
	}
	return s.tx.Audit(storage.AuditEntry{ActorID: s.res.ID, Action: storage.AuditButtonBad,
		Outcome: storage.AuditRefused, Detail: "signature"})
}
