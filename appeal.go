package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"
	"unicode/utf8"

	"github.com/chungsuc/chungsuc/handlers"
	"github.com/chungsuc/chungsuc/storage"
)

const appealUsage = `Usage:
  chungsuc appeal send --unit CODE [--audience residents|coordinators|all] [--urgent] [--wait] FILE

Queues an appeal (lời kêu gọi) to the people of unit CODE and every unit
below it, as a coordinator's /appeal would: FILE holds its text (UTF-8,
at most 3,500 characters; "-" reads it from standard input). Whoever runs
this on the server acts as the operator, and the audit log says so. The
default audience is residents; those who stopped or blocked the bot are
left out. Outside 07:00–21:00 (the unit's time) a non-urgent appeal waits
until 07:00.

The running bot starts sending within two seconds, at its paced rate. With
--wait, progress is printed until every delivery has ended: the exit code
is 0 if all were delivered (or left out because the person blocked the
bot), 1 if some failed. Flags (-db and the others of run) may come before
or after FILE. Example:
  chungsuc appeal send --unit HN-TM --wait loi-keu-goi.txt`

// appealWaitEvery is how often --wait reads the progress.
const appealWaitEvery = time.Second

// cmdAppeal runs "chungsuc appeal send".
func cmdAppeal(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "send" {
		fmt.Fprintln(stderr, appealUsage)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return flag.ErrHelp
		}
		return errUsage
	}
	var cfg config
	var unit, audience string
	var urgent, wait bool
	fs := flag.NewFlagSet("appeal send", flag.ContinueOnError)
	cfg.commonFlags(fs)
	fs.StringVar(&unit, "unit", "", "code of the unit whose people get the appeal (with the units below it)")
	fs.StringVar(&audience, "audience", storage.AudienceResidents, "residents, coordinators or all")
	fs.BoolVar(&urgent, "urgent", false, "send at once, even in the quiet hours (21:00–07:00)")
	fs.BoolVar(&wait, "wait", false, "print progress until every delivery has ended")
	files, err := parseInterleaved(fs, args[1:], stderr, "chungsuc appeal send [flags] FILE\n\n"+appealUsage)
	if err != nil {
		return err
	}
	if err := cfg.check(); err != nil {
		return err
	}
	switch {
	case len(files) != 1:
		return badSetting("give exactly one FILE with the appeal's text (\"-\" for standard input)")
	case unit == "":
		return badSetting("--unit is missing: give the code of the unit, as chungsuc units list shows it")
	case audience != storage.AudienceResidents && audience != storage.AudienceCoordinators && audience != storage.AudienceAll:
		return badSetting("--audience must be residents, coordinators or all")
	}
	text, err := readAppeal(files[0], stdin)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, cfg.DB, newLogger(stderr, slog.LevelWarn))
	if err != nil {
		return err
	}
	defer db.Close()
	app, err := newApp(ctx, db, &cfg, newLogger(stderr, slog.LevelWarn), "", offline())
	if err != nil {
		return err
	}
	a, err := queueAppeal(ctx, db, app, unit, audience, urgent, text)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "appeal #%d queued for %d people of %s (%s)", a.ID, a.Total, unit, audience)
	if a.StartAt.After(time.Now()) {
		fmt.Fprintf(stdout, "; quiet hours: it starts at %s", a.StartAt.In(cfg.TZ).Format("15:04 02/01/2006"))
	}
	fmt.Fprintln(stdout)
	if !wait {
		return nil
	}
	return waitAppeal(ctx, db, cfg.DB, a.ID, stdout)
}

// parseInterleaved parses flags that may come before or after the
// positional arguments, which it returns.
func parseInterleaved(fs *flag.FlagSet, args []string, stderr io.Writer, synopsis string) ([]string, error) {
	var rest []string
	for {
		if err := parseFlags(fs, args, stderr, synopsis); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return rest, nil
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// readAppeal reads the appeal's text from a file or standard input.
func readAppeal(name string, stdin io.Reader) (string, error) {
	var raw []byte
	var err error
	if name == "-" {
		raw, err = io.ReadAll(io.LimitReader(stdin, 1<<20))
	} else {
		raw, err = os.ReadFile(name)
	}
	if err != nil {
		return "", badSetting("cannot read the appeal: %v", err)
	}
	if !utf8.Valid(raw) {
		return "", badSetting("%s is not UTF-8 text: save it with UTF-8 encoding", name)
	}
	return string(raw), nil
}

// queueAppeal stores the appeal, explaining what stops it.
func queueAppeal(ctx context.Context, db *storage.DB, app *handlers.App, code, audience string, urgent bool, text string) (storage.Appeal, error) {
	var a storage.Appeal
	err := db.Update(ctx, func(tx *storage.Tx) error {
		unit, err := tx.UnitByCode(code)
		if errors.Is(err, storage.ErrNotFound) {
			return badSetting("there is no unit with code %q: see chungsuc units list", code)
		}
		if err != nil {
			return err
		}
		a, err = app.QueueAppeal(tx, unit.ID, audience, urgent, text)
		return err
	})
	var textErr *handlers.ErrAppealText
	switch {
	case errors.As(err, &textErr):
		return a, badSetting("%v", textErr)
	case errors.Is(err, storage.ErrInvalid):
		return a, badSetting("nobody would receive it: no %s of %s has joined the bot (or all have stopped it)", audience, code)
	}
	return a, err
}

// waitAppeal prints the appeal's progress until every delivery has ended;
// it fails when some deliveries failed.
func waitAppeal(ctx context.Context, db *storage.DB, dbPath string, id int64, stdout io.Writer) error {
	if !botRunning(dbPath) {
		fmt.Fprintln(stdout, "no bot is running on this database: nothing is sent until it runs (chungsuc run); waiting")
	}
	last := ""
	t := time.NewTicker(appealWaitEvery)
	defer t.Stop()
	for {
		var a storage.Appeal
		var f storage.AppealFigures
		err := db.View(ctx, func(tx *storage.Tx) error {
			var err error
			if a, err = tx.AppealByID(id); err != nil {
				return err
			}
			f, err = tx.AppealFigures(id)
			return err
		})
		if err != nil {
			return err
		}
		line := fmt.Sprintf("appeal #%d: %s, sent %d of %d, failed %d, blocked %d, left %d", id, a.Status,
			f.Sent, a.Total, f.Failed, f.Blocked, max(a.Total-f.Sent-f.Failed-f.Blocked-f.Cancelled, 0))
		if f.Resent > 0 {
			line += fmt.Sprintf(", sent again after a restart %d", f.Resent)
		}
		if line != last {
			fmt.Fprintln(stdout, line)
			last = line
		}
		switch a.Status {
		case storage.AppealDone:
			if a.Failed > 0 {
				return fmt.Errorf("appeal #%d: %d deliveries failed", id, a.Failed)
			}
			return nil
		case storage.AppealCancelled:
			return fmt.Errorf("appeal #%d was cancelled: %d sent, %d people will not get it", id, a.Sent, max(a.Total-a.Sent-a.Failed-a.Blocked, 0))
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("stopped waiting; appeal #%d goes on: %w", id, ctx.Err())
		case <-t.C:
		}
	}
}
