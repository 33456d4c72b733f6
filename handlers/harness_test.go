package handlers_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/handlers"
	"github.com/chungsuc/chungsuc/storage"
)

// harness is Chung Sức in one process, as people meet it: the real
// application over a SQLite file holding the sample units, with a clock
// the test sets. Each update goes through a real bot.Engine (so a number
// typed on a messenger without buttons is the press of that menu's
// button, read from the stored menu), is applied in one transaction, and
// what it queued is taken out of the outbox and delivered, in order, by a
// real bot.Shaper for the recipient's messenger of testPlatforms into that
// chat's transcript; text menus are kept in the database by the
// application's own bot.MenuStore. Person-level actions are in
// harness_person_test.go; the fake messengers in harness_chat_test.go;
// flows written as tables over the messengers in journey_test.go.
type harness struct {
	t      testing.TB
	ctx    context.Context
	db     *storage.DB
	app    *handlers.App
	signer *bot.Signer
	now    time.Time
	path   string // the database file

	seq       int                // updates sent so far
	delivered []sent             // every message delivered, in order
	people    map[string]*person // by user id
	chats     map[chatKey]*chat
	shapers   map[string]*bot.Shaper
	menus     bot.MenuStore
}

// adminID is the Telegram user id of the administrator.
const adminID = "4999"

// harnessSetup is what options change before the application starts.
type harnessSetup struct {
	units  string // the units as CSV; "" for the sample
	config func(*handlers.Config)
}

// option changes the harness's setup.
type option func(*harnessSetup)

// withUnits starts the harness with these units (CSV, as `units import`
// reads) instead of the sample.
func withUnits(csv string) option { return func(s *harnessSetup) { s.units = csv } }

// withConfig changes the application's configuration.
func withConfig(f func(*handlers.Config)) option { return func(s *harnessSetup) { s.config = f } }

// newHarness starts the application on a fresh database, at 08:00 in Hà
// Nội on Monday 2 August 2021.
func newHarness(t testing.TB, opts ...option) *harness {
	t.Helper()
	var set harnessSetup
	for _, o := range opts {
		o(&set)
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "chungsuc.db")
	if set.units == "" {
		if err := os.WriteFile(path, sampleDB(t), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if set.units != "" {
		if _, err := db.ImportUnits(ctx, strings.NewReader(set.units)); err != nil {
			t.Fatal(err)
		}
	}
	h := &harness{t: t, ctx: ctx, db: db, signer: bot.NewSigner([]byte("harness test key")),
		now: time.Date(2021, 8, 2, 1, 0, 0, 0, time.UTC), path: path, people: map[string]*person{},
		chats: map[chatKey]*chat{}, shapers: map[string]*bot.Shaper{}, menus: handlers.TextMenus(db)}
	db.Now = func() time.Time { return h.now }
	hcm, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	cfg := handlers.Config{DB: db, Signer: h.signer, Platforms: testPlatforms,
		Admins: map[string]bool{"telegram:" + adminID: true}, Lang: "vi", TZ: hcm, Now: func() time.Time { return h.now }}
	if set.config != nil {
		set.config(&cfg)
	}
	h.app = handlers.New(cfg)
	for name, caps := range testPlatforms {
		h.shapers[name] = &bot.Shaper{Platform: name, Caps: caps, Sender: &messenger{h: h, platform: name, caps: caps},
			Menus: h.menus, Media: mediaStore{db}, MediaURL: mediaURL, Texts: h.app.Catalog}
	}
	return h
}

// sample is a database file with the sample units, made once: each
// harness starts from a copy rather than migrating and importing again.
var sample struct {
	once sync.Once
	file []byte
	err  error
}

// sampleDB returns the bytes of a database file holding the sample units.
func sampleDB(t testing.TB) []byte {
	t.Helper()
	sample.once.Do(func() {
		ctx := context.Background()
		path := filepath.Join(t.TempDir(), "sample.db")
		db, err := storage.Open(ctx, path)
		if err != nil {
			sample.err = err
			return
		}
		if _, err := db.ImportSample(ctx); err != nil {
			db.Close()
			sample.err = err
			return
		}
		if sample.err = db.Close(); sample.err == nil { // the last close folds the WAL into the file
			sample.file, sample.err = os.ReadFile(path)
		}
	})
	if sample.err != nil {
		t.Fatalf("sample database: %v", sample.err)
	}
	return sample.file
}

// platforms lists the messengers of testPlatforms, in a fixed order.
func platforms() []string {
	var names []string
	for name := range testPlatforms {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// forEachPlatform runs f as a subtest per messenger, each on a harness
// of its own.
func forEachPlatform(t *testing.T, f func(t *testing.T, h *harness, platform string)) {
	for _, platform := range platforms() {
		t.Run(platform, func(t *testing.T) { f(t, newHarness(t), platform) })
	}
}

// otherPlatform is a messenger other than platform.
func otherPlatform(platform string) string {
	for _, p := range platforms() {
		if p != platform {
			return p
		}
	}
	return platform
}

// residentOn stores a person of platform living in unit (none for ""),
// coordinator of coordinates (none for ""), and returns their resident id.
func (h *harness) residentOn(platform, userID, name, unit, coordinates string) int64 {
	h.t.Helper()
	p := h.person(platform, userID, name)
	var id int64
	err := h.db.Update(h.ctx, func(tx *storage.Tx) error {
		r, err := tx.TouchResident(platform, userID, userID, name, "", p.lang)
		if err != nil {
			return err
		}
		id = r.ID
		if unit != "" {
			u, err := tx.UnitByCode(unit)
			if err != nil {
				return err
			}
			if err := tx.SetResidentUnit(r.ID, u.ID); err != nil {
				return err
			}
		}
		if coordinates != "" {
			u, err := tx.UnitByCode(coordinates)
			if err != nil {
				return err
			}
			_, err = tx.GrantRole(r.ID, storage.RoleCoordinator, u.ID, 0)
			return err
		}
		return nil
	})
	if err != nil {
		h.t.Fatalf("resident %s:%s: %v", platform, userID, err)
	}
	return id
}

// resident stores a Telegram user (see residentOn).
func (h *harness) resident(userID, name, unit, coordinates string) int64 {
	h.t.Helper()
	return h.residentOn("telegram", userID, name, unit, coordinates)
}

// member stores a person (see residentOn) and returns them, to act.
func (h *harness) member(platform, userID, name, unit, coordinates string) *person {
	h.t.Helper()
	h.residentOn(platform, userID, name, unit, coordinates)
	return h.people[userID]
}

// who is the person with userID: a Telegram user unless said otherwise.
func (h *harness) who(userID string) *person {
	if p, ok := h.people[userID]; ok {
		return p
	}
	return h.person("telegram", userID, "")
}

// update applies one update from userID, made by fill, and returns what
// it caused to be delivered, to anyone.
func (h *harness) update(userID string, fill func(u *bot.Update)) []sent {
	h.t.Helper()
	return h.who(userID).send(fill)
}

// say has userID type text.
func (h *harness) say(userID, text string) []sent {
	h.t.Helper()
	return h.update(userID, func(u *bot.Update) { u.Text = text })
}

// press has userID press the button whose signed data is data: on a
// messenger with buttons, on the newest message that carries it (a
// forged or forgotten one when none does); without buttons, by typing
// the number written beside it.
func (h *harness) press(userID, data string) []sent {
	h.t.Helper()
	p := h.who(userID)
	m := h.chat(p.platform, p.id).carrying(data)
	if m == nil && !testPlatforms.Of(p.platform).Buttons {
		h.t.Fatalf("%s on %s cannot press a button no message of theirs shows", p.name, p.platform)
	}
	if m == nil {
		return p.callback("0", data) // on a message the chat does not show
	}
	for _, ch := range p.shown(m) {
		if ch.button.Data == data {
			return p.choose(m, ch, true)
		}
	}
	h.t.Fatalf("%s on %s: the button is not shown", p.name, p.platform)
	return nil
}

// escalate runs the escalation at the harness's clock and delivers what
// it queued.
func (h *harness) escalate() (int, []sent) {
	h.t.Helper()
	n, err := h.app.Escalate(h.ctx, h.now)
	if err != nil {
		h.t.Fatalf("escalate: %v", err)
	}
	return n, h.drain()
}

// apply runs u through a bot.Engine, as the real bot does, then
// delivers what it queued.
func (h *harness) apply(u bot.Update) []sent {
	h.t.Helper()
	eng := &bot.Engine{Source: &oneUpdate{u: u}, Offsets: h.db, Menus: h.menus, Photos: photoKeeper{h.db},
		Processor: processorFunc(func(ctx context.Context, u bot.Update) error {
			if err := h.app.Process(ctx, u); err != nil {
				h.t.Fatalf("process update %s: %v", u.ID, err)
			}
			return nil
		}),
		Sleep: func(context.Context, time.Duration) error {
			h.t.Fatalf("update %s: the engine could not read the text menu", u.ID)
			return context.Canceled
		}}
	if err := eng.Run(h.ctx); err != nil {
		h.t.Fatalf("engine: %v", err)
	}
	return h.drain()
}

// drain takes every queued message out of the outbox, as the
// dispatchers would (by priority, then in order, each chat's in order),
// and delivers it to its messenger; it returns what was delivered.
func (h *harness) drain() []sent {
	h.t.Helper()
	start := len(h.delivered)
	for {
		var batch []storage.OutboxMessage
		for _, platform := range platforms() {
			msgs, err := h.db.ClaimOutbox(h.ctx, platform, 100)
			if err != nil {
				h.t.Fatal(err)
			}
			batch = append(batch, msgs...)
		}
		if len(batch) == 0 {
			out := slices.Clone(h.delivered[start:])
			h.checkChoicesBelow(out)
			return out
		}
		sort.SliceStable(batch, func(i, j int) bool {
			if batch[i].Priority != batch[j].Priority {
				return batch[i].Priority < batch[j].Priority
			}
			return batch[i].ID < batch[j].ID
		})
		for _, m := range batch {
			h.deliver(m)
		}
	}
}

// pointsBelow are words that send a person to choices under a message.
var pointsBelow = []string{"nút bên dưới", "mục bên dưới", "lựa chọn bên dưới", "button below", "buttons below", "option below", "options below"}

// checkChoicesBelow reports a message that sends its reader to choices
// below it when no message with choices follows it in that chat (on a
// messenger without buttons, a numbered menu).
func (h *harness) checkChoicesBelow(out []sent) {
	h.t.Helper()
	for i, s := range out {
		if !slices.ContainsFunc(pointsBelow, func(w string) bool { return strings.Contains(s.text, w) }) {
			continue
		}
		if !slices.ContainsFunc(out[i:], func(l sent) bool {
			return l.msg.Platform == s.msg.Platform && l.msg.ChatID == s.msg.ChatID && l.msg.Keyboard.Buttons() > 0
		}) {
			h.t.Errorf("%s:%s is sent to choices below, and none follow:\n%s", s.msg.Platform, s.msg.ChatID, s.text)
		}
	}
}

// deliver sends one outbox message through its messenger's Shaper, and
// settles it.
func (h *harness) deliver(m storage.OutboxMessage) {
	h.t.Helper()
	msg, err := bot.DecodeOutgoing(m.Payload)
	if err != nil {
		h.t.Fatal(err)
	}
	// as the program's outbox does (the root's Outbox.Claim): these live in
	// the row, not in the payload
	msg.Priority, msg.ResidentID, msg.AboutResidentID = m.Priority, m.ResidentID, m.AboutResidentID
	shaper := h.shapers[m.Platform]
	if shaper == nil {
		h.t.Fatalf("a message for %s, which the harness does not serve: %+v", m.Platform, msg)
	}
	mark := len(h.delivered)
	id, err := shaper.Send(h.ctx, msg)
	if err != nil {
		h.t.Fatalf("send to %s:%s: %v", m.Platform, m.ChatID, err)
	}
	for i := mark; i < len(h.delivered); i++ {
		h.delivered[i].about = m.AboutResidentID
	}
	if err := h.db.MarkSent(h.ctx, m.ID, id); err != nil {
		h.t.Fatal(err)
	}
	if msg.Erase { // as the root's outbox does: the last words to someone forgotten leave no trace
		if err := h.db.DeleteOutbox(h.ctx, m.ID); err != nil {
			h.t.Fatal(err)
		}
	}
}

// oneUpdate is a source that yields one update, then closes.
type oneUpdate struct {
	u    bot.Update
	done bool
}

func (s *oneUpdate) Name() string { return s.u.Source }

func (s *oneUpdate) Poll(context.Context, int64) ([]bot.Update, error) {
	if s.done {
		return nil, bot.ErrSourceClosed
	}
	s.done = true
	return []bot.Update{s.u}, nil
}

// processorFunc is a bot.Processor made of a function.
type processorFunc func(ctx context.Context, u bot.Update) error

func (f processorFunc) Process(ctx context.Context, u bot.Update) error { return f(ctx, u) }

// nextID numbers updates.
func (h *harness) nextID() string {
	h.seq++
	return strconv.Itoa(h.seq)
}
