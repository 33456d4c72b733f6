package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
	"github.com/chungsuc/chungsuc/storage"
)

// cityIdle is how long the bot is left idle on the city before its
// resident memory is read.
const cityIdle = 20 * time.Second

// gnuTime is GNU time, which reports the peak memory of the command it runs.
const gnuTime = "/usr/bin/time"

// TestCityRSS measures the memory of the real program (built with go
// build) on a city (storage.DefaultCity: 100,000 residents, about 3.8
// million check-ins): the peak resident set of `chungsuc digest --unit
// TP`, and the
// resident set of `chungsuc run` left idle for 20 s against a fake Bot
// API (VmRSS of /proc/PID/status, and its peak VmHWM), stopped with
// SIGTERM. The digest's peak is read by GNU time (/usr/bin/time -v). It logs the figures and asserts none: the machine decides
// them (BENCHMARKS.md records them with their targets). Opt in with
// CHUNGSUC_CITY_RSS=1; the city is made in a temporary directory (about
// 40 s), or kept in the file CHUNGSUC_CITY_DB names.
//
//	CHUNGSUC_CITY_RSS=1 go test -run TestCityRSS -v -timeout 20m .
func TestCityRSS(t *testing.T) {
	if os.Getenv("CHUNGSUC_CITY_RSS") != "1" {
		t.Skip("set CHUNGSUC_CITY_RSS=1 to measure the memory of the program on a city")
	}
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("needs Linux's /proc")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "chungsuc")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	path := os.Getenv("CHUNGSUC_CITY_DB")
	if path == "" {
		path = filepath.Join(dir, "city.db")
	}
	makeCityDB(t, path)

	t.Run("digest", func(t *testing.T) {
		// The peak is read by GNU time, the child's parent: the rusage of a
		// child of this process would count the memory of this process
		// (Go starts children with vfork, and Linux keeps the peak of the
		// memory a process had before exec).
		if _, err := os.Stat(gnuTime); err != nil {
			t.Skipf("needs GNU time at %s", gnuTime)
		}
		for run := 1; run <= 3; run++ {
			cmd := exec.Command(gnuTime, "-v", bin, "digest", "--unit", storage.DefaultCity.Code, "--db", path)
			cmd.Env = append(os.Environ(), "CHUNGSUC_LANG=vi", "CHUNGSUC_TZ=Asia/Ho_Chi_Minh")
			var out, errOut bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errOut
			if err := cmd.Run(); err != nil {
				t.Fatalf("chungsuc digest: %v\n%s", err, errOut.String())
			}
			usage := map[string]string{}
			for _, line := range strings.Split(errOut.String(), "\n") {
				if k, v, ok := strings.Cut(strings.TrimSpace(line), ": "); ok {
					usage[k] = v
				}
			}
			t.Logf("run %d: peak RSS %s kB, wall %s, user %s s, sys %s s, %d bytes of digest", run,
				usage["Maximum resident set size (kbytes)"], usage["Elapsed (wall clock) time (h:mm:ss or m:ss)"],
				usage["User time (seconds)"], usage["System time (seconds)"], out.Len())
		}
	})

	t.Run("idle bot", func(t *testing.T) {
		fake := telegramtest.New(telegramtest.Config{})
		defer fake.Close()
		cmd := exec.Command(bin, "run")
		cmd.Env = append(os.Environ(), "TELEGRAM_TOKEN="+fake.Token(), "TELEGRAM_API_ENDPOINT="+fake.Endpoint(),
			"CHUNGSUC_DB="+path, "CHUNGSUC_ADMINS=", "CHUNGSUC_LANG=vi", "CHUNGSUC_TZ=Asia/Ho_Chi_Minh", "CHUNGSUC_HTTP=")
		var logs bytes.Buffer
		cmd.Stdout, cmd.Stderr = &logs, &logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		defer func() {
			if cmd.ProcessState == nil {
				_ = cmd.Process.Kill()
				<-done
			}
		}()
		for _, at := range []time.Duration{5 * time.Second, 10 * time.Second, cityIdle} {
			select {
			case err := <-done:
				t.Fatalf("the bot stopped: %v\n%s", err, logs.String())
			case <-time.After(time.Until(start.Add(at))):
			}
			st, err := procStatus(cmd.Process.Pid)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("after %v idle: VmRSS %s (peak VmHWM %s)", at, st["VmRSS"], st["VmHWM"])
		}
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("after SIGTERM: %v\n%s", err, logs.String())
			}
			t.Logf("the bot's log:\n%.2000s", logs.String())
		case <-time.After(10 * time.Second):
			t.Fatalf("the bot did not stop within 10 s of SIGTERM\n%s", logs.String())
		}
	})
}

// makeCityDB makes the default city at path, ending today, unless the
// file holds one already.
func makeCityDB(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	switch err := db.GenerateCity(ctx, storage.DefaultCity); {
	case errors.Is(err, storage.ErrConflict):
		if _, err := db.City(ctx); err != nil {
			t.Fatalf("%s is not a city made by GenerateCity: %v", path, err)
		}
		t.Logf("the city in %s, made before", path)
	case err != nil:
		t.Fatal(err)
	default:
		st, _ := os.Stat(path)
		t.Logf("made the city in %s in %v (%d MB)", path, time.Since(start).Round(time.Second), st.Size()>>20)
	}
}

// procStatus reads the fields of /proc/PID/status ("VmRSS" → "41236 kB").
func procStatus(pid int) (map[string]string, error) {
	f, err := os.Open(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok {
			out[k] = strings.TrimSpace(v)
		}
	}
	return out, sc.Err()
}
