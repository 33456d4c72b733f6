package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/handlers"
	"github.com/chungsuc/chungsuc/storage"
)

// diskWatch is the engines' processor: the application, watched for a
// database that cannot be written (a full disk, a file or disk made
// read-only, a failing disk). While updates cannot be stored, the engines
// keep trying with a back-off and do not confirm them to the messenger
// (the offset stays), so nothing is lost; diskWatch tells the operator
// once per outage (and once an hour at most): a log line, /healthz
// turning 503, and a message to each administrator, sent directly because
// the outbox cannot be written. Once a batch commits again, it says so,
// through the outbox.
type diskWatch struct {
	*handlers.App
	log    *slog.Logger
	health *health
	// send sends one message now, outside the outbox.
	send func(ctx context.Context, m bot.Outgoing) error
	// kick wakes the dispatchers.
	kick func()

	mu      sync.Mutex
	failing string // the storage.WriteFailure going on, "" when none
	// alerted: the administrators were told of the outage going on;
	// lastAlert is when they were last told of one.
	alerted   bool
	lastAlert time.Time
}

// alertEvery bounds how often administrators are alerted: a disk on the
// edge of full lets small batches through and not large ones, and would
// otherwise alert at each turn.
const alertEvery = time.Hour

var _ bot.BatchProcessor = (*diskWatch)(nil)

// alertTimeout bounds the direct sends of the disk-full alert.
const alertTimeout = 30 * time.Second

// Process implements bot.Processor.
func (w *diskWatch) Process(ctx context.Context, u bot.Update) error {
	err := w.App.Process(ctx, u)
	w.saw(ctx, err)
	return err
}

// ProcessBatch implements bot.BatchProcessor.
func (w *diskWatch) ProcessBatch(ctx context.Context, us []bot.Update) error {
	err := w.App.ProcessBatch(ctx, us)
	w.saw(ctx, err)
	return err
}

// saw notes the outcome of applying updates: the database becoming
// impossible to write (a full disk, a read-only file), or writable again.
func (w *diskWatch) saw(ctx context.Context, err error) {
	failure := storage.WriteFailure(err)
	if err != nil && failure == "" {
		return
	}
	w.mu.Lock()
	before := w.failing
	w.failing = failure
	alert, back := false, false
	switch {
	case before == failure:
	case failure != "" && time.Since(w.lastAlert) >= alertEvery:
		alert, w.alerted, w.lastAlert = true, true, time.Now()
	case failure == "":
		back, w.alerted = w.alerted, false
	}
	w.mu.Unlock()
	switch {
	case before == failure:
	case failure == storage.FailFull:
		w.log.Error("the disk is full: updates are not stored, and wait at the messengers until there is room", "err", err)
		w.health.storeFailing("database: the disk is full; updates wait at the messengers")
		if alert {
			go w.alert(context.WithoutCancel(ctx), handlers.AlertDiskFull)
		}
	case failure == storage.FailReadOnly:
		w.log.Error("the database cannot be written (read-only or failing): updates wait at the messengers", "err", err)
		w.health.storeFailing("database: cannot be written (read-only or failing); updates wait at the messengers")
		if alert {
			go w.alert(context.WithoutCancel(ctx), handlers.AlertCannotWrite)
		}
	default:
		w.log.Info("the database can be written again: updates are stored again")
		w.health.storeFailing("")
		if back {
			if _, err := w.QueueAdminAlerts(context.WithoutCancel(ctx), handlers.AlertWriteBack); err != nil {
				w.log.Warn("administrators not told that the database can be written again", "err", err)
			}
			w.kick()
		}
	}
}

// alert sends each administrator the message of alert, directly.
func (w *diskWatch) alert(ctx context.Context, alert string) {
	ctx, cancel := context.WithTimeout(ctx, alertTimeout)
	defer cancel()
	msgs, err := w.AdminAlerts(ctx, alert)
	if err != nil {
		w.log.Warn("administrators not alerted", "alert", alert, "err", err)
		return
	}
	for _, m := range msgs {
		if err := w.send(ctx, m); err != nil {
			w.log.Warn("an administrator was not alerted", "alert", alert, "platform", m.Platform, "err", err)
		}
	}
}
