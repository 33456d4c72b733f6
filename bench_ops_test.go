package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/chungsuc/chungsuc/storage"
)

// appealDeliveries is the size of the appeal of the scrape benchmarks.
const appealDeliveries = 100_000

// appealBacklog opens a database whose outbox holds an appeal going out
// to appealDeliveries people, none sent yet.
func appealBacklog(b *testing.B) *storage.DB {
	b.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(b.TempDir(), "ops.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.ImportSample(ctx); err != nil {
		b.Fatal(err)
	}
	var appeal storage.Appeal
	if err := db.Update(ctx, func(tx *storage.Tx) error {
		u, err := tx.UnitByCode("HN-TM")
		if err != nil {
			return err
		}
		appeal, err = tx.CreateAppeal(storage.Appeal{UnitID: u.ID, Audience: storage.AudienceResidents,
			Text: "Bà con chú ý: tiêm chủng mũi 2 tại trạm y tế phường sáng mai."})
		return err
	}); err != nil {
		b.Fatal(err)
	}
	for chunk := 0; chunk < appealDeliveries; chunk += 10_000 {
		if err := db.Update(ctx, func(tx *storage.Tx) error {
			for i := chunk; i < chunk+10_000; i++ {
				if _, err := tx.Enqueue(storage.OutboxMessage{Platform: "telegram", ChatID: fmt.Sprint(1_000_000 + i),
					Priority: 1, Kind: "send", Payload: []byte(`{"text":"Bà con chú ý"}`), BatchID: appeal.ID}); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
	return db
}

// BenchmarkOpsRead times one reading of the database's figures for
// /metrics (backlog by lane, the appeal's deliveries by status, runs,
// residents) with an appeal to 100,000 people in the outbox: what the
// background reader does every 5 seconds.
func BenchmarkOpsRead(b *testing.B) {
	db := appealBacklog(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		o, err := db.Ops(ctx, time.Now().Add(-24*time.Hour))
		if err != nil {
			b.Fatal(err)
		}
		if len(o.Appeals) != 1 || o.Appeals[0].Figures.Pending != appealDeliveries {
			b.Fatalf("figures = %+v", o.Appeals)
		}
	}
}

// BenchmarkScrapeDuringAppeal times GET /metrics over HTTP while an
// appeal to 100,000 people waits in the outbox and the figures are read
// again and again meanwhile (harder than every 5 seconds); it reports
// the slowest scrape and the 99th percentile beside the mean.
func BenchmarkScrapeDuringAppeal(b *testing.B) {
	db := appealBacklog(b)
	m := newMetrics(db)
	if err := m.ops.refresh(context.Background()); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
	defer srv.Close()
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		for ctx.Err() == nil {
			_ = m.ops.refresh(ctx)
		}
	})
	var took []time.Duration
	b.ResetTimer()
	for b.Loop() {
		began := time.Now()
		resp, err := http.Get(srv.URL)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		took = append(took, time.Since(began))
	}
	b.StopTimer()
	stop()
	wg.Wait()
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(took[len(took)-1].Microseconds())/1000, "max-ms")
}

// BenchmarkBackupCity times `chungsuc backup` (VACUUM INTO, then the
// copy's integrity check) of the city of storage.DefaultCity (100,000
// residents and their check-ins), made first in a temporary directory
// (about 40 s) or read from the file CHUNGSUC_CITY_DB names.
func BenchmarkBackupCity(b *testing.B) {
	ctx := context.Background()
	path := os.Getenv("CHUNGSUC_CITY_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "city.db")
	}
	db, err := storage.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.GenerateCity(ctx, storage.DefaultCity); err != nil && !errors.Is(err, storage.ErrConflict) {
		b.Fatal(err)
	}
	dir := b.TempDir()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		i++
		last, err := db.Backup(ctx, filepath.Join(dir, fmt.Sprintf("copy-%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(last.Bytes)/1e6, "MB")
	}
}
