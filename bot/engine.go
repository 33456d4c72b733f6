package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Source is a messenger's stream of updates: an adapter in poll mode.
type Source interface {
	// Name identifies the stream for bookkeeping, e.g. "telegram:123456".
	Name() string
	// Poll returns the next updates at or after offset (the Seq of the last
	// update received + 1), waiting for some to arrive. It returns
	// ErrSourceClosed when the stream has ended for good (the console's
	// input ran out) and a *PlatformError for what the platform refused.
	Poll(ctx context.Context, offset int64) ([]Update, error)
}

// ErrSourceClosed ends the engine's loop without an error.
var ErrSourceClosed = errors.New("source closed")

// ErrTokenRejected means the platform refused the bot's token.
var ErrTokenRejected = errors.New("the token was rejected by the platform (401 Unauthorized)")

// ErrConflict means another process polls with the same token.
var ErrConflict = errors.New("another process is polling with the same token (409 Conflict): stop it, or use another token")

// Processor applies one update: its effects, the messages it causes and
// the record that it was applied commit together, or not at all. An update
// already applied is skipped. The error it returns is one of
// infrastructure (the database is unreachable, say): the update is tried
// again later, never skipped.
type Processor interface {
	Process(ctx context.Context, u Update) error
}

// BatchProcessor is a Processor that can apply the updates of one poll
// together: each update exactly as Process would (its effects, its
// messages and the record that it was applied, or its one apology), all
// of them committed at once. A failure of one update's handler undoes
// that update alone; an error returned means nothing of the batch was
// applied, and the engine tries the whole batch again later.
type BatchProcessor interface {
	Processor
	ProcessBatch(ctx context.Context, us []Update) error
}

// PhotoKeeper downloads a photo a person sent and keeps its bytes, so that
// another messenger can show it; it returns the hex SHA-256 of the bytes.
type PhotoKeeper interface {
	KeepPhoto(ctx context.Context, platform string, p Photo) (string, error)
}

// photoTimeout bounds the download of one photo.
const photoTimeout = 30 * time.Second

// OffsetStore returns the stored poll offset of a source (0 if none).
type OffsetStore interface {
	Offset(ctx context.Context, source string) (int64, error)
}

// Engine is the long-poll loop of one source: poll, apply the updates
// (the whole poll in one transaction when the Processor is a
// BatchProcessor, each in its own otherwise), then tell the dispatcher
// there is mail. The next poll confirms the updates to the platform only
// after they committed.
type Engine struct {
	Source    Source
	Processor Processor
	Offsets   OffsetStore
	// Menus, when set, turns a number typed in answer to a text menu (a
	// messenger without buttons) into the press of that button.
	Menus MenuStore
	// Photos, when set, downloads each photo received before its update
	// is applied (Photo.Hash); a photo that cannot be downloaded is kept
	// by the platform's reference only.
	Photos PhotoKeeper
	// Notify is called after each applied update (typically Dispatcher.Kick).
	Notify func()
	Log    *slog.Logger
	// Meter, when set, is told of each poll and each update received.
	Meter Meter
	// Sleep waits d or until ctx is done; tests replace it.
	Sleep func(ctx context.Context, d time.Duration) error
}

// engineBackoff spaces the retries of a failed poll or update: one
// poller, so no jitter.
var engineBackoff = Backoff{Min: time.Second, Max: 30 * time.Second}

// Run polls until ctx is cancelled (returns nil), the source closes
// (returns nil), or the platform refuses the token or reports a second
// poller (returns ErrTokenRejected or ErrConflict). An update in hand when
// ctx is cancelled is finished first.
func (e *Engine) Run(ctx context.Context) error {
	offset, err := e.Offsets.Offset(ctx, e.Source.Name())
	if err != nil {
		if ctx.Err() != nil {
			return nil // stopped before it began
		}
		return fmt.Errorf("load offset: %w", err)
	}
	failures := 0
	for ctx.Err() == nil {
		e.polling()
		updates, err := e.Source.Poll(ctx, offset)
		e.count(updates, err)
		if err != nil {
			if wait, fatal := e.pollFailed(ctx, err, &failures); fatal != nil || wait < 0 {
				return fatal
			} else if e.sleep(ctx, wait) != nil {
				return nil
			}
			continue
		}
		failures = 0
		if bp, ok := e.Processor.(BatchProcessor); ok && len(updates) > 0 {
			if err := e.applyBatch(ctx, bp, updates); err != nil {
				return nil // cancelled while retrying: the batch stays unconfirmed
			}
			for _, u := range updates {
				if u.Seq != 0 {
					offset = u.Seq + 1
				}
			}
			continue
		}
		for _, u := range updates {
			if ctx.Err() != nil {
				return nil
			}
			if err := e.apply(ctx, u); err != nil {
				return nil // cancelled while retrying: the update stays unconfirmed
			}
			if u.Seq != 0 {
				offset = u.Seq + 1
			}
		}
	}
	return nil
}

// polling tells the Meter that a poll of a platform begins.
func (e *Engine) polling() {
	if e.Meter == nil {
		return
	}
	if platform, _, _ := strings.Cut(e.Source.Name(), ":"); platform != InboxSource {
		e.Meter.Polling(platform)
	}
}

// count tells the Meter of a poll's outcome and the updates it brought.
// The inbox of webhook mode is not a platform: its updates are counted,
// its polls are not (the listener tells of each webhook instead).
func (e *Engine) count(updates []Update, err error) {
	if e.Meter == nil {
		return
	}
	name := e.Source.Name()
	platform, _, _ := strings.Cut(name, ":")
	switch {
	case err != nil && !errors.Is(err, ErrSourceClosed) && !errors.Is(err, context.Canceled):
		if platform != InboxSource {
			e.Meter.PollFailed(platform)
		}
		return
	case err != nil:
		return
	case platform != InboxSource:
		e.Meter.Polled(platform, len(updates))
	}
	for i := range updates {
		e.Meter.Received(updates[i].Platform, updates[i].Kind)
	}
}

// InboxSource is the name of webhook mode's source: the inbox table.
const InboxSource = "inbox"

// pollFailed decides what a failed poll means: a wait before the next try,
// a fatal error, or (wait < 0) a clean end.
func (e *Engine) pollFailed(ctx context.Context, err error, failures *int) (time.Duration, error) {
	if ctx.Err() != nil || errors.Is(err, ErrSourceClosed) {
		return -1, nil
	}
	switch KindOf(err) {
	case Unauthorized:
		return 0, ErrTokenRejected
	case Conflict:
		return 0, ErrConflict
	case RateLimited:
		e.log().Warn("polling rate limited", "retry_after", RetryAfterOf(err))
		return RetryAfterOf(err), nil
	}
	*failures++
	wait := engineBackoff.Next(*failures)
	e.log().Warn("poll failed, backing off", "err", err, "wait", wait)
	return wait, nil
}

// apply processes u until it commits, backing off on infrastructure
// errors. Processing is not cancelled by ctx: the update in hand finishes.
// It returns an error only if ctx ends while waiting to retry.
func (e *Engine) apply(ctx context.Context, u Update) error {
	e.keepPhoto(ctx, &u)
	for attempt := 1; ; attempt++ {
		chosen, err := e.chosen(ctx, u)
		if err != nil {
			e.log().Error("text menu not read, will retry", "update", u.ID, "err", err)
			if e.sleep(ctx, engineBackoff.Next(attempt)) != nil {
				return ctx.Err()
			}
			continue
		}
		u = chosen
		err = e.Processor.Process(context.WithoutCancel(ctx), u)
		if err == nil {
			if e.Notify != nil {
				e.Notify()
			}
			return nil
		}
		wait := engineBackoff.Next(attempt)
		e.log().Error("update not applied, will retry", "update", u.ID, "err", err, "wait", wait)
		if e.sleep(ctx, wait) != nil {
			return ctx.Err()
		}
	}
}

// applyBatch processes the updates of one poll until they commit, backing
// off on infrastructure errors, as apply does for one.
func (e *Engine) applyBatch(ctx context.Context, bp BatchProcessor, updates []Update) error {
	for i := range updates {
		e.keepPhoto(ctx, &updates[i])
	}
	for attempt := 1; ; attempt++ {
		chosen, err := e.chosenAll(ctx, updates)
		if err == nil {
			updates = chosen
			err = bp.ProcessBatch(context.WithoutCancel(ctx), updates)
			if err == nil {
				if e.Notify != nil {
					e.Notify()
				}
				return nil
			}
		}
		wait := engineBackoff.Next(attempt)
		e.log().Error("updates not applied, will retry", "first", updates[0].ID, "count", len(updates),
			"err", err, "wait", wait)
		if e.sleep(ctx, wait) != nil {
			return ctx.Err()
		}
	}
}

// chosenAll is chosen for each update of a batch.
func (e *Engine) chosenAll(ctx context.Context, updates []Update) ([]Update, error) {
	out := make([]Update, len(updates))
	for i, u := range updates {
		c, err := e.chosen(ctx, u)
		if err != nil {
			return nil, fmt.Errorf("text menu of update %s: %w", u.ID, err)
		}
		out[i] = c
	}
	return out, nil
}

// keepPhoto downloads u's photo, if any, once.
func (e *Engine) keepPhoto(ctx context.Context, u *Update) {
	if e.Photos == nil || u.Photo == nil || u.Photo.Hash != "" || !u.Chat.Private {
		return // a group's photos are never used: the bot works in private chats
	}
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), photoTimeout)
	defer cancel()
	hash, err := e.Photos.KeepPhoto(pctx, u.Platform, *u.Photo)
	if err != nil {
		e.log().Warn("photo not downloaded: other messengers cannot show it", "update", u.ID, "err", err)
		return
	}
	p := *u.Photo
	p.Hash = hash
	u.Photo = &p
}

// chosen reads a typed number as the choice of that number among the
// chat's text menus.
func (e *Engine) chosen(ctx context.Context, u Update) (Update, error) {
	if e.Menus == nil {
		return u, nil
	}
	n, ok := typedNumber(u)
	if !ok {
		return u, nil
	}
	carrier, b, ok, err := e.Menus.Chosen(context.WithoutCancel(ctx), u.Platform, u.Chat.ID, n)
	if err != nil || !ok {
		return u, err
	}
	return Choose(u, carrier, b), nil
}

func (e *Engine) sleep(ctx context.Context, d time.Duration) error {
	if e.Sleep != nil {
		return e.Sleep(ctx, d)
	}
	return Sleep(ctx, d)
}

func (e *Engine) log() *slog.Logger {
	if e.Log == nil {
		return slog.Default()
	}
	return e.Log
}

// Sleep waits d, or returns ctx's error as soon as ctx is done.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
