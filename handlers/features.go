package handlers

import "sync"

// The features of the bot. Each holds the core and only the other
// features it calls; routes.go registers their commands, buttons and
// flows.

// Onboarding is /start: joining a ward and residential group, deep links,
// and /settings (language, moving to another unit).
type Onboarding struct {
	*core
	guide *Guide
	roles *Roles
	menus *Menus
}

// Guide is /help, /hotline and the answer to everything unrecognised.
type Guide struct {
	*core
	queue    *Queue
	hotlines *Hotlines
	// routed lists the commands the router knows, so that /help and the
	// menu show only those.
	routed func() []string
	// listed and bodies cache what /help shows, which depends only on the
	// routes (fixed once the App is built), the language and whether the
	// person has joined a unit.
	listed sync.Once
	cmds   []command
	bodies sync.Map // helpKey → string
}

// helpKey is what the body of /help depends on.
type helpKey struct {
	lang   string
	joined bool
}

// Checkins is the daily health check-in (/checkin).
type Checkins struct {
	*core
	support *Support
}

// Family is /family: dependants without a phone of their own.
type Family struct {
	*core
	checkins *Checkins
}

// Deeds is /report and /mydeeds: good deeds reported by residents.
type Deeds struct {
	*core
	review *Review
}

// Review is /review and the coordinators' decision on reported deeds,
// and the publishing of commended ones.
type Review struct {
	*core
	appeals *Appeals
}

// Support is /support and /mysupport, and the tickets coordinators claim
// and resolve.
type Support struct {
	*core
}

// Privacy is /stop, /mydata and /forget.
type Privacy struct {
	*core
}

// Schedules is what coordinators schedule for their units: check-in
// reminders and appeals (/schedule); digests are each official's own
// (/subscribe).
type Schedules struct {
	*core
}

// Campaigns runs the emulation campaigns: /campaign for everyone, and
// their launch and edits for coordinators of a ward or higher.
type Campaigns struct {
	*core
}

// Digests sends officials the figures of their units (/digest) and
// keeps their subscriptions (/subscribe, /unsubscribe).
type Digests struct {
	*core
}

// Standings ranks units on their campaign score (/top), keeps the honour
// roll and the green zones (/greenzone).
type Standings struct {
	*core
}

// Links joins a person's accounts on two messengers into one resident.
type Links struct {
	*core
	menus *Menus
}

// Queue is what waits for a coordinator, and the news of a new role.
type Queue struct {
	*core
	review  *Review
	support *Support
}

// Escalation takes help requests left unclaimed to the units above.
type Escalation struct {
	*core
	support *Support
}

// Roles is /invite, /roles and /revoke, and the invitation links.
type Roles struct {
	*core
	queue *Queue
	menus *Menus
}

// Menus keeps each person's command menu in step with their roles: a
// coordinator's menu holds their commands, in their language.
type Menus struct {
	*core
	// routed lists the commands the router knows.
	routed func() []string
}

// Audit is /audit.
type Audit struct {
	*core
}

// Appeals is /appeal and /appeals, and the sending of appeals.
type Appeals struct {
	*core
}

// Hotlines is the coordinators' side of /hotline.
type Hotlines struct {
	*core
}
