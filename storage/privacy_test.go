package storage

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// family is a resident with data of every kind, and the people around them.
type family struct {
	f, other, coord Resident
	grandma         Dependant // a family member f checks in for
	commended       []string  // descriptions of f's commended deeds
	appeal          Appeal    // an appeal f sent, as a coordinator
	cancelled       Appeal    // the operator's appeal f cancelled
}

// markers are values only the forgotten resident's data holds.
var markers = []string{"zyx", "909 777 555", "0912 000 999"}

// seedFamily stores f (every value carrying a marker), another resident of
// the same unit and a coordinator, with rows that link them.
func seedFamily(t *testing.T, db *DB) family {
	t.Helper()
	var fam family
	t01, t02 := unitID(t, db, "HN-TM-T01"), unitID(t, db, "HN-TM-T02")
	fam.other = joined(t, db, "other-1", "HN-TM-T01")
	fam.coord = joined(t, db, "coord-1", "HN-TM-T02")
	update(t, db, func(tx *Tx) (err error) {
		if fam.f, err = tx.TouchResident("telegram", "zyx-uid-42", "zyx-chat-42", "Zyx Nguyễn Văn", "zyx_user", "vi"); err != nil {
			return err
		}
		id := fam.f.ID
		return errors.Join(tx.SetResidentUnit(id, t01), tx.SetResidentPhone(id, "+84 909 777 555"),
			tx.SetResidentLanguage(id, LangEnglish),
			tx.SaveConversation(Conversation{ResidentID: id, Flow: "deed", Step: "text", Data: []byte(`{"draft":"zyx draft"}`)}),
			tx.SaveConversation(Conversation{ResidentID: fam.other.ID, Flow: "help", Step: "kind"}),
			grant(tx, id, RoleCoordinator, t02, fam.coord.ID), grant(tx, fam.other.ID, RoleOfficial, t01, id))
	})
	fam.grandma = addDependant(t, db, fam.f.ID, "Bà nội Zyx")
	addDependant(t, db, fam.other.ID, "Ông ngoại")
	update(t, db, func(tx *Tx) error {
		return seedDaily(tx, &fam, t01)
	})
	enqueue(t, db,
		OutboxMessage{ChatID: fam.f.ChatID, ResidentID: fam.f.ID, Payload: []byte(`{"text":"zyx reply"}`)},
		OutboxMessage{ChatID: fam.f.ChatID, Payload: []byte(`{"text":"zyx to the chat only"}`)},
		OutboxMessage{ChatID: fam.coord.ChatID, ResidentID: fam.coord.ID, AboutResidentID: fam.f.ID,
			Payload: []byte(`{"text":"F0: Zyx Nguyễn Văn, 0912 000 999"}`)},
		OutboxMessage{ChatID: fam.other.ChatID, ResidentID: fam.other.ID, Payload: []byte(`{"text":"hello"}`)},
		OutboxMessage{ChatID: fam.coord.ChatID, ResidentID: fam.coord.ID, AboutResidentID: fam.other.ID,
			Payload: []byte(`{"text":"need: other"}`)},
	)
	update(t, db, func(tx *Tx) error { // a message already sent stays in the outbox
		_, err := tx.exec(`UPDATE outbox SET status = 'sent' WHERE resident_id = ?`, fam.f.ID)
		return err
	})
	seedCoordinatorWork(t, db, &fam)
	return fam
}

// seedCoordinatorWork has f work as a coordinator of HN-TM-T02: an appeal
// with its progress message in f's chat, an appeal of the operator's f
// cancelled, audit entries by f and about f, a file f asked for, and
// invitations f made or took.
func seedCoordinatorWork(t *testing.T, db *DB, fam *family) {
	t.Helper()
	f, o, c := fam.f.ID, fam.other.ID, fam.coord.ID
	t02 := unitID(t, db, "HN-TM-T02")
	enqueue(t, db, OutboxMessage{ChatID: fam.f.ChatID, ResidentID: f, Payload: []byte(`{"text":"Đã gửi 0/1"}`)})
	update(t, db, func(tx *Tx) (err error) {
		if fam.appeal, err = tx.CreateAppeal(Appeal{SenderID: f, UnitID: t02, Audience: AudienceResidents,
			Text: "Mời bà con đi tiêm vắc-xin", Lang: LangEnglish}); err != nil {
			return err
		}
		if fam.cancelled, err = tx.CreateAppeal(Appeal{UnitID: t02, Audience: AudienceAll, Text: "Họp tổ"}); err != nil {
			return err
		}
		_, err = tx.CancelAppeal(fam.cancelled.ID, f)
		errs := []error{err, tx.SetAppealProgress(fam.appeal.ID, "telegram", fam.f.ChatID, "77", tx.Now, "Đã gửi 0/1"),
			tx.Audit(AuditEntry{ActorID: f, Action: AuditDeedApprove, UnitID: t02, SubjectID: o, Target: "VT-000009", Outcome: AuditOK}),
			tx.Audit(AuditEntry{ActorID: f, Action: AuditScopeDenied, UnitID: t02, Target: "HT-000001", Outcome: AuditRefused, Detail: "outside HN-TM-T02"}),
			tx.Audit(AuditEntry{ActorID: c, Action: AuditDeedReject, UnitID: t02, SubjectID: f, Target: "VT-000010", Outcome: AuditOK}),
			tx.Audit(AuditEntry{Actor: ActorOperator, Action: AuditGrant, UnitID: t02, SubjectID: f, Outcome: AuditOK})}
		_, err = tx.QueueExport(ExportRequest{ResidentID: f, Platform: "telegram", ChatID: fam.f.ChatID, Kind: "checkins",
			Scope: Scope{Units: []int64{t02}}, FromDay: "2021-08-01", ToDay: "2021-08-02", Format: "csv"})
		errs = append(errs, err)
		_, mine, err := tx.CreateInvite(RoleOfficial, t02, f, time.Hour)
		errs = append(errs, err)
		_, err = tx.UseInvite(mine.ID, o)
		errs = append(errs, err)
		_, theirs, err := tx.CreateInvite(RoleCoordinator, t02, c, time.Hour)
		errs = append(errs, err)
		_, err = tx.UseInvite(theirs.ID, f)
		return errors.Join(append(errs, err)...)
	})
}

func grant(tx *Tx, residentID int64, role string, unitID, by int64) error {
	_, err := tx.GrantRole(residentID, role, unitID, by)
	return err
}

// seedDaily gives f and other check-ins, help requests and deeds.
func seedDaily(tx *Tx, fam *family, unit int64) error {
	f, o, c := fam.f.ID, fam.other.ID, fam.coord.ID
	var errs []error
	save := func(c Checkin) { _, _, err := tx.SaveCheckin(c); errs = append(errs, err) }
	save(Checkin{ResidentID: f, Day: "2021-08-01", Health: HealthF0, Symptoms: []string{"zyx-cough", "fever"}, Need: NeedMedical})
	save(Checkin{ResidentID: f, Day: "2021-08-02", Health: HealthF1, Need: NeedNone})
	save(Checkin{ResidentID: o, Day: "2021-08-01", Health: HealthWell, Need: NeedNone})
	save(Checkin{ResidentID: f, DependantID: fam.grandma.ID, Day: "2021-08-01", Health: HealthSymptoms,
		Symptoms: []string{"zyx-breath"}, Need: NeedNone})
	help := func(h HelpRequest) int64 { h, err := tx.CreateHelpRequest(h); errs = append(errs, err); return h.ID }
	mine := help(HelpRequest{ResidentID: f, UnitID: unit, Kind: NeedMedicine, Description: "zyx cần thuốc", Phone: "0912 000 999", Source: HelpFromSupport})
	theirs := help(HelpRequest{ResidentID: o, UnitID: unit, Kind: NeedFood, Description: "cần gạo", Source: HelpFromCheckin})
	_, err1 := tx.ClaimHelpRequest(mine, c)
	_, err2 := tx.ClaimHelpRequest(theirs, f)
	_, err3 := tx.ResolveHelpRequest(theirs, f)
	errs = append(errs, err1, err2, err3)
	deed := func(d Deed, status string) {
		d.UnitID = unit
		d, err := tx.CreateDeed(d)
		errs = append(errs, err)
		reason := "zyx lý do" // about the report: goes with it
		if status == DeedCommended {
			reason = "Gương điển hình" // the commendation: public, kept with the deed
		}
		if err == nil && status != DeedPending {
			_, err = tx.DecideDeed(d.ID, status, reason, c)
			errs = append(errs, err)
		}
	}
	deed(Deed{ResidentID: f, Subject: SubjectSelf, SubjectName: "Zyx Nguyễn Văn", Description: "zyx pending deed",
		Photos: []DeedPhoto{{FileID: "zyx-file", FileUniqueID: "zyx-photo"}}}, DeedPending)
	deed(Deed{ResidentID: f, Subject: SubjectOther, SubjectName: "Trần Thị Bình", Description: "zyx rejected deed"}, DeedRejected)
	deed(Deed{ResidentID: f, Subject: SubjectSelf, SubjectName: "Zyx Nguyễn Văn", Description: "zyx approved deed"}, DeedApproved)
	fam.commended = []string{"zyx commended: chở gạo cho tổ", "zyx commended: Bình phát khẩu trang"}
	deed(Deed{ResidentID: f, Subject: SubjectSelf, SubjectName: "Zyx Nguyễn Văn", Description: fam.commended[0],
		Photos: []DeedPhoto{{FileID: "kept-file", FileUniqueID: "kept-photo"}}}, DeedCommended)
	deed(Deed{ResidentID: f, Subject: SubjectOther, SubjectName: "Trần Thị Bình", Description: fam.commended[1]}, DeedCommended)
	d, err := tx.CreateDeed(Deed{ResidentID: o, UnitID: unit, Subject: SubjectSelf, Description: "other's deed"})
	errs = append(errs, err)
	_, err = tx.DecideDeed(d.ID, DeedApproved, "", f)
	return errors.Join(append(errs, err)...)
}

func TestResidentData(t *testing.T) {
	db, _ := openSample(t)
	fam := seedFamily(t, db)
	var data ResidentData
	view(t, db, func(tx *Tx) (err error) {
		data, err = tx.ResidentData(fam.f.ID)
		return err
	})
	t.Run("holds every kind of row", func(t *testing.T) {
		got := fmt.Sprint(data.Resident.Name, "|", data.Unit.Code, "|", len(data.Roles), len(data.Dependants),
			len(data.Checkins), len(data.Deeds), len(data.HelpRequests), "|", data.Conversation.Flow)
		if want := "Zyx Nguyễn Văn|HN-TM-T01|1 1 3 5 1|deed"; got != want {
			t.Errorf("name|unit|roles family checkins deeds help|flow = %q, want %q", got, want)
		}
	})
	out, err := json.Marshal(data)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, want string }{
		{"resident.name", "Zyx Nguyễn Văn"},
		{"resident.user_id", "zyx-uid-42"},
		{"resident.phone", "+84 909 777 555"},
		{"unit.code", "HN-TM-T01"},
		{"roles.0.role", RoleCoordinator},
		{"checkins.0.day", "2021-08-02"},
		{"checkins.1.symptoms.0", "zyx-cough"},
		{"checkins.1.pledge_5k", "false"},
		{"checkins.1.family_member_id", "<nil>"}, // the resident's own
		{"checkins.2.family_member_id", fmt.Sprint(fam.grandma.ID)},
		{"checkins.2.symptoms.0", "zyx-breath"},
		{"family_members.0.id", fmt.Sprint(fam.grandma.ID)},
		{"family_members.0.name", "Bà nội Zyx"},
		{"family_members.0.created_at", "2021-08-01T08:00:00Z"},
		{"deeds.4.photos.0.file_id", "zyx-file"},
		{"deeds.1.status", DeedCommended},
		{"help_requests.0.phone", "0912 000 999"},
		{"conversation.data.draft", "zyx draft"},
		{"resident.created_at", "2021-08-01T08:00:00Z"},
	} {
		t.Run("exports "+tc.path, func(t *testing.T) {
			if got, want := lookup(doc, tc.path), tc.want; got != want {
				t.Errorf("%s = %q, want %q", tc.path, got, want)
			}
		})
	}
	t.Run("names every field in snake_case", func(t *testing.T) {
		snake := regexp.MustCompile(`^[a-z0-9]+(_[a-z0-9]+)*$`)
		for _, k := range keys(doc, "") {
			if !snake.MatchString(k[strings.LastIndex(k, ".")+1:]) {
				t.Errorf("key %s is not snake_case", k)
			}
		}
	})
	t.Run("writes times as RFC 3339 and leaves out those that never happened", func(t *testing.T) {
		for _, k := range keys(doc, "") {
			if strings.HasSuffix(k, "_at") {
				if _, err := time.Parse(time.RFC3339, lookup(doc, k)); err != nil {
					t.Errorf("%s: %v", k, err)
				}
			}
		}
		if s := string(out); strings.Contains(s, "0001-01-01") || strings.Contains(s, "stopped_at") {
			t.Errorf("export holds a zero time: %s", s)
		}
	})
	t.Run("writes empty lists as []", func(t *testing.T) {
		bare := touch(t, db, "bare", "")
		var d ResidentData
		view(t, db, func(tx *Tx) (err error) { d, err = tx.ResidentData(bare.ID); return err })
		out, _ := json.Marshal(d)
		for _, want := range []string{`"roles":[]`, `"family_members":[]`, `"checkins":[]`, `"deeds":[]`, `"help_requests":[]`,
			`"appeals_sent":[]`, `"audit_log":[]`} {
			if !strings.Contains(string(out), want) {
				t.Errorf("export lacks %s: %s", want, out)
			}
		}
		if strings.Contains(string(out), `"unit"`) || strings.Contains(string(out), `"conversation"`) {
			t.Errorf("export of a resident without unit or conversation names one: %s", out)
		}
	})
	t.Run("reports an unknown resident as not found", func(t *testing.T) {
		err := db.View(t.Context(), func(tx *Tx) error { _, err := tx.ResidentData(9999); return err })
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("ResidentData = %v, want ErrNotFound", err)
		}
	})
}

func TestExportCoordinatorActions(t *testing.T) {
	db, _ := openSample(t)
	fam := seedFamily(t, db)
	update(t, db, func(tx *Tx) error { // a digest they subscribed to and an appeal they scheduled
		if _, err := tx.CreateSchedule(Schedule{Kind: ScheduleDigest, UnitID: fam.appeal.UnitID, Spec: "0 17 * * *",
			TZ: "Asia/Ho_Chi_Minh", Target: "daily", OwnerID: fam.f.ID}); err != nil {
			return err
		}
		_, _, err := tx.CreateScheduledAppeal(AppealTemplate{SenderID: fam.f.ID, UnitID: fam.appeal.UnitID,
			Audience: AudienceResidents, Text: "Mời bà con dọn vệ sinh ngõ xóm", Lang: "vi"},
			Schedule{UnitID: fam.appeal.UnitID, Spec: "0 7 * * 6", TZ: "Asia/Ho_Chi_Minh", OwnerID: fam.f.ID})
		return err
	})
	var data ResidentData
	view(t, db, func(tx *Tx) (err error) {
		data, err = tx.ResidentData(fam.f.ID)
		return err
	})
	out, err := data.Export(ExportLabels{Label: func(field, code string) string { return field + "/" + code }})
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	const appeals, audit = "coordinator_actions.appeals_sent.", "coordinator_actions.audit_log."
	for _, tc := range []struct{ path, want string }{
		{appeals + "0.id", fmt.Sprint(fam.appeal.ID)},
		{appeals + "0.text", "Mời bà con đi tiêm vắc-xin"},
		{appeals + "0.unit_id", fmt.Sprint(fam.appeal.UnitID)},
		{appeals + "0.audience_label", "appeal_audience/residents"},
		{appeals + "0.kind_label", "appeal_kind/appeal"},
		{appeals + "0.status_label", "appeal_status/queued"},
		{appeals + "0.recipients", "1"},
		{appeals + "0.created_at", "2021-08-01T08:00:00Z"},
		{appeals + "1.id", "<missing>"}, // the operator's appeal they cancelled is not theirs
		{audit + "0.action", AuditDeedApprove},
		{audit + "0.action_label", "audit_action/deed_approve"},
		{audit + "0.target", "VT-000009"},
		{audit + "1.outcome_label", "audit_outcome/refused"},
		{audit + "1.detail", "outside HN-TM-T02"},
		{audit + "2.action", "<missing>"}, // entries about them by others are not theirs
		{"coordinator_actions.schedules.0.kind_label", "schedule_kind/digest"},
		{"coordinator_actions.schedules.0.spec", "0 17 * * *"},
		{"coordinator_actions.schedules.1.kind", ScheduleAppeal},
		{"coordinator_actions.schedules.1.appeal_text", "Mời bà con dọn vệ sinh ngõ xóm"},
	} {
		t.Run("exports "+tc.path, func(t *testing.T) {
			if got := lookup(doc, tc.path); got != tc.want {
				t.Errorf("%s = %q, want %q", tc.path, got, tc.want)
			}
		})
	}
	t.Run("never says whom an audit entry concerned", func(t *testing.T) {
		for _, k := range keys(doc, "") {
			if strings.HasPrefix(k, audit) && (strings.HasSuffix(k, "subject_id") || strings.HasSuffix(k, ".actor")) {
				t.Errorf("export holds %s", k)
			}
		}
	})
}

// lookup follows a dotted path of keys and list indexes in decoded JSON.
func lookup(v any, path string) string {
	for _, k := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			var i int
			if _, err := fmt.Sscan(k, &i); err != nil || i >= len(x) {
				return "<missing>"
			}
			v = x[i]
		default:
			return "<missing>"
		}
	}
	return fmt.Sprint(v)
}

// keys lists the dotted paths of every object key in decoded JSON.
func keys(v any, prefix string) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			out = append(out, prefix+k)
			out = append(out, keys(e, prefix+k+".")...)
		}
	case []any:
		for i, e := range x {
			out = append(out, keys(e, fmt.Sprint(prefix, i, "."))...)
		}
	}
	return out
}

// leftovers lists every value in every table that carries a marker (other
// than the allowed texts), and every id column that still names residentID.
func leftovers(t *testing.T, db *DB, residentID int64, allowed []string) []string {
	t.Helper()
	var found []string
	view(t, db, func(tx *Tx) error {
		tables, err := tx.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
		if err != nil {
			return err
		}
		var names []string
		for tables.Next() {
			var name string
			if err := tables.Scan(&name); err != nil {
				return err
			}
			names = append(names, name)
		}
		tables.Close()
		if len(names) < 10 {
			t.Errorf("only %d tables found: %v", len(names), names)
		}
		for _, name := range names {
			hits, err := tableLeftovers(tx, name, residentID, allowed)
			if err != nil {
				return err
			}
			found = append(found, hits...)
		}
		return nil
	})
	return found
}

func tableLeftovers(tx *Tx, table string, residentID int64, allowed []string) ([]string, error) {
	rows, err := tx.query(`SELECT * FROM "` + table + `"`) // a name from sqlite_master
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var found []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range vals {
			col := table + "." + cols[i]
			idCol := strings.HasSuffix(cols[i], "resident_id") || strings.HasSuffix(cols[i], "_by") ||
				slices.Contains([]string{"actor_id", "subject_id", "sender_id"}, cols[i]) || col == "residents.id"
			switch x := v.(type) {
			case string:
				found = append(found, marked(col, x, allowed)...)
			case []byte:
				found = append(found, marked(col, string(x), allowed)...)
			case int64:
				if idCol && x == residentID {
					found = append(found, fmt.Sprintf("%s = %d", col, x))
				}
			}
		}
	}
	return found, rows.Err()
}

func marked(col, s string, allowed []string) []string {
	if col == "deeds.description" && slices.Contains(allowed, s) {
		return nil
	}
	for _, m := range markers {
		if strings.Contains(strings.ToLower(s), strings.ToLower(m)) {
			return []string{fmt.Sprintf("%s = %q", col, s)}
		}
	}
	return nil
}

// otherRows is what ForgetResident must leave alone: another resident's
// data and the outbox rows that are not to or about the forgotten one.
func otherRows(t *testing.T, db *DB, fam family) (ResidentData, []OutboxMessage) {
	t.Helper()
	var data ResidentData
	var msgs []OutboxMessage
	view(t, db, func(tx *Tx) (err error) {
		if data, err = tx.ResidentData(fam.other.ID); err != nil {
			return err
		}
		rows, err := tx.query(`SELECT `+outboxCols+` FROM outbox WHERE resident_id IN (?, ?) AND
			COALESCE(about_resident_id, 0) <> ? ORDER BY id`, fam.other.ID, fam.coord.ID, fam.f.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			m, err := scanOutbox(rows)
			if err != nil {
				return err
			}
			msgs = append(msgs, m)
		}
		return rows.Err()
	})
	return data, msgs
}

func TestForgetResident(t *testing.T) {
	db, clock := openSample(t)
	fam := seedFamily(t, db)
	t.Run("the seeded data carries the markers everywhere", func(t *testing.T) {
		found := strings.Join(leftovers(t, db, fam.f.ID, nil), "\n")
		for _, col := range []string{"residents.name", "residents.username", "residents.platform_user_id",
			"residents.chat_id", "residents.phone", "checkins.symptoms", "checkins.resident_id",
			"dependants.name", "dependants.resident_id",
			"help_requests.phone", "help_requests.description", "deeds.description", "deeds.subject_name",
			"deed_photos.file_unique_id", "outbox.payload", "outbox.chat_id", "outbox.about_resident_id",
			"conversations.data", "roles.resident_id", "roles.granted_by", "deeds.decided_by",
			"help_requests.claimed_by", "help_requests.resolved_by",
			"audit_log.actor_id", "audit_log.subject_id", "appeals.sender_id", "appeals.cancelled_by",
			"appeals.progress_chat", "invites.created_by", "invites.used_by",
			"export_requests.resident_id", "export_requests.chat_id"} {
			if !strings.Contains(found, col+" = ") {
				t.Errorf("no marker found in %s before forgetting: the test would prove nothing", col)
			}
		}
	})
	otherBefore, msgsBefore := otherRows(t, db, fam)
	clock.Advance(time.Hour)
	var res ForgetResult
	update(t, db, func(tx *Tx) (err error) {
		res, err = tx.ForgetResident(fam.f.ID)
		return err
	})
	t.Run("counts what it removed and kept", func(t *testing.T) {
		want := ForgetResult{Checkins: 3, Dependants: 1, HelpRequests: 1, DeedsDeleted: 3, DeedsKept: 2, Messages: 4}
		if got := res; got != want {
			t.Errorf("ForgetResident = %+v, want %+v", got, want)
		}
	})
	t.Run("leaves nothing of theirs but the commended deeds' descriptions", func(t *testing.T) {
		for _, hit := range leftovers(t, db, fam.f.ID, fam.commended) {
			t.Errorf("left behind: %s", hit)
		}
	})
	t.Run("keeps commended deeds without the reporter, and the subject's name only if not theirs", func(t *testing.T) {
		var got []string
		view(t, db, func(tx *Tx) error {
			rows, err := tx.query(`SELECT ` + deedCols + ` FROM deeds WHERE status = 'commended' ORDER BY id`)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				d, err := scanDeed(rows)
				if err != nil {
					return err
				}
				got = append(got, fmt.Sprintf("%d|%s|%s", d.ResidentID, d.Subject, d.SubjectName))
			}
			return rows.Err()
		})
		if want := []string{"0|self|", "0|other|Trần Thị Bình"}; !slices.Equal(got, want) {
			t.Errorf("commended deeds = %q, want %q", got, want)
		}
	})
	t.Run("leaves other residents' rows as they were, but for who decided", func(t *testing.T) {
		otherAfter, msgsAfter := otherRows(t, db, fam)
		want := otherBefore
		want.Deeds[0].DecidedBy = 0
		want.HelpRequests[0].ClaimedBy, want.HelpRequests[0].ResolvedBy = 0, 0
		want.Roles[0].GrantedBy = 0
		if !reflect.DeepEqual(otherAfter, want) {
			t.Errorf("other resident's data\n got %+v\nwant %+v", otherAfter, want)
		}
		if !reflect.DeepEqual(msgsAfter, msgsBefore) || len(msgsAfter) != 2 {
			t.Errorf("other messages\n got %+v\nwant %+v", msgsAfter, msgsBefore)
		}
	})
	t.Run("keeps the audit log, the appeals and the invitations, without them", func(t *testing.T) {
		for q, want := range map[string]int64{
			`SELECT count(*) FROM audit_log WHERE actor_id IS NULL AND actor = ''`:                 2,
			`SELECT count(*) FROM audit_log WHERE subject_id IS NULL AND action <> 'scope_denied'`: 2,
			`SELECT count(*) FROM invites WHERE created_by IS NULL AND used_by IS NOT NULL`:        1,
			`SELECT count(*) FROM invites WHERE used_by IS NULL AND used_at IS NOT NULL`:           1,
		} {
			if got := countRows(t, db, q); got != want {
				t.Errorf("%s = %d, want %d", q, got, want)
			}
		}
		var a, c Appeal
		view(t, db, func(tx *Tx) (err error) {
			if a, err = tx.AppealByID(fam.appeal.ID); err != nil {
				return err
			}
			c, err = tx.AppealByID(fam.cancelled.ID)
			return err
		})
		if a.SenderID != 0 || a.Text != fam.appeal.Text || a.ProgressChat != "" || a.ProgressMessageID != "" || a.Status != AppealQueued {
			t.Errorf("their appeal after forgetting: %+v", a)
		}
		if c.CancelledBy != 0 || c.Status != AppealCancelled {
			t.Errorf("the appeal they cancelled: %+v", c)
		}
	})
	t.Run("reports an unknown resident as not found", func(t *testing.T) {
		err := db.Update(t.Context(), func(tx *Tx) error { _, err := tx.ForgetResident(fam.f.ID); return err })
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("ForgetResident again = %v, want ErrNotFound", err)
		}
	})
}
