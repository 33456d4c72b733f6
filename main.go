// Command chungsuc is Chung Sức, the chat bot of a community emulation
// movement: `chungsuc run` serves Telegram by long polling, `chungsuc
// console` lets you talk to it in a terminal without a token.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = ""

const usage = `Chung Sức — the chat bot of a community emulation movement.

Usage:
  chungsuc [run] [flags]          serve Telegram by long polling (needs TELEGRAM_TOKEN)
  chungsuc console [flags]        talk to the bot in this terminal, no token needed
  chungsuc units import FILE.csv  load or update units from a CSV file
  chungsuc units list [CODE]      print the tree of units, or the part under CODE
  chungsuc hotlines import FILE.csv  set the hotlines of the units the file names
  chungsuc roles list|grant|revoke  who coordinates which unit (see roles -h)
  chungsuc appeal send --unit CODE [--audience A] [--urgent] [--wait] FILE
                                  queue an appeal to a unit (see appeal -h)
  chungsuc export deeds|checkins|requests --unit CODE [--from DATE] [--to DATE] FILE.xlsx|FILE.csv
                                  write a unit's records to a workbook or CSV file (see export -h)
  chungsuc digest --unit CODE [--weekly] [--chart FILE.png]
                                  print a unit's quick report and write its chart
  chungsuc backup FILE            copy the database to FILE while the bot runs, and check the copy
  chungsuc restore FILE           put a backup in place of the database (the bot stopped)
  chungsuc version                print the version (also --version)

Run "chungsuc COMMAND -h" for the flags of a command.
`

func main() {
	ctx, stop := signalContext(os.Stderr)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// signalContext is cancelled by the first SIGINT or SIGTERM, which stops
// the program cleanly (within 5 seconds: the update in hand finishes,
// sends in flight are recorded, the database is checkpointed and closed).
// A second signal meanwhile ends the process at once, with the usual code
// 128+signal: what is committed is safe in the database either way.
func signalContext(stderr io.Writer) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-signals:
			cancel()
		case <-done:
			return
		}
		select {
		case sig := <-signals:
			fmt.Fprintln(stderr, "chungsuc: a second signal: stopping at once")
			os.Exit(128 + int(sig.(syscall.Signal)))
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(signals)
		close(done)
		cancel()
	}
}

// run executes one command line and returns the exit code: 0 on success,
// 2 for a usage or configuration error, 1 for anything else.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := "run"
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		fmt.Fprint(stdout, usage)
		return 0
	}
	if len(args) == 1 && (args[0] == "--version" || args[0] == "-version") {
		args = []string{"version"}
	}
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "run":
		err = cmdRun(ctx, args, stderr)
	case "console":
		err = cmdConsole(ctx, args, stdin, stdout, stderr)
	case "units":
		err = cmdUnits(ctx, args, stdout, stderr)
	case "hotlines":
		err = cmdHotlines(ctx, args, stdout, stderr)
	case "roles":
		err = cmdRoles(ctx, args, stdout, stderr)
	case "appeal":
		err = cmdAppeal(ctx, args, stdin, stdout, stderr)
	case "digest":
		err = cmdDigest(ctx, args, stdout, stderr)
	case "export":
		err = cmdExport(ctx, args, stdout, stderr)
	case "backup":
		err = cmdBackup(ctx, args, stdout, stderr)
	case "restore":
		err = cmdRestore(ctx, args, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "chungsuc", versionString())
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "chungsuc: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case isConfigError(err) || errors.Is(err, errUsage):
		fmt.Fprintln(stderr, "chungsuc:", err)
		return 2
	}
	fmt.Fprintln(stderr, "chungsuc:", err)
	return 1
}

// errUsage marks a command line that could not be parsed (flag has
// already printed why).
var errUsage = errors.New("see -h for usage")

// parseFlags parses args with fs, printing usage on -h.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer, synopsis string) error {
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

// versionString is the version set at build time, else the module's
// version from the build info (`go install …@v1.2.3`), else "dev" with
// the commit it was built from, when the build recorded one.
func versionString() string {
	if version != "" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	if info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return "dev"
	}
	v := "dev+" + rev[:min(len(rev), 12)]
	if modified == "true" {
		v += "-modified"
	}
	return v
}

func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// logger is the log of `run` as configured: text or JSON lines on w,
// from LogLevel up.
func (c *config) logger(w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.LogLevel}
	if c.LogJSON {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
