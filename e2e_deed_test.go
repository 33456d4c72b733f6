package main

import (
	"context"
	"database/sql"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"chungsuc/bot"
	"chungsuc/bot/telegram/telegramtest"
	"chungsuc/storage"
)

// Telegram user ids 3000–3999 belong to these tests.

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

// coordinator is a person who wrote to the bot once and was then made a
// coordinator of unitCode.
func coordinator(t *testing.T, fake *telegramtest.Server, dbPath string, id int64, name, lang, unitCode string) *person {
	t.Helper()
	p := newPerson(t, fake, id, name, lang)
	p.fake.PushMessage(p.user, "/help")
	p.expect("/help")
	grantRole(t, dbPath, id, "coordinator", unitCode)
	return p
}

// deedsOf reads a Telegram user's reports from the database, newest first.
func deedsOf(t *testing.T, dbPath, userID string) []storage.Deed {
	t.Helper()
	db, err := storage.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var list []storage.Deed
	err = db.View(context.Background(), func(tx *storage.Tx) error {
		r, err := tx.ResidentByPlatformUser("telegram", userID)
		if err != nil {
			return err
		}
		list, err = tx.DeedsOf(r.ID, 0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// photoRows reads the deed_photos table: "deed:position:file_id:unique" rows.
func photoRows(t *testing.T, dbPath string) []string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT deed_id, position, file_id, file_unique_id FROM deed_photos ORDER BY deed_id, position`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, pos int64
		var file, unique string
		if err := rows.Scan(&id, &pos, &file, &unique); err != nil {
			t.Fatal(err)
		}
		out = append(out, strconv.FormatInt(id, 10)+":"+strconv.FormatInt(pos, 10)+":"+file+":"+unique)
	}
	return out
}

func TestDeedReportReviewedByCoordinator(t *testing.T) {
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	b := startBot(t, fake, "")
	binh := coordinator(t, fake, b.dbPath, 3001, "Bình", "vi", "HN-TM")
	an := newPerson(t, fake, 3002, "An", "vi")
	an.join("HN-TM-T01")
	bao := newPerson(t, fake, 3003, "Bảo", "vi")
	bao.join("HN-TM-T01")
	const story = "Bà Lan nấu 50 suất cơm miễn phí mỗi ngày cho các gia đình đang cách ly trong ngõ."
	const reason = "Ảnh trùng với báo cáo trước, mời bạn gửi ảnh khác."
	var ref1, ref2 string

	t.Run("a resident reports another person's deed with two photos", func(t *testing.T) {
		an.t = t
		an.press(an.say("/baocao", "Bước 1/4"), "🤝 Giúp đỡ người khó khăn")
		an.press(an.expect("Bước 2/4"), "👥 Người khác")
		an.expect("gõ họ tên")
		an.press(an.say("Nguyễn Thị Lan", "Nguyễn Thị Lan sinh sống ở đâu?"), "🏠 Cùng tổ dân phố với tôi")
		an.expect("Bước 3/4")
		an.say(story, "Bước 4/4")
		an.sendPhoto("photoA1", "uniqA1", "Đã nhận ảnh 1/5")
		msg := an.sendPhoto("photoA2", "uniqA2", "Đã nhận ảnh 2/5")
		an.press(msg, "✔ Xong")
		preview := an.expect("Xem lại báo cáo của bạn")
		mustContain(t, "preview", preview, "Giúp đỡ người khó khăn", "Nguyễn Thị Lan",
			"Tổ dân phố 1, Phường Tương Mai", story, "Ảnh: 2")
		an.press(preview, "✅ Gửi báo cáo")
		sent := an.expect("đã gửi báo cáo")
		mustContain(t, "confirmation", sent, "tới cán bộ phụ trách", "bạn sẽ nhận được kết quả")
		ref1 = deedRefIn(t, sent)
	})
	t.Run("the coordinator receives the notice and its photos", func(t *testing.T) {
		binh.t = t
		notice := binh.expect("Báo cáo người tốt, việc tốt " + ref1)
		mustContain(t, "notice", notice, "Người báo cáo: An", "Tổ dân phố 1, Phường Tương Mai",
			"Giúp đỡ người khó khăn", "Nguyễn Thị Lan", story, "Ảnh: 2")
		for i, file := range []string{"photoA1", "photoA2"} {
			photo := binh.expect(ref1 + " — ảnh " + strconv.Itoa(i+1) + "/2")
			if photo.Method != "sendPhoto" || photo.Photo != file {
				t.Errorf("photo %d: %s of %q, want sendPhoto of %q", i+1, photo.Method, photo.Photo, file)
			}
		}
		binh.press(notice, "🏅 Biểu dương")
		mustContain(t, "the coordinator's confirmation", binh.expect("Kết quả:"), "Bình đã biểu dương lúc")
	})
	t.Run("the reporter is congratulated", func(t *testing.T) {
		an.t = t
		mustContain(t, "commendation", an.expect("Chúc mừng"), ref1, "biểu dương")
		mustContain(t, "/mydeeds", an.say("/vieccuatoi", "báo cáo người tốt, việc tốt của bạn"), ref1,
			"🏅 đã được biểu dương", "Giúp đỡ người khó khăn", "Bà Lan nấu 50 suất cơm")
	})
	t.Run("a photo used before is flagged to the coordinator", func(t *testing.T) {
		bao.t = t
		bao.reportSelf("🎁 Ủng hộ vật chất", "Tôi ủng hộ 20 kg gạo cho các hộ khó khăn trong tổ.")
		ref2 = deedRefIn(t, bao.submit(bao.sendPhoto("photoA1", "uniqA1", "Đã nhận ảnh 1/5")))
		binh.t = t
		notice := binh.expect("Báo cáo người tốt, việc tốt " + ref2)
		mustContain(t, "notice", notice, "đã có trong báo cáo "+ref1, "chính người báo cáo")
		mustContain(t, "photo", binh.expect(ref2+" — ảnh 1/1"), "đã có trong báo cáo "+ref1)

		binh.press(notice, "❌ Từ chối")
		binh.expect("gõ lý do từ chối")
		binh.say("Ảnh", "từ 5 đến 500 ký tự; bạn đã gõ 3 ký tự")
		mustContain(t, "the notice after rejecting", binh.say(reason, "Kết quả:"), "Bình đã từ chối lúc", reason)
		binh.expect("Đã từ chối báo cáo " + ref2)
	})
	t.Run("a rejection reaches the reporter with its reason", func(t *testing.T) {
		bao.t = t
		mustContain(t, "rejection", bao.expect("chưa được duyệt"), ref2, reason)
		mustContain(t, "/mydeeds", bao.say("/mydeeds", "báo cáo người tốt, việc tốt của bạn"), ref2,
			"chưa được duyệt: "+reason, "Ủng hộ vật chất")
	})

	b.stop()
	deeds := deedsOf(t, b.dbPath, "3002")
	if len(deeds) != 1 {
		t.Fatalf("%d deeds stored for the first reporter, want 1", len(deeds))
	}
	first := deeds[0]
	if first.Status != storage.DeedCommended || first.Subject != storage.SubjectOther ||
		first.SubjectName != "Nguyễn Thị Lan" || first.SubjectUnitID != first.UnitID ||
		first.Category != "help" || first.Description != story || first.DecidedBy == 0 {
		t.Errorf("first deed = %+v", first)
	}
	deeds = deedsOf(t, b.dbPath, "3003")
	if len(deeds) != 1 {
		t.Fatalf("%d deeds stored for the second reporter, want 1", len(deeds))
	}
	second := deeds[0]
	if second.Status != storage.DeedRejected || second.Reason != reason ||
		second.Subject != storage.SubjectSelf || second.Category != "donation" || second.Photos[0].DuplicateOf != first.ID {
		t.Errorf("second deed = %+v", second)
	}
	id1, id2 := strconv.FormatInt(first.ID, 10), strconv.FormatInt(second.ID, 10)
	want := []string{id1 + ":0:photoA1:uniqA1", id1 + ":1:photoA2:uniqA2", id2 + ":0:photoA1:uniqA1"}
	if got := photoRows(t, b.dbPath); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("deed_photos = %v, want %v", got, want)
	}
}

func TestDeedReviewIsCheckedWhenActing(t *testing.T) {
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	b := startBot(t, fake, "")
	binh := coordinator(t, fake, b.dbPath, 3101, "Bình", "vi", "HN-TM")
	emma := coordinator(t, fake, b.dbPath, 3102, "Emma", "en", "HN-TM")
	chi := newPerson(t, fake, 3103, "Chi", "vi")
	chi.join("HN-TM-T02")
	mallory := newPerson(t, fake, 3104, "Mallory", "vi")
	mallory.join("HN-TM-T02")

	ref := deedRefIn(t, chi.submit(chi.reportSelf("🛡 Tình nguyện tuyến đầu",
		"Tôi trực chốt kiểm soát dịch ở đầu ngõ suốt 14 ngày.")))
	binhNotice := binh.expect("Báo cáo người tốt, việc tốt " + ref)
	emmaNotice := emma.expect("Good-deed report " + ref)
	mustContain(t, "the English notice", emmaNotice, "Reported by: Chi", "Frontline volunteering", "Photos: none")

	t.Run("a button made for a coordinator does nothing for a resident", func(t *testing.T) {
		own := mallory.say("/help", "Chung Sức có thể giúp bạn")
		data := binhNotice.Buttons()[0][0].CallbackData
		_, qid := fake.PushCallbackQuery(mallory.user, own.MessageID, data)
		if got := mallory.answered(qid); !strings.Contains(got, "hết hiệu lực") {
			t.Errorf("answer = %q, want the expired-button notice", got)
		}
	})
	t.Run("a resident's own decision button is refused at the moment of acting", func(t *testing.T) {
		own := mallory.say("/help", "Chung Sức có thể giúp bạn")
		db, err := storage.Open(context.Background(), b.dbPath)
		if err != nil {
			t.Fatal(err)
		}
		key, err := db.Secret(context.Background(), "callback_key", 32)
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		id := strings.TrimLeft(strings.TrimPrefix(ref, "VT-"), "0")
		data, err := bot.NewSigner(key).Sign("3104", "da", id)
		if err != nil {
			t.Fatal(err)
		}
		_, qid := fake.PushCallbackQuery(mallory.user, own.MessageID, data)
		if got := mallory.answered(qid); !strings.Contains(got, "dành cho cán bộ phụ trách") {
			t.Errorf("answer = %q, want a refusal", got)
		}
	})
	t.Run("the second coordinator is told who decided first", func(t *testing.T) {
		binh.press(binhNotice, "✅ Duyệt")
		confirmation := binh.expect("Kết quả:")
		mustContain(t, "confirmation", confirmation, "Bình đã duyệt lúc")
		chi.t = t
		mustContain(t, "approval", chi.expect("đã được duyệt"), ref)

		qid := emma.press(emmaNotice, "✅ Approve")
		if got := emma.answered(qid); !strings.Contains(got, "already handled: approved by Bình at") {
			t.Errorf("answer = %q, want who approved it first", got)
		}
		binh.press(confirmation, "🏅 Biểu dương")
		mustContain(t, "commendation", chi.expect("Chúc mừng"), ref)
	})

	b.stop()
	deeds := deedsOf(t, b.dbPath, "3103")
	if len(deeds) != 1 || deeds[0].Status != storage.DeedCommended {
		t.Fatalf("deeds = %+v, want one commended", deeds)
	}
}

// Each person here stays under the flood limit (20 updates in 10 s).
func TestDeedBadInputsAndStaleButtons(t *testing.T) {
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	b := startBot(t, fake, "")

	t.Run("up to the description", func(t *testing.T) {
		dung := newPerson(t, fake, 3201, "Dũng", "vi")
		dung.join("HN-HL-T01")
		category := dung.say("/report", "Bước 1/4")
		var last telegramtest.Sent // the last message expected
		steps := []struct {
			label string
			send  func()
			want  string
		}{
			{"text where a button is expected", func() { fake.PushMessage(dung.user, "giúp người") }, "chọn một mục"},
			{"the buttons are shown again", func() {}, "Bước 1/4"},
			{"a category", func() { dung.press(category, "💡 Sáng kiến") }, "Bước 2/4"},
			{"someone else", func() { dung.press(last, "👥 Người khác") }, "gõ họ tên"},
			{"a sticker for a name", func() { fake.PushSticker(dung.user) }, "bằng chữ"},
			{"a one-letter name", func() { fake.PushMessage(dung.user, "A") }, "từ 2 đến 100 ký tự; bạn đã gõ 1 ký tự"},
			{"a name", func() { fake.PushMessage(dung.user, "Ông Tư") }, "Ông Tư sinh sống ở đâu?"},
			{"skip the unit", func() { dung.press(last, "Không rõ") }, "Bước 3/4"},
			{"too short", func() { fake.PushMessage(dung.user, "  tốt lắm ") }, "bạn đã gõ 7 ký tự, cần từ 10 đến 2.000 ký tự"},
			{"too long", func() { fake.PushMessage(dung.user, strings.Repeat("á", 2001)) }, "bạn đã gõ 2.001 ký tự, tối đa chỉ 2.000"},
			{"a photo first", func() { fake.PushPhoto(dung.user, "đây", "photoD0", "uniqD0") }, "Chung Sức đã giữ ảnh này"},
			{"a sticker", func() { fake.PushSticker(dung.user) }, "gõ mô tả việc tốt bằng chữ"},
			{"a voice message", func() { fake.PushVoice(dung.user) }, "gõ mô tả việc tốt bằng chữ"},
			{"a description", func() { fake.PushMessage(dung.user, "Ông Tư làm vòi rửa tay đạp chân cho cả tổ.") }, "Đã nhận ảnh 1/5"},
		}
		for _, st := range steps {
			t.Run(st.label, func(t *testing.T) {
				dung.t = t
				st.send()
				last = dung.expect(st.want)
			})
		}
		dung.t = t
		qid := dung.press(category, "🤝 Giúp đỡ")
		if got := dung.answered(qid); !strings.Contains(got, "hết hiệu lực") {
			t.Errorf("a stale button from an earlier step: answer = %q, want the expired-button notice", got)
		}
	})
	t.Run("the photo step", func(t *testing.T) {
		em := newPerson(t, fake, 3202, "Em", "vi")
		em.say("/report", "chọn nơi sinh sống trước")
		em.join("HN-HL-T02")
		em.say("/mydeeds", "Bạn chưa báo cáo việc tốt nào")
		em.reportSelf("✅ Chấp hành", "Tôi đeo khẩu trang và khai báo y tế đầy đủ mỗi ngày.")
		if msg := em.say("xong rồi", "mời bạn gửi ảnh chụp"); !hasButton(msg, "Bỏ qua, không có ảnh") {
			t.Errorf("text at the photo step: the step's buttons are not shown again: %v", msg.Buttons())
		}
		fake.PushSticker(em.user)
		em.expect("đã nhận 0")
		for i := 1; i <= 4; i++ {
			n := strconv.Itoa(i)
			em.sendPhoto("photoE"+n, "uniqE"+n, "Đã nhận ảnh "+n+"/5")
		}
		em.sendPhoto("photoE5", "uniqE5", "Đã nhận đủ 5 ảnh")
		em.sendPhoto("photoE6", "uniqE6", "tối đa 5 ảnh")
	})
	t.Run("rewrite and cancel", func(t *testing.T) {
		giao := newPerson(t, fake, 3203, "Giao", "vi")
		giao.join("HN-HL-T03")
		photos := giao.reportSelf("🤝 Giúp đỡ", "Tôi đi chợ hộ ba gia đình đang cách ly.")
		giao.sendPhoto("photoH1", "uniqH1", "Đã nhận ảnh 1/5")
		giao.sendPhoto("photoH1", "uniqH1", "đã gửi ảnh này rồi")
		giao.press(photos, "Bỏ qua") // the skip button under the request also ends the step
		preview := giao.expect("Xem lại báo cáo của bạn")
		mustContain(t, "preview", preview, "chính người báo cáo", "Tổ dân phố 3, Phường Hoàng Liệt", "Ảnh: 1")
		giao.press(preview, "✏️ Viết lại mô tả")
		giao.expect("Mô tả trước đây")
		// The rewritten description goes back to the preview, photos kept.
		rewritten := giao.say("Tôi đi chợ hộ ba gia đình đang cách ly trong ngõ 5.", "Xem lại báo cáo của bạn")
		mustContain(t, "preview after a rewrite", rewritten, "trong ngõ 5", "Ảnh: 1")
		qid := giao.press(preview, "✅ Gửi báo cáo")
		if got := giao.answered(qid); !strings.Contains(got, "hết hiệu lực") {
			t.Errorf("the old preview's send = %q, want the expired-button notice", got)
		}
		giao.say("/huy", "Đã hủy báo cáo")
		giao.press(giao.say("/report", "Bước 1/4"), "❌ Hủy")
		giao.expect("Đã hủy báo cáo")
		giao.say("Tôi đi chợ hộ ba gia đình", "gõ /help")
	})
	b.stop()
	for _, id := range []string{"3201", "3202", "3203"} {
		if deeds := deedsOf(t, b.dbPath, id); len(deeds) != 0 {
			t.Errorf("an unfinished report of %s stored %+v", id, deeds)
		}
	}
	if rows := photoRows(t, b.dbPath); len(rows) != 0 {
		t.Errorf("unfinished reports stored photos %v", rows)
	}
}

func TestDeedReportSurvivesRestart(t *testing.T) {
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	b := startBot(t, fake, "")
	giang := newPerson(t, fake, 3301, "Giang", "vi")
	giang.join("HN-TM-T03")
	giang.press(giang.say("/report", "Bước 1/4"), "✅ Chấp hành tốt quy định")
	giang.press(giang.expect("Bước 2/4"), "🙋 Tôi")
	giang.expect("Bước 3/4")

	b.stop()
	b = startBot(t, fake, b.dbPath)
	giang.say("Cả nhà tôi ở yên trong nhà suốt 21 ngày giãn cách, đi chợ hộ hàng xóm lớn tuổi.", "Bước 4/4")
	first := giang.sendPhoto("photoG1", "uniqG1", "Đã nhận ảnh 1/5")

	b.stop()
	b = startBot(t, fake, b.dbPath)
	giang.sendPhoto("photoG2", "uniqG2", "Đã nhận ảnh 2/5")
	giang.press(first, "✔ Xong") // a button from before the restart still works
	preview := giang.expect("Xem lại báo cáo của bạn")
	mustContain(t, "preview", preview, "Chấp hành tốt quy định", "chính người báo cáo",
		"Tổ dân phố 3, Phường Tương Mai", "21 ngày giãn cách", "Ảnh: 2")
	giang.press(preview, "✅ Gửi báo cáo")
	ref := deedRefIn(t, giang.expect("đã ghi lại báo cáo"))
	mustContain(t, "/mydeeds", giang.say("/mydeeds", "báo cáo người tốt, việc tốt của bạn"), ref, "chờ duyệt")

	b.stop()
	deeds := deedsOf(t, b.dbPath, "3301")
	if len(deeds) != 1 || deeds[0].Status != storage.DeedPending || len(deeds[0].Photos) != 2 ||
		deeds[0].Photos[1].FileID != "photoG2" || deeds[0].Category != "compliance" {
		t.Fatalf("deeds = %+v, want one pending with both photos", deeds)
	}
}
