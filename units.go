package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/chungsuc/chungsuc/storage"
)

const unitsUsage = `Usage:
  chungsuc units import [flags] FILE.csv   load or update units from a CSV file
  chungsuc units list [flags] [CODE]       print the tree of units, or the part under CODE

Flags (-db and the others of run) come before the arguments; see
"chungsuc units import -h".`

// cmdUnits handles "units import FILE.csv" and "units list [CODE]".
func cmdUnits(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "import":
			return importUnitsCmd(ctx, args[1:], stdout, stderr)
		case "list":
			return listUnitsCmd(ctx, args[1:], stdout, stderr)
		}
	}
	fmt.Fprintln(stderr, unitsUsage)
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		return flag.ErrHelp
	}
	return errUsage
}

func importUnitsCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	synopsis := "chungsuc units import [flags] FILE.csv\n\nThe CSV has the header code,name,kind,parent_code (UTF-8)."
	return importFileCmd(ctx, args, stdout, stderr, "units", synopsis,
		func(ctx context.Context, db *storage.DB, r io.Reader) (string, error) {
			res, err := db.ImportUnits(ctx, r)
			return fmt.Sprintf("%d created, %d updated, %d unchanged", res.Created, res.Updated, res.Unchanged), err
		})
}

// importFileCmd runs "WHAT import [flags] FILE.csv": it reads the flags,
// opens the database and loads the file with load, which returns the one
// line to print. A file with bad rows is refused whole, every bad row
// listed with its line number.
func importFileCmd(ctx context.Context, args []string, stdout, stderr io.Writer, what, synopsis string,
	load func(ctx context.Context, db *storage.DB, r io.Reader) (string, error)) error {
	var cfg config
	fs := flag.NewFlagSet(what+" import", flag.ContinueOnError)
	cfg.commonFlags(fs)
	if err := parseFlags(fs, args, stderr, synopsis); err != nil {
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
		return fmt.Errorf("open %s file: %w", what, err)
	}
	defer f.Close()
	db, err := openDB(ctx, cfg.DB, newLogger(stderr, slog.LevelWarn))
	if err != nil {
		return err
	}
	defer db.Close()
	summary, err := load(ctx, db, f)
	var ie *storage.ImportError
	if errors.As(err, &ie) {
		fmt.Fprintf(stderr, "%s: nothing was imported; fix these rows and run again:\n%v\n", fs.Arg(0), ie)
		return fmt.Errorf("the %s file has bad rows", what)
	}
	if err != nil {
		return fmt.Errorf("import %s: %w", what, err)
	}
	fmt.Fprintf(stdout, "%s: %s\n", fs.Arg(0), summary)
	return nil
}

// listUnitsCmd prints the tree, or the subtree under a code, one unit a
// line as "CODE  Name (kind)" indented two spaces a level, then a count.
func listUnitsCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg config
	fs := flag.NewFlagSet("units list", flag.ContinueOnError)
	cfg.commonFlags(fs)
	synopsis := "chungsuc units list [flags] [CODE]\n\nPrints every unit, or CODE and the units under it."
	if err := parseFlags(fs, args, stderr, synopsis); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return errUsage
	}
	if err := cfg.check(); err != nil {
		return err
	}
	db, err := openDB(ctx, cfg.DB, newLogger(stderr, slog.LevelWarn))
	if err != nil {
		return err
	}
	defer db.Close()
	code := fs.Arg(0)
	var nodes []storage.UnitNode
	err = db.View(ctx, func(tx *storage.Tx) error {
		var root int64
		if code != "" {
			u, err := tx.UnitByCode(code)
			if errors.Is(err, storage.ErrNotFound) {
				return badSetting("there is no unit with code %q: run chungsuc units list to see every code", code)
			}
			if err != nil {
				return err
			}
			root = u.ID
		}
		nodes, err = tx.UnitTree(root)
		return err
	})
	if err != nil {
		return err
	}
	if len(nodes) == 0 {
		fmt.Fprintln(stdout, "no units yet: load them with chungsuc units import FILE.csv")
		return nil
	}
	for _, n := range nodes {
		fmt.Fprintf(stdout, "%s%s  %s (%s)\n", strings.Repeat("  ", n.Depth), n.Code, n.Name, n.Kind)
	}
	fmt.Fprintln(stdout, plural(len(nodes), "unit", "units"))
	return nil
}
