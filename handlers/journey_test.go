package handlers_test

import (
	"database/sql"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chungsuc/chungsuc/storage"
)

// journey is a flow as a table: the people in it, then who does what and
// what each must read. It runs once per messenger of testPlatforms, the
// first actor on it and those marked elsewhere on another one, so every
// flow is proven on a messenger without buttons, and across messengers.
type journey struct {
	label string
	cast  []actor
	steps []step
	// after checks what the flow left behind (optional).
	after func(t *testing.T, h *harness, cast map[string]*person)
}

// actor is a person of a journey: stored beforehand where they live or
// coordinate, or (neither) a stranger the bot meets when they write.
type actor struct {
	name        string
	unit        string // where they live ("": nowhere yet)
	coordinates string // the unit they coordinate ("": none)
	elsewhere   bool   // on another messenger than the first actor
	lang        string // the language their messenger reports ("": Vietnamese)
}

// step is one thing a person does (or, with no action, what they have
// been sent meanwhile) and what they must then read.
type step struct {
	who string
	do  func(p *person) []sent // nil: just read
	// reads: what they read since their last step, on every messenger.
	reads []string
	// typed and typedLacks: what they must and must not read where there
	// are no buttons (there, a step is worded for typing).
	typed, typedLacks []string
	// offers: the choices they have now, by label: buttons, or a numbered
	// menu with its hint.
	offers []string
	// buttons: choices that only a messenger with buttons offers (a
	// contact button); where there are none they must not be offered.
	buttons []string
	// lacks: what they must not read.
	lacks []string
}

// says, presses, pressesUnder, sendsPhoto, sendsPhotoOf, sendsMedia and
// givesPhone are what people do in a step.
func says(text string) func(p *person) []sent { return func(p *person) []sent { return p.say(text) } }

func presses(label string) func(p *person) []sent {
	return func(p *person) []sent { return p.press(label) }
}

func pressesUnder(about, label string) func(p *person) []sent {
	return func(p *person) []sent { return p.pressUnder(about, label) }
}

func sendsPhoto(caption string) func(p *person) []sent {
	return func(p *person) []sent { return p.photo(caption) }
}

// sendsPhotoOf sends the picture called name (the same name, the same
// picture).
func sendsPhotoOf(name, caption string) func(p *person) []sent {
	return func(p *person) []sent { return p.photoOf(name, caption) }
}

// sendsMedia sends content that is not text ("sticker", "voice").
func sendsMedia(kind string) func(p *person) []sent {
	return func(p *person) []sent { return p.media(kind) }
}

// givesPhone gives one's own number the way the messenger allows: the
// contact button, or typed.
func givesPhone(p *person) []sent {
	if testPlatforms.Of(p.platform).ContactButton {
		return p.press("📱")
	}
	return p.say(p.phone)
}

// runJourneys runs each journey on each messenger.
func runJourneys(t *testing.T, journeys []journey) {
	for _, j := range journeys {
		t.Run(j.label, func(t *testing.T) {
			forEachPlatform(t, func(t *testing.T, h *harness, platform string) {
				cast := j.stage(h, platform)
				for i, s := range j.steps {
					p := cast[s.who]
					if p == nil {
						t.Fatalf("step %d: nobody called %q", i+1, s.who)
					}
					if s.do != nil {
						s.do(p)
					}
					s.check(t, i+1, p)
				}
				if j.after != nil {
					j.after(t, h, cast)
				}
			})
		})
	}
}

// stage brings the cast in: the first on platform, those elsewhere on
// another messenger.
func (j journey) stage(h *harness, platform string) map[string]*person {
	cast := map[string]*person{}
	for i, a := range j.cast {
		on := platform
		if a.elsewhere {
			on = otherPlatform(platform)
		}
		id := strconv.Itoa(7001 + i)
		if a.lang != "" {
			h.person(on, id, a.name).lang = a.lang
		}
		if a.unit == "" && a.coordinates == "" {
			cast[a.name] = h.person(on, id, a.name)
		} else {
			cast[a.name] = h.member(on, id, a.name, a.unit, a.coordinates)
		}
	}
	return cast
}

// menuHint is the line under a numbered menu.
var menuHint = regexp.MustCompile(`\n\((Trả lời|Reply) [^\n]*\)$`)

// check asserts what p reads and is offered after the step.
func (s step) check(t *testing.T, n int, p *person) {
	t.Helper()
	got := p.unread()
	caps := testPlatforms.Of(p.platform)
	wants, lacks := s.reads, s.lacks
	if !caps.Buttons {
		wants = append(slices.Clone(wants), s.typed...)
		lacks = append(slices.Clone(lacks), s.typedLacks...)
	}
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Fatalf("step %d: %s (%s) lacks %q in:\n%s\nthe chat:\n%s", n, p.name, p.platform, w, got, p.transcript())
		}
	}
	for _, w := range lacks {
		if strings.Contains(got, w) {
			t.Errorf("step %d: %s (%s) reads %q in:\n%s", n, p.name, p.platform, w, got)
		}
	}
	if len(s.offers) == 0 && len(s.buttons) == 0 {
		return
	}
	choices := p.choices()
	offered := func(label string) bool {
		return slices.ContainsFunc(choices, func(c string) bool { return strings.Contains(c, label) })
	}
	for _, label := range s.offers {
		if !offered(label) {
			t.Fatalf("step %d: %s (%s) is not offered %q, only %q:\n%s", n, p.name, p.platform, label, choices, p.transcript())
		}
	}
	for _, label := range s.buttons {
		if offered(label) != caps.Buttons {
			t.Errorf("step %d: %s (%s) offered %q: %v, want %v", n, p.name, p.platform, label, offered(label), caps.Buttons)
		}
	}
	if !caps.Buttons && len(s.offers) > 0 && !menuHint.MatchString(p.lastMenu().text) {
		t.Errorf("step %d: %s (%s) reads a menu without the hint how to choose:\n%s", n, p.name, p.platform, p.lastMenu().text)
	}
}

// unitOf is the code of the unit p lives in ("" for none).
func (h *harness) unitOf(p *person) string {
	h.t.Helper()
	var code string
	err := h.db.View(h.ctx, func(tx *storage.Tx) error {
		r, err := tx.ResidentByPlatformUser(p.platform, p.id)
		if err != nil || r.UnitID == 0 {
			return err
		}
		u, err := tx.UnitByID(r.UnitID)
		code = u.Code
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return code
}

// count runs a count query on the database file.
func (h *harness) count(query string, args ...any) int {
	h.t.Helper()
	db, err := sql.Open("sqlite", "file:"+h.path+"?mode=ro")
	if err != nil {
		h.t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		h.t.Fatalf("%s: %v", query, err)
	}
	return n
}

// livesIn checks that the journey's first actor, who, lives in unit code.
func livesIn(who, code string) func(t *testing.T, h *harness, cast map[string]*person) {
	return func(t *testing.T, h *harness, cast map[string]*person) {
		if got := h.unitOf(cast[who]); got != code {
			t.Errorf("%s lives in %q, want %q", who, got, code)
		}
	}
}
