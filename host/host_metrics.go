package host

import (
	"slices"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/soukhq/souk/chat/realtime"
	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/sandbox"
	"github.com/soukhq/souk/webhooks"
)

// Sandbox event metrics, taken from each event's receipt (the engine's
// OnReceipt) so the figures and the receipts developers read never
// disagree. They live here, not in runtime or sandbox, because those
// packages are also the worker process's code, kept free of metrics
// libraries.
var (
	eventsTotal = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "souk_sandbox_events_total",
		Help: "App events run in the sandbox, by app, handler and outcome (ok, error, timeout, killed, crashed, quarantined, invalid_view, …).",
	}, []string{"app", "handler", "outcome"})
	eventQueueWait = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "souk_sandbox_queue_wait_seconds",
		Help:    "Time an event waited for a sandbox worker.",
		Buckets: []float64{.0001, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	})
	eventWall = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "souk_sandbox_event_duration_seconds",
		Help:    "Wall time of an event in the sandbox (queue wait included), by handler.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
	}, []string{"handler"})
	eventRuntimes = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "souk_sandbox_runtimes_total",
		Help: "Events by the runtime they ran in: warm (the installation's runtime kept from an earlier event) or cold (a new one: first event, isolation event, or after a discard).",
	}, []string{"runtime"})
)

func init() {
	for _, k := range []string{"cold", "warm"} {
		eventRuntimes.WithLabelValues(k)
	}
}

func observeReceipt(r *runtime.Receipt) {
	eventsTotal.WithLabelValues(r.AppID, r.Event, r.Outcome).Inc()
	if r.Runtime != "" {
		eventRuntimes.WithLabelValues(r.Runtime).Inc()
	}
	eventQueueWait.Observe(float64(r.QueueMicros) / 1e6)
	eventWall.WithLabelValues(r.Event).Observe(float64(r.WallMicros) / 1e6)
}

// sandboxCollector exports the sandbox package's process-wide counters.
type sandboxCollector struct{ pool *sandbox.Pool }

var (
	workerStartsDesc = prometheus.NewDesc("souk_sandbox_worker_starts_total",
		"Sandbox worker processes started, first starts and replacements of dead or killed workers.", nil, nil)
	workerKillsDesc = prometheus.NewDesc("souk_sandbox_worker_kills_total",
		"Sandbox worker processes killed by the host, by reason (timeout, protocol, retired, host, start, shutdown, other).", []string{"reason"}, nil)
	quarantinesDesc = prometheus.NewDesc("souk_sandbox_quarantines_total",
		"Times an app version was put into quarantine for killing workers or timing out.", nil, nil)
	quarantinedDesc = prometheus.NewDesc("souk_sandbox_quarantined_apps",
		"App versions this node's sandbox refuses right now for killing workers or timing out.", nil, nil)
)

func (c sandboxCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- workerStartsDesc
	ch <- workerKillsDesc
	ch <- quarantinesDesc
	ch <- quarantinedDesc
}

func (c sandboxCollector) Collect(ch chan<- prometheus.Metric) {
	ch <- prometheus.MustNewConstMetric(workerStartsDesc, prometheus.CounterValue, float64(sandbox.WorkerStarts()))
	for reason, n := range sandbox.WorkerKills() {
		ch <- prometheus.MustNewConstMetric(workerKillsDesc, prometheus.CounterValue, float64(n), reason)
	}
	ch <- prometheus.MustNewConstMetric(quarantinesDesc, prometheus.CounterValue, float64(sandbox.Quarantines()))
	ch <- prometheus.MustNewConstMetric(quarantinedDesc, prometheus.GaugeValue, float64(len(c.pool.Quarantined())))
}

// registerMetrics adds every domain package's metrics to the registry the
// API serves on /metrics (the HTTP, Go, process and SQL-pool metrics are
// the API's own). Each package keeps its metrics beside the code it
// measures (*_metrics.go); this is the one place they are gathered.
func (h *Host) registerMetrics() {
	cs := slices.Concat(jobs.Metrics(), ledger.Metrics(), realtime.Metrics(), webhooks.Metrics())
	cs = append(cs, eventsTotal, eventQueueWait, eventWall, eventRuntimes, sandboxCollector{h.Pool}, h.Jobs.Collector())
	h.API.Metrics.MustRegister(cs...)
}
