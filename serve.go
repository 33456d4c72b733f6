package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"sync"
	"time"

	"chungsuc/bot"
	"chungsuc/bot/console"
	"chungsuc/bot/telegram"
	"chungsuc/handlers"
	"chungsuc/schedules"
	"chungsuc/storage"
)

// shutdownGrace bounds how long sends in flight may finish after a signal.
const shutdownGrace = 3 * time.Second

// cmdRun serves Telegram by long polling until SIGINT or SIGTERM.
func cmdRun(ctx context.Context, args []string, stderr io.Writer) error {
	var cfg config
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	cfg.commonFlags(fs)
	cfg.telegramFlags(fs)
	if err := parseFlags(fs, args, stderr, "chungsuc run [flags]"); err != nil {
		return err
	}
	secretFromEnv(&cfg.Token, "TELEGRAM_TOKEN")
	if err := cfg.check(); err != nil {
		return err
	}
	if err := cfg.checkTelegram(); err != nil {
		return err
	}
	log := newLogger(stderr, slog.LevelInfo)
	unlock, err := lockDB(cfg.DB)
	if err != nil {
		return err
	}
	defer unlock()
	st, err := newTelegramStack(ctx, &cfg, log)
	if err != nil {
		return err
	}
	defer st.db.Close()
	log.Info("Chung Sức is running", "bot", "@"+st.tg.Username(), "version", versionString())
	return serve(ctx, st, log)
}

// stack is the bot assembled for one messenger: what `run` serves, and
// what the benchmarks drive.
type stack struct {
	db  *storage.DB
	tg  *telegram.Adapter
	app *handlers.App
	// disps are the dispatchers of the platforms this process sends to,
	// by platform; disp is the one of the messenger it serves.
	disps map[string]*bot.Dispatcher
	disp  *bot.Dispatcher
	eng   *bot.Engine
	sched *schedules.Scheduler
}

// newStack assembles a stack around the dispatcher of its messenger.
func newStack(db *storage.DB, app *handlers.App, disp *bot.Dispatcher) *stack {
	return &stack{db: db, app: app, disp: disp, disps: map[string]*bot.Dispatcher{disp.Platform: disp}}
}

// kick wakes every dispatcher: a commit may queue messages for any
// platform (a coordinator on one messenger answering a resident on
// another), and a kick with nothing to send costs one empty claim.
func (st *stack) kick() {
	for _, d := range st.disps {
		d.Kick()
	}
}

// telegramChatBurst is how many messages may go to one private chat at
// once before the dispatcher spaces them a second apart: Telegram asks
// bots to "avoid sending more than one message per second in a
// particular chat" but allows short bursts, and a reply of two or three
// messages should not take seconds.
const telegramChatBurst = 3

// watchEvery is how often the database is looked at for messages queued
// by another process (the command line's `appeal send`).
const watchEvery = 250 * time.Millisecond

// newTelegramStack opens the database, checks the token, registers the
// command menu and wires the engine and the dispatcher.
func newTelegramStack(ctx context.Context, cfg *config, log *slog.Logger) (*stack, error) {
	db, err := openDB(ctx, cfg.DB, log)
	if err != nil {
		return nil, err
	}
	tg, err := telegram.New(ctx, telegram.Config{Token: cfg.Token, Endpoint: cfg.Endpoint})
	if err != nil {
		db.Close()
		return nil, err
	}
	app, err := newApp(ctx, db, cfg, log, tg.Username(), bot.Platforms{telegram.Platform: tg.Caps()})
	if err == nil {
		err = requeue(ctx, db, telegram.Platform, log)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	if err := setMenus(ctx, tg, app, cfg.Lang); err != nil {
		log.Warn("command menu not set", "err", err)
	}
	if err := setProfile(ctx, tg, app, cfg.Lang); err != nil {
		log.Warn("bot description not set", "err", err)
	}
	disp := &bot.Dispatcher{Platform: telegram.Platform, Outbox: newOutbox(db), Log: log,
		Sender: shaper(telegram.Platform, tg.Caps(), tg, db, app.Catalog, nil),
		Rate:   cfg.Rate, PaidBroadcast: cfg.PaidBroadcast, GiveUpAfter: cfg.GiveUp, IsGroup: telegram.IsGroup,
		ChatBurst: telegramChatBurst}
	st := newStack(db, app, disp)
	st.tg = tg
	st.eng = &bot.Engine{Source: tg, Processor: app, Offsets: db, Menus: menuStore{db}, Notify: st.kick, Log: log}
	st.sched = schedules.New(schedules.Config{App: app, Notify: st.kick, Location: cfg.TZ, Log: log})
	return st, nil
}

// serve runs the engine, the dispatchers, the scheduler and the watcher
// of other processes' writes until ctx ends or the engine stops, then
// lets the scheduler's running jobs finish and gives the dispatchers a
// moment to send what they have in hand. A dispatcher whose token is
// refused stops everything: serve returns its error.
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
				stopRun(dispatchError(err))
			}
		})
	}
	st.kick() // replies left by an earlier run
	go func() {
		if err := st.db.Watch(dctx, watchEvery, st.kick); err != nil {
			log.Warn("not watching for messages queued by other processes; they go out within a few seconds", "err", err)
		}
	}()
	go janitor(runCtx, st.db, log)
	st.sched.Start()
	err := st.eng.Run(runCtx)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
	if serr := st.sched.Stop(sctx); serr != nil {
		log.Warn("scheduler did not stop in time", "err", serr)
	}
	cancel()
	stopped := context.Cause(runCtx)
	if runCtx.Err() == nil && err == nil { // the source ended: deliver what it left
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		_ = st.disp.WaitIdle(wctx)
		cancel()
	}
	stopDispatch()
	done := make(chan struct{})
	go func() { dispatching.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(shutdownGrace):
		log.Warn("dispatcher did not stop in time")
	}
	if ctx.Err() != nil {
		log.Info("stopped on signal")
	} else if err == nil && stopped != nil && !errors.Is(stopped, context.Canceled) {
		err = stopped
	}
	return err
}

// dispatchError names what the operator must do about a dispatcher's
// fatal error.
func dispatchError(err error) error {
	if errors.Is(err, bot.ErrTokenRejected) {
		return tokenRefused{err}
	}
	return err
}

// tokenRefused is a dispatcher's 401: the token stopped working while
// the bot ran (revoked with @BotFather, say).
type tokenRefused struct{ err error }

func (e tokenRefused) Error() string { return "the bot token was refused (401): check TELEGRAM_TOKEN" }
func (e tokenRefused) Unwrap() error { return e.err }

// janitor forgets what no longer needs keeping: update ids after 48 hours
// (updates live 24 hours on Telegram), settled outbox rows after a week.
func janitor(ctx context.Context, db *storage.DB, log *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		now := time.Now()
		if _, err := db.PruneUpdates(ctx, now.Add(-48*time.Hour)); err != nil && ctx.Err() == nil {
			log.Warn("prune updates", "err", err)
		}
		if _, err := db.PruneOutbox(ctx, now.Add(-7*24*time.Hour)); err != nil && ctx.Err() == nil {
			log.Warn("prune outbox", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// openDB opens the database.
func openDB(ctx context.Context, path string, log *slog.Logger) (*storage.DB, error) {
	db, err := storage.Open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
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
	return handlers.New(handlers.Config{DB: db, Signer: bot.NewSigner(key), Admins: cfg.adminKeys(platforms...),
		Lang: cfg.Lang, TZ: cfg.TZ, Log: log, BotName: botName, Platforms: plats, NoFlood: isConsole, Rate: cfg.Rate}), nil
}

// offline is the capabilities of the messengers a command-line command
// may queue messages for, without asking the platforms (no bot links).
func offline() bot.Platforms {
	return bot.Platforms{telegram.Platform: telegram.CapsFor(""), console.Platform: console.Caps}
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
	st.eng = &bot.Engine{Source: con, Processor: app, Offsets: db, Menus: menuStore{db}, Notify: st.kick, Log: log}
	st.sched = schedules.New(schedules.Config{App: app, Notify: st.kick, Location: cfg.TZ, Log: log})
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
