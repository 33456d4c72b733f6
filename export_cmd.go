package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chungsuc/chungsuc/handlers"
	"github.com/chungsuc/chungsuc/storage"
)

const exportUsage = `Usage:
  chungsuc export deeds|checkins|requests --unit CODE [--from DATE] [--to DATE] FILE.xlsx|FILE.csv

Writes the good deeds, the health check-ins (with their health details)
or the help requests of unit CODE and every unit below it, over a range of
days, to FILE: an Excel workbook, or a CSV file (UTF-8 with a byte-order
mark) when its name ends in .csv. The file is readable by its owner only:
it holds personal data.

DATE is DD/MM/YYYY, YYYY-MM-DD or DD/MM (this year), a day in the unit's
time zone, both ends included. Without --to the range ends today; without
--from it starts 29 days before its end. A file covers at most 366 days
and holds at most 200,000 rows. Headers and labels are in -lang.

It reads in one read-only transaction, so a running bot is not held up,
then adds one line to the audit log (an export by the operator). Flags may
come before or after the arguments.
Example:
  chungsuc export checkins --unit HN-TM --from 01/07/2021 --to 31/07/2021 khai-bao-thang-7.xlsx`

// cmdExport runs "chungsuc export".
func cmdExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		fmt.Fprintln(stderr, exportUsage)
		if len(args) == 0 {
			return errUsage
		}
		return flag.ErrHelp
	}
	var cfg config
	var unit, from, to string
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	cfg.commonFlags(fs)
	fs.StringVar(&unit, "unit", "", "code of the unit to export (with the units below it)")
	fs.StringVar(&from, "from", "", "first day, DD/MM/YYYY (default: 29 days before the last)")
	fs.StringVar(&to, "to", "", "last day, DD/MM/YYYY (default: today)")
	words, err := parseInterleaved(fs, args, stderr, "chungsuc export [flags] KIND FILE\n\n"+exportUsage)
	if err != nil {
		return err
	}
	if err := cfg.check(); err != nil {
		return err
	}
	if len(words) != 2 {
		return badSetting("give what to export (deeds, checkins or requests) and the FILE to write, e.g. chungsuc export deeds --unit HN-TM viec-tot.xlsx")
	}
	kind, ok := handlers.ParseExportKind(words[0])
	if !ok {
		return badSetting("%q is not something to export: write deeds, checkins or requests", words[0])
	}
	file := words[1]
	format := map[string]string{".xlsx": handlers.FormatXLSX, ".csv": handlers.FormatCSV}[strings.ToLower(filepath.Ext(file))]
	switch {
	case format == "":
		return badSetting("the file's name must end in .xlsx (an Excel workbook) or .csv, e.g. viec-tot.xlsx")
	case unit == "":
		return badSetting("--unit is missing: give the code of the unit, as chungsuc units list shows it")
	}
	db, err := openDB(ctx, cfg.DB, newLogger(stderr, slog.LevelWarn))
	if err != nil {
		return err
	}
	defer db.Close()
	var u storage.Unit
	err = db.View(ctx, func(tx *storage.Tx) (err error) {
		u, err = tx.UnitByCode(unit)
		return err
	})
	if errors.Is(err, storage.ErrNotFound) {
		return badSetting("there is no unit with code %q: see chungsuc units list", unit)
	}
	if err != nil {
		return err
	}
	spec := handlers.ExportSpec{Kind: kind, Format: format, Scope: storage.Scope{Units: []int64{u.ID}},
		Health: storage.Scope{Units: []int64{u.ID}}, Loc: cfg.TZ, Lang: cfg.Lang}
	if u.TZ != "" {
		if loc, err := time.LoadLocation(u.TZ); err == nil {
			spec.Loc = loc
		}
	}
	if spec.From, spec.To, err = exportRange(from, to, time.Now().In(spec.Loc)); err != nil {
		return err
	}
	res, err := writeExportFile(ctx, db, spec, file)
	if err != nil {
		return err
	}
	detail := fmt.Sprintf("%s..%s %d rows %s", spec.From.Format(time.DateOnly), spec.To.Format(time.DateOnly), res.Rows, format)
	if kind == handlers.ExportCheckins {
		detail += " health"
	}
	if err := db.Update(ctx, func(tx *storage.Tx) error {
		return tx.Audit(storage.AuditEntry{Actor: storage.ActorOperator, Action: "export_" + string(kind), UnitID: u.ID,
			Outcome: storage.AuditOK, Detail: detail})
	}); err != nil {
		return fmt.Errorf("the file is written, but the audit log is not: %w", err)
	}
	fmt.Fprintf(stdout, "%s: %s of %s (%s), %s to %s\n", file, plural(res.Rows, "row", "rows"), u.Code, u.Name,
		spec.From.Format("02/01/2006"), spec.To.Format("02/01/2006"))
	if res.Capped {
		fmt.Fprintf(stdout, "only the first %d rows: choose a shorter range for the rest\n", handlers.MaxExportRows)
	}
	return nil
}

// exportRange reads --from and --to against now (in the unit's zone) and
// returns the first and last calendar dates.
func exportRange(from, to string, now time.Time) (time.Time, time.Time, error) {
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	first, last := time.Time{}, today
	for _, d := range []struct {
		flag, text string
		date       *time.Time
	}{{"--from", from, &first}, {"--to", to, &last}} {
		if d.text == "" {
			continue
		}
		date, ok := handlers.ParseExportDate(d.text, today)
		if !ok {
			return time.Time{}, time.Time{}, badSetting("%s %q is not a date: write DD/MM/YYYY, e.g. 01/07/2021", d.flag, d.text)
		}
		*d.date = date
	}
	if first.IsZero() {
		first = last.AddDate(0, 0, -29)
	}
	if err := handlers.CheckExportRange(first, last, today); err != nil {
		return time.Time{}, time.Time{}, badSetting("%s", err.Error())
	}
	return first, last, nil
}

// writeExportFile writes the export next to file and then puts it in
// place, so a failure never leaves half a file under its name.
func writeExportFile(ctx context.Context, db *storage.DB, spec handlers.ExportSpec, file string) (handlers.ExportResult, error) {
	tmp, err := os.CreateTemp(filepath.Dir(file), ".chungsuc-export-*")
	if err != nil {
		return handlers.ExportResult{}, fmt.Errorf("write %s: %w", file, err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	w := bufio.NewWriter(tmp)
	res, err := handlers.WriteExport(ctx, db, spec, w)
	if err == nil {
		err = w.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		return handlers.ExportResult{}, fmt.Errorf("write %s: %w", file, err)
	}
	return res, nil
}
