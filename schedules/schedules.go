// Package schedules runs Chung Sức's timed work on a cron: the escalation
// of help requests left unclaimed, the sending of appeals (expanding
// them into deliveries, following their progress), the making of the
// files asked for with /export, and the pruning of what no longer needs
// keeping; reminders and digests will join them. Every job writes to the outbox through the application, in its
// own transaction, and wakes the dispatcher when it queued something.
package schedules

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/chungsuc/chungsuc/handlers"
	"github.com/chungsuc/chungsuc/storage"
)

// Jobs is the work the scheduler runs, each saying how many messages it
// queued. *handlers.App implements it.
type Jobs interface {
	// Escalate escalates help requests left unclaimed too long, as of now.
	Escalate(ctx context.Context, now time.Time) (int, error)
	// RunAppeals expands appeals into deliveries and follows them.
	RunAppeals(ctx context.Context) (int, error)
	// RunExports makes the files asked for with /export and queues them.
	RunExports(ctx context.Context) (int, error)
	// Prune forgets what no longer needs keeping, as of now.
	Prune(ctx context.Context, now time.Time) error
	// RunSchedule runs a slot of a stored schedule (a reminder, ...).
	RunSchedule(ctx context.Context, s storage.Schedule, slot time.Time) (int, error)
	// RunDoseReminders reminds people whose next vaccine dose is due.
	RunDoseReminders(ctx context.Context, now time.Time) (int, error)
}

var _ Jobs = (*handlers.App)(nil)

// EscalationEvery is how often help requests are checked for escalation
// (cron's "@every 1m").
const EscalationEvery = time.Minute

// AppealsEvery is how often appeals are expanded and followed: a new
// appeal starts within it, and progress is shown at most this late.
const AppealsEvery = time.Second

// ExportsEvery is how often the files asked for with /export are looked
// for: a file starts being made at most this late.
const ExportsEvery = 3 * time.Second

// DoseRemindersEvery is how often next vaccine doses due are looked for:
// a reminder goes out at most this late after 08:00.
const DoseRemindersEvery = 5 * time.Minute

// ScheduleTick is how often the stored schedules are looked at: a slot
// runs at most this late, and a schedule changed in chat takes effect by
// the next look.
const ScheduleTick = 5 * time.Second

// PruneEvery is how often what no longer needs keeping is forgotten; the
// first pruning runs at start.
const PruneEvery = time.Hour

// defaultJobTimeout bounds one run of a job, so that a stuck run cannot
// hold the next ones back for long (SkipIfStillRunning skips them).
const defaultJobTimeout = 50 * time.Second

// Config is what the scheduler needs.
type Config struct {
	// App does the work (the *handlers.App).
	App Jobs
	// Notify is called after a job queued messages: the dispatcher's Kick.
	Notify func()
	// Location is the time zone of cron specs (default time.Local).
	Location *time.Location
	Log      *slog.Logger
	// Now is the clock given to jobs (default time.Now).
	Now func() time.Time
	// JobTimeout bounds one run of a job (default 50 s).
	JobTimeout time.Duration
	// DB holds the stored schedules and their runs (nil: none are run).
	DB *storage.DB
	// Ran, when set, is told of each run that ended: the job's name
	// (escalate, appeals, exports, prune, schedules: the look at the
	// stored schedules) or a stored schedule's kind (digest, reminder, …),
	// and its outcome (storage.RunOK or storage.RunFailed).
	Ran func(job, outcome string)
	// BackupDir, when set, gets a backup of the database every day at
	// BackupSpec (and at start when the last is more than a day old);
	// the BackupKeep newest are kept (default 7).
	BackupDir  string
	BackupKeep int
	// CatchUp is how late a slot missed while the bot was down may still
	// run at start (default storage.DefaultCatchUp).
	CatchUp time.Duration
}

// Scheduler runs the jobs on a cron. Start it once and Stop it once.
type Scheduler struct {
	cfg    Config
	cron   *cron.Cron
	ctx    context.Context // cancelled by Stop: jobs still running give up
	cancel context.CancelFunc
	// escalation, appeals, exports, prune, stored and backup are the
	// jobs' cron entries.
	escalation, appeals, exports, prune, stored, backup, doses cron.EntryID
	// started is the pruning run at start, which Stop waits for too.
	started sync.WaitGroup
}

// New returns a scheduler with its jobs registered, not yet started. A
// panicking job is recovered and logged, and a job still running when its
// next time comes is skipped that time.
func New(cfg Config) *Scheduler {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Location == nil {
		cfg.Location = time.Local
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.JobTimeout <= 0 {
		cfg.JobTimeout = defaultJobTimeout
	}
	if cfg.CatchUp <= 0 {
		cfg.CatchUp = storage.DefaultCatchUp
	}
	logger := cronLogger{cfg.Log}
	s := &Scheduler{cfg: cfg, cron: cron.New(cron.WithLocation(cfg.Location), cron.WithLogger(logger),
		cron.WithChain(cron.Recover(logger), cron.SkipIfStillRunning(logger)))}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.escalation = s.add("escalate", cron.Every(EscalationEvery), s.escalate)
	s.appeals = s.add("appeals", cron.Every(AppealsEvery), s.runAppeals)
	s.exports = s.add("exports", cron.Every(ExportsEvery), s.runExports)
	s.prune = s.add("prune", cron.Every(PruneEvery), s.cfg.App.Prune)
	s.doses = s.add("doses", cron.Every(DoseRemindersEvery), s.remindDoses)
	if cfg.DB != nil {
		s.stored = s.add("schedules", cron.Every(ScheduleTick), s.runStored)
	}
	if cfg.DB != nil && cfg.BackupDir != "" {
		if cfg.BackupKeep <= 0 {
			s.cfg.BackupKeep = DefaultBackupKeep
		}
		spec, _ := cron.ParseStandard(BackupSpec) // a constant, tested
		s.backup = s.addFor("backup", spec, backupTimeout, s.runBackup)
	}
	return s
}

// Start runs the jobs in the background from now on, and prunes once at
// once (a bot restarted every few minutes would otherwise never prune).
func (s *Scheduler) Start() {
	s.cron.Start()
	for _, id := range []cron.EntryID{s.prune, s.stored} { // slots missed while down, at once
		if e := s.cron.Entry(id); e.Job != nil {
			s.started.Go(e.WrappedJob.Run)
		}
	}
	if e := s.cron.Entry(s.backup); e.Job != nil {
		s.started.Go(func() {
			if s.backupDue(s.cfg.Now()) {
				e.WrappedJob.Run()
			}
		})
	}
}

// Stop stops scheduling and waits for the jobs still running to finish,
// at most until ctx ends; then it cancels them and returns ctx's error.
func (s *Scheduler) Stop(ctx context.Context) error {
	done := s.cron.Stop()
	defer s.cancel()
	all := make(chan struct{})
	go func() { <-done.Done(); s.started.Wait(); close(all) }()
	select {
	case <-all:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("stop scheduler: jobs still running: %w", ctx.Err())
	}
}

// add schedules run under name; each run gets the clock's time and a
// context bounded by JobTimeout, and its error is logged.
func (s *Scheduler) add(name string, when cron.Schedule, run func(ctx context.Context, now time.Time) error) cron.EntryID {
	return s.addFor(name, when, s.cfg.JobTimeout, run)
}

// addFor is add with a run's time limit of its own.
func (s *Scheduler) addFor(name string, when cron.Schedule, limit time.Duration, run func(ctx context.Context, now time.Time) error) cron.EntryID {
	return s.cron.Schedule(when, cron.FuncJob(func() {
		ctx, cancel := context.WithTimeout(s.ctx, limit)
		defer cancel()
		err := run(ctx, s.cfg.Now())
		if err != nil {
			s.cfg.Log.Error("scheduled job failed", "job", name, "err", err)
		}
		s.ran(name, err)
	}))
}

// ran tells Config.Ran, if set, how a run of job ended.
func (s *Scheduler) ran(job string, err error) {
	if s.cfg.Ran == nil {
		return
	}
	outcome := storage.RunOK
	if err != nil {
		outcome = storage.RunFailed
	}
	s.cfg.Ran(job, outcome)
}

// escalate escalates the help requests left unclaimed too long and wakes
// the dispatcher when it queued anything.
func (s *Scheduler) escalate(ctx context.Context, now time.Time) error {
	n, err := s.cfg.App.Escalate(ctx, now)
	if err != nil {
		return err
	}
	if n > 0 {
		s.cfg.Log.Info("help requests escalated", "count", n)
		if s.cfg.Notify != nil {
			s.cfg.Notify()
		}
	}
	return nil
}

// runAppeals expands and follows the appeals, and wakes the dispatcher
// when it queued anything.
func (s *Scheduler) runAppeals(ctx context.Context, _ time.Time) error {
	n, err := s.cfg.App.RunAppeals(ctx)
	if n > 0 && s.cfg.Notify != nil {
		s.cfg.Notify()
	}
	return err
}

// remindDoses reminds people of their next vaccine doses due, and wakes
// the dispatcher when it queued anything.
func (s *Scheduler) remindDoses(ctx context.Context, now time.Time) error {
	n, err := s.cfg.App.RunDoseReminders(ctx, now)
	if n > 0 && s.cfg.Notify != nil {
		s.cfg.Notify()
	}
	return err
}

// runExports makes the files asked for with /export, and wakes the
// dispatcher when it queued anything.
func (s *Scheduler) runExports(ctx context.Context, _ time.Time) error {
	n, err := s.cfg.App.RunExports(ctx)
	if n > 0 && s.cfg.Notify != nil {
		s.cfg.Notify()
	}
	return err
}

// cronLogger lets cron log through slog: its routine chatter at debug
// level, its errors (a recovered panic) at error level.
type cronLogger struct{ log *slog.Logger }

// Info logs cron's routine messages at debug level.
func (l cronLogger) Info(msg string, keysAndValues ...any) {
	l.log.Debug("cron: "+msg, keysAndValues...)
}

// Error logs a cron error.
func (l cronLogger) Error(err error, msg string, keysAndValues ...any) {
	l.log.Error("cron: "+msg, append([]any{"err", err}, keysAndValues...)...)
}
