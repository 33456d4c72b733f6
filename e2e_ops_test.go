package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/chungsuc/chungsuc/bot/telegram/telegramtest"
	"github.com/chungsuc/chungsuc/storage"
)

// TestMetricsAndHealth runs the bot with its HTTP listener, scrapes
// /metrics before and after a resident's message, and watches /healthz
// turn 503 while the fake Bot API is down and 200 once it is back.
func TestMetricsAndHealth(t *testing.T) {
	fake := telegramtest.New(telegramtest.Config{})
	defer fake.Close()
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	startBotWith(t, fake, "", func(c *config) { c.HTTP, c.healthMaxAge = addr, "2s" })
	base := "http://" + addr
	waitHTTP(t, base+"/healthz", http.StatusOK, "ok")

	before := scrape(t, base)
	lan := newPerson(t, fake, 501, "Lan", "vi")
	lan.join("HN-TM-T01")
	fake.FailNext("sendMessage", 1, telegramtest.TooManyRequests(1))
	lan.say("/help", "")
	moved := []struct {
		series  string
		atLeast float64
	}{
		{`chungsuc_updates_received_total{kind="message",platform="telegram"}`, 2},
		{`chungsuc_updates_received_total{kind="callback",platform="telegram"}`, 1},
		{`chungsuc_updates_applied_total{kind="message",outcome="applied",platform="telegram"}`, 2},
		{`chungsuc_handler_seconds_count{kind="message"}`, 2},
		{`chungsuc_update_commit_seconds_count`, 2},
		{`chungsuc_deliveries_total{lane="reply",platform="telegram",result="sent"}`, 2},
		{`chungsuc_deliveries_total{lane="reply",platform="telegram",result="rate_limited"}`, 1},
		{`chungsuc_rate_limit_pauses_total{platform="telegram"}`, 1},
		{`chungsuc_rate_limit_pause_seconds_total{platform="telegram"}`, 1},
		{`chungsuc_db_write_seconds_count{sync="full"}`, 2},
		{`chungsuc_db_writer_wait_seconds_count`, 2},
		{`chungsuc_polls_total{platform="telegram",result="ok"}`, 1},
		{`chungsuc_residents`, 1}, // read every few seconds
	}
	var after map[string]float64
	for deadline := time.Now().Add(waitLimit); ; {
		after = scrape(t, base)
		var missing []string
		for _, c := range moved {
			if d := after[c.series] - before[c.series]; d < c.atLeast {
				missing = append(missing, fmt.Sprintf("%s moved by %v, want at least %v", c.series, d, c.atLeast))
			}
		}
		if len(missing) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after a resident's messages:\n%s", strings.Join(missing, "\n"))
		}
		time.Sleep(200 * time.Millisecond)
	}
	for _, series := range []string{`chungsuc_db_file_bytes{file="db"}`, `chungsuc_db_file_bytes{file="wal"}`,
		`chungsuc_schedule_runs_last_day{outcome="failed"}`, fmt.Sprintf(`chungsuc_build_info{version=%q}`, versionString()),
		`go_goroutines`, `process_resident_memory_bytes`} {
		if _, ok := after[series]; !ok {
			t.Errorf("/metrics has no %s", series)
		}
	}

	fake.Down(true)
	downAt := time.Now()
	body := waitHTTP(t, base+"/healthz", http.StatusServiceUnavailable, "telegram: nothing heard for")
	if strings.Contains(body, fake.Token()) {
		t.Errorf("/healthz shows the token: %q", body)
	}
	t.Logf("503 after %s", time.Since(downAt))
	fake.Down(false)
	upAt := time.Now()
	waitHTTP(t, base+"/healthz", http.StatusOK, "ok")
	t.Logf("200 after %s", time.Since(upAt))
}

// scrape reads /metrics into a map from each series (its name and labels
// as written) to its value.
func scrape(t *testing.T, base string) map[string]float64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/metrics", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("scrape: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("scrape: %s", resp.Status)
	}
	out := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("scrape: bad line %q", line)
		}
		out[line[:i]] = v
	}
	return out
}

// waitHTTP polls url until it answers status with a body containing
// want, and returns that body.
func waitHTTP(t *testing.T, url string, status int, want string) string {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	var last string
	for time.Now().Before(deadline) {
		resp, err := http.Get(url)
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			last = fmt.Sprintf("%d %s", resp.StatusCode, b)
			if resp.StatusCode == status && strings.Contains(string(b), want) {
				return string(b)
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s: want %d with %q, last got %s", url, status, want, last)
	return ""
}

// TestDashboardQueriesExistingMetrics checks that every chungsuc_ metric
// the sample Grafana dashboard queries is one the bot exports.
func TestDashboardQueriesExistingMetrics(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("deploy", "grafana-dashboard.json"))
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		Panels []struct {
			Title   string
			Targets []struct{ Expr string }
		}
	}
	if err := json.Unmarshal(raw, &dash); err != nil {
		t.Fatalf("the dashboard is not JSON: %v", err)
	}
	db, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m := newMetrics(db)
	exported := map[string]bool{}
	descs := make(chan *prometheus.Desc, 100)
	go func() {
		for _, c := range m.own {
			c.Describe(descs)
		}
		close(descs)
	}()
	fqName := regexp.MustCompile(`fqName: "([a-z_]+)"`)
	for d := range descs {
		if m := fqName.FindStringSubmatch(d.String()); m != nil {
			exported[m[1]] = true
		}
	}
	used := regexp.MustCompile(`chungsuc_[a-z_]+`)
	queried := 0
	for _, p := range dash.Panels {
		if len(p.Targets) == 0 {
			t.Errorf("panel %q queries nothing", p.Title)
		}
		for _, target := range p.Targets {
			for _, name := range used.FindAllString(target.Expr, -1) {
				queried++
				base := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(name, "_bucket"), "_count"), "_sum")
				if !exported[base] {
					t.Errorf("panel %q queries %s, which the bot does not export", p.Title, name)
				}
			}
		}
	}
	if queried < 15 {
		t.Errorf("the dashboard queries %d metrics of the bot", queried)
	}
}
