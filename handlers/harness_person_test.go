package handlers_test

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/chungsuc/chungsuc/bot"
)

// person is someone who writes to the bot from one messenger, in a
// private chat whose id is their user id. What they do is written the
// same way on every messenger: press("✅ Duyệt") taps the button on
// Telegram and types the number the menu shows on Zalo.
type person struct {
	h        *harness
	platform string
	id, name string
	lang     string // the language their messenger reports
	phone    string // their own number, which the contact button shares
	seen     int    // messages of the chat read so far (unread)
	last     bot.Update
}

// person returns the person with userID on platform, making them known
// to the harness (not to the bot: they are stored when they first write,
// or by residentOn).
func (h *harness) person(platform, userID, name string) *person {
	if p, ok := h.people[userID]; ok {
		return p
	}
	p := &person{h: h, platform: platform, id: userID, name: name, lang: "vi", phone: "0912345678"}
	h.people[userID] = p
	return p
}

// send applies an update from p, made by fill from a text message. Each
// takes the person a second, as it does people: the clock moves on by
// one (so the flood limit does not bite unless a test wants it to).
func (p *person) send(fill func(u *bot.Update)) []sent {
	h := p.h
	h.t.Helper()
	h.now = h.now.Add(time.Second)
	id := h.nextID()
	u := bot.Update{Source: p.platform + ":1", Platform: p.platform, ID: id, Kind: bot.KindMessage,
		From: bot.User{ID: p.id, Name: p.name, LanguageCode: p.lang}, Chat: bot.Chat{ID: p.id, Private: true},
		Time: h.now, MessageID: "in" + id}
	fill(&u)
	p.last = u
	return h.apply(u)
}

// repeat sends p's last update again, as a new one: a button tapped
// twice, or the same number typed again.
func (p *person) repeat() []sent {
	h := p.h
	h.t.Helper()
	h.now = h.now.Add(time.Second)
	u := p.last
	u.ID, u.Time = h.nextID(), h.now
	u.MessageID = "in" + u.ID
	if u.Callback != nil {
		cb := *u.Callback
		cb.ID = "q" + u.ID
		u.Callback, u.MessageID = &cb, p.last.MessageID
	}
	return h.apply(u)
}

// say types text (on a messenger without buttons, a number answers the
// chat's menu, as the engine reads it).
func (p *person) say(text string) []sent {
	p.h.t.Helper()
	return p.send(func(u *bot.Update) { u.Text = text })
}

// photo sends a new photo with a caption ("" for none).
func (p *person) photo(caption string) []sent {
	p.h.t.Helper()
	return p.photoOf(strconv.Itoa(p.h.seq+1), caption)
}

// photoOf sends the picture called name with a caption ("" for none):
// the same name is the same picture (the same bytes, and on Telegram the
// same file unique id).
func (p *person) photoOf(name, caption string) []sent {
	p.h.t.Helper()
	ph := &bot.Photo{FileID: "AgAC" + name, FileUniqueID: "AQAD" + name}
	if !testPlatforms.Of(p.platform).PhotoUpload {
		url := "https://photo.zalo.test/" + name + ".jpg"
		ph = &bot.Photo{FileID: url, URL: url}
	}
	return p.send(func(u *bot.Update) { u.Photo, u.Text = ph, caption })
}

// media sends content the bot cannot read as text ("sticker", "voice").
func (p *person) media(kind string) []sent {
	p.h.t.Helper()
	return p.send(func(u *bot.Update) { u.Media = kind })
}

// contact shares phone as one's own number with the contact button,
// which only some messengers have.
func (p *person) contact(phone string) []sent {
	p.h.t.Helper()
	if !testPlatforms.Of(p.platform).ContactButton {
		p.h.t.Fatalf("%s has no contact button: type the number", p.platform)
	}
	return p.send(func(u *bot.Update) { u.Contact = &bot.Contact{Phone: phone, UserID: p.id} })
}

// callback presses a button with data on the message carrier.
func (p *person) callback(carrier, data string) []sent {
	p.h.t.Helper()
	return p.send(func(u *bot.Update) {
		u.Kind, u.Text, u.MessageID = bot.KindCallback, "", carrier
		u.Callback = &bot.Callback{ID: "q" + u.ID, Data: data}
	})
}

// press chooses the choice labelled label (exactly, else at its start,
// else anywhere in it) on the newest message that shows one (or, first,
// the reply keyboard): its button, or, without buttons, the number
// written beside it, typed, once checked to be what the bot keeps under
// that number.
func (p *person) press(label string) []sent {
	h := p.h
	h.t.Helper()
	c := h.chat(p.platform, p.id)
	if c.reply != nil {
		bs := flat(c.reply.Rows)
		if j := pick(bs, label); j >= 0 && bs[j].Contact {
			return p.contact(p.phone)
		} else if j >= 0 {
			return p.say(bs[j].Text)
		}
	}
	m, ch := p.find("", label)
	return p.choose(m, ch, true)
}

// pressUnder chooses label as the person reads it under the newest
// message that says about and shows that choice, as press does, but
// without checking what a typed number means now: the person types what
// they read.
func (p *person) pressUnder(about, label string) []sent {
	p.h.t.Helper()
	m, ch := p.find(about, label)
	return p.choose(m, ch, false)
}

// choice is a choice as a person sees it: the number written beside it
// (0 where there are buttons) and the button behind it.
type choice struct {
	n      int
	label  string
	button bot.Button
}

// shown lists the choices m shows to p.
func (p *person) shown(m *message) []choice {
	bs := m.buttons()
	var list []choice
	if testPlatforms.Of(p.platform).Buttons {
		for _, b := range bs {
			list = append(list, choice{label: b.Text, button: b})
		}
		return list
	}
	lines := menuLines(m.text)
	for j := range min(len(lines), len(bs)) {
		lines[j].button = bs[j]
		list = append(list, lines[j])
	}
	return list
}

// shows reports whether a message that says about shows a choice
// labelled label.
func (p *person) shows(about, label string) bool {
	for _, m := range p.h.chat(p.platform, p.id).msgs {
		list := p.shown(m)
		labels := make([]bot.Button, len(list))
		for j, ch := range list {
			labels[j] = bot.Button{Text: ch.label}
		}
		if strings.Contains(m.text, about) && pick(labels, label) >= 0 {
			return true
		}
	}
	return false
}

// find returns the newest message that says about and shows a choice
// labelled label, and that choice.
func (p *person) find(about, label string) (*message, choice) {
	h := p.h
	h.t.Helper()
	c := h.chat(p.platform, p.id)
	for i := len(c.msgs) - 1; i >= 0; i-- {
		m := c.msgs[i]
		list := p.shown(m)
		labels := make([]bot.Button, len(list))
		for j, ch := range list {
			labels[j] = bot.Button{Text: ch.label}
		}
		if j := pick(labels, label); j >= 0 && strings.Contains(m.text, about) {
			return m, list[j]
		}
	}
	h.t.Fatalf("%s on %s: no choice %q under a message saying %q:\n%s", p.name, p.platform, label, about, c.transcript())
	return nil, choice{}
}

// choose makes choice ch of message m: presses its button, or types its
// number; check first makes sure the bot reads that number as ch.
func (p *person) choose(m *message, ch choice, check bool) []sent {
	h := p.h
	h.t.Helper()
	if ch.button.URL != "" {
		h.t.Fatalf("%s: %q opens %s, it is not a choice", p.name, ch.label, ch.button.URL)
	}
	if ch.n == 0 {
		return p.callback(m.id, ch.button.Data)
	}
	if check {
		carrier, b, ok, err := h.menus.Chosen(h.ctx, p.platform, p.id, ch.n)
		if err != nil {
			h.t.Fatal(err)
		}
		if !ok || carrier != m.id || b != ch.button {
			h.t.Fatalf("%s on %s reads “%d. %s” under #%s, but the bot reads %d as %+v under #%s (kept: %v):\n%s",
				p.name, p.platform, ch.n, ch.label, m.id, ch.n, b, carrier, ok, h.chat(p.platform, p.id).transcript())
		}
	}
	return p.say(strconv.Itoa(ch.n))
}

// pick returns the index of the button labelled label in list (exactly,
// else at its start, else anywhere in it), or -1.
func pick(list []bot.Button, label string) int {
	for _, match := range []func(s, label string) bool{
		func(s, l string) bool { return s == l }, strings.HasPrefix, strings.Contains,
	} {
		for i, b := range list {
			if match(b.Text, label) {
				return i
			}
		}
	}
	return -1
}

func flat(rows [][]bot.Button) []bot.Button {
	var out []bot.Button
	for _, row := range rows {
		out = append(out, row...)
	}
	return out
}

// menuLine is a choice of a text menu as the person reads it: "  2. Ho".
var menuLine = regexp.MustCompile(`^\s*(\d+)\. (.+)$`)

// menuLines reads the numbered choices at the end of a message's text.
func menuLines(text string) []choice {
	parts := strings.Split(text, "\n\n")
	var list []choice
	for _, line := range strings.Split(parts[len(parts)-1], "\n") {
		if m := menuLine.FindStringSubmatch(line); m != nil {
			n, _ := strconv.Atoi(m[1])
			list = append(list, choice{n: n, label: m[2]})
		}
	}
	return list
}

// lastMenu is the newest message of p's chat with choices, or nil.
func (p *person) lastMenu() *message {
	c := p.h.chat(p.platform, p.id)
	for i := len(c.msgs) - 1; i >= 0; i-- {
		if len(c.msgs[i].buttons()) > 0 {
			return c.msgs[i]
		}
	}
	return nil
}

// unread returns what p has been sent since the last call, as they read
// it (notices of button presses included), and marks it read.
func (p *person) unread() string {
	c := p.h.chat(p.platform, p.id)
	var b strings.Builder
	for _, s := range c.log[p.seen:] {
		if s.text != "" {
			b.WriteString(s.text + "\n---\n")
		}
	}
	p.seen = len(c.log)
	return b.String()
}

// choices are the labels p can choose now: the reply keyboard's, and
// those of the newest message that shows some.
func (p *person) choices() []string {
	c := p.h.chat(p.platform, p.id)
	var labels []string
	if c.reply != nil {
		for _, b := range flat(c.reply.Rows) {
			labels = append(labels, b.Text)
		}
	}
	if m := p.lastMenu(); m != nil {
		for _, ch := range p.shown(m) {
			labels = append(labels, ch.label)
		}
	}
	return labels
}

// transcript is p's chat, for failure messages.
func (p *person) transcript() string { return p.h.chat(p.platform, p.id).transcript() }
