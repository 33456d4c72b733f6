package handlers

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// BenchmarkAppealExpansion fans an appeal out to the 100,000 residents of
// a ward (20 groups of 5,000) and reports the longest time one expansion
// transaction held the database's single writer (the target is 50 ms),
// the median, and the whole expansion's time.
//
//	go test ./handlers -run '^$' -bench BenchmarkAppealExpansion -benchtime 1x
func BenchmarkAppealExpansion(b *testing.B) {
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(b.TempDir(), "expand.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ImportSample(ctx); err != nil {
		b.Fatal(err)
	}
	const residents = 100_000
	var ward int64
	err = db.Update(ctx, func(tx *storage.Tx) error {
		w, err := tx.UnitByCode("HN-TM")
		if err != nil {
			return err
		}
		ward = w.ID
		groups, err := tx.Children(w.ID)
		if err != nil {
			return err
		}
		for i := range residents {
			id := fmt.Sprint(1_000_000 + i)
			r, err := tx.TouchResident("telegram", id, id, "", "", "vi")
			if err != nil {
				return err
			}
			if err := tx.SetResidentUnit(r.ID, groups[i%len(groups)].ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	a := New(Config{DB: db, Signer: bot.NewSigner([]byte("k")), Lang: "vi"})
	b.ResetTimer()
	for range b.N {
		err := db.Update(ctx, func(tx *storage.Tx) error {
			_, err := a.QueueAppeal(tx, ward, storage.AudienceResidents, true, "Bà con chú ý.")
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		var holds []time.Duration
		start := time.Now()
		for {
			t0 := time.Now()
			n, more, err := a.appeals.expand(ctx)
			if err != nil {
				b.Fatal(err)
			}
			holds = append(holds, time.Since(t0))
			if !more || n == 0 {
				break
			}
		}
		total := time.Since(start)
		slices.Sort(holds)
		b.ReportMetric(float64(holds[len(holds)-1].Microseconds())/1000, "max-hold-ms")
		b.ReportMetric(float64(holds[len(holds)/2].Microseconds())/1000, "p50-hold-ms")
		b.ReportMetric(total.Seconds(), "expand-s")
		b.ReportMetric(float64(len(holds)), "transactions")
	}
}
