package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
	"github.com/chungsuc/chungsuc/storage"
)

// The private fixture of the public page's test: people whose names,
// phones, family members and health nobody may read on the page.
var (
	privateNames  = []string{"Phạm Thị Kín Đáo", "Vũ Văn Riêng Tư", "Đỗ Thị Bảo Mật", "Hoàng Văn Ẩn Danh"}
	privatePhones = []string{"0912 345 601", "0912345602", "+84 912 345 603", "0987.654.321"}
	privateFamily = []string{"Cụ Ông Thầm Lặng", "Bé Giấu Mặt"}
	// the deed about a person who said no, and its description
	hiddenDoer, hiddenText = "Trần Văn Không Nêu", "giúp bà cụ số nhà 12 ngõ 34, gọi 0934 111 222"
	// the deed about a person who agreed to be named
	namedDoer = "Lê Thị Đồng Ý"
)

// TestPublicPageJourney is the movement's "done when": a resident records
// two doses, a coordinator posts a practice that an official replicates to
// three units and two of them adopt; the public page, opened in headless
// Chromium at 360 pixels, shows the campaign, the leaderboard, the
// coverage (as recomputed here from the rows) and the adoption, without a
// console error, with its diacritics intact, and nothing of the private
// fixture but the name given with consent. The screenshot is saved.
func TestPublicPageJourney(t *testing.T) {
	chromium := chromiumPath(t)
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	dbPath := filepath.Join(t.TempDir(), "public.db")
	seedSample(t, dbPath)
	seedPrivate(t, dbPath)
	grantRole(t, dbPath, 9801, "coordinator", "HN-TM") // the ward's coordinator
	grantRole(t, dbPath, 9802, "official", "HN-TM")
	for i, code := range []string{"HN-TM-T01", "HN-TM-T02", "HN-TM-T03", "HN-TM-T04"} {
		grantRole(t, dbPath, int64(9811+i), "coordinator", code)
	}
	port := freePort(t)
	site := "http://127.0.0.1:" + strconv.Itoa(port)
	startBotWith(t, fake, dbPath, func(c *config) { c.HTTP, c.PublicURL = "127.0.0.1:"+strconv.Itoa(port), site })

	ward := newPerson(t, fake, 9801, "Chị Mai", "vi")
	official := newPerson(t, fake, 9802, "Ông Hải", "vi")
	var groups []*person
	for i := range 4 {
		groups = append(groups, newPerson(t, fake, int64(9811+i), fmt.Sprintf("Tổ trưởng %d", i+1), "vi"))
	}
	an := newPerson(t, fake, 9821, "An", "vi")
	an.join("HN-TM-T01")

	// The campaign, from the 2021 template (which brings its examples).
	ward.press(ward.say("/phongtrao", "mẫu phong trào năm 2021"), "Dùng mẫu phong trào 2021")
	ward.press(ward.expect("Phát động"), "Phát động")
	ward.expect("đã phát động phong trào thi đua")

	// An records two doses.
	list := an.say("/tiemchung", "Mũi tiêm vắc xin COVID-19")
	an.press(list, "💉 Ghi mũi tiêm")
	an.press(an.expect("Đó là mũi thứ mấy?"), "mũi 1")
	an.expect("vào ngày nào?")
	an.press(an.say("1/7/2021", "Đã ghi mũi 1"), "💉 Ghi mũi tiêm")
	an.press(an.expect("Đó là mũi thứ mấy?"), "mũi 2")
	an.press(an.expect("vào ngày nào?"), "Hôm nay")
	an.expect("Đã ghi mũi 2")

	// Tổ 1's coordinator posts a practice; the ward's official replicates
	// it to Tổ 2, 3 and 4; Tổ 2 and 3 adopt it, Tổ 4 does not answer.
	t1 := groups[0]
	t1.press(t1.say("/mohinh", "Đăng mô hình"), "➕ Đăng mô hình của đơn vị")
	t1.expect("Bước 1/4")
	t1.say("Tủ thuốc chung của tổ", "Bước 2/4")
	t1.say("Tủ thuốc đặt ở nhà văn hóa, ai cần thuốc hạ sốt thì lấy, gọi 0911 222 333 khi hết.", "Bước 3/4")
	t1.say("Mỗi hộ góp một hộp thuốc; tổ trưởng ghi sổ và bổ sung mỗi tuần.", "Bước 4/4")
	t1.say("Văn phòng tổ dân phố 1, nhà văn hóa", "Xem lại trước khi đăng")
	fake.PushPhotoBytes(t1.user, "", photoJPEG(t, 1280, 960))
	t1.press(t1.expect("Đã nhận ảnh của mô hình"), "✅ Đăng")
	posted := t1.expect("Đã đăng MH-")
	ref := "MH-" + strings.Fields(strings.SplitN(posted.PlainText, "MH-", 2)[1])[0]

	official.press(official.say("/mohinh "+ref, "📣 Nhân rộng"), "📣 Nhân rộng")
	pick := official.expect("chọn các đơn vị sẽ nhận")
	for _, g := range []string{"Tổ dân phố 2", "Tổ dân phố 3", "Tổ dân phố 4"} {
		official.press(pick, "☐ "+g)
		pick = official.expect("☑ " + g)
	}
	official.press(pick, "📣 Gửi tới 3 đơn vị")
	official.expect("Đã gửi " + ref)
	for _, g := range groups[1:3] {
		g.press(g.expect("đề nghị nhân rộng mô hình "+ref), "✅ Đơn vị tôi đã áp dụng")
		g.expect("đã áp dụng " + ref)
	}
	groups[3].expect("đề nghị nhân rộng mô hình " + ref)

	// The page, as a browser shows it.
	page := site + "/u/HN-TM"
	html := fetch(t, page)
	if len(html) >= 100<<10 {
		t.Errorf("the page is %d bytes, over 100 kB before photos", len(html))
	}
	if !strings.Contains(html, `<img class="ph" src="/media/`) {
		t.Errorf("the practice's photo is not on the page")
	} else {
		src := strings.SplitN(strings.SplitN(html, `<img class="ph" src="`, 2)[1], `"`, 2)[0]
		img, err := http.Get(site + strings.ReplaceAll(src, "&amp;", "&"))
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := jpeg.DecodeConfig(img.Body)
		img.Body.Close()
		if err != nil || cfg.Width != 480 || cfg.Height != 360 {
			t.Errorf("the photo on the page is %dx%d (%v), want 480x360", cfg.Width, cfg.Height, err)
		}
	}
	text, width, shot, problems := openInChromium(t, chromium, page)
	saveArtifact(t, "public-page-360.png", shot)
	if len(problems) > 0 {
		t.Errorf("the browser reported errors:\n%s", strings.Join(problems, "\n"))
	}
	if width > 360 {
		t.Errorf("the page is %d pixels wide at 360: it scrolls sideways", width)
	}
	one, two, people := coverageFromRows(t, dbPath, "HN-TM")
	for _, want := range []string{
		"Phường Tương Mai",
		"Phong trào đang diễn ra: Toàn dân đoàn kết, chung sức thi đua phòng, chống và chiến thắng đại dịch Covid-19",
		"Bảng xếp hạng", "Tổ dân phố 1", "điểm · khai báo y tế", "Vùng xanh: 3 trên 3 đơn vị",
		"Tổ dân phố 5\nchưa đủ 10 người: số liệu không công bố",
		fmt.Sprintf("Đã tiêm ít nhất 1 mũi: %d trên %d người", one, people),
		fmt.Sprintf("Đã tiêm từ 2 mũi trở lên: %d trên %d người", two, people),
		"Tủ thuốc chung của tổ", "Liên hệ: Văn phòng tổ dân phố 1, nhà văn hóa", "Đã áp dụng: 2 đơn vị", "Chưa trả lời: 1 đơn vị",
		"Đơn vị đã áp dụng: Tổ dân phố 2, Tổ dân phố 3",
		"Siêu thị 0 đồng", "Ví dụ từ năm 2021",
		namedDoer, "Gương người tốt, việc tốt",
		"Đường dây nóng", "UBND phường", "024 3863 1234",
		"/start g_HN-TM",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the page does not show %q; it reads:\n%s", want, text)
		}
	}
	for _, secret := range append(append(append([]string{hiddenDoer, hiddenText, "0934 111 222", "0911 222 333", "An "},
		privateNames...), privatePhones...), privateFamily...) {
		if strings.Contains(text, strings.TrimSpace(secret)) && secret != "An " || strings.Contains(html, secret) {
			t.Errorf("the page gives away %q", secret)
		}
	}

	// The English page, a group's page, the QR code and a unit unknown.
	if en := fetch(t, page+"?lang=en"); !strings.Contains(en, "Leaderboard") || !strings.Contains(en, "Adopted by <b>2</b> units") {
		t.Errorf("the English page: %.400s", en)
	}
	if g := fetch(t, site+"/u/HN-TM-T05"); !strings.Contains(g, "Số liệu tiêm chủng không được công bố ở đây") || strings.Contains(g, "Tỷ lệ khai báo y tế") {
		t.Errorf("a group of three shows its vaccination or check-in figures")
	}
	for path, mime := range map[string]string{"/u/HN-TM-T01/qr.png": "image/png", "/u/HN-TM-T01/qr.pdf": "application/pdf"} {
		resp, err := http.Get(site + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != mime {
			t.Errorf("%s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
	if resp, err := http.Get(site + "/u/NOPE"); err != nil || resp.StatusCode != 404 {
		t.Errorf("an unknown unit: %v %v", resp, err)
	}
}

// seedPrivate adds to the database people the page must not name: with
// phones, family members, doses, a help request, and two commended deeds,
// one about a person who agreed to be named and one about a person who
// did not.
func seedPrivate(t *testing.T, dbPath string) {
	t.Helper()
	db, err := storage.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	yes, no := true, false
	today := time.Now().Format(time.DateOnly)
	err = db.Update(context.Background(), func(tx *storage.Tx) error {
		var ids []int64
		for i := range 42 { // twelve in each of Tổ 1 to Tổ 3, enough to be shown; three in Tổ 4 and in Tổ 5
			group := 1 + i%3
			if i >= 36 {
				group = 4 + (i-36)/3
			}
			unit, err := tx.UnitByCode(fmt.Sprintf("HN-TM-T0%d", group))
			if err != nil {
				return err
			}
			uid := strconv.Itoa(5000 + i)
			r, err := tx.TouchResident("telegram", uid, uid, privateNames[i%len(privateNames)], "", "vi")
			if err != nil {
				return err
			}
			if err := tx.SetResidentUnit(r.ID, unit.ID); err != nil {
				return err
			}
			if err := tx.SetResidentPhone(r.ID, privatePhones[i%len(privatePhones)]); err != nil {
				return err
			}
			for n := 1; n <= i%3; n++ { // none, one or two doses
				if _, _, err := tx.RecordDose(storage.Dose{ResidentID: r.ID, Number: n, GivenOn: "2021-07-0" + strconv.Itoa(n)}, today); err != nil {
					return err
				}
			}
			if i < len(privateFamily) {
				d, err := tx.AddDependant(r.ID, privateFamily[i])
				if err != nil {
					return err
				}
				if _, _, err := tx.RecordDose(storage.Dose{ResidentID: r.ID, DependantID: d.ID, Number: 1, GivenOn: "2021-07-09"}, today); err != nil {
					return err
				}
			}
			ids = append(ids, r.ID)
		}
		first, err := tx.ResidentByID(ids[0])
		if err != nil {
			return err
		}
		if _, err := tx.CreateHelpRequest(storage.HelpRequest{ResidentID: first.ID, UnitID: first.UnitID, Kind: storage.NeedMedicine,
			Description: "cần thuốc cho " + privateFamily[0], Phone: privatePhones[0], Source: storage.HelpFromSupport}); err != nil {
			return err
		}
		for _, x := range []struct {
			doer, text string
			consent    *bool
		}{{hiddenDoer, hiddenText, &no}, {namedDoer, "dọn vệ sinh khu tập thể cùng bà con", &yes}} {
			r, err := tx.ResidentByID(ids[1])
			if err != nil {
				return err
			}
			d, err := tx.CreateDeed(storage.Deed{ResidentID: ids[1], UnitID: r.UnitID, Category: "help",
				CategoryLabel: "Giúp đỡ người khó khăn", Subject: storage.SubjectOther, SubjectName: x.doer, Description: x.text})
			if err != nil {
				return err
			}
			if _, err := tx.DecideDeed(d.ID, storage.DeedCommended, "", 0); err != nil {
				return err
			}
			if err := tx.SetDeedConsent(d.ID, &no, x.consent); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seed the private fixture: %v", err)
	}
}

// coverageFromRows counts, from the rows themselves and apart from the
// bot's queries, the people of the unit with code and below (active
// residents and their family members) with one dose or more and with two
// or more.
func coverageFromRows(t *testing.T, dbPath, code string) (one, two, people int) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+dbPath+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	parent := map[int64]int64{}
	var root int64
	rows, err := db.Query(`SELECT id, code, COALESCE(parent_id, 0) FROM units`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, p int64
		var c string
		if err := rows.Scan(&id, &c, &p); err != nil {
			t.Fatal(err)
		}
		parent[id] = p
		if c == code {
			root = id
		}
	}
	rows.Close()
	under := func(id int64) bool {
		for n := 0; id != 0 && n < 64; n++ {
			if id == root {
				return true
			}
			id = parent[id]
		}
		return false
	}
	active := map[int64]bool{}
	rows, err = db.Query(`SELECT id, unit_id FROM residents
		WHERE unit_id IS NOT NULL AND joined_at IS NOT NULL AND stopped_at IS NULL AND blocked_at IS NULL`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, unit int64
		if err := rows.Scan(&id, &unit); err != nil {
			t.Fatal(err)
		}
		if under(unit) {
			active[id] = true
			people++
		}
	}
	rows.Close()
	rows, err = db.Query(`SELECT resident_id FROM dependants`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var r int64
		if err := rows.Scan(&r); err != nil {
			t.Fatal(err)
		}
		if active[r] {
			people++
		}
	}
	rows.Close()
	doses := map[[2]int64]map[int]bool{}
	rows, err = db.Query(`SELECT resident_id, dependant_id, dose FROM doses`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var r, d int64
		var n int
		if err := rows.Scan(&r, &d, &n); err != nil {
			t.Fatal(err)
		}
		if active[r] {
			k := [2]int64{r, d}
			if doses[k] == nil {
				doses[k] = map[int]bool{}
			}
			doses[k][n] = true
		}
	}
	rows.Close()
	for _, got := range doses {
		one++
		if len(got) >= 2 || got[2] || got[3] || got[4] {
			two++
		}
	}
	return one, two, people
}

// photoJPEG draws a photo of width by height pixels.
func photoJPEG(t *testing.T, width, height int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	for y := range height {
		for x := range width {
			img.Set(x, y, color.RGBA{uint8(x * 255 / width), uint8(y * 255 / height), 120, 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// fetch GETs url and returns its body, failing on anything but 200.
func fetch(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %v\n%.500s", url, resp.StatusCode, err, b)
	}
	return string(b)
}

// chromiumPath finds Chromium, skipping the test where there is none,
// unless CHUNGSUC_BROWSER_TESTS=required (as CI sets it).
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("CHUNGSUC_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv("CHUNGSUC_BROWSER_TESTS") == "required" {
		t.Fatal("Chromium is not installed, and CHUNGSUC_BROWSER_TESTS=required")
	}
	t.Skip("Chromium is not installed (apt-get install chromium); CI installs it")
	return ""
}

// openInChromium opens url in headless Chromium 360 pixels wide and
// returns the page's text, its width, a full-page screenshot (PNG) and
// every warning or error the browser reported (the console, exceptions,
// the browser's log: a failed load, a blocked resource).
func openInChromium(t *testing.T, chromium, url string) (text string, width int, shot []byte, problems []string) {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.Flag("disable-quic", true), chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true), chromedp.WindowSize(360, 740))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil { // starts the browser, so that nothing the page says is lost
		t.Fatalf("Chromium: %v", err)
	}
	lctx, stop := context.WithCancel(ctx)
	messages := chromedp.Console(lctx)
	err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 740), chromedp.Navigate(url), chromedp.WaitReady("body"),
		chromedp.Sleep(500*time.Millisecond)) // the QR code's image loads
	if err == nil {
		text, err = chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	}
	if err == nil {
		width, err = chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	}
	if err == nil {
		shot, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
	}
	if err != nil {
		t.Fatalf("Chromium: %v", err)
	}
	stop()
	for m, err := range messages {
		if err != nil {
			break
		}
		switch m.Type {
		case chromedp.ConsoleWarning, chromedp.ConsoleError, chromedp.ConsoleException:
			problems = append(problems, fmt.Sprintf("%s %s: %s", m.Type, m.URL, m.Text))
		}
	}
	return text, width, shot, problems
}

// saveArtifact keeps a file a person should look at after the tests: in
// CHUNGSUC_ARTIFACTS when set (CI sets it), else in the system's
// temporary folder.
func saveArtifact(t *testing.T, name string, data []byte) {
	t.Helper()
	dir := os.Getenv("CHUNGSUC_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "chungsuc-artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("saved %s (%d bytes)", path, len(data))
}
