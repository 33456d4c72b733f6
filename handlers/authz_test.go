package handlers_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/chungsuc/chungsuc/storage"
)

// TestAuthorizationMatrix tries every coordinator's and official's
// command and button on the ward HN-TM as people who may not act there:
// a resident, a coordinator of another ward, a coordinator of a group of
// HN-TM acting on the ward above, and a coordinator whose role was
// revoked. Buttons are validly signed for the person pressing them (the
// worst case: a forged press must still be refused). Each attempt gets a
// clear refusal in Vietnamese, changes nothing, and leaves an audit entry.
func TestAuthorizationMatrix(t *testing.T) {
	e := newHarness(t)
	e.resident(adminID, "Quản trị", "", "")
	e.resident("9001", "An", "HN-TM-T02", "")
	e.resident("9002", "Bình", "HN-TM-T02", "")
	e.resident("9101", "Lan", "HN-TM-T01", "HN-TM")    // the ward's coordinator
	e.resident("9201", "Cư", "HN-TM-T01", "")          // a resident
	e.resident("9202", "Hà", "HN-HL-T01", "HN-HL")     // another ward's coordinator
	e.resident("9203", "Tổ", "HN-TM-T01", "HN-TM-T01") // the report and the request are in T02
	e.resident("9204", "Cũ", "HN-TM-T02", "HN-TM")

	deed, _ := e.report("9001", "Tôi đi chợ hộ ba gia đình đang cách ly.")
	help, _ := e.ask("9002")
	e.say("9101", "/hotline add HN-TM Công an phường 113")
	var hotline int64
	if err := e.db.View(e.ctx, func(tx *storage.Tx) error {
		u, err := tx.UnitByCode("HN-TM")
		if err != nil {
			return err
		}
		lines, err := tx.HotlinesOf(u.ID)
		if err == nil && len(lines) > 0 {
			hotline = lines[len(lines)-1].ID
		}
		return err
	}); err != nil || hotline == 0 {
		t.Fatalf("hotline %d: %v", hotline, err)
	}
	e.now = e.now.Add(14 * 3600e9) // past 21:00: the appeal waits, and can be cancelled
	preview := e.appealTo("9101", "Bà con chú ý.", "Phường Tương Mai", "👥 Cư dân")
	e.press("9101", button(t, preview, "🕖").Data)
	appeal := int64(1)
	grant := idIn(t, texts(e.say(adminID, "/roles")), `#(\d+) cán bộ phụ trách — Lan`)
	old := idIn(t, texts(e.say(adminID, "/roles")), `#(\d+) cán bộ phụ trách — Cũ`)
	out := e.say(adminID, fmt.Sprintf("/revoke %d", old))
	e.press(adminID, button(t, out, "Thu hồi").Data)

	type try struct {
		name string
		do   func(who string) []sent
		// deniedAt is the unit whose refusal is expected; "" for a
		// refusal for lack of any role.
		scoped bool
	}
	cmd := func(text string, scoped bool) try {
		return try{text, func(who string) []sent { return e.say(who, text) }, scoped}
	}
	press := func(action string, id int64) try {
		return try{"button " + action, func(who string) []sent {
			data, err := e.signer.Sign(who, action, fmt.Sprint(id))
			if err != nil {
				t.Fatal(err)
			}
			return e.press(who, data)
		}, true}
	}
	tries := []try{
		cmd("/review", false),
		cmd("/requests", false),
		cmd("/appeal", false),
		cmd("/appeals", false),
		cmd("/invite coordinator HN-TM", true),
		cmd("/roles", false),
		cmd(fmt.Sprintf("/revoke %d", grant), true),
		cmd("/hotline add HN-TM Công an 114", true),
		cmd(fmt.Sprintf("/hotline remove %d", hotline), true),
		press("da", deed),
		press("dr", deed),
		press("dm", deed),
		press("hc", help),
		press("hd", help),
		press("ac", appeal),
		press("ay", appeal),
		press("ry", grant),
		press("rq", grant),
		press("hx", hotline),
		press("hq", hotline),
	}
	actors := []struct {
		name, id string
		hasRole  bool // a coordinator somewhere: only unit-bound attempts are refused
	}{
		{"a resident", "9201", false},
		{"a coordinator of another ward", "9202", true},
		{"a group's coordinator acting on the ward", "9203", true},
		{"a revoked coordinator", "9204", false},
	}
	for _, a := range actors {
		for _, tr := range tries {
			if a.hasRole && !tr.scoped {
				continue // their own queue or list: allowed, about their own units
			}
			t.Run(a.name+"/"+tr.name, func(t *testing.T) {
				before := len(e.audits())
				reply := texts(tr.do(a.id))
				if !strings.Contains(reply, "⛔") && !strings.Contains(reply, "không phụ trách") {
					t.Errorf("reply %q is not a refusal", reply)
				}
				after := e.audits()
				if len(after) != before+1 {
					t.Fatalf("%d audit entries written, want 1", len(after)-before)
				}
				if got := after[len(after)-1]; got.Outcome != storage.AuditRefused || got.ActorID == 0 {
					t.Errorf("audit entry %+v, want a refusal by the actor", got)
				}
			})
		}
	}

	// Nothing happened: the deed is pending, the request open, the appeal
	// waiting, Lan still a coordinator, the hotline still there.
	err := e.db.View(e.ctx, func(tx *storage.Tx) error {
		d, err := tx.DeedByID(deed)
		if err != nil || d.Status != storage.DeedPending {
			return fmt.Errorf("deed %v: %w", d.Status, err)
		}
		h, err := tx.HelpRequestByID(help)
		if err != nil || h.Status != storage.HelpOpen {
			return fmt.Errorf("request %v: %w", h.Status, err)
		}
		ap, err := tx.AppealByID(appeal)
		if err != nil || ap.Status != storage.AppealQueued {
			return fmt.Errorf("appeal %v: %w", ap.Status, err)
		}
		if _, err := tx.HotlineByID(hotline); err != nil {
			return fmt.Errorf("hotline: %w", err)
		}
		roles, err := tx.ActiveRoles()
		for _, r := range roles {
			if r.ID == grant {
				return err
			}
		}
		return fmt.Errorf("grant %d revoked", grant)
	})
	if err != nil {
		t.Error(err)
	}
}

// idIn reads the number the pattern's group captures in text.
func idIn(t *testing.T, text, pattern string) int64 {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no %s in %q", pattern, text)
	}
	var id int64
	fmt.Sscan(m[1], &id)
	return id
}
