package main

import (
	"context"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/chungsuc/chungsuc/bot"
	"github.com/chungsuc/chungsuc/handlers"
	"github.com/chungsuc/chungsuc/storage"
)

// metrics are the bot's Prometheus collectors, served at /metrics by the
// HTTP listener. The engines, the dispatchers, the handlers, the
// scheduler and the database tell them what happens (bot.Meter and the
// hooks of handlers, schedules and storage); the database's figures
// (backlog, appeals, schedule runs, file sizes) are read every
// opsEvery in the background, so a scrape never waits for the database.
type metrics struct {
	reg *prometheus.Registry
	// own are the bot's collectors (not the Go runtime's), for the tests.
	own []prometheus.Collector

	polls        *prometheus.CounterVec   // platform, result
	received     *prometheus.CounterVec   // platform, kind
	applied      *prometheus.CounterVec   // platform, kind, outcome
	handler      *prometheus.HistogramVec // kind
	commit       prometheus.Observer
	errs         *prometheus.CounterVec   // kind
	deliveries   *prometheus.CounterVec   // platform, lane, result
	sendSeconds  *prometheus.HistogramVec // platform
	pauses       *prometheus.CounterVec   // platform
	pauseSeconds *prometheus.CounterVec   // platform
	runs         *prometheus.CounterVec   // job, result
	writeSeconds *prometheus.HistogramVec // sync
	writerWait   prometheus.Observer

	ops *opsCollector
	// contact is told of each poll answered (the health check's input),
	// pause of each 429 (for /status).
	contact func(platform string)
	pause   func(platform string, d time.Duration)
	// polling is told when a poll of a platform begins (on) and ends.
	polling func(platform string, on bool)
}

// latencyBuckets suit a handler, a commit or a send: 0.5 ms to 10 s.
var latencyBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10}

func newMetrics(db *storage.DB) *metrics {
	m := &metrics{reg: prometheus.NewRegistry(), contact: func(string) {}, pause: func(string, time.Duration) {},
		polling: func(string, bool) {}}
	counter := func(name, help string, labels ...string) *prometheus.CounterVec {
		c := prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "chungsuc", Name: name, Help: help}, labels)
		m.register(c)
		return c
	}
	histogram := func(name, help string, labels ...string) *prometheus.HistogramVec {
		h := prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: "chungsuc", Name: name, Help: help,
			Buckets: latencyBuckets}, labels)
		m.register(h)
		return h
	}
	m.polls = counter("polls_total", "Polls of a messenger for updates, by result (ok, failed).", "platform", "result")
	m.received = counter("updates_received_total", "Updates received, by platform and kind.", "platform", "kind")
	m.applied = counter("updates_applied_total",
		"Updates handled, by platform, kind and outcome (applied, repeated, apologised, retried).",
		"platform", "kind", "outcome")
	m.handler = histogram("handler_seconds", "Time to handle one update and write its effects and replies.", "kind")
	m.commit = histogram("update_commit_seconds",
		"Time from the start of an update's batch to the commit that keeps it.").WithLabelValues()
	m.errs = counter("errors_total",
		"Errors by kind: handler (answered with an apology), database (update tried again), poll, send (failed for now), rejected (refused for good), schedule.",
		"kind")
	m.deliveries = counter("deliveries_total",
		"Sends by platform, lane (reply, bulk) and result (sent, blocked, rejected, rate_limited, retry, given_up, unauthorized, stopping).",
		"platform", "lane", "result")
	m.sendSeconds = histogram("send_seconds", "Time of one send request to a messenger.", "platform")
	m.pauses = counter("rate_limit_pauses_total", "Times a messenger asked the bot to slow down (429).", "platform")
	m.pauseSeconds = counter("rate_limit_pause_seconds_total", "Seconds of sending paused at a messenger's request.", "platform")
	m.runs = counter("schedule_runs_total", "Runs of scheduled jobs and stored schedules, by job and result (ok, failed).",
		"job", "result")
	m.writeSeconds = histogram("db_write_seconds",
		"Time a write transaction held the database's writer, by sync (full: synced before its commit returned; normal).",
		"sync")
	m.writerWait = histogram("db_writer_wait_seconds", "Time a write transaction waited for the database's writer.").WithLabelValues()
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	info := prometheus.NewGauge(prometheus.GaugeOpts{Namespace: "chungsuc", Name: "build_info",
		Help: "The running version (value 1).", ConstLabels: prometheus.Labels{"version": versionString()}})
	info.Set(1)
	m.register(info)
	m.ops = &opsCollector{db: db}
	m.register(m.ops)
	return m
}

// register registers one of the bot's own collectors.
func (m *metrics) register(c prometheus.Collector) {
	m.reg.MustRegister(c)
	m.own = append(m.own, c)
}

// wire has the stack's parts tell m what they do.
func (m *metrics) wire(st *stack) {
	for _, e := range st.engines {
		e.Meter = m
	}
	for _, d := range st.disps {
		d.Meter = m
	}
	st.app.Handled = m.handled
	applied := st.app.Applied
	st.app.Applied = func(n int, latency time.Duration) {
		for range n {
			m.commit.Observe(latency.Seconds())
		}
		if applied != nil {
			applied(n, latency)
		}
	}
	st.db.ObserveWrites(m.wrote)
}

// Polling implements bot.Meter.
func (m *metrics) Polling(platform string) { m.polling(platform, true) }

// Polled implements bot.Meter.
func (m *metrics) Polled(platform string, _ int) {
	m.polls.WithLabelValues(platform, "ok").Inc()
	m.polling(platform, false)
	m.contact(platform)
}

// PollFailed implements bot.Meter.
func (m *metrics) PollFailed(platform string) {
	m.polls.WithLabelValues(platform, "failed").Inc()
	m.polling(platform, false)
	m.errs.WithLabelValues("poll").Inc()
}

// Received implements bot.Meter.
func (m *metrics) Received(platform string, kind bot.Kind) {
	m.received.WithLabelValues(platform, string(kind)).Inc()
}

// Delivered implements bot.Meter.
func (m *metrics) Delivered(platform, lane string, r bot.Result, took time.Duration) {
	m.deliveries.WithLabelValues(platform, lane, string(r)).Inc()
	if took > 0 {
		m.sendSeconds.WithLabelValues(platform).Observe(took.Seconds())
	}
	switch r {
	case bot.ResultRetry, bot.ResultGivenUp, bot.ResultUnauthorized:
		m.errs.WithLabelValues("send").Inc()
	case bot.ResultRejected:
		m.errs.WithLabelValues("rejected").Inc()
	}
}

// Paused implements bot.Meter.
func (m *metrics) Paused(platform string, d time.Duration) {
	m.pauses.WithLabelValues(platform).Inc()
	m.pauseSeconds.WithLabelValues(platform).Add(d.Seconds())
	m.pause(platform, d)
}

// handled is the handlers' App.Handled.
func (m *metrics) handled(platform string, kind bot.Kind, took time.Duration, o handlers.Outcome) {
	m.applied.WithLabelValues(platform, string(kind), string(o)).Inc()
	m.handler.WithLabelValues(string(kind)).Observe(took.Seconds())
	switch o {
	case handlers.Apologised:
		m.errs.WithLabelValues("handler").Inc()
	case handlers.Retried:
		m.errs.WithLabelValues("database").Inc()
	}
}

// wrote is the database's write observer.
func (m *metrics) wrote(durable bool, wait, hold time.Duration) {
	sync := "normal"
	if durable {
		sync = "full"
	}
	m.writeSeconds.WithLabelValues(sync).Observe(hold.Seconds())
	m.writerWait.Observe(wait.Seconds())
}

// ran is the scheduler's Ran.
func (m *metrics) ran(job, outcome string) {
	m.runs.WithLabelValues(job, outcome).Inc()
	if outcome == storage.RunFailed {
		m.errs.WithLabelValues("schedule").Inc()
	}
}

// opsEvery is how often the database's figures are read for /metrics.
const opsEvery = 5 * time.Second

// opsCollector serves the database's figures last read: the outbox
// backlog, the appeals going out, the stored schedules' runs of the last
// day and the files' sizes.
type opsCollector struct {
	db *storage.DB
	mu sync.Mutex
	at time.Time
	o  storage.Ops
}

var (
	backlogDesc = prometheus.NewDesc("chungsuc_outbox_backlog",
		"Messages waiting to be sent or being sent, by platform and lane.", []string{"platform", "lane"}, nil)
	appealDesc = prometheus.NewDesc("chungsuc_appeal_deliveries",
		"Deliveries of each appeal going out, by status (pending, sending, sent, failed, blocked, cancelled).",
		[]string{"appeal", "status"}, nil)
	appealTotalDesc = prometheus.NewDesc("chungsuc_appeal_recipients",
		"Recipients of each appeal going out, counted when it was confirmed.", []string{"appeal"}, nil)
	runsDayDesc = prometheus.NewDesc("chungsuc_schedule_runs_last_day",
		"Runs of stored schedules started in the last 24 hours, by outcome.", []string{"outcome"}, nil)
	residentsDesc = prometheus.NewDesc("chungsuc_residents", "People who use the bot.", nil, nil)
	fileDesc      = prometheus.NewDesc("chungsuc_db_file_bytes",
		"Size of the database's files (db: the database, wal: its write-ahead log).", []string{"file"}, nil)
	opsAgeDesc = prometheus.NewDesc("chungsuc_ops_read_timestamp_seconds",
		"When the database's figures above were last read.", nil, nil)
)

// Describe implements prometheus.Collector.
func (c *opsCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{backlogDesc, appealDesc, appealTotalDesc, runsDayDesc, residentsDesc, fileDesc, opsAgeDesc} {
		ch <- d
	}
}

// Collect implements prometheus.Collector, from the figures last read.
func (c *opsCollector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	o, at := c.o, c.at
	c.mu.Unlock()
	if at.IsZero() {
		return
	}
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	for _, b := range o.Backlog {
		lane := bot.LaneReply
		if b.Bulk {
			lane = bot.LaneBulk
		}
		gauge(backlogDesc, float64(b.Count), b.Platform, lane)
	}
	for _, a := range o.Appeals {
		id := strconv.FormatInt(a.ID, 10)
		f := a.Figures
		for status, n := range map[string]int{storage.StatusPending: f.Pending, storage.StatusSending: f.Sending,
			storage.StatusSent: f.Sent, storage.StatusFailed: f.Failed, storage.StatusBlocked: f.Blocked,
			storage.StatusCancelled: f.Cancelled} {
			gauge(appealDesc, float64(n), id, status)
		}
		gauge(appealTotalDesc, float64(a.Total), id)
	}
	for _, outcome := range []string{storage.RunOK, storage.RunFailed, storage.RunSkipped, storage.RunRunning} {
		gauge(runsDayDesc, float64(o.Runs[outcome]), outcome)
	}
	gauge(residentsDesc, float64(o.Residents))
	gauge(fileDesc, float64(o.DBBytes), "db")
	gauge(fileDesc, float64(o.WALBytes), "wal")
	gauge(opsAgeDesc, float64(at.UnixMilli())/1000)
}

// refresh reads the figures now.
func (c *opsCollector) refresh(ctx context.Context) error {
	now := time.Now()
	o, err := c.db.Ops(ctx, now.Add(-24*time.Hour))
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.o, c.at = o, now
	c.mu.Unlock()
	return nil
}

// last returns the figures last read and when (zero before the first).
func (c *opsCollector) last() (storage.Ops, time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.o, c.at
}

// run reads the figures every opsEvery until ctx ends.
func (c *opsCollector) run(ctx context.Context, log *slog.Logger) {
	t := time.NewTicker(opsEvery)
	defer t.Stop()
	for {
		if err := c.refresh(ctx); err != nil && ctx.Err() == nil {
			log.Warn("the figures for /metrics were not read", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
