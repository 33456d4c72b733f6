package storage

import (
	"encoding/json"
	"strconv"
	"time"
)

// ExportLabels turns stored codes into words for the person reading their
// data: label(field, code) names code in their language, e.g. ("health",
// "f1") or ("deed_status", "pending"); "" leaves no label. text(payload)
// gives the text of an outbox message as its recipient sees it.
type ExportLabels struct {
	Label func(field, code string) string
	Text  func(payload []byte) string
}

// MarshalJSON writes the export without labels.
func (d ResidentData) MarshalJSON() ([]byte, error) { return d.Export(ExportLabels{}) }

// Export writes everything stored about the resident as JSON: snake_case
// names that stay stable for machines, RFC 3339 times, empty lists as [],
// and beside each code (a status, a kind) its label from l, under the
// same name with "_label" added.
func (d ResidentData) Export(l ExportLabels) ([]byte, error) {
	label := func(field, code string) string {
		if l.Label == nil || code == "" {
			return ""
		}
		return l.Label(field, code)
	}
	out := struct {
		Resident     residentJSON      `json:"resident"`
		Accounts     []accountJSON     `json:"linked_accounts,omitempty"`
		Unit         *unitJSON         `json:"unit,omitempty"`
		Roles        []roleJSON        `json:"roles"`
		Dependants   []dependantJSON   `json:"family_members"`
		Checkins     []checkinJSON     `json:"checkins"`
		Deeds        []deedJSON        `json:"deeds"`
		HelpRequests []helpJSON        `json:"help_requests"`
		Doses        []doseJSON        `json:"vaccine_doses"`
		DosesDue     []doseDueJSON     `json:"next_doses"`
		Conversation *conversationJSON `json:"conversation,omitempty"`
		Messages     []messageJSON     `json:"messages"`
		Actions      actionsJSON       `json:"coordinator_actions"`
	}{
		Resident:     residentView(d.Resident),
		Roles:        []roleJSON{},
		Dependants:   make([]dependantJSON, 0, len(d.Dependants)),
		Checkins:     []checkinJSON{},
		Deeds:        []deedJSON{},
		HelpRequests: []helpJSON{},
		Doses:        []doseJSON{},
		DosesDue:     []doseDueJSON{},
		Messages:     []messageJSON{},
		Actions: actionsJSON{Decided: []decisionJSON{}, Handled: []handledJSON{}, Granted: []roleJSON{},
			Appeals: []appealJSON{}, Audit: []auditJSON{}, Schedules: []scheduleJSON{},
			Practices: []practiceJSON{}, Adoptions: []adoptionJSON{}},
	}
	for _, a := range d.Accounts {
		out.Accounts = append(out.Accounts, accountJSON{Platform: a.Platform, UserID: a.UserID, ChatID: a.ChatID,
			Username: a.Username, LinkedAt: a.LinkedAt})
	}
	if d.Unit != nil {
		out.Unit = &unitJSON{ID: d.Unit.ID, Code: d.Unit.Code, Name: d.Unit.Name, Kind: d.Unit.Kind}
	}
	roleView := func(r Role) roleJSON {
		return roleJSON{ID: r.ID, Role: r.Role, RoleLabel: label("role", r.Role), UnitID: r.UnitID,
			GrantedAt: r.GrantedAt, RevokedAt: r.RevokedAt}
	}
	deedView := func(d Deed) deedJSON {
		return deedJSON{Deed: d, StatusLabel: label("deed_status", d.Status), SubjectLabel: label("subject", d.Subject)}
	}
	helpView := func(h HelpRequest) helpJSON {
		return helpJSON{HelpRequest: h, KindLabel: label("help_kind", h.Kind),
			StatusLabel: label("help_status", h.Status), SourceLabel: label("help_source", h.Source)}
	}
	for _, r := range d.Roles {
		out.Roles = append(out.Roles, roleView(r))
	}
	for _, f := range d.Dependants {
		out.Dependants = append(out.Dependants, dependantJSON{ID: f.ID, Name: f.Name, CreatedAt: f.CreatedAt})
	}
	for _, c := range d.Checkins {
		v := checkinJSON{Checkin: c, HealthLabel: label("health", c.Health), NeedLabel: label("need", c.Need)}
		for _, s := range c.Symptoms {
			v.SymptomLabels = append(v.SymptomLabels, label("symptom", s))
		}
		out.Checkins = append(out.Checkins, v)
	}
	for _, x := range d.Deeds {
		out.Deeds = append(out.Deeds, deedView(x))
	}
	for _, h := range d.HelpRequests {
		out.HelpRequests = append(out.HelpRequests, helpView(h))
	}
	names := map[int64]string{}
	for _, f := range d.Dependants {
		names[f.ID] = f.Name
	}
	for _, x := range d.Doses {
		out.Doses = append(out.Doses, doseJSON{Dose: x, FamilyMember: names[x.DependantID],
			DoseLabel: label("dose", strconv.Itoa(x.Number)), ByCoordinator: x.RecordedBy != 0 && x.RecordedBy != d.Resident.ID})
	}
	for _, x := range d.DosesDue {
		out.DosesDue = append(out.DosesDue, doseDueJSON{DoseDue: x, FamilyMember: names[x.DependantID]})
	}
	if c := d.Conversation; c != nil {
		out.Conversation = &conversationJSON{Flow: c.Flow, Step: c.Step, UpdatedAt: c.UpdatedAt}
		if json.Valid(c.Data) {
			out.Conversation.Data = json.RawMessage(c.Data)
		} else if len(c.Data) > 0 {
			out.Conversation.Data = string(c.Data)
		}
	}
	for _, m := range d.Messages {
		v := messageJSON{ID: m.ID, Kind: m.Kind, KindLabel: label("message_kind", m.Kind), Status: m.Status,
			StatusLabel: label("message_status", m.Status),
			AboutYou:    m.AboutResidentID == d.Resident.ID && (m.Platform != d.Resident.Platform || m.ChatID != d.Resident.ChatID),
			CreatedAt:   m.CreatedAt, SentAt: m.SentAt}
		// A message about someone else (a ticket this coordinator was sent)
		// holds that person's details: only its kind and fate are shown.
		v.AboutSomeoneElse = m.AboutResidentID != 0 && m.AboutResidentID != d.Resident.ID
		if l.Text != nil && !v.AboutSomeoneElse {
			v.Text = l.Text(m.Payload)
		}
		out.Messages = append(out.Messages, v)
	}
	// What one did as a coordinator is about other residents: only its
	// reference, unit, outcome and time are theirs to see, never the
	// other person's details.
	for _, x := range d.Actions.Decided {
		out.Actions.Decided = append(out.Actions.Decided, decisionJSON{Ref: DeedRef(x.ID), UnitID: x.UnitID,
			Status: x.Status, StatusLabel: label("deed_status", x.Status), DecidedAt: x.DecidedAt})
	}
	for _, h := range d.Actions.Handled {
		v := handledJSON{Ref: HelpRef(h.ID), UnitID: h.UnitID, Status: h.Status,
			StatusLabel: label("help_status", h.Status), ResolvedAt: h.ResolvedAt}
		if h.ClaimedBy == d.Resident.ID {
			v.ClaimedAt = h.ClaimedAt
		}
		if h.ResolvedBy != d.Resident.ID {
			v.ResolvedAt = time.Time{}
		}
		out.Actions.Handled = append(out.Actions.Handled, v)
	}
	for _, r := range d.Actions.Granted {
		out.Actions.Granted = append(out.Actions.Granted, roleView(r))
	}
	for _, a := range d.Actions.Appeals {
		out.Actions.Appeals = append(out.Actions.Appeals, appealView(a, label))
	}
	texts := map[string]string{}
	for _, t := range d.Actions.Templates {
		texts[strconv.FormatInt(t.ID, 10)] = t.Text
	}
	for _, p := range d.Actions.Practices {
		out.Actions.Practices = append(out.Actions.Practices, practiceJSON{Ref: PracticeRef(p.ID), UnitID: p.UnitID,
			Title: p.Title, What: p.What, How: p.How, Contact: p.Contact, Photo: p.Photo != "", CreatedAt: p.CreatedAt})
	}
	for _, x := range d.Actions.Adoptions {
		out.Actions.Adoptions = append(out.Actions.Adoptions, adoptionJSON{Ref: PracticeRef(x.PracticeID), UnitID: x.UnitID,
			Status: x.Status, StatusLabel: label("adoption", x.Status), At: x.At})
	}
	for _, x := range d.Actions.Schedules {
		v := scheduleJSON{ID: x.ID, Kind: x.Kind, KindLabel: label("schedule_kind", x.Kind), UnitID: x.UnitID,
			Spec: x.Spec, OnceAt: x.OnceAt, TimeZone: x.TZ, Target: x.Target, Paused: x.Paused, CreatedAt: x.CreatedAt}
		if x.Kind == ScheduleAppeal {
			v.Target, v.AppealText = "", texts[x.Target]
		}
		out.Actions.Schedules = append(out.Actions.Schedules, v)
	}
	// The audit log's entries of what they did, without whom it concerned.
	for _, e := range d.Actions.Audit {
		out.Actions.Audit = append(out.Actions.Audit, auditJSON{ID: e.ID, At: e.At, Action: e.Action,
			ActionLabel: label("audit_action", e.Action), UnitID: e.UnitID, Target: e.Target,
			Outcome: e.Outcome, OutcomeLabel: label("audit_outcome", e.Outcome), Detail: e.Detail})
	}
	return json.Marshal(out)
}

func nonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

type residentJSON struct {
	ID               int64     `json:"id"`
	Platform         string    `json:"platform"`
	UserID           string    `json:"user_id"`
	ChatID           string    `json:"chat_id"`
	Name             string    `json:"name"`
	Username         string    `json:"username,omitempty"`
	Language         string    `json:"language,omitempty"`
	PlatformLanguage string    `json:"platform_language,omitempty"`
	Phone            string    `json:"phone,omitempty"`
	UnitID           int64     `json:"unit_id,omitzero"`
	JoinedAt         time.Time `json:"joined_at,omitzero"`
	StoppedAt        time.Time `json:"stopped_at,omitzero"`
	BlockedAt        time.Time `json:"blocked_at,omitzero"`
	CreatedAt        time.Time `json:"created_at"`
	LastSeenAt       time.Time `json:"last_seen_at"`
}

// accountJSON is one messenger account of a linked resident.
type accountJSON struct {
	Platform string    `json:"platform"`
	UserID   string    `json:"user_id"`
	ChatID   string    `json:"chat_id"`
	Username string    `json:"username,omitempty"`
	LinkedAt time.Time `json:"linked_at"`
}

func residentView(r Resident) residentJSON {
	return residentJSON{ID: r.ID, Platform: r.Platform, UserID: r.UserID, ChatID: r.ChatID,
		Name: r.Name, Username: r.Username, Language: r.Language,
		PlatformLanguage: r.PlatformLanguage, Phone: r.Phone, UnitID: r.UnitID,
		JoinedAt: r.JoinedAt, StoppedAt: r.StoppedAt, BlockedAt: r.BlockedAt,
		CreatedAt: r.CreatedAt, LastSeenAt: r.LastSeenAt}
}

type unitJSON struct {
	ID   int64  `json:"id"`
	Code string `json:"code"`
	Name string `json:"name"`
	Kind string `json:"kind"`
}

type roleJSON struct {
	ID        int64     `json:"id"`
	Role      string    `json:"role"`
	RoleLabel string    `json:"role_label,omitempty"`
	UnitID    int64     `json:"unit_id"`
	GrantedAt time.Time `json:"granted_at"`
	RevokedAt time.Time `json:"revoked_at,omitzero"`
}

type dependantJSON struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

type checkinJSON struct {
	Checkin
	HealthLabel   string   `json:"health_label,omitempty"`
	SymptomLabels []string `json:"symptom_labels,omitempty"`
	NeedLabel     string   `json:"need_label,omitempty"`
}

type deedJSON struct {
	Deed
	StatusLabel  string `json:"status_label,omitempty"`
	SubjectLabel string `json:"subject_label,omitempty"`
}

type helpJSON struct {
	HelpRequest
	KindLabel   string `json:"kind_label,omitempty"`
	StatusLabel string `json:"status_label,omitempty"`
	SourceLabel string `json:"source_label,omitempty"`
}

type conversationJSON struct {
	Flow      string    `json:"flow"`
	Step      string    `json:"step"`
	Data      any       `json:"data,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
}

type messageJSON struct {
	ID          int64  `json:"id"`
	Kind        string `json:"kind"`
	KindLabel   string `json:"kind_label,omitempty"`
	Status      string `json:"status"`
	StatusLabel string `json:"status_label,omitempty"`
	AboutYou    bool   `json:"about_you"` // sent to someone else (a coordinator), about you
	// AboutSomeoneElse marks a message sent to you about another resident:
	// its text is theirs, not yours, and is left out.
	AboutSomeoneElse bool      `json:"about_someone_else,omitempty"`
	Text             string    `json:"text,omitempty"`
	CreatedAt        time.Time `json:"created_at"`
	SentAt           time.Time `json:"sent_at,omitzero"`
}

type actionsJSON struct {
	Decided   []decisionJSON `json:"deeds_decided"`
	Handled   []handledJSON  `json:"help_requests_handled"`
	Granted   []roleJSON     `json:"roles_granted"`
	Appeals   []appealJSON   `json:"appeals_sent"`
	Audit     []auditJSON    `json:"audit_log"`
	Schedules []scheduleJSON `json:"schedules"`
	Practices []practiceJSON `json:"practices_posted"`
	Adoptions []adoptionJSON `json:"practices_answered"`
}

// practiceJSON is a good practice one posted for a unit.
type practiceJSON struct {
	Ref       string    `json:"ref"`
	UnitID    int64     `json:"unit_id"`
	Title     string    `json:"title"`
	What      string    `json:"what"`
	How       string    `json:"how"`
	Contact   string    `json:"contact,omitempty"`
	Photo     bool      `json:"photo,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// adoptionJSON is one's answer for a unit to a practice replicated to it.
type adoptionJSON struct {
	Ref         string    `json:"practice"`
	UnitID      int64     `json:"unit_id"`
	Status      string    `json:"status"`
	StatusLabel string    `json:"status_label,omitempty"`
	At          time.Time `json:"at"`
}

// scheduleJSON is a schedule one made: what it runs, where, when, and for
// a scheduled appeal what it says.
type scheduleJSON struct {
	ID         int64     `json:"id"`
	Kind       string    `json:"kind"`
	KindLabel  string    `json:"kind_label,omitempty"`
	UnitID     int64     `json:"unit_id"`
	Spec       string    `json:"spec,omitempty"`
	OnceAt     time.Time `json:"once_at,omitzero"`
	TimeZone   string    `json:"time_zone"`
	Target     string    `json:"target,omitempty"`
	Paused     bool      `json:"paused,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	AppealText string    `json:"appeal_text,omitempty"`
}

// appealJSON is an appeal one sent: what it said, where, when, and how
// many it reached.
type appealJSON struct {
	ID            int64     `json:"id"`
	UnitID        int64     `json:"unit_id"`
	Audience      string    `json:"audience"`
	AudienceLabel string    `json:"audience_label,omitempty"`
	Kind          string    `json:"kind"`
	KindLabel     string    `json:"kind_label,omitempty"`
	Report        string    `json:"report,omitempty"` // the deed an example published
	Urgent        bool      `json:"urgent"`
	Text          string    `json:"text"`
	Photo         string    `json:"photo_file_id,omitempty"`
	Status        string    `json:"status"`
	StatusLabel   string    `json:"status_label,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
	StartAt       time.Time `json:"start_at"`
	FinishedAt    time.Time `json:"finished_at,omitzero"`
	CancelledAt   time.Time `json:"cancelled_at,omitzero"`
	Recipients    int       `json:"recipients"`
	Sent          int       `json:"sent"`
	Failed        int       `json:"failed"`
	Blocked       int       `json:"blocked"`
	Dropped       int       `json:"dropped"`
}

func appealView(a Appeal, label func(field, code string) string) appealJSON {
	v := appealJSON{ID: a.ID, UnitID: a.UnitID, Audience: a.Audience,
		AudienceLabel: label("appeal_audience", a.Audience), Kind: a.Kind,
		KindLabel: label("appeal_kind", a.Kind), Urgent: a.Urgent, Text: a.Text, Photo: a.Photo,
		Status: a.Status, StatusLabel: label("appeal_status", a.Status), CreatedAt: a.CreatedAt,
		StartAt: a.StartAt, FinishedAt: a.FinishedAt, CancelledAt: a.CancelledAt, Recipients: a.Total,
		Sent: a.Sent, Failed: a.Failed, Blocked: a.Blocked, Dropped: a.Dropped}
	if a.DeedID != 0 {
		v.Report = DeedRef(a.DeedID)
	}
	return v
}

// auditJSON is an entry of the audit log about something one did: what,
// where and with what outcome, never whom it concerned.
type auditJSON struct {
	ID           int64     `json:"id"`
	At           time.Time `json:"at"`
	Action       string    `json:"action"`
	ActionLabel  string    `json:"action_label,omitempty"`
	UnitID       int64     `json:"unit_id,omitzero"`
	Target       string    `json:"target,omitempty"`
	Outcome      string    `json:"outcome"`
	OutcomeLabel string    `json:"outcome_label,omitempty"`
	Detail       string    `json:"detail,omitempty"`
}

// decisionJSON is a report one decided on, without its reporter's details.
type decisionJSON struct {
	Ref         string    `json:"report"`
	UnitID      int64     `json:"unit_id"`
	Status      string    `json:"status"`
	StatusLabel string    `json:"status_label,omitempty"`
	DecidedAt   time.Time `json:"decided_at,omitzero"`
}

// handledJSON is a help request one took on or resolved, without the
// requester's details.
type handledJSON struct {
	Ref         string    `json:"request"`
	UnitID      int64     `json:"unit_id"`
	Status      string    `json:"status"`
	StatusLabel string    `json:"status_label,omitempty"`
	ClaimedAt   time.Time `json:"claimed_at,omitzero"`
	ResolvedAt  time.Time `json:"resolved_at,omitzero"`
}

// doseJSON is a vaccine dose with whose it is (a family member's name,
// "" for the resident's own) and whether a coordinator recorded it.
type doseJSON struct {
	Dose
	FamilyMember  string `json:"family_member,omitempty"`
	DoseLabel     string `json:"dose_label,omitempty"`
	ByCoordinator bool   `json:"recorded_by_coordinator,omitempty"`
}

// doseDueJSON is a next dose with whose it is.
type doseDueJSON struct {
	DoseDue
	FamilyMember string `json:"family_member,omitempty"`
}
