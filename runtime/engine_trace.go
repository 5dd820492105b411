package runtime

import (
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/soukhq/souk/sandbox"
)

// tracer makes the spans of app events, sandbox runs and host calls
// (internal/tracing; the global no-op unless tracing is configured).
var tracer = otel.Tracer("github.com/soukhq/souk/runtime")

// endSpan ends span, marking it failed when the host itself failed.
func endSpan(span trace.Span, err error) {
	if err != nil {
		span.SetStatus(codes.Error, err.Error())
	}
	span.End()
}

// endRunSpan records how a sandbox run went on its span and ends it.
func endRunSpan(span trace.Span, res *sandbox.Result, err error) {
	rc := &res.Receipt
	span.SetAttributes(
		attribute.String("souk.outcome", rc.Outcome),
		attribute.Int64("souk.queue_us", rc.Queue.Microseconds()),
		attribute.Int64("souk.cpu_us", rc.CPU.Microseconds()),
		attribute.Int("souk.worker_pid", rc.WorkerPID),
		attribute.Int("souk.host_calls", rc.HostCalls),
	)
	if err == nil && rc.Outcome != sandbox.OutcomeOK {
		span.SetStatus(codes.Error, rc.Outcome)
	}
	endSpan(span, err)
}
