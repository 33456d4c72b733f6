package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
	"github.com/chungsuc/chungsuc/storage"
)

// waitLimit bounds every wait in the end-to-end tests: a deadlock fails
// the test instead of hanging it. It is not a speed assertion.
const waitLimit = 20 * time.Second

// syncBuffer is a goroutine-safe bytes.Buffer for the bot's logs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// botUnderTest is the real program, run in this process as `chungsuc
// run` runs it, with its real Telegram adapter talking over HTTP to a
// fake Bot API.
type botUnderTest struct {
	t      *testing.T
	fake   *telegramtest.Server
	dbPath string
	logs   *syncBuffer
	cancel context.CancelFunc
	done   chan int
}

// startBot runs the program against fake with the database at dbPath (a
// fresh temporary one, with the sample units loaded, when dbPath is "").
// Its dispatcher's flood limits are lifted (unpaced): these tests are
// about what the bot says and does, and a paced bot spends most of their
// time waiting (a second between two messages to a chat). The pacing
// has its own tests (dispatcher_e2e_test.go) and benchmarks.
func startBot(t *testing.T, fake *telegramtest.Server, dbPath string) *botUnderTest {
	t.Helper()
	return startBotWith(t, fake, dbPath, nil)
}

// startBotWith is startBot with its settings changed by tune first.
func startBotWith(t *testing.T, fake *telegramtest.Server, dbPath string, tune func(*config)) *botUnderTest {
	t.Helper()
	if dbPath == "" {
		dbPath = filepath.Join(t.TempDir(), "bot.db")
		seedSample(t, dbPath)
	}
	b := &botUnderTest{t: t, fake: fake, dbPath: dbPath, logs: &syncBuffer{}, done: make(chan int, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	b.cancel = cancel
	cfg := config{Token: fake.Token(), Endpoint: fake.Endpoint(), DB: dbPath, Lang: "vi", tzName: "Asia/Ho_Chi_Minh",
		rate: strconv.Itoa(defaultTelegramRate), paid: "0", giveUp: "6h"}
	if tune != nil {
		tune(&cfg)
	}
	go func() { b.done <- exitCode(runUnpaced(ctx, &cfg, b.logs), b.logs) }()
	wctx, wcancel := context.WithTimeout(context.Background(), waitLimit)
	defer wcancel()
	if err := fake.WaitPolling(wctx, 1); err != nil {
		cancel()
		t.Fatalf("bot did not start polling: %v\nlogs:\n%s", err, b.logs.String())
	}
	t.Cleanup(func() { b.stop() })
	return b
}

// runUnpaced is `chungsuc run` once its settings are read (runBot) with
// the dispatchers unpaced.
func runUnpaced(ctx context.Context, cfg *config, stderr io.Writer) error {
	return runBot(ctx, cfg, stderr, func(st *stack) {
		for _, d := range st.disps {
			unpaced(d)
		}
	})
}

// unpaced lifts a dispatcher's flood limits: the platform's rate and each
// chat's.
func unpaced(d *bot.Dispatcher) {
	d.Rate, d.ChatEvery, d.GroupPerMinute = math.Inf(1), -1, -1
}

// exitCode is what run makes of a command's error: the exit code, and
// the error on stderr.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "chungsuc:", err)
	if isConfigError(err) {
		return 2
	}
	return 1
}

// stop cancels the program as SIGTERM would and returns its exit code.
func (b *botUnderTest) stop() int {
	b.cancel()
	select {
	case code := <-b.done:
		b.done <- code // later calls see the same code
		return code
	case <-time.After(waitLimit):
		b.t.Fatalf("bot did not stop\nlogs:\n%s", b.logs.String())
	}
	return -1
}

// seedSample loads the sample units into a new database at path.
func seedSample(t *testing.T, path string) {
	t.Helper()
	db, err := openDB(context.Background(), path, newLogger(&bytes.Buffer{}, 0))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := loadSample(context.Background(), db, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
}

// person is a resident talking to the bot through the fake.
type person struct {
	t    *testing.T
	fake *telegramtest.Server
	user telegramtest.User
	seen int // sends to this chat already looked at
}

func newPerson(t *testing.T, fake *telegramtest.Server, id int64, name, lang string) *person {
	return &person{t: t, fake: fake, user: telegramtest.User{ID: id, FirstName: name, LanguageCode: lang}}
}

// say sends text and returns the replies that contain want (waiting for
// the first one that does).
func (p *person) say(text, want string) telegramtest.Sent {
	p.t.Helper()
	p.fake.PushMessage(p.user, text)
	return p.expect(want)
}

// expect waits for a message to this person, not seen before, whose
// visible text contains want, and marks everything up to it as seen.
func (p *person) expect(want string) telegramtest.Sent {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	var found telegramtest.Sent
	err := p.fake.WaitFor(ctx, func([]telegramtest.Sent) bool {
		all := p.fake.SentTo(p.user.ID)
		for i := p.seen; i < len(all); i++ {
			if strings.Contains(all[i].PlainText, want) || hasButton(all[i], want) {
				found, p.seen = all[i], i+1
				return true
			}
		}
		return false
	})
	if err != nil {
		p.t.Fatalf("no message to %d containing %q; got:\n%s", p.user.ID, want, p.transcript())
	}
	return found
}

// press presses the button labelled label (or starting with it) on msg and
// returns the callback query id.
func (p *person) press(msg telegramtest.Sent, label string) string {
	p.t.Helper()
	for _, row := range msg.Buttons() {
		for _, b := range row {
			if b.Text == label || strings.HasPrefix(b.Text, label) {
				_, qid := p.fake.PushCallbackQuery(p.user, msg.MessageID, b.CallbackData)
				return qid
			}
		}
	}
	p.t.Fatalf("no button %q on message %q (buttons %v)", label, msg.PlainText, msg.Buttons())
	return ""
}

// answered waits for the bot to answer callback qid and returns its text.
func (p *person) answered(qid string) string {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	text, err := p.fake.WaitAnswered(ctx, qid)
	if err != nil {
		p.t.Fatalf("callback %s was never answered: %v", qid, err)
	}
	return text
}

// hasButton reports whether msg has a button whose label contains want.
func hasButton(msg telegramtest.Sent, want string) bool {
	for _, row := range msg.Buttons() {
		for _, b := range row {
			if strings.Contains(b.Text, want) {
				return true
			}
		}
	}
	return false
}

func (p *person) transcript() string {
	var b strings.Builder
	for _, s := range p.fake.SentTo(p.user.ID) {
		fmt.Fprintf(&b, "--- %s #%d\n%s\n%v\n", s.Method, s.MessageID, s.PlainText, s.Buttons())
	}
	return b.String()
}

// join makes p a resident of the unit with code, through the deep link.
func (p *person) join(code string) {
	p.t.Helper()
	confirm := p.say("/start g_"+code, "Bạn sinh sống tại đây")
	p.press(confirm, "✅")
	p.expect("đã tham gia phong trào tại")
}

// checkIn runs /checkin with the given buttons and returns the last
// message (the summary, once every step is pressed).
func (p *person) checkIn(labels ...string) telegramtest.Sent {
	p.t.Helper()
	msg := p.say("/khaibao", "Sức khỏe của bạn hôm nay thế nào?")
	for _, label := range labels {
		p.press(msg, label)
		msg = p.expect("") // the same message, edited into the next step
	}
	return msg
}

// reportSelf walks p through a report of their own deed up to the photo
// step, and returns the message asking for photos.
func (p *person) reportSelf(category, description string) telegramtest.Sent {
	p.t.Helper()
	p.press(p.say("/report", "Bước 1/4"), category)
	p.press(p.expect("Bước 2/4"), "🙋 Tôi")
	p.expect("Bước 3/4")
	return p.say(description, "Bước 4/4")
}

// sendPhoto sends a photo and waits for the reply containing want.
func (p *person) sendPhoto(fileID, uniqueID, want string) telegramtest.Sent {
	p.t.Helper()
	p.fake.PushPhoto(p.user, "", fileID, uniqueID)
	return p.expect(want)
}

// submit ends the photo step of msg (with "Xong", or "Bỏ qua" when no
// photo was sent), sends the report from its preview and returns the
// confirmation.
func (p *person) submit(msg telegramtest.Sent) telegramtest.Sent {
	p.t.Helper()
	label := "✔ Xong"
	if !hasButton(msg, label) {
		label = "Bỏ qua"
	}
	p.press(msg, label)
	p.press(p.expect("Xem lại báo cáo của bạn"), "✅ Gửi báo cáo")
	return p.expect("đã gửi báo cáo")
}

var deedRefRe = regexp.MustCompile(`VT-\d{6,}`)

// deedRefIn returns the report reference a message names.
func deedRefIn(t *testing.T, msg telegramtest.Sent) string {
	t.Helper()
	ref := deedRefRe.FindString(msg.PlainText)
	if ref == "" {
		t.Fatalf("no report reference in %q", msg.PlainText)
	}
	return ref
}

// mustContain fails the test unless msg shows every one of wants.
func mustContain(t *testing.T, what string, msg telegramtest.Sent, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(msg.PlainText, want) {
			t.Errorf("%s lacks %q:\n%s", what, want, msg.PlainText)
		}
	}
}

// grantRole makes the Telegram user a coordinator or official of the unit
// with code, writing to the database directly (the bot may be running).
func grantRole(t *testing.T, dbPath string, userID int64, role, unitCode string) {
	t.Helper()
	grantRoleOn(t, dbPath, "telegram", strconv.FormatInt(userID, 10), role, unitCode)
}

// grantRoleOn is grantRole for a user of any platform.
func grantRoleOn(t *testing.T, dbPath, platform, uid, role, unitCode string) {
	t.Helper()
	db, err := storage.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(context.Background(), func(tx *storage.Tx) error {
		r, err := tx.TouchResident(platform, uid, uid, "", "", "")
		if err != nil {
			return err
		}
		u, err := tx.UnitByCode(unitCode)
		if err != nil {
			return err
		}
		_, err = tx.GrantRole(r.ID, role, u.ID, 0)
		return err
	})
	if err != nil {
		t.Fatalf("grant %s on %s to %s:%s: %v", role, unitCode, platform, uid, err)
	}
}
