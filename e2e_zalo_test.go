package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
	"github.com/chungsuc/chungsuc/bot/zalo/zalotest"
	"github.com/chungsuc/chungsuc/storage"
)

// twoMessengers is the real program serving a fake Telegram and a fake
// Zalo at once, by polling or by webhook.
type twoMessengers struct {
	*botUnderTest
	zfake    *zalotest.Server
	webhook  bool
	telegram bool
	port     int
}

// startTwoMessengers runs the program against both fakes, with the
// sample units, the units' clock in daytime (so appeals do not wait for
// the morning) and, in webhook mode, its HTTP listener on a free port of
// the loopback, where both fakes deliver and where Zalo fetches photos.
func startTwoMessengers(t *testing.T, webhook bool) *twoMessengers {
	t.Helper()
	return startMessengers(t, webhook, true)
}

// startMessengers is startTwoMessengers, with Telegram or without it (a
// ward on Zalo only).
func startMessengers(t *testing.T, webhook, withTelegram bool) *twoMessengers {
	t.Helper()
	return startMessengersWith(t, webhook, withTelegram, nil)
}

// startMessengersWith is startMessengers with its settings changed by
// tune first.
func startMessengersWith(t *testing.T, webhook, withTelegram bool, tune func(*config)) *twoMessengers {
	t.Helper()
	tfake, zfake := telegramtest.New(telegramtest.Config{}), zalotest.New()
	t.Cleanup(tfake.Close)
	t.Cleanup(zfake.Close)
	dbPath := filepath.Join(t.TempDir(), "bot.db")
	seedSample(t, dbPath)
	port := freePort(t)
	local := fmt.Sprintf("http://127.0.0.1:%d", port)
	cfg := config{Token: tfake.Token(), Endpoint: tfake.Endpoint(), ZaloToken: zfake.Token(), ZaloEndpoint: zfake.URL(),
		DB: dbPath, Lang: "vi", tzName: coordDaytimeZone(time.Now()), rate: strconv.Itoa(defaultTelegramRate),
		paid: "0", giveUp: "6h", zaloRate: "10", HTTP: fmt.Sprintf("127.0.0.1:%d", port), PublicURL: local}
	if webhook {
		cfg.Webhook = local
	}
	if !withTelegram {
		cfg.Token = ""
	}
	if tune != nil {
		tune(&cfg)
	}
	b := &botUnderTest{t: t, fake: tfake, dbPath: dbPath, logs: &syncBuffer{}, done: make(chan int, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	b.cancel = cancel
	go func() { b.done <- exitCode(runUnpaced(ctx, &cfg, b.logs), b.logs) }()
	t.Cleanup(func() { b.stop() })
	m := &twoMessengers{botUnderTest: b, zfake: zfake, webhook: webhook, port: port, telegram: withTelegram}
	m.waitReady()
	return m
}

// waitReady waits until both messengers are served: polled, or with
// their webhooks registered.
func (m *twoMessengers) waitReady() {
	m.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	if !m.webhook {
		if m.telegram {
			if err := m.fake.WaitPolling(ctx, 1); err != nil {
				m.t.Fatalf("no Telegram polling: %v\nlogs:\n%s", err, m.logs.String())
			}
		}
		if err := m.zfake.WaitPolling(ctx, 1); err != nil {
			m.t.Fatalf("no Zalo polling: %v\nlogs:\n%s", err, m.logs.String())
		}
		return
	}
	for ctx.Err() == nil {
		zurl, _ := m.zfake.Webhook()
		if turl, _ := m.fake.Webhook(); zurl != "" && (turl != "" || !m.telegram) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	m.t.Fatalf("webhooks not registered\nlogs:\n%s", m.logs.String())
}

// regexpFind returns the first match of pattern in s.
func regexpFind(t *testing.T, pattern, s string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindString(s)
	if m == "" {
		t.Fatalf("no %s in %q", pattern, s)
	}
	return m
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// zaloPerson is a resident on Zalo: no buttons, so every choice is a
// number typed in answer to a numbered list.
type zaloPerson struct {
	t    *testing.T
	m    *twoMessengers
	id   string
	name string
	seen int
	sent int // deliveries made, to alternate the webhook's body shapes
}

func (m *twoMessengers) zaloPerson(name string) *zaloPerson {
	return &zaloPerson{t: m.t, m: m, id: m.zfake.NewID(), name: name}
}

// send gives the bot one event from this person: queued for polling, or
// delivered to the webhook, wrapped and bare in turn (Zalo sends both).
func (p *zaloPerson) send(ev zalotest.Event) {
	p.t.Helper()
	if !p.m.webhook {
		p.m.zfake.PushEvent(ev)
		return
	}
	p.sent++
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	status, err := p.m.zfake.DeliverWebhook(ctx, p.sent%2 == 0, ev)
	if err != nil || status != 200 {
		p.t.Fatalf("webhook delivery: %d %v\nlogs:\n%s", status, err, p.m.logs.String())
	}
}

// say sends text and waits for a reply containing want.
func (p *zaloPerson) say(text, want string) string {
	p.t.Helper()
	p.send(p.m.zfake.TextEvent(p.id, p.name, text))
	return p.expect(want)
}

// expect waits for a message to this person, not seen before, containing
// want, and marks everything up to it as seen.
func (p *zaloPerson) expect(want string) string {
	p.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for time.Now().Before(deadline) {
		all := p.m.zfake.SentTo(p.id)
		for i := p.seen; i < len(all); i++ {
			if strings.Contains(all[i].Text, want) {
				p.seen = i + 1
				return all[i].Text
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	p.t.Fatalf("no Zalo message to %s containing %q; got:\n%s\nlogs:\n%s", p.name, want, p.transcript(), p.m.logs.String())
	return ""
}

func (p *zaloPerson) transcript() string {
	var b strings.Builder
	for _, s := range p.m.zfake.SentTo(p.id) {
		fmt.Fprintf(&b, "--- %s %s\n%s\n", s.Method, s.Photo, s.Text)
	}
	return b.String()
}

// choose answers the last numbered list: the number of the line that
// contains label.
func (p *zaloPerson) choose(list, label, want string) string {
	p.t.Helper()
	for _, line := range strings.Split(list, "\n") {
		line = strings.TrimSpace(line)
		num, text, ok := strings.Cut(line, ". ")
		if _, err := strconv.Atoi(num); ok && err == nil && strings.Contains(text, label) {
			return p.say(num, want)
		}
	}
	p.t.Fatalf("no choice %q in:\n%s", label, list)
	return ""
}

// TestZaloResidentJourney is the resident's journey on Zalo, where there
// are no buttons, with a coordinator on Telegram: join, check in, report
// a deed with a photo (the coordinator sees the photo, uploaded from its
// kept bytes), the decision, and an appeal. It runs by polling and by
// webhook.
func TestZaloResidentJourney(t *testing.T) {
	for _, webhook := range []bool{false, true} {
		t.Run(map[bool]string{false: "polling", true: "webhook"}[webhook], func(t *testing.T) {
			m := startTwoMessengers(t, webhook)
			grantRole(t, m.dbPath, 7001, "coordinator", "HN-TM")
			binh := newPerson(t, m.fake, 7001, "Bình", "vi")
			binh.join("HN-TM-T01")
			lan := m.zaloPerson("Lan")

			confirm := lan.say("/start g_HN-TM-T02", "Bạn sinh sống tại đây")
			lan.choose(confirm, "✅", "đã tham gia phong trào tại Tổ dân phố 2")

			health := lan.say("/khaibao", "Sức khỏe của bạn hôm nay thế nào?")
			if !strings.Contains(health, "(Trả lời") {
				t.Errorf("the check-in's choices come without how to answer them:\n%s", health)
			}
			fiveK := lan.choose(health, "Khỏe mạnh", "Thực hiện 5K")
			needs := lan.choose(fiveK, "Tôi thực hiện 5K", "có cần hỗ trợ gì không")
			lan.choose(needs, "Không cần hỗ trợ", "Đã ghi nhận khai báo y tế hôm nay")

			kind := lan.say("/baocao", "Bước 1")
			who := lan.choose(kind, "Giúp đỡ người khó khăn", "Ai đã làm việc tốt này?")
			lan.choose(who, "Tôi", "Bước 3/4")
			lan.say("Giúp bà cụ hàng xóm đi chợ mua rau và thuốc mỗi sáng", "Bước 4/4")
			png := zalotest.PNG()
			lan.send(m.zfake.PhotoEvent(lan.id, lan.name, "", m.zfake.ImageURL("rau.png", png), false))
			got := lan.expect("Đã nhận ảnh 1/5")
			preview := lan.choose(got, "Xong", "Xem lại báo cáo")
			done := lan.choose(preview, "Gửi báo cáo", "báo cáo VT-")
			ref := regexpFind(t, `VT-\d+`, done)

			notice := binh.expect("Báo cáo người tốt, việc tốt " + ref)
			photo := binh.expect(ref + " — ảnh 1/1")
			if photo.Method != "sendPhoto" || photo.Upload == nil || !bytes.Equal(photo.Upload.Data, png) {
				t.Errorf("the Telegram coordinator did not get the Zalo resident's photo uploaded from its bytes: %+v", photo)
			}
			binh.press(notice, "✅ Duyệt")
			lan.expect("đã được duyệt")

			appealText := "Bà con Tổ dân phố 2 chú ý: sáng Chủ nhật tổng vệ sinh ngõ phố, mỗi hộ cử một người."
			coordSay(binh, "/appeal", "Soạn lời kêu gọi")
			units := coordSay(binh, appealText, "Gửi tới đơn vị nào?")
			binh.press(units, "Tổ dân phố 2")
			audience := coordExpect(binh, "Gửi tới ai ở Tổ dân phố 2")
			binh.press(audience, "👥 Cư dân")
			preview2 := coordExpect(binh, "Trên đây là lời kêu gọi đúng như người nhận sẽ thấy")
			binh.press(preview2, "✅ Gửi")
			appeal := lan.expect(appealText)
			if !strings.Contains(appeal, "Lời kêu gọi từ Tổ dân phố 2") || strings.Contains(appeal, "<b>") {
				t.Errorf("the appeal on Zalo:\n%s", appeal)
			}
		})
	}
}

// TestTelegramResidentZaloCoordinator is the same journey for a Telegram
// resident, in webhook mode, whose group's coordinator is on Zalo: the
// coordinator gets the photo by its public URL on the bot's listener,
// decides by typing a number, and sends the appeal.
func TestTelegramResidentZaloCoordinator(t *testing.T) {
	m := startTwoMessengers(t, true)
	ha := m.zaloPerson("Hà")
	grantRoleOn(t, m.dbPath, "zalo", ha.id, "coordinator", "HN-TM-T03")
	an := newPerson(t, m.fake, 7101, "An", "vi")
	an.join("HN-TM-T03")

	sum := an.checkIn("😊", "✅ Tôi thực hiện 5K", "👍")
	mustContain(t, "the check-in", sum, "Đã ghi nhận khai báo y tế hôm nay", "Tổ dân phố 3 hôm nay: 1/")

	ask := an.reportSelf("🤝", "Nấu cơm miễn phí cho các gia đình đang cách ly trong ngõ")
	png := zalotest.PNG()
	m.fake.PushPhotoBytes(an.user, "", png)
	got := an.expect("Đã nhận ảnh 1/5")
	ref := regexpFind(t, `VT-\d+`, an.submit(got).PlainText)
	_ = ask

	notice := ha.expect("Báo cáo người tốt, việc tốt " + ref)
	if !strings.Contains(notice, "1. ✅ Duyệt") || !strings.Contains(notice, "Người báo cáo: An\n") {
		t.Errorf("the Zalo coordinator's notice offers no numbered decision, or a Telegram link:\n%s", notice)
	}
	ha.expect(ref + " — ảnh 1/1")
	photos := m.zfake.SentTo(ha.id)
	var photoURL string
	for _, s := range photos {
		if s.Method == "sendPhoto" && strings.Contains(s.Text, ref) {
			photoURL = s.Photo
		}
	}
	if !strings.HasPrefix(photoURL, fmt.Sprintf("http://127.0.0.1:%d/media/", m.port)) {
		t.Fatalf("the Zalo coordinator got no photo by the bot's public URL (photo %q):\n%s", photoURL, ha.transcript())
	}
	if b := httpGet(t, photoURL); !bytes.Equal(b, png) {
		t.Errorf("the photo's URL serves %d bytes, not the resident's photo", len(b))
	}
	// The photo came after the notice: its menu is the notice's, still.
	ha.choose(notice, "Duyệt", "Đã duyệt báo cáo "+ref)
	an.expect("đã được duyệt")

	appealText := "Tổ dân phố 3: tối nay 19 giờ họp tổ tại nhà văn hóa, mời mỗi hộ một người."
	ha.say("/kegoi", "Soạn lời kêu gọi")
	audience := ha.say(appealText, "Gửi tới ai ở Tổ dân phố 3")
	preview := ha.choose(audience, "Cư dân", "Trên đây là lời kêu gọi đúng như người nhận sẽ thấy")
	ha.choose(preview, "Gửi", "📢 #")
	appeal := an.expect(appealText)
	mustContain(t, "the appeal on Telegram", appeal, "Lời kêu gọi từ Tổ dân phố 3")
	ha.expect("người đã nhận")
}

// httpGet returns the body at url.
func httpGet(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %v", url, resp.StatusCode, err)
	}
	return b
}

// TestLinkAccountsAcrossMessengers joins a person's Telegram and Zalo
// accounts: one record (the check-in made on Telegram counts on Zalo),
// appeals go to the messenger used last, /mydata shows both accounts and
// /forget deletes both.
func TestLinkAccountsAcrossMessengers(t *testing.T) {
	m := startTwoMessengers(t, true)
	grantRole(t, m.dbPath, 7201, "coordinator", "HN-TM")
	binh := newPerson(t, m.fake, 7201, "Bình", "vi")
	binh.join("HN-TM-T01")
	an := newPerson(t, m.fake, 7202, "An", "vi")
	an.join("HN-TM-T02")
	an.checkIn("😊", "✅ Tôi thực hiện 5K", "👍")
	anZalo := m.zaloPerson("An")

	lan := m.zaloPerson("Lan") // a stranger guessing
	lan.say("/lienket 12345", "Mã liên kết gồm 6 chữ số")

	offer := an.say("/link", "Mã của bạn:")
	code := regexpFind(t, `\d{6}`, offer.PlainText)
	an.say("/link "+code, "Mời bạn gửi mã từ ứng dụng nhắn tin còn lại")
	done := anZalo.say("/lienket "+code, "Đã liên kết tài khoản")
	if !strings.Contains(done, "Telegram") || !strings.Contains(done, "Zalo") {
		t.Errorf("the confirmation does not name both messengers:\n%s", done)
	}
	an.expect("vừa được liên kết với tài khoản Zalo")
	choice := anZalo.say("/lienket "+code, "Bạn đã liên kết các tài khoản: Telegram, Zalo")
	if !strings.Contains(choice, "✓ 🔄 Ứng dụng tôi dùng gần nhất") {
		t.Errorf("the delivery choice does not show the current one:\n%s", choice)
	}

	again := anZalo.say("/khaibao", "Hôm nay bạn đã khai báo lúc")
	_ = again
	anZalo.say("/huy", "")

	data := anZalo.say("/dulieu", "linked_accounts")
	for _, want := range []string{`"platform": "telegram"`, `"platform": "zalo"`, "Tổ dân phố 2"} {
		if !strings.Contains(data, want) && !strings.Contains(anZalo.transcript(), want) {
			t.Errorf("/mydata on Zalo lacks %s", want)
		}
	}

	appealText := "Phường Tương Mai: mời bà con tiêm vắc xin mũi nhắc lại tại trạm y tế sáng thứ Bảy."
	coordSay(binh, "/appeal", "Soạn lời kêu gọi")
	units := coordSay(binh, appealText, "Gửi tới đơn vị nào?")
	binh.press(units, "Tổ dân phố 2")
	binh.press(coordExpect(binh, "Gửi tới ai ở Tổ dân phố 2"), "👥 Cư dân")
	binh.press(coordExpect(binh, "Trên đây là lời kêu gọi đúng như người nhận sẽ thấy"), "✅ Gửi")
	anZalo.expect(appealText)
	coordExpect(binh, "người đã nhận")
	for _, s := range m.fake.SentTo(an.user.ID) {
		if strings.Contains(s.PlainText, appealText) {
			t.Errorf("the appeal went to Telegram too, though An used Zalo last")
		}
	}

	// An chooses Telegram: the next appeal goes there, though An last wrote on Zalo.
	choice = anZalo.say("/lienket", "Bạn muốn nhận tin qua đâu?")
	anZalo.choose(choice, "Nhận tin qua Telegram", "Từ nay tin Chung Sức tự gửi sẽ đến Telegram")
	second := "Phường Tương Mai: tối thứ Sáu họp dân tại nhà văn hóa tổ 2."
	coordSay(binh, "/appeal", "Soạn lời kêu gọi")
	binh.press(coordSay(binh, second, "Gửi tới đơn vị nào?"), "Tổ dân phố 2")
	binh.press(coordExpect(binh, "Gửi tới ai ở Tổ dân phố 2"), "👥 Cư dân")
	binh.press(coordExpect(binh, "Trên đây là lời kêu gọi đúng như người nhận sẽ thấy"), "✅ Gửi")
	an.expect(second)
	coordExpect(binh, "người đã nhận")
	if strings.Contains(anZalo.transcript(), second) {
		t.Errorf("the appeal went to Zalo though An chose Telegram")
	}

	confirm := anZalo.say("/xoadulieu", "Bạn muốn xóa dữ liệu của mình?")
	anZalo.choose(confirm, "Xóa dữ liệu của tôi", "Đã xóa dữ liệu của bạn")
	db, err := storage.Open(context.Background(), m.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(context.Background(), func(tx *storage.Tx) error {
		for _, acc := range [][2]string{{"telegram", "7202"}, {"zalo", anZalo.id}} {
			if r, err := tx.ResidentByPlatformUser(acc[0], acc[1]); err == nil {
				t.Errorf("%s:%s is still known after /forget: %+v", acc[0], acc[1], r)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestZaloAlone runs the bot for a ward on Zalo only (no Telegram token):
// a resident joins and checks in by polling.
func TestZaloAlone(t *testing.T) {
	m := startMessengers(t, false, false)
	lan := m.zaloPerson("Lan")
	confirm := lan.say("/start g_HN-TM-T02", "Bạn sinh sống tại đây")
	lan.choose(confirm, "✅", "đã tham gia phong trào tại Tổ dân phố 2")
	help := lan.say("/trogiup", "/khaibao")
	if strings.Contains(help, "<b>") || strings.Contains(help, "&amp;") {
		t.Errorf("/help on Zalo shows markup:\n%s", help)
	}
	if n := m.fake.Calls("getUpdates"); n != 0 {
		t.Errorf("Telegram was polled %d times without a Telegram token", n)
	}
}

// TestWebhooksRefuseStrangersAndRepeats checks the running bot's
// webhooks from outside: a call without the platform's secret is refused
// (401) and changes nothing, a body over 1 MB is refused (413), and an
// update each platform delivers twice is answered once.
func TestWebhooksRefuseStrangersAndRepeats(t *testing.T) {
	m := startTwoMessengers(t, true)
	base := fmt.Sprintf("http://127.0.0.1:%d", m.port)
	forged := `{"update_id":999999,"message":{"message_id":1,"date":1764662400,"chat":{"id":4242,"type":"private"},"from":{"id":4242,"first_name":"X"},"text":"/start"}}`
	for _, tt := range []struct {
		path, header, secret, body string
		want                       int
	}{
		{webhookPath("telegram"), "X-Telegram-Bot-Api-Secret-Token", "", forged, http.StatusUnauthorized},
		{webhookPath("telegram"), "X-Telegram-Bot-Api-Secret-Token", "guessed-secret", forged, http.StatusUnauthorized},
		{webhookPath("zalo"), "X-Bot-Api-Secret-Token", "guessed-secret", `{"event_name":"message.text.received"}`, http.StatusUnauthorized},
	} {
		req, _ := http.NewRequest(http.MethodPost, base+tt.path, strings.NewReader(tt.body))
		if tt.secret != "" {
			req.Header.Set(tt.header, tt.secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.want {
			t.Errorf("POST %s with secret %q: %d, want %d", tt.path, tt.secret, resp.StatusCode, tt.want)
		}
	}
	_, zsecret := m.zfake.Webhook()
	big := `{"event_name":"message.text.received","message":{"text":"` + strings.Repeat("a", 2<<20) + `"}}`
	req, _ := http.NewRequest(http.MethodPost, base+webhookPath("zalo"), strings.NewReader(big))
	req.Header.Set("X-Bot-Api-Secret-Token", zsecret)
	if resp, err := http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	} else if resp.Body.Close(); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a 2 MB body: %d, want 413", resp.StatusCode)
	}

	m.fake.SetDuplicateDeliveries(true)
	an := newPerson(t, m.fake, 7301, "An", "vi")
	an.say("/help", "Chung Sức có thể giúp bạn")
	lan := m.zaloPerson("Lan")
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	if _, _, err := m.zfake.DeliverTwice(ctx, true, m.zfake.TextEvent(lan.id, lan.name, "/trogiup")); err != nil {
		t.Fatal(err)
	}
	lan.expect("/lienket")
	time.Sleep(300 * time.Millisecond) // time for a second answer, were there one
	if n := len(m.fake.SentTo(an.user.ID)); n != 1 {
		t.Errorf("a Telegram update delivered twice got %d answers, want 1", n)
	}
	if n := len(m.zfake.SentTo(lan.id)); n != 1 {
		t.Errorf("a Zalo update delivered twice got %d answers, want 1", n)
	}
	if m.fake.SentTo(4242) != nil {
		t.Errorf("the forged update was applied")
	}
}
