package handlers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/storage"
)

// Exports is /export (/xuatfile): the good deeds, check-ins or help
// requests of the sender's units over a range of days, as an Excel
// workbook or a CSV file, for coordinators and officials. The command
// queues the request; a job (export_job.go) makes the file and sends it.
type Exports struct {
	*core
}

// ExportKind is what an export holds.
type ExportKind string

// The kinds of export.
const (
	ExportDeeds    ExportKind = "deeds"
	ExportCheckins ExportKind = "checkins"
	ExportRequests ExportKind = "requests"
)

// The formats of an export file.
const (
	FormatXLSX = "xlsx"
	FormatCSV  = "csv"
)

const (
	// MaxExportRows is the most rows one export holds.
	MaxExportRows = 200_000
	// MaxExportDays is the longest range of days one export covers.
	MaxExportDays = 366
	// defaultExportDays is the range when none is given: the last 30
	// days, today included.
	defaultExportDays = 30
	// maxExportFile keeps a file within what Telegram lets a bot send
	// (50 MB), with room for the request around it.
	maxExportFile = 48 << 20
	// exportTimeLayout and exportDayLayout are how a CSV file writes
	// times and days, in local time; a workbook shows them the same way.
	exportTimeLayout = "02/01/2006 15:04"
	exportDayLayout  = "02/01/2006"
)

// exportWords are the words that name a kind, folded (no accents, no
// dashes): English and ASCII Vietnamese.
var exportWords = map[string]ExportKind{
	"deeds": ExportDeeds, "deed": ExportDeeds, "viectot": ExportDeeds,
	"checkins": ExportCheckins, "checkin": ExportCheckins, "diemdanh": ExportCheckins, "khaibao": ExportCheckins,
	"requests": ExportRequests, "request": ExportRequests, "hotro": ExportRequests, "yeucau": ExportRequests,
}

// foldWord is a word as exportWords and the format words hold it.
func foldWord(w string) string {
	return strings.NewReplacer("-", "", "_", "", ".", "").Replace(storage.Fold(w))
}

// ParseExportKind reads the word that names a kind of export: deeds,
// checkins or requests, or in Vietnamese viectot, diemdanh (khaibao) or
// hotro (yeucau), with or without accents.
func ParseExportKind(word string) (ExportKind, bool) {
	k, ok := exportWords[foldWord(word)]
	return k, ok
}

var (
	dayFirst  = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$`)
	yearFirst = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
	dayMonth  = regexp.MustCompile(`^(\d{1,2})[/.](\d{1,2})$`)
)

// ParseExportDate reads a date as DD/MM/YYYY, YYYY-MM-DD or DD/MM (of
// today's year) and returns it as a calendar date (midnight UTC). ok is
// false for anything else, or a day the calendar does not have.
func ParseExportDate(s string, today time.Time) (date time.Time, ok bool) {
	var y, m, d string
	if p := dayFirst.FindStringSubmatch(s); p != nil {
		d, m, y = p[1], p[2], p[3]
	} else if p := yearFirst.FindStringSubmatch(s); p != nil {
		y, m, d = p[1], p[2], p[3]
	} else if p := dayMonth.FindStringSubmatch(s); p != nil {
		d, m, y = p[1], p[2], strconv.Itoa(today.Year())
	} else {
		return time.Time{}, false
	}
	yy, _ := strconv.Atoi(y)
	mm, _ := strconv.Atoi(m)
	dd, _ := strconv.Atoi(d)
	date = time.Date(yy, time.Month(mm), dd, 0, 0, 0, 0, time.UTC)
	if yy < 1900 || date.Year() != yy || int(date.Month()) != mm || date.Day() != dd {
		return time.Time{}, false
	}
	return date, true
}

// ExportError is an export request refused for what was typed: Key
// names the reason in the catalogue and Args fill it in. Its Error is
// the English text.
type ExportError struct {
	Key  string
	Args []any
}

func (e *ExportError) Error() string {
	return bot.PlainText(exportCatalog().Text("en", e.Key, e.Args...))
}

// exportCatalog is the catalogue WriteExport and ExportError read, made
// once for the command line (the bot has its own, the same).
var exportCatalog = sync.OnceValue(NewCatalog)

// CheckExportRange checks the calendar dates from and to (both included)
// against today: from may not be after today nor after to, and the
// range may not be longer than MaxExportDays. It returns an
// *ExportError saying which.
func CheckExportRange(from, to, today time.Time) error {
	switch {
	case from.After(today):
		return &ExportError{Key: "export.future", Args: []any{from.Format(exportDayLayout)}}
	case from.After(to):
		return &ExportError{Key: "export.reversed", Args: []any{from.Format(exportDayLayout), to.Format(exportDayLayout)}}
	case to.Sub(from) >= MaxExportDays*24*time.Hour:
		return &ExportError{Key: "export.too_long", Args: []any{MaxExportDays}}
	}
	return nil
}

// exportArgs is what "/export KIND [FROM] [TO] [csv]" asks for.
type exportArgs struct {
	Kind     ExportKind
	From, To time.Time // calendar dates, both included
	Format   string
}

// parseExportArgs reads the words after /export, today being the
// calendar date where the sender's units are. A refusal is an
// *ExportError.
func parseExportArgs(args string, today time.Time) (exportArgs, error) {
	words := strings.Fields(args)
	if len(words) == 0 {
		return exportArgs{}, &ExportError{Key: "export.usage"}
	}
	kind, ok := ParseExportKind(words[0])
	if !ok {
		return exportArgs{}, &ExportError{Key: "export.bad_kind", Args: []any{clip(words[0], 40)}}
	}
	a := exportArgs{Kind: kind, Format: FormatXLSX, From: today.AddDate(0, 0, 1-defaultExportDays), To: today}
	var dates []time.Time
	for _, w := range words[1:] {
		switch foldWord(w) {
		case "csv":
			a.Format = FormatCSV
			continue
		case "xlsx", "excel":
			a.Format = FormatXLSX
			continue
		}
		if len(dates) == 2 {
			return exportArgs{}, &ExportError{Key: "export.too_many", Args: []any{clip(w, 40)}}
		}
		d, ok := ParseExportDate(w, today)
		if !ok {
			return exportArgs{}, &ExportError{Key: "export.bad_date", Args: []any{clip(w, 40)}}
		}
		dates = append(dates, d)
	}
	switch len(dates) {
	case 2:
		a.From, a.To = dates[0], dates[1]
	case 1:
		a.From = dates[0]
	}
	return a, CheckExportRange(a.From, a.To, today)
}

// clip cuts what someone typed to n runes, to quote it back.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// ExportSpec says what WriteExport writes.
type ExportSpec struct {
	Kind   ExportKind
	Format string // FormatXLSX or FormatCSV
	// Scope is the units whose rows are written, with every unit below.
	Scope storage.Scope
	// Health is where check-ins show health, symptoms, F0/F1 and needs;
	// an empty scope leaves those columns out.
	Health storage.Scope
	// From and To are the first and last calendar dates, in Loc.
	From, To time.Time
	Loc      *time.Location
	Lang     string
	// Limit is the most rows written; 0 means MaxExportRows.
	Limit int
}

// ExportResult says what WriteExport wrote: how many rows, and whether
// it stopped at the limit with more left.
type ExportResult struct {
	Rows   int
	Capped bool
}

// WriteExport writes the rows of spec to w as an Excel workbook or as a
// CSV file (UTF-8 with a byte-order mark, so Excel reads the accents; a
// header row, then one row each), in the words of spec.Lang, times in
// spec.Loc. It reads in one read-only transaction. An empty export still
// has its header row. It returns storage.ErrInvalid for an unknown kind
// or format.
func WriteExport(ctx context.Context, db *storage.DB, spec ExportSpec, w io.Writer) (ExportResult, error) {
	if _, ok := exportColumns[spec.Kind]; !ok || (spec.Format != FormatXLSX && spec.Format != FormatCSV) {
		return ExportResult{}, fmt.Errorf("export %q as %q: %w", spec.Kind, spec.Format, storage.ErrInvalid)
	}
	if spec.Loc == nil {
		spec.Loc = time.UTC
	}
	if spec.Limit <= 0 {
		spec.Limit = MaxExportRows
	}
	if spec.Lang = normLang(spec.Lang); spec.Lang == "" {
		spec.Lang = "vi"
	}
	if spec.Kind != ExportCheckins {
		spec.Health = storage.Scope{}
	}
	x := exportWriter{cat: exportCatalog(), lang: spec.Lang, loc: spec.Loc, health: !spec.Health.Empty()}
	out, err := x.sheet(w, spec)
	if err != nil {
		return ExportResult{}, fmt.Errorf("export: %w", err)
	}
	res, err := x.rows(ctx, db, spec, out)
	if err != nil {
		out.abort()
		return ExportResult{}, err
	}
	if err := out.close(); err != nil {
		return ExportResult{}, fmt.Errorf("export: %w", err)
	}
	return res, nil
}

// rows reads the rows of spec into out.
func (x exportWriter) rows(ctx context.Context, db *storage.DB, spec ExportSpec, out sheet) (ExportResult, error) {
	q := storage.ExportQuery{Scope: spec.Scope, Health: spec.Health, Limit: spec.Limit,
		From:    time.Date(spec.From.Year(), spec.From.Month(), spec.From.Day(), 0, 0, 0, 0, spec.Loc),
		To:      time.Date(spec.To.Year(), spec.To.Month(), spec.To.Day()+1, 0, 0, 0, 0, spec.Loc),
		FromDay: spec.From.Format(time.DateOnly), ToDay: spec.To.Format(time.DateOnly)}
	var res ExportResult
	var err error
	add := func(cells []any) error { res.Rows++; return out.row(cells) }
	switch spec.Kind {
	case ExportDeeds:
		res.Capped, err = db.ExportDeeds(ctx, q, func(d storage.DeedExport) error { return add(x.deed(d)) })
	case ExportCheckins:
		res.Capped, err = db.ExportCheckins(ctx, q, func(c storage.CheckinExport) error { return add(x.checkin(c)) })
	case ExportRequests:
		res.Capped, err = db.ExportHelpRequests(ctx, q, func(h storage.HelpExport) error { return add(x.help(h)) })
	}
	return res, err
}

// column is a column of an export: the catalogue key of its header
// (after "export.col.") and its width in a workbook.
type column struct {
	key   string
	width float64
}

// healthColumns end the check-ins' columns, for those who may see them.
var healthColumns = []column{{"health", 16}, {"symptoms", 28}, {"f0f1", 8}, {"need", 18}}

var exportColumns = map[ExportKind][]column{
	ExportDeeds: {{"deed_ref", 12}, {"reported_at", 17}, {"unit_code", 14}, {"unit", 24}, {"category", 28},
		{"description", 60}, {"deed_status", 18}, {"reporter", 22}, {"commended", 12}},
	ExportCheckins: append([]column{{"day", 12}, {"checked_at", 17}, {"unit_code", 14}, {"unit", 24}, {"name", 24},
		{"by", 22}, {"pledge", 12}}, healthColumns...),
	ExportRequests: {{"help_ref", 12}, {"sent_at", 17}, {"unit_code", 14}, {"unit", 24}, {"help_kind", 18},
		{"help_status", 18}, {"claimed_at", 17}, {"resolved_at", 17}, {"hours", 12}},
}

// exportDay is a calendar date in a row (a time is a time.Time).
type exportDay time.Time

// exportWriter turns stored rows into cells in one language and zone;
// health says whether check-ins have health columns.
type exportWriter struct {
	cat    *Catalog
	lang   string
	loc    *time.Location
	health bool
}

// plain is a catalogue message as plain text; label is the same without
// the emoji some labels start with, or "" when the catalogue has no key.
func (x exportWriter) plain(key string, args ...any) string {
	return bot.PlainText(x.cat.Text(x.lang, key, args...))
}

func (x exportWriter) label(key string) string {
	if !x.cat.Has(x.lang, key) && !x.cat.Has("vi", key) {
		return ""
	}
	return strings.TrimLeftFunc(x.plain(key), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func (x exportWriter) yesNo(b bool) string {
	if b {
		return x.plain("export.yes")
	}
	return x.plain("export.no")
}

// at is a stored time for a cell: local, to the minute; nil when unset.
func (x exportWriter) at(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.In(x.loc).Truncate(time.Minute)
}

func (x exportWriter) deed(d storage.DeedExport) []any {
	category := x.label("deed.cat." + d.Category)
	if d.Category == "" || category == "" {
		category = d.CategoryLabel
	}
	return []any{storage.DeedRef(d.ID), x.at(d.CreatedAt), d.UnitCode, d.UnitName, category, d.Description,
		x.plain("export.deed_status." + d.Status), d.Reporter, x.yesNo(d.Status == storage.DeedCommended)}
}

func (x exportWriter) checkin(c storage.CheckinExport) []any {
	var day any = c.Day
	if t, err := time.Parse(time.DateOnly, c.Day); err == nil {
		day = exportDay(t)
	}
	cells := []any{day, x.at(c.At), c.UnitCode, c.UnitName, c.Name, c.By, x.yesNo(c.Pledge5K)}
	if !x.health {
		return cells
	}
	if !c.HasHealth { // a unit the reader coordinates but does not oversee
		return append(cells, nil, nil, nil, nil)
	}
	var symptoms []string
	for _, s := range c.Symptoms {
		if l := x.label("symptom." + s); l != "" {
			symptoms = append(symptoms, l)
		} else {
			symptoms = append(symptoms, s)
		}
	}
	f0f1 := ""
	if c.Health == storage.HealthF0 || c.Health == storage.HealthF1 {
		f0f1 = strings.ToUpper(c.Health)
	}
	need := ""
	if c.Need != storage.NeedNone {
		need = x.plain("export.help_kind." + c.Need)
	}
	return append(cells, x.plain("export.health."+c.Health), strings.Join(symptoms, ", "), f0f1, need)
}

func (x exportWriter) help(h storage.HelpExport) []any {
	var hours any
	if !h.ResolvedAt.IsZero() {
		hours = math.Round(h.ResolvedAt.Sub(h.CreatedAt).Hours()*10) / 10
	}
	return []any{storage.HelpRef(h.ID), x.at(h.CreatedAt), h.UnitCode, h.UnitName, x.plain("export.help_kind." + h.Kind),
		x.plain("export.help_status." + h.Status), x.at(h.ClaimedAt), x.at(h.ResolvedAt), hours}
}

// MaxExportsWaiting is how many files one person may have waiting to be
// made: one more is refused until one of them arrives.
const MaxExportsWaiting = 3

// export queues the file /export asks for and says at once that it is
// coming: the rows of the units the sender coordinates or oversees,
// health details only where they are an official (everywhere for an
// administrator). The export job (App.RunExports) makes and sends it
// outside this update's transaction, so that a large file never holds
// up everyone else's updates.
func (ex *Exports) export(_ context.Context, c *bot.Context, s *session) error {
	scope, err := ex.scopeOf(s, storage.RoleCoordinator, storage.RoleOfficial)
	if err != nil {
		return err
	}
	health, err := ex.scopeOf(s, storage.RoleOfficial)
	if err != nil {
		return err
	}
	_, loc, err := ex.place(s.tx, c.Lang, scope)
	if err != nil {
		return err
	}
	now := s.tx.Now.In(loc)
	args, err := parseExportArgs(c.Args, time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC))
	if err != nil {
		return ex.refuseArgs(c, err)
	}
	if !c.Caps.Documents {
		args.Format = FormatCSV // read as text there: a workbook is no text
	}
	if args.Kind != ExportCheckins {
		health = storage.Scope{} // only check-ins have health details
	}
	waiting, err := s.tx.OpenExports(s.res.ID)
	if err != nil {
		return err
	}
	if waiting >= MaxExportsWaiting {
		c.Send(c.T("export.busy"), nil)
		return nil
	}
	u := c.Update
	if _, err := s.tx.QueueExport(storage.ExportRequest{ResidentID: s.res.ID, Platform: u.Platform, ChatID: u.Chat.ID,
		Lang: c.Lang, Kind: string(args.Kind), Scope: scope, Health: health, FromDay: args.From.Format(time.DateOnly),
		ToDay: args.To.Format(time.DateOnly), Format: args.Format}); err != nil {
		return err
	}
	key := "export.queued"
	if !c.Caps.Documents {
		key = "export.queued_text"
	}
	c.Send(c.T(key, HTML(c.T("export.kind."+string(args.Kind))), args.From.Format(exportDayLayout),
		args.To.Format(exportDayLayout)), nil)
	return nil
}

// refuseArgs tells the sender why what they typed cannot be exported,
// with an example; err that is no *ExportError is returned.
func (ex *Exports) refuseArgs(c *bot.Context, err error) error {
	var ee *ExportError
	if !errors.As(err, &ee) {
		return err
	}
	text := c.T(ee.Key, ee.Args...)
	switch {
	case ee.Key != "export.usage":
		text += "\n\n" + c.T("export.example")
	case !c.Caps.Documents:
		text += "\n" + c.T("export.usage_no_files", c.Caps.Name)
	}
	c.Send(text, nil)
	return nil
}
