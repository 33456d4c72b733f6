package handlers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// Making the files asked for with /export, a job the scheduler runs every
// few seconds: claim the oldest request, read its rows in a read-only
// transaction (a file of 100,000 rows takes seconds to build, and the one
// writer stays free for everyone else meanwhile), then queue the file to
// the person who asked and mark the request done in one short write
// transaction.
const (
	// ExportStaleAfter is how long a claimed request may stay running
	// before a later run takes it up again: its run crashed, or ran out
	// of time (a run lasts at most the scheduler's job timeout, 50 s).
	ExportStaleAfter = 5 * time.Minute
	// MaxExportAttempts is how many runs may try one request; the next
	// gives it up and tells the person who asked.
	MaxExportAttempts = 3
	// exportsPerRun bounds the files one run makes; the rest wait for the
	// next run.
	exportsPerRun = 10
)

// RunExports makes the files asked for with /export, oldest first, and
// queues each to the person who asked, or tells them why it could not be
// made; it returns how many messages it queued, for the caller to wake
// the dispatcher. A file is read in a read-only transaction, never
// holding the writer; a request whose run crashed or ran out of time is
// taken up again after ExportStaleAfter, and its file is still sent
// once. It stops at the first error of the database (or of ctx).
func (a *App) RunExports(ctx context.Context) (int, error) {
	return (&Exports{core: a.core}).run(ctx)
}

func (ex *Exports) run(ctx context.Context) (int, error) {
	queued := 0
	for range exportsPerRun {
		if err := ctx.Err(); err != nil {
			return queued, err
		}
		r, err := ex.DB.ClaimExport(ctx, ExportStaleAfter)
		if errors.Is(err, storage.ErrNotFound) {
			break
		}
		if err != nil {
			return queued, fmt.Errorf("run exports: %w", err)
		}
		n, err := ex.make(ctx, r)
		queued += n
		if err != nil {
			return queued, fmt.Errorf("export request %d: %w", r.ID, err)
		}
	}
	return queued, nil
}

// exportJob is a claimed request made ready: what to write, where it is
// from, and who asked.
type exportJob struct {
	spec  ExportSpec
	place HTML // the units, for the caption
	by    storage.Resident
}

// exportStop is why a request ends without a file: detail for the
// record, and key the catalogue message that tells the person who asked
// ("" for someone who wants nothing more: gone, or stopped).
type exportStop struct {
	key, detail string
}

// make makes the file of the claimed request r and queues it, or what
// stands for it; it returns how many messages it queued. An error leaves
// r claimed, for a later run to take up once stale.
func (ex *Exports) make(ctx context.Context, r storage.ExportRequest) (int, error) {
	to := ex.recipient(r)
	if r.Attempts > MaxExportAttempts {
		return ex.stop(ctx, r, to, exportStop{"export.failed", fmt.Sprintf("gave up after %d attempts", r.Attempts-1)})
	}
	job, stop, err := ex.prepare(ctx, r, to)
	if err != nil {
		return 0, err
	}
	if stop != nil {
		return ex.stop(ctx, r, to, *stop)
	}
	var buf bytes.Buffer
	res, err := WriteExport(ctx, ex.DB, job.spec, &buf)
	if err != nil {
		if ctx.Err() != nil || storage.Transient(err) {
			return 0, err // stopped, out of time or busy: a later run tries again
		}
		ex.Log.Error("export failed", "request", r.ID, "err", err)
		return ex.stop(ctx, r, to, exportStop{"export.failed", clip(err.Error(), 200)})
	}
	return ex.deliver(ctx, r, to, job, res, buf.Bytes())
}

// prepare reads, in a read-only transaction, who asked for r and what
// they may still read: the units of the request they no longer look
// after (a role revoked since) are left out. stop is set when there is
// nothing to make.
func (ex *Exports) prepare(ctx context.Context, r storage.ExportRequest, to exportTo) (job exportJob, stop *exportStop, err error) {
	from, errFrom := time.Parse(time.DateOnly, r.FromDay)
	until, errTo := time.Parse(time.DateOnly, r.ToDay)
	if errFrom != nil || errTo != nil {
		return job, &exportStop{"export.failed", "bad days " + r.FromDay + ".." + r.ToDay}, nil
	}
	err = ex.DB.View(ctx, func(tx *storage.Tx) error {
		res, err := tx.ResidentByID(r.ResidentID)
		if isNotFound(err) || err == nil && res.Stopped() {
			stop = &exportStop{detail: "the resident is gone or stopped"}
			return nil
		}
		if err != nil {
			return err
		}
		s := &session{core: ex.core, tx: tx, res: res}
		scope, err := ex.stillHeld(s, r.Scope, storage.RoleCoordinator, storage.RoleOfficial)
		if err != nil {
			return err
		}
		health, err := ex.stillHeld(s, r.Health, storage.RoleOfficial)
		if err != nil {
			return err
		}
		if scope.Empty() {
			stop = &exportStop{"export.no_scope", "no unit of the request is theirs any more"}
			return nil
		}
		place, loc, err := ex.place(tx, to.lang, scope)
		if err != nil {
			return err
		}
		job = exportJob{place: place, by: res, spec: ExportSpec{Kind: ExportKind(r.Kind), Format: r.Format,
			Scope: scope, Health: health, From: from, To: until, Loc: loc, Lang: to.lang}}
		return nil
	})
	if err != nil {
		return exportJob{}, nil, fmt.Errorf("prepare export: %w", err)
	}
	return job, stop, nil
}

// stillHeld narrows asked, a scope the sender held when they asked, to
// what they hold now with any of roles.
func (ex *Exports) stillHeld(s *session, asked storage.Scope, roles ...string) (storage.Scope, error) {
	now, err := ex.scopeOf(s, roles...)
	switch {
	case err != nil:
		return storage.Scope{}, err
	case now.All:
		return asked, nil
	case asked.All:
		return now, nil
	}
	var kept storage.Scope
	for _, id := range asked.Units {
		ok, err := covers(s.tx, now, id)
		if isNotFound(err) {
			continue // a unit removed since
		}
		if err != nil {
			return storage.Scope{}, err
		}
		if ok {
			kept.Units = append(kept.Units, id)
		}
	}
	return kept, nil
}

// deliver queues the file to the person who asked (or says why it cannot
// go), records it in the audit log when it went, and marks r done, in one
// short transaction; it returns how many messages it queued. A request
// another run took over meanwhile queues nothing.
func (ex *Exports) deliver(ctx context.Context, r storage.ExportRequest, to exportTo, job exportJob,
	res ExportResult, content []byte) (int, error) {
	b := &bot.Batch{}
	status, detail := storage.ExportDone, fmt.Sprintf("%d rows, %d bytes", res.Rows, len(content))
	sent := to.file(b, job, res, content)
	if !sent {
		status = storage.ExportFailed
	}
	err := ex.DB.Update(ctx, func(tx *storage.Tx) error {
		if err := enqueueAll(tx, b.Outgoing()); err != nil {
			return err
		}
		if sent {
			s := &session{core: ex.core, tx: tx, res: job.by}
			if err := ex.auditExport(s, job.spec, res); err != nil {
				return err
			}
		}
		return tx.FinishExport(r.ID, r.Attempts, status, detail)
	})
	if errors.Is(err, storage.ErrConflict) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("deliver export: %w", err)
	}
	return len(b.Outgoing()), nil
}

// stop ends r without a file, telling the person who asked why unless
// stop has no message for them; it returns how many messages it queued.
func (ex *Exports) stop(ctx context.Context, r storage.ExportRequest, to exportTo, stop exportStop) (int, error) {
	b := &bot.Batch{}
	if stop.key != "" {
		to.send(b, to.t(stop.key, HTML(to.t("export.kind."+r.Kind)), dayText(r.FromDay), dayText(r.ToDay)))
	}
	err := ex.DB.Update(ctx, func(tx *storage.Tx) error {
		if err := enqueueAll(tx, b.Outgoing()); err != nil {
			return err
		}
		return tx.FinishExport(r.ID, r.Attempts, storage.ExportFailed, stop.detail)
	})
	if errors.Is(err, storage.ErrConflict) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("give up export: %w", err)
	}
	return len(b.Outgoing()), nil
}

// dayText shows a stored day (YYYY-MM-DD) as a caption does.
func dayText(day string) string {
	if d, err := time.Parse(time.DateOnly, day); err == nil {
		return d.Format(exportDayLayout)
	}
	return day
}

// exportTo is the person a request's messages go to: the chat where they
// asked, in their language, with what that messenger can do. It builds
// the job's messages as an update's Context builds a reply.
type exportTo struct {
	platform, chatID, lang string
	resident               int64
	caps                   bot.Caps
	cat                    *Catalog
}

// recipient is who asked for r.
func (ex *Exports) recipient(r storage.ExportRequest) exportTo {
	return exportTo{platform: r.Platform, chatID: r.ChatID, lang: ex.langFor(r.Lang, ""), resident: r.ResidentID,
		caps: ex.Platforms.Of(r.Platform), cat: ex.Catalog}
}

// t is a catalogue message in their language.
func (to exportTo) t(key string, args ...any) string { return to.cat.Text(to.lang, key, args...) }

// send queues text to them.
func (to exportTo) send(q bot.Queue, text string) {
	q.Queue(bot.Outgoing{Kind: bot.OutSend, Platform: to.platform, ChatID: to.chatID, Lang: to.lang, Text: text,
		ResidentID: to.resident})
}

// file queues the file of job with its caption, and reports whether it
// did: a file too big for a chat, or too long to read as text where files
// cannot go, is explained instead.
func (to exportTo) file(q bot.Queue, job exportJob, res ExportResult, content []byte) bool {
	spec := job.spec
	kind := HTML(to.t("export.kind." + string(spec.Kind)))
	switch {
	case !to.caps.Documents && utf8.RuneCount(content) > to.caps.TextLimit-500:
		to.send(q, to.t("export.no_documents", kind, res.Rows, to.caps.Name))
		return false
	case len(content) > maxExportFile:
		to.send(q, to.t("export.too_big", kind, res.Rows, len(content)>>20))
		return false
	}
	caption := to.t("export.caption", kind, job.place, spec.From.Format(exportDayLayout),
		spec.To.Format(exportDayLayout), res.Rows)
	if res.Capped {
		caption += "\n" + to.t("export.capped", MaxExportRows)
	}
	name := fmt.Sprintf("chungsuc-%s-%s-%s.%s", to.t("export.file."+string(spec.Kind)),
		spec.From.Format("20060102"), spec.To.Format("20060102"), spec.Format)
	if !to.caps.Documents { // read as text, where a byte-order mark is only noise
		content = bytes.TrimPrefix(content, []byte("\uFEFF"))
	}
	q.Queue(bot.Outgoing{Kind: bot.OutDoc, Platform: to.platform, ChatID: to.chatID, Lang: to.lang,
		FileName: name, Content: content, Text: caption, ResidentID: to.resident})
	return true
}

// place names the units of a scope for a caption, in lang, and gives the
// time zone of the export: that of its first unit.
func (ex *Exports) place(tx *storage.Tx, lang string, scope storage.Scope) (HTML, *time.Location, error) {
	if scope.All {
		return HTML(ex.Catalog.Text(lang, "export.everywhere")), ex.TZ, nil
	}
	loc := ex.TZ
	var names []string
	for i, id := range scope.Units {
		u, err := tx.UnitByID(id)
		if err != nil {
			return "", nil, fmt.Errorf("export unit: %w", err)
		}
		if i == 0 {
			loc = ex.location(u)
		}
		names = append(names, bot.Escape(u.Name))
	}
	if len(names) > 3 {
		return HTML(ex.Catalog.Text(lang, "export.units", len(names))), loc, nil
	}
	return HTML(strings.Join(names, ", ")), loc, nil
}

// auditExport records who took which file of which units: personal data
// left the bot.
func (ex *Exports) auditExport(s *session, spec ExportSpec, res ExportResult) error {
	detail := fmt.Sprintf("%s..%s %d rows %s", spec.From.Format(time.DateOnly), spec.To.Format(time.DateOnly),
		res.Rows, spec.Format)
	if spec.Kind == ExportCheckins && !spec.Health.Empty() {
		detail += " health"
	}
	units := spec.Scope.Units
	if spec.Scope.All {
		units = []int64{0}
	}
	for _, id := range units {
		if err := ex.audit(s, storage.AuditEntry{Action: "export_" + string(spec.Kind), UnitID: id,
			Outcome: storage.AuditOK, Detail: detail}); err != nil {
			return err
		}
	}
	return nil
}
