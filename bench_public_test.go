package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
	"github.com/chungsuc/chungsuc/storage"
)

// BenchmarkPublicPageWarm times a public page served from the pages'
// cache, through the HTTP handler (no network): the page of the city in
// the file CHUNGSUC_CITY_DB names (see handlers' BenchmarkCity), else the
// sample ward's. The target: ≤ 2 ms.
//
//	CHUNGSUC_CITY_DB=/tmp/city.db go test -run '^$' -bench PublicPageWarm .
func BenchmarkPublicPageWarm(b *testing.B) {
	ctx := context.Background()
	path, code := os.Getenv("CHUNGSUC_CITY_DB"), "HN-TM"
	if path == "" {
		path = b.TempDir() + "/sample.db"
	}
	db, err := storage.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if spec, err := db.City(ctx); err == nil {
		code = spec.Code
	} else if err := loadSample(ctx, db, io.Discard); err != nil {
		b.Fatal(err)
	}
	cfg := config{DB: path, Lang: "vi", tzName: "Asia/Ho_Chi_Minh"}
	if err := cfg.check(); err != nil {
		b.Fatal(err)
	}
	app, err := newApp(ctx, db, &cfg, newLogger(io.Discard, 0), "ChungSucBot", offline())
	if err != nil {
		b.Fatal(err)
	}
	pp := newPublicPages(app, db, "https://chungsuc.example.vn", app.JoinLink, newLogger(io.Discard, 0))
	mux := http.NewServeMux()
	pp.routes(mux)
	get := func() *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		r := httptest.NewRequest("GET", "/u/"+code, nil)
		r.Header.Set("Accept-Encoding", "gzip")
		mux.ServeHTTP(w, r)
		return w
	}
	began := time.Now()
	first := get()
	if first.Code != 200 {
		b.Fatalf("the page: %d %s", first.Code, first.Body)
	}
	cold := time.Since(began)
	var size int
	for b.Loop() {
		size = get().Body.Len()
	}
	b.ReportMetric(float64(cold.Microseconds())/1000, "cold-ms")
	b.ReportMetric(float64(size), "gzip-bytes")
}

// BenchmarkPageStorm has 10,000 residents of the sample ward check in
// through the fake Bot API, as BenchmarkCheckins does, while the public
// page of their ward is asked 1,000 times a second over HTTP: the page
// must not slow the check-ins (their p99 ≤ 20 ms), and must keep up.
// Run it with -benchtime=1x.
func BenchmarkPageStorm(b *testing.B) {
	const residents, parallel, perSecond = 10000, 50, 1000
	for i := 0; i < b.N; i++ {
		fake := telegramtest.New(telegramtest.Config{})
		st, stop := benchStack(b, fake)
		timed := &timedProcessor{}
		st.app.Applied = timed.record
		seedResidents(b, st.db, residents)
		pp := newPublicPages(st.app, st.db, "https://chungsuc.example.vn", st.app.JoinLink, newLogger(io.Discard, 0))
		mux := http.NewServeMux()
		pp.routes(mux)
		srv := httptest.NewServer(mux)
		ctx, stopStorm := context.WithCancel(context.Background())
		var served, failed atomic.Int64
		var mu sync.Mutex
		var took []time.Duration
		var wg sync.WaitGroup
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 128}}
		began := time.Now()
		wg.Go(func() {
			// Open loop: requests are due at perSecond from the start, and
			// those a slow millisecond left behind go at the next one (at
			// most 128 at once, then each waits for one to end).
			sem := make(chan struct{}, 128)
			sent := 0
			for ctx.Err() == nil {
				time.Sleep(time.Millisecond)
				due := int(time.Since(began).Seconds()*perSecond) - sent
				for ; due > 0 && ctx.Err() == nil; due-- {
					sent++
					sem <- struct{}{}
					wg.Go(func() {
						defer func() { <-sem }()
						began := time.Now() // this request's
						resp, err := client.Get(srv.URL + "/u/HN-TM")
						if err != nil {
							failed.Add(1)
							return
						}
						_, _ = io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						if resp.StatusCode != 200 {
							failed.Add(1)
							return
						}
						served.Add(1)
						mu.Lock()
						took = append(took, time.Since(began))
						mu.Unlock()
					})
				}
			}
		})
		b.ResetTimer()
		start := time.Now()
		runCrowd(b, fake, residents, parallel)
		elapsed := time.Since(start)
		b.StopTimer()
		stopStorm()
		wg.Wait()
		srv.Close()
		countCheckins(b, st.db, residents)
		stop()
		fake.Close()
		slices.Sort(took)
		b.ReportMetric(float64(timed.percentile(0.99).Microseconds())/1000, "checkin-p99-ms")
		b.ReportMetric(float64(len(timed.took))/elapsed.Seconds(), "updates/s")
		b.ReportMetric(float64(served.Load())/elapsed.Seconds(), "pages/s")
		b.ReportMetric(float64(failed.Load()), "page-failures")
		if len(took) > 0 {
			b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "page-p99-ms")
		}
	}
}
