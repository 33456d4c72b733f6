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

// cmdUnits handles "units import FILE.csv".
func cmdUnits(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintln(stderr, "Usage: chungsuc units import [flags] FILE.csv")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return flag.ErrHelp
		}
		return errUsage
	}
	var cfg config
	fs := flag.NewFlagSet("units import", flag.ContinueOnError)
	cfg.commonFlags(fs)
	synopsis := "chungsuc units import [flags] FILE.csv\n\nThe CSV has the header code,name,kind,parent_code (UTF-8)."
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
		return fmt.Errorf("open units file: %w", err)
	}
	defer f.Close()
	db, err := openDB(ctx, cfg.DB, newLogger(stderr, slog.LevelWarn))
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.ImportUnits(ctx, f)
	var ie *storage.ImportError
	if errors.As(err, &ie) {
		fmt.Fprintf(stderr, "%s: nothing was imported; fix these rows and run again:\n%v\n", fs.Arg(0), ie)
		return errors.New("the units file has bad rows")
	}
	if err != nil {
		return fmt.Errorf("import units: %w", err)
	}
	fmt.Fprintf(stdout, "%s: %d created, %d updated, %d unchanged\n", fs.Arg(0), res.Created, res.Updated, res.Unchanged)
	return nil
}
