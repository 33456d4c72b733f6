package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/chungsuc/chungsuc/storage"
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
	synopsis := "chungsuc hotlines import [flags] FILE.csv\n\n" +
		"The CSV has the header unit_code,label,phone,hours (UTF-8); hours is 24/7,\n" +
		"opening hours such as 7:30–17:00, or empty when unknown. The lines of a\n" +
		"unit are its full list: they replace its hotlines, in file order; units\n" +
		"the file does not name keep theirs."
	return importFileCmd(ctx, args[1:], stdout, stderr, "hotlines", synopsis,
		func(ctx context.Context, db *storage.DB, r io.Reader) (string, error) {
			res, err := db.ImportHotlines(ctx, r)
			return fmt.Sprintf("%s, %s added, %d removed",
				plural(res.Units, "unit", "units"), plural(res.Added, "line", "lines"), res.Removed), err
		})
}

// plural returns "1 unit" or "3 units".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
