package handlers_test

import (
	"strings"
	"testing"
)

func TestHotlineShowsHoursWhereTheyApply(t *testing.T) {
	e := newHarness(t)
	e.resident("4301", "Lan", "HN-TM-T01", "")
	out := to(e.say("4301", "/hotline"), "4301")
	if len(out) != 1 {
		t.Fatalf("got %d replies, want 1: %+v", len(out), out)
	}
	text := out[0].msg.Text
	lines := map[string]string{} // by phone
	for _, l := range strings.Split(text, "\n") {
		if i := strings.Index(l, "<code>"); i >= 0 {
			phone := l[i+len("<code>"):]
			lines[phone[:strings.Index(phone, "</code>")]] = l
		}
	}
	for _, tc := range []struct {
		label, phone, want string
	}{
		{"an all-day line says 24/7", "113", "• Công an: <code>113</code> (trực 24/7)"},
		{"a ward line shows its office hours", "024 3863 1234", "• UBND phường: <code>024 3863 1234</code> (7:30–17:00)"},
		{"a line with unknown hours shows none", "1022", "• Tổng đài dịch vụ công Hà Nội: <code>1022</code>"},
	} {
		t.Run(tc.label, func(t *testing.T) {
			if got := lines[tc.phone]; got != tc.want {
				t.Errorf("line %q, want %q in:\n%s", got, tc.want, text)
			}
		})
	}
	t.Run("the title no longer promises 24/7 for every line", func(t *testing.T) {
		title, _, _ := strings.Cut(text, "\n")
		if strings.Contains(title, "24/7") {
			t.Errorf("title %q", title)
		}
		if got, want := strings.Count(text, "24/7"), 3; got != want {
			t.Errorf("24/7 appears %d times, want %d (113, 114, 115):\n%s", got, want, text)
		}
	})
	t.Run("the ward comes before the city", func(t *testing.T) {
		ward, city := strings.Index(text, "Phường Tương Mai"), strings.Index(text, "Thành phố Hà Nội")
		if ward < 0 || city < 0 || ward > city {
			t.Errorf("ward at %d, city at %d in:\n%s", ward, city, text)
		}
	})
}
