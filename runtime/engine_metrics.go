package runtime

import (
	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// tracer makes the spans of app events and host calls (internal/tracing).
var tracer = otel.Tracer("github.com/soukhq/souk/runtime")

// endSpan ends span, marking it failed when the host itself failed.
func endSpan(span trace.Span, err error) {
	if err != nil {
		span.SetStatus(codes.Error, err.Error())
	}
	span.End()
}

// The engine's Prometheus metrics, taken from each event's receipt so the
// figures and the receipts developers read never disagree.
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
)

// Metrics returns the engine's collectors, for the server's registry.
func Metrics() []prometheus.Collector {
	return []prometheus.Collector{eventsTotal, eventQueueWait, eventWall}
}

func observeReceipt(r *Receipt) {
	eventsTotal.WithLabelValues(r.AppID, r.Event, r.Outcome).Inc()
	eventQueueWait.Observe(float64(r.QueueMicros) / 1e6)
	eventWall.WithLabelValues(r.Event).Observe(float64(r.WallMicros) / 1e6)
}
