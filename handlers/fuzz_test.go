package handlers_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzCoordinatorCommands types anything after a coordinator's commands
// (/invite, /hotline add and remove, /revoke, /appeal, /start inv_…):
// nothing may fail or panic, and every message gets a reply.
func FuzzCoordinatorCommands(f *testing.F) {
	for _, seed := range []string{
		"/invite coordinator HN-TM-T01", "/invite official tuong mai", "/invite canbo", "/invite x",
		"/hotline add HN-TM-T01 Công an 113", "/hotline add HN-TM 024 3863 1234", "/hotline add a b +84 912 345 678",
		"/hotline remove 1", "/hotline remove #x", "/revoke 1", "/revoke -3", "/appeal Bà con chú ý",
		"/start inv_" + strings.Repeat("A", 32), "/start inv_", "/moi lanhdao HN", "/thuhoi 99999999999999999999",
		"/lich", "/lich them hằng ngày 08:00", "/lich them HN-TM-T01 0 8 * * 1-5", "/lich them 0 0 30 2 *", "/schedule add x",
	} {
		f.Add(seed)
	}
	e := newHarness(f)
	e.resident(adminID, "Quản trị", "HN-TM-T01", "")
	e.resident("9901", "Lan", "HN-TM-T01", "HN-TM")
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) || strings.TrimSpace(text) == "" || len(text) > 5000 {
			return
		}
		e.t = t
		e.now = e.now.Add(time.Minute) // never the flood limit, which drops in silence
		for _, who := range []string{"9901", adminID} {
			out := e.say(who, text)
			if len(to(out, who)) == 0 {
				t.Fatalf("%q from %s got no reply", text, who)
			}
			e.say(who, "/cancel")
		}
	})
}
