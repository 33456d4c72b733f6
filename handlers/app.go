// Package handlers is what Chung Sức does for the people who write to it:
// onboarding, help, settings, hotlines, and the residents' daily flows. It
// routes updates with package bot and keeps everything in package storage,
// one transaction per update, replies included.
package handlers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// Config is what the application needs to know about its deployment.
type Config struct {
	DB *storage.DB
	// Signer signs buttons; its key must survive restarts.
	Signer *bot.Signer
	// Admins are "platform:user id" keys of the administrators.
	Admins map[string]bool
	// Lang is the default language, TZ the default time zone of units.
	Lang string
	TZ   *time.Location
	Log  *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
	// BotName is the bot's username on Telegram, for commands addressed
	// to it in groups ("/help@name").
	BotName string
	// Platforms says what each messenger can do (buttons, edits, links);
	// a messenger it does not name can do everything.
	Platforms bot.Platforms
	// Rate is how many messages per second the dispatcher sends, for the
	// estimates shown before an appeal (default DefaultRate).
	Rate float64
	// JoinLink opens the bot with a start parameter ("{param}"), for the
	// QR codes printed for notice boards: Telegram's, the only messenger
	// with such links ("" without Telegram). PublicURL is where the public
	// pages are served ("" when they are not).
	JoinLink, PublicURL string
	// NoFlood turns the per-person flood limit off (the console, where one
	// person pastes many lines at once).
	NoFlood bool
}

// App handles updates. It implements bot.BatchProcessor.
type App struct {
	*core
	Router *bot.Router[*session]
	Flood  *bot.FloodLimit
	// Applied, when set, is told after each commit of ProcessBatch how
	// many updates it made durable and how long since their batch began:
	// how long each of them waited for its effects and replies to be
	// kept (the handler latency of the benchmarks and the metrics).
	Applied func(n int, latency time.Duration)
	// Runtime, when set, tells /status what the program knows of itself.
	Runtime func() Runtime
	// Handled, when set, is told of each update handled: its platform and
	// kind, how long its handler and its writes took, and how it ended.
	Handled func(platform string, kind bot.Kind, took time.Duration, r Outcome)

	onboarding *Onboarding
	guide      *Guide
	checkins   *Checkins
	family     *Family
	deeds      *Deeds
	review     *Review
	support    *Support
	privacy    *Privacy
	links      *Links
	schedules  *Schedules
	campaigns  *Campaigns
	standings  *Standings
	digests    *Digests
	queue      *Queue
	escalation *Escalation
	menus      *Menus
	roles      *Roles
	audit      *Audit
	appeals    *Appeals
	hotlines   *Hotlines
}

var _ bot.BatchProcessor = (*App)(nil)

// errRollback ends a transaction whose handler failed.
var errRollback = errors.New("handler failed")

// New returns the application with every route registered.
func New(cfg Config) *App {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.TZ == nil {
		cfg.TZ = time.UTC
	}
	if normLang(cfg.Lang) == "" {
		cfg.Lang = "vi"
	}
	co := &core{Config: cfg, Catalog: NewCatalog(), Messages: &bot.Messages{Signer: cfg.Signer},
		flows: map[string]flowInfo{}}
	a := &App{core: co}
	a.Router = bot.NewRouter[*session](cfg.Signer, a.Catalog)
	a.Router.SetBotName(cfg.BotName)
	a.Flood = bot.NewFloodLimit(20, 10*time.Second)
	a.Flood.Now = cfg.Now
	a.routes()
	return a
}

// Process applies one update exactly once: ProcessBatch of that update.
func (a *App) Process(ctx context.Context, u bot.Update) error {
	return a.ProcessBatch(ctx, []bot.Update{u})
}

// batchHold bounds how long one transaction of a batch holds the writer:
// the updates that remain go on in the next. No reply waits long for the
// updates after it in its batch (the p99 of BenchmarkCheckins), and the
// dispatcher's records never wait long for the writer; a commit costs
// about one fsync (a third of a millisecond), a small share of 5 ms.
const batchHold = 5 * time.Millisecond

// ProcessBatch applies the updates of one poll exactly once, in order.
// Each update runs in its own savepoint: its effects, its replies (to the
// outbox) and the record that it was applied are kept or undone together.
// A handler's failure undoes its update alone and records an apology
// instead, so a bad update is answered once and never retried. The
// savepoints commit together, in one transaction, or in a few when the
// updates are slow (batchHold): one commit instead of one per update.
//
// It returns an error only when the database could not apply the batch
// (or what is left of it): nothing of a failed transaction is kept, the
// engine tries the batch again, and the updates committed before are
// recognised by their ids and skipped. A promise kept either way: an
// update is confirmed to the platform (the next poll's offset) only once
// its transaction has committed.
func (a *App) ProcessBatch(ctx context.Context, us []bot.Update) error {
	began := time.Now()
	var handled []handling
	for len(us) > 0 {
		done := 0
		err := a.DB.Update(ctx, func(tx *storage.Tx) error {
			start := time.Now()
			done, handled = 0, handled[:0] // a transaction tried again starts over
			offsets := map[string]int64{}  // the next poll's offset by source
			for done < len(us) && (done == 0 || time.Since(start) < batchHold) {
				u := &us[done]
				h, err := a.applyIn(ctx, tx, u)
				handled = append(handled, h)
				if err != nil {
					return err
				}
				if u.Seq != 0 {
					offsets[u.Source] = u.Seq + 1
				}
				done++
			}
			for source, next := range offsets {
				if err := tx.SetOffset(source, next); err != nil {
					return err
				}
			}
			return nil
		})
		a.tell(ctx, handled, err)
		if err != nil {
			return err
		}
		if a.Applied != nil {
			a.Applied(done, time.Since(began))
		}
		us = us[done:]
	}
	return nil
}

// handling is how the handling of one update ended, told once its
// transaction has ended.
type handling struct {
	u       *bot.Update
	took    time.Duration
	outcome Outcome
}

// tell reports the updates a transaction handled, once it has ended:
// Handled and a debug line for each. Those of a transaction that failed
// (err) were all undone: each is told as Retried.
func (a *App) tell(ctx context.Context, handled []handling, err error) {
	debug := a.Log.Enabled(ctx, slog.LevelDebug)
	for _, h := range handled {
		if err != nil {
			h.outcome = Retried
		}
		if a.Handled != nil {
			a.Handled(h.u.Platform, h.u.Kind, h.took, h.outcome)
		}
		if debug {
			a.Log.Debug("update handled", "update", h.u.ID, "platform", h.u.Platform, "kind", h.u.Kind,
				"outcome", h.outcome, "took", h.took)
		}
	}
}

// applyIn applies u in its savepoint of tx; a handler's failure is undone
// and answered with an apology in another. The error it returns ends the
// transaction.
func (a *App) applyIn(ctx context.Context, tx *storage.Tx, u *bot.Update) (h handling, _ error) {
	h = handling{u: u, outcome: Applied}
	began := time.Now()
	defer func() { h.took = time.Since(began) }()
	c := bot.NewContext(u, a.langFor("", u.From.LanguageCode))
	c.Caps = a.Platforms.Of(u.Platform)
	var handlerErr error
	err := tx.Savepoint(func(tx *storage.Tx) error {
		// recorded first: a repeat is found by the same statement
		if fresh, err := tx.FirstSeen(u.Source, u.ID); err != nil || !fresh {
			h.outcome = Repeated
			return errors.Join(err, dropReceipt(tx, u))
		}
		s := &session{core: a.core, tx: tx}
		if handlerErr = a.Router.Serve(ctx, c, s); handlerErr != nil {
			return errRollback
		}
		out := c.Outgoing()
		if s.dropped != "" {
			out = append([]bot.Outgoing{a.droppedNotice(c, s.dropped)}, out...)
		}
		if s.forgotten {
			for i := range out {
				out[i].Erase = true
			}
		}
		return a.commit(tx, u, out)
	})
	if errors.Is(err, errRollback) && storage.Transient(handlerErr) {
		// The database could not do it now: the engine tries the update
		// again later rather than answering it with an apology.
		h.outcome = Retried
		return h, fmt.Errorf("apply update %s: %w", u.ID, handlerErr)
	}
	if errors.Is(err, errRollback) {
		h.outcome = Apologised
		return h, a.apologise(tx, u, c, handlerErr)
	}
	if err != nil {
		h.outcome = Retried
		return h, fmt.Errorf("apply update %s: %w", u.ID, err)
	}
	return h, nil
}

// Outcome is how the handling of one update ended.
type Outcome string

const (
	Applied    Outcome = "applied"    // handled, its effects and replies written
	Repeated   Outcome = "repeated"   // applied before: dropped
	Apologised Outcome = "apologised" // its handler failed: undone, answered with an apology
	Retried    Outcome = "retried"    // the database failed: the batch is tried again later
)

// droppedNotice tells the person that starting something new cancelled
// the flow they had not finished, so nothing is lost without a word.
func (a *App) droppedNotice(c *bot.Context, flow string) bot.Outgoing {
	u := c.Update
	text := c.T("flow.dropped", HTML(c.T(a.flows[flow].nameKey)), "/"+a.flows[flow].command)
	return bot.Outgoing{Kind: bot.OutSend, Platform: u.Platform, ChatID: u.Chat.ID, Lang: c.Lang, Text: text,
		Keyboard: &bot.Keyboard{Remove: true}}
}

// commit writes the replies to the outbox and drops the update's inbox
// row (the update is recorded as applied before its handler runs, and the
// batch stores the poll offset once, after its last update).
func (a *App) commit(tx *storage.Tx, u *bot.Update, out []bot.Outgoing) error {
	for _, m := range out {
		if err := enqueue(tx, m); err != nil {
			return err
		}
	}
	return dropReceipt(tx, u)
}

// dropReceipt deletes the inbox row of an update that came by webhook, in
// the transaction that applies it (or finds it applied): it is never read
// again, however long after its id is forgotten.
func dropReceipt(tx *storage.Tx, u *bot.Update) error {
	if u.Receipt == 0 {
		return nil
	}
	return tx.DropInbox(u.Receipt)
}

// apologise records a failed update with one reply, in tx: the user
// error's own message, or a polite "something went wrong" for anything
// else.
func (a *App) apologise(tx *storage.Tx, u *bot.Update, c *bot.Context, cause error) error {
	var ue *bot.UserError
	key, args := "error.internal", []any(nil)
	if errors.As(cause, &ue) {
		key, args = ue.Key, ue.Args
	} else {
		a.Log.Error("handler failed", "update", u.ID, "err", cause)
	}
	c.Reset()
	text := a.Catalog.Text(c.Lang, key, args...)
	if u.Kind == bot.KindCallback {
		c.Answer("", false)
	}
	if u.Kind != bot.KindIgnored && u.Chat.ID != "" {
		c.Send(text, nil)
	}
	err := tx.Savepoint(func(tx *storage.Tx) error {
		if err := tx.RecordUpdate(u.Source, u.ID, 0); err != nil { // undone with the handler's work
			return err
		}
		return a.commit(tx, u, c.Outgoing())
	})
	if err != nil {
		return fmt.Errorf("record failed update %s: %w", u.ID, err)
	}
	return nil
}

func enqueue(tx *storage.Tx, m bot.Outgoing) error {
	payload, err := m.Encode()
	if err != nil {
		return err
	}
	_, err = tx.Enqueue(storage.OutboxMessage{Platform: m.Platform, ChatID: m.ChatID,
		ResidentID: m.ResidentID, AboutResidentID: m.AboutResidentID, Priority: m.Priority,
		Kind: string(m.Kind), Payload: payload})
	if err != nil {
		return fmt.Errorf("enqueue: %w", err)
	}
	return nil
}

// What no longer needs keeping, and when it goes.
const (
	// KeepUpdateIDs: an update id is kept to recognise the same update
	// delivered again (Telegram keeps updates 24 hours).
	KeepUpdateIDs = 48 * time.Hour
	// KeepSettled: a message sent or given up stays in the outbox a week
	// (/mydata shows it), then goes.
	KeepSettled = 7 * 24 * time.Hour
	// KeepLoosePhotos: a photo no report or appeal shows (sent outside a
	// report, or in one never finished) is kept a day.
	KeepLoosePhotos = 24 * time.Hour
	// KeepExports: a request for a file (/export) done or given up is
	// kept a week, then goes.
	KeepExports = 7 * 24 * time.Hour
)

// Prune forgets, as of now, the update ids, settled messages, loose
// photos and settled requests for files kept longer than they need to be.
func (a *App) Prune(ctx context.Context, now time.Time) error {
	var errs []error
	if _, err := a.DB.PruneUpdates(ctx, now.Add(-KeepUpdateIDs)); err != nil {
		errs = append(errs, fmt.Errorf("prune update ids: %w", err))
	}
	if _, err := a.DB.PruneOutbox(ctx, now.Add(-KeepSettled)); err != nil {
		errs = append(errs, fmt.Errorf("prune outbox: %w", err))
	}
	if _, err := a.DB.PruneMedia(ctx, now.Add(-KeepLoosePhotos)); err != nil {
		errs = append(errs, fmt.Errorf("prune photos: %w", err))
	}
	if _, err := a.DB.PruneExports(ctx, now.Add(-KeepExports)); err != nil {
		errs = append(errs, fmt.Errorf("prune export requests: %w", err))
	}
	// who was reminded which day: a week covers every time zone's today
	if _, err := a.DB.PruneReminded(ctx, now.AddDate(0, 0, -7).Format(time.DateOnly)); err != nil {
		errs = append(errs, fmt.Errorf("prune reminders: %w", err))
	}
	return errors.Join(errs...)
}

// Escalate takes the help requests left unclaimed too long, as of now, to
// the units above, and says how many it escalated (a scheduled job).
func (a *App) Escalate(ctx context.Context, now time.Time) (int, error) {
	return a.escalation.escalate(ctx, now)
}

// AnnounceRole tells a person of their new role, in tx (see
// Queue.announceRole), and gives them the role's command menu.
func (a *App) AnnounceRole(tx *storage.Tx, residentID int64, role string, unitID int64) (storage.Waiting, error) {
	b := &bot.Batch{}
	w, err := a.queue.announceRole(b, tx, residentID, role, unitID)
	if err == nil {
		err = a.menus.refresh(b, tx, residentID)
	}
	if err == nil {
		err = enqueueAll(tx, b.Outgoing())
	}
	return w, err
}

// RoleEnded tells the holder of a revoked grant that their role ended,
// in tx, and gives them back the menu of their remaining roles.
func (a *App) RoleEnded(tx *storage.Tx, g storage.Role) error {
	b := &bot.Batch{}
	if err := a.roles.ended(b, tx, g, 0); err != nil {
		return err
	}
	return enqueueAll(tx, b.Outgoing())
}

// Menu returns the residents' command menu in lang.
func (a *App) Menu(lang string) []MenuEntry { return a.guide.menu(lang) }
