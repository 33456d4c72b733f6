package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"chungsuc/storage"
)

const hotlinesUsage = `Usage:
  chungsuc hotlines import [flags] FILE.csv   set the hotlines of the units a CSV file names

Flags (-db and the others of run) come before the file; see
"chungsuc hotlines import -h".`

// cmdHotlines handles "hotlines import FILE.csv".
func cmdHotlines(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintln(stderr, hotlinesUsage)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return flag.ErrHelp
		}
		return errUsage
	}
	var cfg config
	fs := flag.NewFlagSet("hotlines import", flag.ContinueOnError)
	cfg.commonFlags(fs)
	synopsis := "chungsuc hotlines import [flags] FILE.csv\n\n" +
		"The CSV has the header unit_code,label,phone,hours (UTF-8); hours is 24/7,\n" +
		"opening hours such as 7:30–17:00, or empty when unknown. The lines of a\n" +
		"unit are its full list: they replace its hotlines, in file order; units\n" +
		"the file does not name keep theirs."
	if err := parseFlags(fs, args[1:], stderr, synopsis); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	if err := cfg.check(); err != nil {
		return err
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("open hotlines file: %w", err)
	}
	defer f.Close()
	db, err := openDB(ctx, cfg.DB, newLogger(stderr, slog.LevelWarn))
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.ImportHotlines(ctx, f)
	var ie *storage.ImportError
	if errors.As(err, &ie) {
		fmt.Fprintf(stderr, "%s: nothing was imported; fix these rows and run again:\n%v\n", fs.Arg(0), ie)
		return errors.New("the hotlines file has bad rows")
	}
	if err != nil {
		return fmt.Errorf("import hotlines: %w", err)
	}
	fmt.Fprintf(stdout, "%s: %s, %s added, %d removed\n", fs.Arg(0),
		plural(res.Units, "unit", "units"), plural(res.Added, "line", "lines"), res.Removed)
	return nil
}

// plural returns "1 unit" or "3 units".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
