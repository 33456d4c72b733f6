package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math"
	"net"
	"os"
	"sync"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/bot/console"
	"github.com/chungsuc/chungsuc/bot/telegram"
	"github.com/chungsuc/chungsuc/bot/zalo"
	"github.com/chungsuc/chungsuc/handlers"
	"github.com/chungsuc/chungsuc/schedules"
	"github.com/chungsuc/chungsuc/storage"
)

// closedChan is always ready.
var closedChan = func() <-chan time.Time {
	c := make(chan time.Time)
	close(c)
	return c
}()

// stopBudget bounds how long the scheduler's jobs, the HTTP listener and
// the sends in flight may take to stop after a signal; with the
// database's checkpoint and close, the program ends within 5 seconds.
const stopBudget = 4 * time.Second

// cmdRun serves the configured messengers, by long polling or by
// webhook, until SIGINT or SIGTERM.
func cmdRun(ctx context.Context, args []string, stderr io.Writer) error {
	var cfg config
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	cfg.commonFlags(fs)
	cfg.telegramFlags(fs)
	cfg.zaloFlags(fs)
	cfg.httpFlags(fs)
	cfg.opsFlags(fs)
	if err := parseFlags(fs, args, stderr, "chungsuc run [flags]"); err != nil {
		return err
	}
	secretFromEnv(&cfg.Token, "TELEGRAM_TOKEN")
	secretFromEnv(&cfg.ZaloToken, "ZALO_TOKEN")
	secretFromEnv(&cfg.ZaloSecret, "ZALO_WEBHOOK_SECRET")
	secretFromEnv(&cfg.TelegramSecret, "TELEGRAM_WEBHOOK_SECRET")
	return runBot(ctx, &cfg, stderr, nil)
}

// runBot is `run` once its settings are read: the checks, the lock beside
// the database, the stack and the serve loop. tune, if not nil, adjusts
// the stack before it serves (the tests lift the flood limits).
func runBot(ctx context.Context, cfg *config, stderr io.Writer, tune func(*stack)) error {
	if err := cfg.check(); err != nil {
		return err
	}
	if err := cfg.checkMessengers(); err != nil {
		return err
	}
	log := cfg.logger(stderr)
	unlock, err := lockDB(cfg.DB)
	if err != nil {
		return err
	}
	defer unlock()
	st, err := newBotStack(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.db.Close()
	if tune != nil {
		tune(st)
	}
	attrs := []any{"version", versionString(), "mode", "polling"}
	if cfg.Webhook != "" {
		attrs[3] = "webhook"
	}
	if st.tg != nil {
		attrs = append(attrs, "telegram", "@"+st.tg.Username())
	}
	if st.za != nil {
		attrs = append(attrs, "zalo", st.za.AccountName())
	}
	log.Info("Chung Sức is running", attrs...)
	return serve(ctx, st, log)
}

// watchEvery is how often the database is looked at for messages queued
// by another process (the command line's `appeal send`).
const watchEvery = 250 * time.Millisecond

// serve runs the HTTP listener, the dispatchers, the engines, the
// scheduler and the watcher of other processes' writes until ctx ends or
// the engines stop, then lets the scheduler's running jobs finish and
// gives the dispatchers a moment to send what they have in hand. In
// webhook mode it registers the webhooks once the listener listens. An
// engine's or a dispatcher's fatal error (a token refused) stops
// everything: serve returns it.
func serve(ctx context.Context, st *stack, log *slog.Logger) error {
	runCtx, stopRun := context.WithCancelCause(ctx)
	defer stopRun(nil)
	dctx, stopDispatch := context.WithCancel(context.WithoutCancel(ctx))
	defer stopDispatch()
	var dispatching sync.WaitGroup
	for _, disp := range st.disps {
		dispatching.Go(func() {
			if err := disp.Run(dctx); err != nil {
				log.Error("dispatcher stopped; stopping the bot", "platform", disp.Platform, "err", err)
				stopRun(dispatchError(disp.Platform, err))
			}
		})
	}
	st.kick() // replies left by an earlier run
	go func() {
		if err := st.db.Watch(dctx, watchEvery, st.kick); err != nil {
			log.Warn("not watching for messages queued by other processes; they go out within a few seconds", "err", err)
		}
	}()
	web, err := st.listen(runCtx, log)
	if err != nil {
		return err
	}
	if st.web != nil && st.metrics != nil {
		go st.metrics.ops.run(dctx, log)
	}
	if st.webhook != "" && st.health != nil {
		probes := map[string]func(context.Context) error{}
		for _, m := range st.msgrs {
			want := st.webhook + webhookPath(m.platform)
			probes[m.platform] = func(ctx context.Context) error {
				url, err := m.probe(ctx)
				if err == nil && url != want {
					err = fmt.Errorf("the webhook is %q, not the bot's %q", url, want)
				}
				return err
			}
		}
		go st.health.probe(runCtx, probes, log)
	}
	if err := st.registerWebhooks(runCtx, log); err != nil {
		stopRun(err)
	}
	st.sched.Start()
	err = st.runEngines(runCtx, stopRun)
	// The engines have stopped, the update in hand applied: on a signal
	// or a fatal error, the scheduler's jobs, the listener and the
	// dispatchers stop together, within stopBudget.
	deadline := time.Now().Add(stopBudget)
	jobsDone := make(chan struct{})
	go func() {
		defer close(jobsDone)
		sctx, cancel := context.WithDeadline(context.WithoutCancel(ctx), deadline)
		defer cancel()
		if serr := st.sched.Stop(sctx); serr != nil {
			log.Warn("scheduled jobs did not finish in time; they go on at the next start", "err", serr)
		}
	}()
	stopped := context.Cause(runCtx)
	if runCtx.Err() == nil && err == nil { // the sources ended (the console's input): deliver what they left
		<-jobsDone
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		_ = st.disp.WaitIdle(wctx)
		cancel()
		deadline = time.Now().Add(stopBudget)
	}
	stopRun(nil)
	stopDispatch()
	dispatched := make(chan struct{})
	go func() { dispatching.Wait(); close(dispatched) }()
	late := time.After(time.Until(deadline))
	for what, ch := range map[string]<-chan struct{}{"HTTP listener": web, "dispatchers": dispatched, "scheduled jobs": jobsDone} {
		select {
		case <-ch:
		case <-late:
			late = closedChan // past the deadline: the others are only looked at
			select {
			case <-ch:
			default:
				log.Warn("did not stop in time", "part", what)
			}
		}
	}
	if ctx.Err() != nil {
		log.Info("stopped on signal")
	} else if err == nil && stopped != nil && !errors.Is(stopped, context.Canceled) {
		err = stopped
	}
	return err
}

// runEngines runs every engine until all have stopped; the first fatal
// error stops the others and is returned.
func (st *stack) runEngines(ctx context.Context, stop context.CancelCauseFunc) error {
	var wg sync.WaitGroup
	errs := make([]error, len(st.engines))
	for i, e := range st.engines {
		wg.Go(func() {
			if errs[i] = e.Run(ctx); errs[i] != nil {
				stop(errs[i])
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// listen starts the HTTP listener, if any, and returns a channel closed
// once it has stopped (after ctx ends).
func (st *stack) listen(ctx context.Context, log *slog.Logger) (<-chan struct{}, error) {
	done := make(chan struct{})
	if st.web == nil {
		close(done)
		return done, nil
	}
	ready := make(chan error, 1)
	go func() {
		defer close(done)
		err := serveHTTP(ctx, st.httpAddr, st.web.handler(), log, func(a net.Addr) {
			st.listening = a
			ready <- nil
		})
		if err != nil {
			select {
			case ready <- err:
			default:
				log.Error("HTTP listener stopped", "err", err)
			}
		}
	}()
	if err := <-ready; err != nil {
		return nil, err
	}
	log.Info("HTTP listener ready", "address", st.listening.String())
	return done, nil
}

// registerWebhooks points each messenger at its webhook (webhook mode),
// or makes sure none is set (polling: a webhook left from an earlier run
// would make polling fail).
func (st *stack) registerWebhooks(ctx context.Context, log *slog.Logger) error {
	for _, m := range st.msgrs {
		rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		var err error
		if st.webhook == "" {
			err = m.unregister(rctx)
		} else {
			err = m.register(rctx, st.webhook+webhookPath(m.platform), m.secret)
		}
		cancel()
		if err != nil && st.webhook != "" {
			return fmt.Errorf("register the %s webhook: %w", m.platform, err)
		}
		if err != nil {
			log.Warn("could not remove a webhook; polling may fail", "platform", m.platform, "err", err)
		}
	}
	return nil
}

// dispatchError names what the operator must do about a dispatcher's
// fatal error.
func dispatchError(platform string, err error) error {
	var refused refusedToken
	switch {
	case !errors.Is(err, bot.ErrTokenRejected):
		return err
	case platform == zalo.Platform:
		refused = zaloError(err).(refusedToken)
	default:
		refused = telegramError(err).(refusedToken)
	}
	refused.running = true
	return refused
}

// openDB opens the database.
func openDB(ctx context.Context, path string, log *slog.Logger) (*storage.DB, error) {
	db, err := storage.Open(ctx, path)
	switch {
	case errors.Is(err, fs.ErrPermission) || storage.WriteFailure(err) == storage.FailReadOnly:
		return nil, fmt.Errorf("the database file %s cannot be written (%w): it must be writable by the user "+
			"running the bot; check its owner and mode, and that its disk is not read-only", path, errors.Unwrap(err))
	case storage.WriteFailure(err) == storage.FailFull:
		return nil, fmt.Errorf("the disk of the database %s is full: free some space, then start again", path)
	case err != nil:
		return nil, err
	}
	return db, nil
}

// requeue puts back the messages of platform that a crash left half-sent;
// only the process that dispatches platform may call it.
func requeue(ctx context.Context, db *storage.DB, platform string, log *slog.Logger) error {
	n, err := db.RequeueInterrupted(ctx, platform)
	if err != nil {
		return fmt.Errorf("requeue outbox: %w", err)
	}
	if n > 0 {
		log.Warn("messages interrupted by a crash will be sent again; a recipient may get one of them twice",
			"platform", platform, "count", n)
	}
	return nil
}

// newApp builds the handlers with the persistent button-signing key.
func newApp(ctx context.Context, db *storage.DB, cfg *config, log *slog.Logger, botName string, plats bot.Platforms) (*handlers.App, error) {
	var platforms []string
	for p := range plats {
		platforms = append(platforms, p)
	}
	_, isConsole := plats[console.Platform]
	key, err := db.Secret(ctx, "callback_key", 32)
	if err != nil {
		return nil, fmt.Errorf("button key: %w", err)
	}
	join := ""
	if _, ok := plats[telegram.Platform]; ok && botName != "" { // not the console's made-up name
		join = telegram.CapsFor(botName).StartLink
	}
	return handlers.New(handlers.Config{DB: db, Signer: bot.NewSigner(key), Admins: cfg.adminKeys(platforms...),
		Lang: cfg.Lang, TZ: cfg.TZ, Log: log, BotName: botName, Platforms: plats, NoFlood: isConsole, Rate: cfg.Rate,
		JoinLink: join, PublicURL: cfg.PublicURL}), nil
}

// offline is the capabilities of the messengers a command-line command
// may queue messages for, without asking the platforms (no bot links).
func offline() bot.Platforms {
	return bot.Platforms{telegram.Platform: telegram.CapsFor(""), zalo.Platform: zalo.Caps, console.Platform: console.Caps}
}

// setMenus registers the command menu: the default language for everyone,
// and each catalogue language for people whose app speaks it.
func setMenus(ctx context.Context, tg *telegram.Adapter, app *handlers.App, lang string) error {
	if err := tg.SetCommands(ctx, "", menu(app, lang)); err != nil {
		return err
	}
	for _, l := range handlers.Languages {
		if err := tg.SetCommands(ctx, l, menu(app, l)); err != nil {
			return err
		}
	}
	return nil
}

// setProfile registers what people see before they press Start, like
// setMenus: the default language for everyone, and each catalogue
// language for people whose app speaks it.
func setProfile(ctx context.Context, tg *telegram.Adapter, app *handlers.App, lang string) error {
	desc, short := app.Profile(lang)
	if err := tg.SetProfile(ctx, "", desc, short); err != nil {
		return err
	}
	for _, l := range handlers.Languages {
		desc, short := app.Profile(l)
		if err := tg.SetProfile(ctx, l, desc, short); err != nil {
			return err
		}
	}
	return nil
}

func menu(app *handlers.App, lang string) []telegram.Command {
	var out []telegram.Command
	for _, e := range app.Menu(lang) {
		out = append(out, telegram.Command{Name: e.Name, Description: e.Description})
	}
	return out
}

// cmdConsole lets a person talk to the bot in the terminal, with the same
// handlers and a persistent database, and no token.
func cmdConsole(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var cfg config
	fs := flag.NewFlagSet("console", flag.ContinueOnError)
	cfg.commonFlags(fs)
	user := fs.String("user", "1000", "your user id in the console (ids in CHUNGSUC_ADMINS are administrators)")
	name := fs.String("name", "Nguyễn Văn An", "your display name in the console")
	fs.StringVar(&cfg.HTTP, "http", os.Getenv("CHUNGSUC_HTTP"), "address to serve the public pages on, e.g. :8080 (env CHUNGSUC_HTTP)")
	fs.StringVar(&cfg.PublicURL, "public-url", os.Getenv("CHUNGSUC_PUBLIC_URL"),
		"URL of the public pages, e.g. http://localhost:8080; empty for none (env CHUNGSUC_PUBLIC_URL)")
	if err := parseFlags(fs, args, stderr, "chungsuc console [flags]   (pipe lines in, or type them)"); err != nil {
		return err
	}
	if err := cfg.check(); err != nil {
		return err
	}
	log := newLogger(stderr, slog.LevelWarn)
	unlock, err := lockDB(cfg.DB)
	if err != nil {
		return err
	}
	defer unlock()
	db, err := openDB(ctx, cfg.DB, log)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := loadSample(ctx, db, stderr); err != nil {
		return err
	}
	if err := requeue(ctx, db, console.Platform, log); err != nil {
		return err
	}
	app, err := newApp(ctx, db, &cfg, log, "chungsuc_bot", bot.Platforms{console.Platform: console.Caps})
	if err != nil {
		return err
	}
	started := time.Now()
	app.Runtime = func() handlers.Runtime { return handlers.Runtime{Version: versionString(), Started: started} }
	// The console has no flood limits.
	disp := &bot.Dispatcher{Platform: console.Platform, Outbox: newOutbox(db), Log: log, Workers: 1,
		Rate: math.Inf(1), ChatEvery: -1, GroupPerMinute: -1}
	con := console.New(console.Config{In: stdin, Out: stdout, WaitIdle: disp.WaitIdle,
		Interactive: isTerminal(stdin), User: bot.User{ID: *user, Name: *name, LanguageCode: cfg.Lang}})
	disp.Sender = shaper(console.Platform, console.Caps, con, db, app.Catalog, nil)
	if isTerminal(stdin) {
		fmt.Fprintln(stdout, app.Catalog.Text(cfg.Lang, "console.banner"))
	}
	st := newStack(db, app, disp)
	st.eng = &bot.Engine{Source: con, Processor: app, Offsets: db, Menus: handlers.TextMenus(db), Notify: st.kick, Log: log}
	st.engines = []*bot.Engine{st.eng}
	st.sched = schedules.New(schedules.Config{App: app, Notify: st.kick, Location: cfg.TZ, Log: log, DB: db})
	if cfg.PublicURL != "" { // the public pages, to look at beside the console
		st.httpAddr = cfg.HTTP
		st.web = &listener{db: db, log: log, hooks: map[string]hook{}, media: true, received: func() {},
			public: newPublicPages(app, db, cfg.PublicURL, app.JoinLink, log), small: newResizer()}
	}
	return serve(ctx, st, log)
}

// loadSample loads the embedded sample units when the database has none.
func loadSample(ctx context.Context, db *storage.DB, w io.Writer) error {
	n, err := db.CountUnits(ctx)
	if err != nil || n > 0 {
		return err
	}
	if _, err := db.ImportSample(ctx); err != nil {
		return fmt.Errorf("load sample units: %w", err)
	}
	fmt.Fprintln(w, "chungsuc: the database had no units; loaded the sample tree (Hà Nội, Quảng Ninh)")
	return nil
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
