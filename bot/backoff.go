package bot

import (
	"math/rand/v2"
	"time"
)

// Backoff spaces the retries of something that failed for a temporary
// reason: Min before the first retry, doubling with each attempt up to
// Max, each wait shortened at random by up to Jitter (a fraction of it)
// so that many retries do not fall on the same instant. The dispatcher,
// the update engine and the adapters share it.
type Backoff struct {
	Min, Max time.Duration
	Jitter   float64
}

// Next returns the wait before retry number attempt (1 for the first; a
// lower number counts as 1).
func (b Backoff) Next(attempt int) time.Duration {
	wait := b.Max
	if shift := max(attempt-1, 0); shift < 32 && b.Min<<shift > 0 && b.Min<<shift < b.Max {
		wait = b.Min << shift
	}
	if b.Jitter > 0 && wait > 0 {
		wait -= time.Duration(rand.Float64() * b.Jitter * float64(wait))
	}
	return wait
}
