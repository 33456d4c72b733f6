package handlers_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/handlers"
	"github.com/chungsuc/chungsuc/storage"
)

// BenchmarkCity measures what officials and the scheduler ask of a whole
// city: storage.DefaultCity (30 wards of 20 groups, 100,000 residents,
// 90 days of check-ins, 20,000 deeds), made by storage.GenerateCity in
// a temporary directory, or kept in the file CHUNGSUC_CITY_DB names (made
// there when it does not exist yet: set it to make the city once for
// several runs). The city is made once for the three sub-benchmarks;
// being a benchmark, it never runs under plain `go test`.
//
//	go test -run '^$' -bench 'City' -benchtime 5x -timeout 30m ./handlers/
//
// Targets (the city-scale issue): the city's daily digest ≤ 300 ms, its
// leaderboard ≤ 100 ms, its public page ≤ 50 ms from cold (the issue of
// the movement), and the whole city's check-in reminder with no
// write transaction holding the writer more than 50 ms.
func BenchmarkCity(b *testing.B) {
	ctx := context.Background()
	path, end := cityFixture(b)
	db, err := storage.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	hcm, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		b.Fatal(err)
	}
	now := end
	app := handlers.New(handlers.Config{DB: db, Signer: bot.NewSigner([]byte("city benchmark")), Lang: "vi",
		TZ: hcm, Platforms: testPlatforms, Now: func() time.Time { return now }})

	b.Run("Digest", func(b *testing.B) {
		b.ReportAllocs()
		var text string
		for b.Loop() {
			var png []byte
			var err error
			if text, png, err = app.Digest(ctx, storage.DefaultCity.Code, false, "vi", now); err != nil {
				b.Fatal(err)
			}
			if len(png) == 0 {
				b.Fatal("no chart")
			}
		}
		b.Logf("the digest (%d bytes):\n%s", len(text), bot.PlainText(text))
	})
	b.Run("Leaderboard", func(b *testing.B) {
		b.ReportAllocs()
		var text string
		for b.Loop() {
			var err error
			if text, err = app.Leaderboard(ctx, storage.DefaultCity.Code, "vi", now); err != nil {
				b.Fatal(err)
			}
		}
		b.Logf("the leaderboard (%d bytes):\n%s", len(text), bot.PlainText(text))
	})
	b.Run("PublicPage", func(b *testing.B) {
		// From cold: read on the reader pool and rendered, as on the first
		// request after a change (the HTTP cache is in package main).
		b.ReportAllocs()
		pages := app.NewPages()
		var out bytes.Buffer
		for b.Loop() {
			p, err := app.PublicPage(ctx, storage.DefaultCity.Code, "vi", now)
			if err != nil {
				b.Fatal(err)
			}
			out.Reset()
			if err := pages.Render(&out, p, handlers.PageLinks{}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(out.Len()), "page-bytes")
	})
	b.Run("Reminder", func(b *testing.B) { benchCityReminder(b, db, app, path, end, &now) })
}

// benchCityReminder runs the 08:00 check-in reminder of the whole city
// on the fixture's last day, as the scheduler does (the slot claimed,
// then chunks of handlers.ReminderChunk), from a clean slate each time:
// the reminders and the runs of the time before are deleted, untimed.
func benchCityReminder(b *testing.B, db *storage.DB, app *handlers.App, path string, end time.Time, now *time.Time) {
	ctx := context.Background()
	raw := rawDB(b, path)
	slot := time.Date(end.Year(), end.Month(), end.Day(), 8, 0, 0, 0, end.Location())
	*now = slot
	db.Now = func() time.Time { return *now }
	var sched storage.Schedule
	err := db.Update(ctx, func(tx *storage.Tx) error {
		city, err := tx.UnitByCode(storage.DefaultCity.Code)
		if err != nil {
			return err
		}
		// Paused: a bot started on a kept fixture never runs it.
		sched, err = tx.CreateSchedule(storage.Schedule{Kind: storage.ScheduleReminder, UnitID: city.ID,
			Spec: "0 8 * * *", TZ: "Asia/Ho_Chi_Minh", Paused: true})
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	clean := func() {
		for _, q := range []string{`DELETE FROM outbox`, `DELETE FROM reminders_sent`,
			`DELETE FROM schedule_runs WHERE schedule_id = ` + fmt.Sprint(sched.ID), `PRAGMA wal_checkpoint(TRUNCATE)`} {
			if _, err := raw.ExecContext(ctx, q); err != nil {
				b.Fatalf("%s: %v", q, err)
			}
		}
	}
	defer func() {
		clean()
		if _, err := raw.ExecContext(ctx, `DELETE FROM schedules WHERE id = ?`, sched.ID); err != nil {
			b.Error(err)
		}
	}()
	b.ReportAllocs()
	var reminded int
	var holds []time.Duration
	var worst time.Duration
	for b.Loop() {
		b.StopTimer()
		clean()
		db.ResetWriteStats()
		b.StartTimer()
		err := db.Update(ctx, func(tx *storage.Tx) error {
			_, err := tx.ClaimRun(sched.ID, slot, storage.RunRunning, "")
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		stop := sampleHolds(db, &holds)
		if reminded, err = app.RunSchedule(ctx, sched, slot); err != nil {
			b.Fatal(err)
		}
		stop()
		worst = max(worst, db.WriteStats().Max)
	}
	slices.Sort(holds)
	over, _ := slices.BinarySearch(holds, 50*time.Millisecond+1)
	over = len(holds) - over
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(worst), "hold-ms")
	b.ReportMetric(ms(holds[len(holds)/2]), "p50-hold-ms")
	b.ReportMetric(ms(holds[len(holds)*95/100]), "p95-hold-ms")
	b.ReportMetric(float64(over), "holds-over-50ms")
	b.ReportMetric(float64(len(holds)), "write-txs")
	b.ReportMetric(float64(reminded), "reminded")
}

// sampleHolds adds to holds how long each write transaction held the
// writer, from db.WriteStats read every 200 µs (a transaction of a
// reminder lasts some 20 ms), until the function it returns is called.
// Two transactions seen at once (rare) share their time: the longest
// hold is taken from WriteStats itself.
func sampleHolds(db *storage.DB, holds *[]time.Duration) func() {
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		last := db.WriteStats()
		take := func() {
			st := db.WriteStats()
			if n := st.Count - last.Count; n > 0 {
				for range n { // two at once (rare) share their time
					*holds = append(*holds, (st.Total-last.Total)/time.Duration(n))
				}
			}
			last = st
		}
		for {
			select {
			case <-done:
				take()
				return
			case <-time.After(200 * time.Microsecond):
				take()
			}
		}
	}()
	return func() { close(done); <-finished }
}

// cityFixture returns the city's database file and the time by which
// everything in it happened (20:00 on its last day), making it in b's
// temporary directory (removed after b), or at CHUNGSUC_CITY_DB (kept,
// and made there only when that file does not exist yet).
func cityFixture(b *testing.B) (string, time.Time) {
	b.Helper()
	path := os.Getenv("CHUNGSUC_CITY_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "city.db")
	}
	end, err := makeCity(b, path)
	if err != nil {
		b.Fatal(err)
	}
	return path, end
}

// makeCity makes the default city at path unless the file holds one
// already (and refuses a database that holds none), and returns its end.
func makeCity(b *testing.B, path string) (time.Time, error) {
	ctx := context.Background()
	db, err := storage.Open(ctx, path)
	if err != nil {
		return time.Time{}, err
	}
	defer db.Close()
	start := time.Now()
	switch err := db.GenerateCity(ctx, storage.DefaultCity); {
	case errors.Is(err, storage.ErrConflict):
		b.Logf("the city in %s, made before", path)
	case err != nil:
		return time.Time{}, err
	default:
		st, err := os.Stat(path)
		if err != nil {
			return time.Time{}, err
		}
		b.Logf("made the city in %s in %v (%d MB)", path, time.Since(start).Round(time.Second), st.Size()>>20)
	}
	spec, err := db.City(ctx)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s is not a city made by GenerateCity (the benchmarks delete its outbox): %w",
			path, err)
	}
	return spec.CityEnd()
}

// rawDB is a plain connection to the database file, for the benchmarks'
// own bookkeeping (cleaning up between runs), closed after b.
func rawDB(b *testing.B, path string) *sql.DB {
	b.Helper()
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: "_pragma=busy_timeout(5000)"}
	raw, err := sql.Open("sqlite", u.String())
	if err != nil {
		b.Fatal(err)
	}
	raw.SetMaxOpenConns(1)
	b.Cleanup(func() { raw.Close() })
	return raw
}
