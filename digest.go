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
	"time"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/handlers"
	"github.com/chungsuc/chungsuc/storage"
)

const digestUsage = `chungsuc digest --unit CODE [--weekly] [--chart FILE.png]

Prints the quick report (digest) of a unit, as officials receive it, to
standard output in the default language (-lang), and writes its chart of
today's participation as a PNG. It only reads the database, so it can run
beside the bot, from a ward office's own scheduler.`

// cmdDigest prints a unit's digest and writes its chart.
func cmdDigest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg config
	var unit, chart string
	var weekly bool
	fs := flag.NewFlagSet("digest", flag.ContinueOnError)
	cfg.commonFlags(fs)
	fs.StringVar(&unit, "unit", "", "code of the unit, as chungsuc units list shows it")
	fs.StringVar(&chart, "chart", "", "write the chart of today's participation to this PNG file")
	fs.BoolVar(&weekly, "weekly", false, "the last 7 days rather than today")
	rest, err := parseInterleaved(fs, args, stderr, digestUsage)
	if err != nil {
		return err
	}
	if err := cfg.check(); err != nil {
		return err
	}
	switch {
	case len(rest) > 0:
		return badSetting("unexpected %q: see chungsuc digest -h", strings.Join(rest, " "))
	case unit == "":
		return badSetting("--unit is missing: give the code of the unit, as chungsuc units list shows it")
	case chart != "" && !strings.HasSuffix(strings.ToLower(chart), ".png"):
		return badSetting("the chart's file name must end in .png, e.g. --chart bao-cao.png")
	}
	db, err := openDB(ctx, cfg.DB, newLogger(stderr, slog.LevelWarn))
	if err != nil {
		return err
	}
	defer db.Close()
	app := handlers.New(handlers.Config{DB: db, Signer: bot.NewSigner([]byte("digest: no buttons")),
		Lang: cfg.Lang, TZ: cfg.TZ, Log: newLogger(stderr, slog.LevelWarn), Platforms: offline()})
	text, png, err := app.Digest(ctx, unit, weekly, cfg.Lang, time.Now())
	if errors.Is(err, storage.ErrNotFound) {
		return badSetting("there is no unit with code %q: see chungsuc units list", unit)
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, bot.PlainText(text))
	if chart == "" {
		return nil
	}
	if err := os.WriteFile(chart, png, 0o644); err != nil {
		return fmt.Errorf("write the chart: %w", err)
	}
	return nil
}
