package jobs

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel"
)

// tracer makes one root span per job attempt (internal/tracing).
var tracer = otel.Tracer("github.com/soukhq/souk/jobs")

// The queue's Prometheus metrics. Runs are counted as they end; the number
// of jobs in each state is read from the database when /metrics is scraped
// (Queue.Collector), so every node reports the cluster's backlog.
var (
	jobRuns = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "souk_jobs_runs_total",
		Help: "Job attempts by kind and result: ok, retry (failed, will run again) or failed (out of attempts).",
	}, []string{"kind", "result"})
	jobLatency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "souk_jobs_start_delay_seconds",
		Help:    "Time from a job falling due to its attempt starting, by kind.",
		Buckets: []float64{.01, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 300},
	}, []string{"kind"})
	jobDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "souk_jobs_duration_seconds",
		Help:    "Time a job's handler ran, by kind.",
		Buckets: []float64{.001, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"kind"})
	jobsByStateDesc = prometheus.NewDesc("souk_jobs", "Jobs in the queue by state (pending, running, done, failed, cancelled), across every node.", []string{"state"}, nil)
)

// Metrics returns the queue's process-wide collectors.
func Metrics() []prometheus.Collector {
	return []prometheus.Collector{jobRuns, jobLatency, jobDuration}
}

// Collector reports the number of jobs per state, read on each scrape.
func (q *Queue) Collector() prometheus.Collector { return stateCollector{q} }

type stateCollector struct{ q *Queue }

func (c stateCollector) Describe(ch chan<- *prometheus.Desc) { ch <- jobsByStateDesc }

func (c stateCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	stats, err := c.q.Stats(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(jobsByStateDesc, err)
		return
	}
	for _, state := range []string{"pending", "running", "done", "failed", "cancelled"} {
		ch <- prometheus.MustNewConstMetric(jobsByStateDesc, prometheus.GaugeValue, float64(stats[state]), state)
	}
}
