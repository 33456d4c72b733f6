package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
)

// pipelineChildEnv names, in the environment of a child test process, the
// fake Bot API it serves: "endpoint token db".
const pipelineChildEnv = "CHUNGSUC_PIPELINE_CHILD"

// TestPipelineChild is the bot of BenchmarkPipelineChild: run alone, in
// its own process, it does nothing.
func TestPipelineChild(t *testing.T) {
	spec := os.Getenv(pipelineChildEnv)
	if spec == "" {
		t.Skip("the bot of BenchmarkPipelineChild, run by it in a process of its own")
	}
	f := strings.Fields(spec)
	if len(f) != 3 {
		t.Fatalf("%s=%q: want endpoint, token and database", pipelineChildEnv, spec)
	}
	cfg := config{Endpoint: f[0], Token: f[1], DB: f[2], Lang: "vi", tzName: "Asia/Ho_Chi_Minh"}
	if err := cfg.check(); err != nil {
		t.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	log := newLogger(io.Discard, 0)
	st, err := newBotStack(ctx, &cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	defer st.db.Close()
	if err := loadSample(ctx, st.db, io.Discard); err != nil {
		t.Fatal(err)
	}
	unpaced(st.disp)
	fmt.Println("ready")
	if err := serve(ctx, st, log); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkPipelineChild is BenchmarkPipeline with the bot in a process of
// its own (this test binary run again as TestPipelineChild), so that its
// peak resident memory (VmHWM) is the bot's alone, not the fake server's
// or the load's. It reports the bot's peak in MB beside the rate.
func BenchmarkPipelineChild(b *testing.B) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		b.Skip("needs Linux's /proc")
	}
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	db := filepath.Join(b.TempDir(), "bench.db")
	cmd := exec.Command(os.Args[0], "-test.run", "^TestPipelineChild$", "-test.v")
	cmd.Env = append(os.Environ(), pipelineChildEnv+"="+fake.Endpoint()+" "+fake.Token()+" "+db)
	var out bytes.Buffer
	ready := make(chan struct{})
	w := &readyWriter{buf: &out, ready: ready}
	cmd.Stdout, cmd.Stderr = w, w // one writer: written by one goroutine at a time
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	defer func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			<-done
		}
	}()
	select {
	case <-ready:
	case err := <-done:
		b.Fatalf("the bot stopped: %v\n%s", err, out.String())
	case <-time.After(time.Minute):
		b.Fatalf("the bot did not start within a minute\n%s", out.String())
	}
	b.ResetTimer()
	start := time.Now()
	pushHelp(fake, b.N)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if err := fake.WaitSent(ctx, b.N); err != nil {
		b.Fatal(err)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	st, err := procStatus(cmd.Process.Pid)
	if err != nil {
		b.Fatal(err)
	}
	kb, err := strconv.Atoi(strings.TrimSuffix(st["VmHWM"], " kB"))
	if err != nil {
		b.Fatalf("VmHWM %q: %v", st["VmHWM"], err)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "updates/s")
	b.ReportMetric(float64(kb)/1024, "peak-MB")
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		b.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			b.Fatalf("after SIGTERM: %v\n%s", err, out.String())
		}
	case <-time.After(30 * time.Second):
		b.Fatalf("the bot did not stop within 30 s of SIGTERM\n%s", out.String())
	}
}

// readyWriter keeps what the child writes and closes ready at its first
// "ready" line.
type readyWriter struct {
	buf   *bytes.Buffer
	ready chan struct{}
	seen  bool
}

func (w *readyWriter) Write(p []byte) (int, error) {
	n, err := w.buf.Write(p)
	if !w.seen && bytes.Contains(w.buf.Bytes(), []byte("ready\n")) {
		w.seen = true
		close(w.ready)
	}
	return n, err
}
