package schedules

import (
	"context"
	"errors"
	"time"

	"github.com/chungsuc/chungsuc/storage"
)

// runStored runs what the stored schedules have due at now: each slot is
// claimed in a transaction before it runs, so a slot runs once even across
// restarts; a slot missed by more than CatchUp is recorded as skipped and
// logged. One schedule failing does not keep the others from running.
func (s *Scheduler) runStored(ctx context.Context, now time.Time) error {
	var list []storage.Schedule
	if err := s.cfg.DB.View(ctx, func(tx *storage.Tx) error {
		var err error
		list, err = tx.Schedules()
		return err
	}); err != nil {
		return err
	}
	var errs []error
	if err := s.resume(ctx, list, now); err != nil {
		errs = append(errs, err)
	}
	for _, sc := range list {
		if err := s.runOne(ctx, sc, now); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// resume goes on, from where they stopped, with the runs of slots at
// most CatchUp ago that were interrupted: by a stop, a crash or their
// time limit (still marked running: this job never runs twice at once,
// so no run of this process is in progress). A run that failed for
// another reason is not tried again; a paused or deleted schedule's
// runs are left.
func (s *Scheduler) resume(ctx context.Context, list []storage.Schedule, now time.Time) error {
	var runs []storage.Unfinished
	if err := s.cfg.DB.View(ctx, func(tx *storage.Tx) error {
		var err error
		runs, err = tx.UnfinishedRuns(now.Add(-s.cfg.CatchUp))
		return err
	}); err != nil || len(runs) == 0 {
		return err
	}
	byID := map[int64]storage.Schedule{}
	for _, sc := range list {
		byID[sc.ID] = sc
	}
	var errs []error
	for _, r := range runs {
		sc, ok := byID[r.ScheduleID]
		if !ok || sc.Paused {
			continue
		}
		s.cfg.Log.Warn("a scheduled run that did not finish goes on", "schedule", sc.ID, "slot", r.Slot)
		if err := s.execute(ctx, sc, r.Slot); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// due reads, without writing, what sc has due at now.
func (s *Scheduler) due(ctx context.Context, sc storage.Schedule, now time.Time) (storage.Decision, error) {
	var d storage.Decision
	err := s.cfg.DB.View(ctx, func(tx *storage.Tx) error {
		last, has, err := tx.LastSlot(sc.ID)
		if err != nil {
			return err
		}
		d, err = storage.Due(sc, last, has, now, s.cfg.CatchUp)
		return err
	})
	return d, err
}

// runOne runs or skips the slot of sc due at now, if any. Most looks find
// nothing due: they only read, and a write transaction claims a slot.
func (s *Scheduler) runOne(ctx context.Context, sc storage.Schedule, now time.Time) error {
	if d, err := s.due(ctx, sc, now); err != nil || (d.Run.IsZero() && d.Skip.IsZero()) {
		return err
	}
	var d storage.Decision
	claimed := false
	err := s.cfg.DB.Update(ctx, func(tx *storage.Tx) error {
		last, has, err := tx.LastSlot(sc.ID)
		if err != nil {
			return err
		}
		if d, err = storage.Due(sc, last, has, now, s.cfg.CatchUp); err != nil {
			return err
		}
		switch {
		case !d.Run.IsZero():
			claimed, err = tx.ClaimRun(sc.ID, d.Run, storage.RunRunning, "")
		case !d.Skip.IsZero():
			_, err = tx.ClaimRun(sc.ID, d.Skip, storage.RunSkipped, "missed while the bot was down, too late to run")
		}
		return err
	})
	if err != nil {
		return err
	}
	if !d.Skip.IsZero() {
		s.cfg.Log.Warn("a scheduled run was missed while the bot was down and is skipped",
			"schedule", sc.ID, "kind", sc.Kind, "slot", d.Skip, "late", now.Sub(d.Skip).Round(time.Second))
	}
	if !claimed {
		return nil
	}
	return s.execute(ctx, sc, d.Run)
}

// execute runs a claimed slot and records how it ended.
func (s *Scheduler) execute(ctx context.Context, sc storage.Schedule, slot time.Time) error {
	n, runErr := s.cfg.App.RunSchedule(ctx, sc, slot)
	if n > 0 && s.cfg.Notify != nil {
		s.cfg.Notify()
	}
	outcome, detail := storage.RunOK, ""
	switch {
	case errors.Is(runErr, context.DeadlineExceeded) || errors.Is(runErr, context.Canceled):
		// out of time or stopping: left running, to go on at the next look
		s.cfg.Log.Warn("a scheduled run was interrupted; it goes on later", "schedule", sc.ID, "slot", slot, "err", runErr)
		return nil
	case runErr != nil:
		outcome, detail = storage.RunFailed, runErr.Error()
	}
	if err := s.cfg.DB.Update(context.WithoutCancel(ctx), func(tx *storage.Tx) error {
		return tx.FinishRun(sc.ID, slot, outcome, detail)
	}); err != nil {
		return errors.Join(runErr, err)
	}
	s.cfg.Log.Info("scheduled run", "schedule", sc.ID, "kind", sc.Kind, "slot", slot, "messages", n, "outcome", outcome)
	s.ran(sc.Kind, runErr)
	return runErr
}
