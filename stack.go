package main

import (
	"cmp"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/bot/telegram"
	"github.com/chungsuc/chungsuc/bot/zalo"
	"github.com/chungsuc/chungsuc/handlers"
	"github.com/chungsuc/chungsuc/schedules"
	"github.com/chungsuc/chungsuc/storage"
)

// stack is the bot assembled for the messengers it serves: what `run`
// serves, and what the tests and benchmarks drive.
type stack struct {
	db  *storage.DB
	app *handlers.App
	tg  *telegram.Adapter // nil without Telegram
	za  *zalo.Adapter     // nil without Zalo
	// disps are the dispatchers of the platforms this process sends to,
	// by platform; disp is the first messenger's (Telegram's when served).
	disps map[string]*bot.Dispatcher
	disp  *bot.Dispatcher
	// engines apply updates: one per messenger when polling, one for the
	// inbox in webhook mode; eng is the first.
	engines []*bot.Engine
	eng     *bot.Engine
	sched   *schedules.Scheduler
	// web is the HTTP listener (nil without CHUNGSUC_HTTP), msgrs the
	// messengers served, in order.
	web   *listener
	msgrs []*messenger
	// httpAddr is where the listener listens (listening, once it does);
	// webhook is the public URL of webhook mode ("" when polling).
	httpAddr  string
	listening net.Addr
	webhook   string
	// metrics count what the bot does (served at /metrics); health knows
	// whether the messengers and the database answer (/healthz).
	metrics *metrics
	health  *health
}

// messenger is one platform as the stack uses it, whatever the adapter.
type messenger struct {
	platform string
	caps     bot.Caps
	sender   bot.Sender
	source   bot.Source
	fetch    func(ctx context.Context, p bot.Photo) ([]byte, error)
	// The webhook side: parse a delivered body, name it for duplicates,
	// check the platform's secret header, and (un)register the URL.
	parse      func(body []byte) (bot.Update, error)
	key        func(body []byte) (string, error)
	secretOK   func(h http.Header, secret string) bool
	register   func(ctx context.Context, url, secret string) error
	unregister func(ctx context.Context) error
	// probe asks the platform which URL its webhook has: a cheap sign of life.
	probe  func(ctx context.Context) (url string, err error)
	secret string
	// dispatcher settings
	rate      float64
	paid      bool
	isGroup   func(chatID string) bool
	chatBurst int
}

// defaultHealthMaxAge is how long /healthz stays 200 without a sign of
// life from a messenger (CHUNGSUC_HEALTH_MAX_AGE).
const defaultHealthMaxAge = 5 * time.Minute

// newStack assembles a stack around a dispatcher (the console's).
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
// messages should not take seconds. Zalo gets the same.
const telegramChatBurst = 3

// newMessengers checks each configured token with its platform and
// returns the messengers, Telegram first.
func newMessengers(ctx context.Context, cfg *config, db *storage.DB, log *slog.Logger) (*telegram.Adapter, *zalo.Adapter, []*messenger, error) {
	var tg *telegram.Adapter
	var za *zalo.Adapter
	var out []*messenger
	if cfg.Token != "" {
		var err error
		if tg, err = telegram.New(ctx, telegram.Config{Token: cfg.Token, Endpoint: cfg.Endpoint}); err != nil {
			return nil, nil, nil, telegramError(err)
		}
		secret, err := webhookSecret(ctx, db, cfg.TelegramSecret, "telegram_webhook_secret")
		if err != nil {
			return nil, nil, nil, err
		}
		out = append(out, &messenger{platform: telegram.Platform, caps: tg.Caps(), sender: tg, source: tg,
			fetch: tg.FetchPhoto, parse: tg.ParseWebhook, key: telegram.UpdateKey, secretOK: telegram.SecretOK,
			register: tg.SetWebhook, unregister: tg.DeleteWebhook, secret: secret,
			probe: tg.WebhookURL,
			rate:  cfg.Rate, paid: cfg.PaidBroadcast, isGroup: telegram.IsGroup, chatBurst: telegramChatBurst})
	}
	if cfg.ZaloToken != "" {
		var err error
		if za, err = zalo.New(ctx, zalo.Config{Token: cfg.ZaloToken, Endpoint: cfg.ZaloEndpoint}); err != nil {
			return nil, nil, nil, zaloError(err)
		}
		secret, err := webhookSecret(ctx, db, cfg.ZaloSecret, "zalo_webhook_secret")
		if err != nil {
			return nil, nil, nil, err
		}
		out = append(out, &messenger{platform: zalo.Platform, caps: za.Caps(), sender: za, source: za,
			fetch: za.FetchPhoto, parse: za.ParseWebhook, key: zalo.DedupeKey, secretOK: zalo.SecretOK,
			register: func(ctx context.Context, url, secret string) error {
				outcome, err := za.SetWebhook(ctx, url, secret)
				if err == nil && outcome != "" && outcome != "webhook.ok" {
					// Zalo keeps the address all the same: it may answer later
					log.Warn("Zalo saved the webhook but could not reach it: check that the address answers from the Internet",
						"url", url, "outcome", outcome)
				}
				return err
			},
			unregister: za.DeleteWebhook, secret: secret, rate: cfg.ZaloRate, chatBurst: telegramChatBurst,
			probe: za.WebhookInfo})
	}
	return tg, za, out, nil
}

// webhookSecret is the secret a platform sends with each webhook call:
// the configured one, or one made once and kept in the database.
func webhookSecret(ctx context.Context, db *storage.DB, configured, key string) (string, error) {
	if configured != "" {
		return configured, nil
	}
	b, err := db.Secret(ctx, key, 24)
	if err != nil {
		return "", fmt.Errorf("webhook secret: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// newBotStack opens the database, checks each messenger's token,
// registers Telegram's command menu and wires the engines, the
// dispatchers, the scheduler and the HTTP listener.
func newBotStack(ctx context.Context, cfg *config, log *slog.Logger) (*stack, error) {
	db, err := openDB(ctx, cfg.DB, log)
	if err != nil {
		return nil, err
	}
	st, err := assemble(ctx, cfg, log, db)
	if err != nil {
		db.Close()
		return nil, err
	}
	db.OnScrubFailed(func(err error) {
		log.Warn("a forgotten person's data stays in the write-ahead log until its next full checkpoint: "+
			"a reader (a backup, a replication tool) held it for minutes", "err", err)
	})
	return st, nil
}

func assemble(ctx context.Context, cfg *config, log *slog.Logger, db *storage.DB) (*stack, error) {
	tg, za, msgrs, err := newMessengers(ctx, cfg, db, log)
	if err != nil {
		return nil, err
	}
	plats, botName := bot.Platforms{}, ""
	for _, m := range msgrs {
		plats[m.platform] = m.caps
	}
	if tg != nil {
		botName = tg.Username()
	}
	app, err := newApp(ctx, db, cfg, log, botName, plats)
	if err != nil {
		return nil, err
	}
	for _, m := range msgrs {
		if err := requeue(ctx, db, m.platform, log); err != nil {
			return nil, err
		}
	}
	if tg != nil {
		if err := setMenus(ctx, tg, app, cfg.Lang); err != nil {
			log.Warn("command menu not set", "err", err)
		}
		if err := setProfile(ctx, tg, app, cfg.Lang); err != nil {
			log.Warn("bot description not set", "err", err)
		}
	}
	st := &stack{db: db, app: app, tg: tg, za: za, msgrs: msgrs, disps: map[string]*bot.Dispatcher{},
		httpAddr: cfg.HTTP, webhook: cfg.Webhook, metrics: newMetrics(db)}
	var served []string
	for _, m := range msgrs {
		served = append(served, m.platform)
	}
	st.health = newHealth(db, served, cmp.Or(cfg.HealthMaxAge, defaultHealthMaxAge))
	st.metrics.contact, st.metrics.pause, st.metrics.polling = st.health.contact, st.health.paused, st.health.polling
	var mediaURL func(string) string
	if cfg.PublicURL != "" {
		mediaURL = func(hash string) string { return cfg.PublicURL + "/media/" + hash }
	}
	keeper := photoKeeper{db: db, fetch: map[string]func(context.Context, bot.Photo) ([]byte, error){}}
	for _, m := range msgrs {
		keeper.fetch[m.platform] = m.fetch
		d := &bot.Dispatcher{Platform: m.platform, Outbox: newOutbox(db), Log: log,
			Sender: shaper(m.platform, m.caps, m.sender, db, app.Catalog, mediaURL),
			Rate:   m.rate, PaidBroadcast: m.paid, GiveUpAfter: cfg.GiveUp, IsGroup: m.isGroup, ChatBurst: m.chatBurst}
		st.disps[m.platform] = d
		if st.disp == nil {
			st.disp = d
		}
	}
	watch := &diskWatch{App: app, log: log, health: st.health, kick: st.kick,
		send: func(ctx context.Context, m bot.Outgoing) error {
			d := st.disps[m.Platform]
			if d == nil {
				return fmt.Errorf("no dispatcher for %s", m.Platform)
			}
			_, err := d.Sender.Send(ctx, m)
			return err
		}}
	engine := func(src bot.Source) *bot.Engine {
		return &bot.Engine{Source: src, Processor: watch, Offsets: db, Menus: handlers.TextMenus(db), Photos: keeper,
			Notify: st.kick, Log: log}
	}
	var inbox *inboxSource
	if cfg.Webhook != "" {
		inbox = newInboxSource(db, log)
		for _, m := range msgrs {
			inbox.parse[m.platform] = m.parse
		}
		st.engines = append(st.engines, engine(inbox))
	} else {
		for _, m := range msgrs {
			st.engines = append(st.engines, engine(m.source))
		}
	}
	st.eng = st.engines[0]
	if cfg.HTTP != "" {
		st.web = &listener{db: db, log: log, hooks: map[string]hook{}, media: cfg.PublicURL != "", received: func() {},
			contact: st.health.contact, health: st.health, stored: watch.saw,
			metrics: promhttp.HandlerFor(st.metrics.reg, promhttp.HandlerOpts{ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)})}
		if cfg.PublicURL != "" {
			st.web.public, st.web.small = newPublicPages(app, db, cfg.PublicURL, app.JoinLink, log), newResizer()
		}
		if inbox != nil {
			st.web.received = inbox.received
			for _, m := range msgrs {
				m := m
				st.web.hooks[m.platform] = hook{platform: m.platform, key: m.key,
					secretOK: func(h http.Header) bool { return m.secretOK(h, m.secret) }}
			}
		}
	}
	st.sched = schedules.New(schedules.Config{App: app, Notify: st.kick, Location: cfg.TZ, Log: log, DB: db,
		Ran: st.metrics.ran, BackupDir: cfg.BackupDir, BackupKeep: cfg.BackupKeep})
	st.metrics.wire(st)
	started, mode := time.Now(), handlers.ModePolling
	if cfg.Webhook != "" {
		mode = handlers.ModeWebhook
	}
	app.Runtime = func() handlers.Runtime {
		rt := handlers.Runtime{Version: versionString(), Started: started}
		pauses := st.health.lastPauses()
		for _, m := range msgrs {
			p := pauses[m.platform]
			rt.Platforms = append(rt.Platforms, handlers.PlatformRuntime{Name: m.platform, Mode: mode,
				LastPause: p.At, PauseWait: p.Wait})
		}
		return rt
	}
	return st, nil
}

// telegramError and zaloError name the token that a platform refused
// at start-up (still bot.ErrTokenRejected for errors.Is).
func telegramError(err error) error {
	if errors.Is(err, bot.ErrTokenRejected) {
		return refusedToken{env: "TELEGRAM_TOKEN", where: "Telegram", fix: "check it with @BotFather", err: err}
	}
	return fmt.Errorf("telegram: %w", err)
}

func zaloError(err error) error {
	if errors.Is(err, bot.ErrTokenRejected) {
		return refusedToken{env: "ZALO_TOKEN", where: "Zalo", fix: "check it in Zalo Bot Creator", err: err}
	}
	return fmt.Errorf("zalo: %w", err)
}

// refusedToken is a platform's 401, at start or, when running, while the
// bot ran (a token revoked meanwhile).
type refusedToken struct {
	env, where, fix string
	running         bool
	err             error
}

func (e refusedToken) Error() string {
	if e.running {
		return fmt.Sprintf("the bot token was refused (401): check %s (%s)", e.env, e.fix)
	}
	return fmt.Sprintf("the token was rejected by %s (401 Unauthorized): %s is wrong or revoked; %s", e.where, e.env, e.fix)
}
func (e refusedToken) Unwrap() error { return e.err }
