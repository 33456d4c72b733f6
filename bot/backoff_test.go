package bot_test

import (
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot"
)

func TestBackoffDoublesUpToItsCap(t *testing.T) {
	b := bot.Backoff{Min: time.Second, Max: 30 * time.Second}
	want := []time.Duration{time.Second, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second,
		16 * time.Second, 30 * time.Second, 30 * time.Second}
	for attempt, w := range want {
		if got := b.Next(attempt); got != w {
			t.Errorf("Next(%d) = %v, want %v", attempt, got, w)
		}
	}
	for _, attempt := range []int{40, 64, 1000, 1 << 30} {
		if got := b.Next(attempt); got != 30*time.Second {
			t.Errorf("Next(%d) = %v, want the cap", attempt, got)
		}
	}
}

func TestBackoffJitterOnlyShortens(t *testing.T) {
	b := bot.Backoff{Min: time.Second, Max: time.Minute, Jitter: 0.2}
	for attempt := 1; attempt < 10; attempt++ {
		plain := bot.Backoff{Min: b.Min, Max: b.Max}.Next(attempt)
		for range 50 {
			got := b.Next(attempt)
			if got > plain || got < plain-plain/5 {
				t.Fatalf("Next(%d) = %v, want within 20%% below %v", attempt, got, plain)
			}
		}
	}
}
