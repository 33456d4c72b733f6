package main

import (
	"context"
	"testing"

	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
	"github.com/chungsuc/chungsuc/storage"
)

// Telegram user ids 3000–3999 belong to these tests. What a report says
// and does, step by step and for its reviewers, is the handlers' journeys'
// (handlers/flow_deed_test.go); here, what only the real program shows.

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

// TestDeedReportSurvivesRestart stops and restarts the program twice in
// the middle of a report: the flow, its photos and a button sent before
// the restart carry on.
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
