package sandbox

import (
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// tracer makes the span of each sandbox run (internal/tracing).
var tracer = otel.Tracer("github.com/soukhq/souk/sandbox")

// endRunSpan records how a run went on its span and ends it.
func endRunSpan(span trace.Span, res *Result, err error) {
	rc := &res.Receipt
	span.SetAttributes(
		attribute.String("souk.outcome", rc.Outcome),
		attribute.Int64("souk.queue_us", rc.Queue.Microseconds()),
		attribute.Int64("souk.cpu_us", rc.CPU.Microseconds()),
		attribute.Int("souk.worker_pid", rc.WorkerPID),
		attribute.Int("souk.host_calls", rc.HostCalls),
	)
	if err != nil {
		span.SetStatus(codes.Error, err.Error())
	} else if rc.Outcome != OutcomeOK {
		span.SetStatus(codes.Error, rc.Outcome)
	}
	span.End()
}

// The pool's Prometheus metrics. They are process-wide (one pool serves a
// node) and registered by the HTTP server with Metrics.
var (
	workerStarts = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "souk_sandbox_worker_starts_total",
		Help: "Sandbox worker processes started, first starts and replacements of dead or killed workers.",
	})
	workerKills = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "souk_sandbox_worker_kills_total",
		Help: "Sandbox worker processes killed by the host, by reason (timeout, protocol, retired, host, start, other).",
	}, []string{"reason"})
	quarantines = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "souk_sandbox_quarantines_total",
		Help: "Times an app version was put into quarantine for killing workers or timing out.",
	})
)

func init() {
	// Every reason from zero, so rate() sees the first kill.
	for _, r := range []string{"timeout", "protocol", "retired", "host", "start", "shutdown", "other"} {
		workerKills.WithLabelValues(r)
	}
}

// Metrics returns the pool's collectors, for the server's registry.
func Metrics() []prometheus.Collector {
	return []prometheus.Collector{workerStarts, workerKills, quarantines}
}

// killKind folds a kill reason (free text, first reason wins) into a small
// set of label values, so the metric's cardinality stays bounded.
func killKind(reason string) string {
	switch {
	case strings.HasPrefix(reason, deadlineKillPrefix):
		return "timeout"
	case strings.HasPrefix(reason, "protocol violation"):
		return "protocol"
	case strings.HasPrefix(reason, "retired"):
		return "retired"
	case strings.HasPrefix(reason, "the host failed"):
		return "host"
	case strings.HasPrefix(reason, "no hello"), strings.HasPrefix(reason, "worker start"):
		return "start"
	case reason == "pool closed":
		return "shutdown"
	}
	return "other"
}
