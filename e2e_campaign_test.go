package main

import (
	"bytes"
	"context"
	"image/png"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
	"github.com/chungsuc/chungsuc/schedules"
)

// fakeClock is a clock the test moves; the bot reads it for every stored
// time and for its schedules.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// TestCampaignJourney is what the schedules' issue is done with, through
// the real program and the fake Bot API, on a clock the test moves: a
// ward's coordinator launches the 2021 campaign from its template in two
// taps and schedules a daily 08:00 check-in reminder; an official
// subscribes to the daily digest; at 08:00 the reminder reaches only the
// resident who has not checked in; at 17:00 the official receives the
// digest with its chart (an uploaded PNG); /top ranks the groups.
func TestCampaignJourney(t *testing.T) {
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	dbPath := filepath.Join(t.TempDir(), "campaign.db")
	seedSample(t, dbPath)
	grantRole(t, dbPath, 9601, "coordinator", "HN-TM")
	grantRole(t, dbPath, 9602, "official", "HN-TM")

	hcm, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	// Two days ago, so that every time the bot writes is in the past for
	// the dispatcher, which paces on the real clock.
	d := time.Now().In(hcm).AddDate(0, 0, -2)
	day := func(h, m int) time.Time { return time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, hcm) }
	clock := &fakeClock{t: day(7, 30)}

	logs := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	cfg := config{Token: fake.Token(), Endpoint: fake.Endpoint(), DB: dbPath, Lang: "vi", tzName: "Asia/Ho_Chi_Minh",
		rate: "25", paid: "0", giveUp: "6h"}
	go func() {
		done <- runBot(ctx, &cfg, logs, func(st *stack) {
			for _, disp := range st.disps {
				unpaced(disp)
			}
			st.db.Now, st.app.Now, st.app.Flood.Now = clock.Now, clock.Now, clock.Now
			st.sched = schedules.New(schedules.Config{App: st.app, Notify: st.kick, Location: hcm,
				Log: slog.New(slog.NewTextHandler(logs, nil)), DB: st.db, Now: clock.Now})
		})
	}()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(waitLimit):
			t.Error("the bot did not stop")
		}
	}()
	wctx, wcancel := context.WithTimeout(context.Background(), waitLimit)
	defer wcancel()
	if err := fake.WaitPolling(wctx, 1); err != nil {
		t.Fatalf("the bot did not start polling: %v\n%s", err, logs.String())
	}

	coord := newPerson(t, fake, 9601, "Chị Mai", "vi")
	official := newPerson(t, fake, 9602, "Ông Hải", "vi")
	an := newPerson(t, fake, 9611, "An", "vi")
	binh := newPerson(t, fake, 9612, "Bình", "vi")
	an.join("HN-TM-T01")
	binh.join("HN-TM-T02")

	// The campaign from the template, in two taps.
	offer := coord.say("/phongtrao", "mẫu phong trào năm 2021")
	coord.press(offer, "Dùng mẫu phong trào 2021")
	preview := coord.expect("Toàn dân đoàn kết, chung sức thi đua phòng, chống và chiến thắng đại dịch Covid-19")
	coord.press(preview, "Phát động")
	coord.expect("đã phát động phong trào thi đua")

	// The daily reminder and the subscription.
	coord.press(coord.say("/lich them hằng ngày 08:00", "Ba lần tới"), "✅ Lưu lịch")
	coord.expect("Đã lưu lịch")
	official.say("/dangky hangngay", "mỗi ngày")

	// An checks in before 08:00; Bình does not.
	mustContain(t, "An's check-in", an.checkIn("😊", "✅ Tôi thực hiện 5K", "👍"), "Đã ghi nhận")

	clock.Set(day(8, 0).Add(20 * time.Second))
	binh.expect("Nhắc khai báo y tế")
	// The reminder run is one transaction per 500 residents: once Bình has
	// his, the run is over, and An must have none.
	for _, s := range fake.SentTo(an.user.ID) {
		if strings.Contains(s.PlainText, "Nhắc khai báo y tế") {
			t.Errorf("An, who had checked in, was reminded: %q", s.PlainText)
		}
	}

	clock.Set(day(17, 0).Add(20 * time.Second))
	digest := official.expect("Báo cáo nhanh trong ngày: Phường Tương Mai")
	mustContain(t, "the digest", digest, "Cư dân: 2 đang tham gia", "Khai báo y tế hôm nay: 50%",
		"Tổ dân phố 1: hôm nay 100%", "Tổ dân phố 2: hôm nay 0%", "Vùng xanh: 5/5 đơn vị")
	chart := official.expect("Biểu đồ tỷ lệ khai báo y tế hôm nay")
	if chart.Method != "sendPhoto" || chart.Upload == nil {
		t.Fatalf("the chart was not uploaded: %s %+v", chart.Method, chart.Upload)
	}
	img, err := png.Decode(bytes.NewReader(chart.Upload.Data))
	if err != nil {
		t.Fatalf("the chart is no PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 600 || b.Dy() < 600 {
		t.Errorf("the chart is only %v", b)
	}

	top := binh.say("/xephang", "Xếp hạng thi đua: Phường Tương Mai")
	mustContain(t, "the leaderboard", top, "1. 🟢 Tổ dân phố 1", "Tham gia 100%", "Tổ dân phố 2 ⭐", "Tham gia 0%")
	if i1, i2 := strings.Index(top.PlainText, "Tổ dân phố 1"), strings.Index(top.PlainText, "Tổ dân phố 2"); i1 > i2 {
		t.Errorf("the group that checked in should lead:\n%s", top.PlainText)
	}
}
