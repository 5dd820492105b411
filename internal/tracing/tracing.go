// Package tracing sets up OpenTelemetry traces for a souk node. Tracing is
// off unless an OTLP endpoint is configured with the standard variables
// (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, and the
// other OTEL_EXPORTER_OTLP_* settings the exporter reads); when it is off
// the HTTP middleware is not even mounted and every span elsewhere is the
// global no-op.
//
// Spans follow one request down: HTTP (api) → the app event (runtime) →
// the sandbox run (sandbox) → each host call the app makes (runtime), and
// each background job (jobs) starts a trace of its own.
package tracing

import (
	"context"
	"errors"
	"os"
	"sync/atomic"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

var enabled atomic.Bool

// Enabled reports whether a tracer provider is installed (Setup found an
// endpoint, or a test called Use).
func Enabled() bool { return enabled.Load() }

// Configured reports whether the environment names an OTLP endpoint.
func Configured() bool {
	return os.Getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != "" || os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != ""
}

// Setup installs an OTLP/HTTP exporter when one is configured and returns
// the function that flushes and stops it. Without configuration it does
// nothing and returns a no-op shutdown.
func Setup(ctx context.Context, version string) (shutdown func(context.Context) error, err error) {
	if !Configured() {
		return func(context.Context) error { return nil }, nil
	}
	exp, err := otlptracehttp.New(ctx)
	if err != nil {
		return nil, errors.Join(errors.New("tracing: OTLP exporter"), err)
	}
	host, _ := os.Hostname()
	res, err := resource.Merge(resource.Default(), resource.NewSchemaless(
		attribute.String("service.name", "souk"),
		attribute.String("service.version", version),
		attribute.String("service.instance.id", host),
	))
	if err != nil {
		return nil, err
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))
	Use(tp)
	return tp.Shutdown, nil
}

// Use installs tp as the global tracer provider, with W3C trace-context
// propagation (tests pass an in-memory provider).
func Use(tp trace.TracerProvider) {
	otel.SetTracerProvider(tp)
	otel.SetTextMapPropagator(propagation.TraceContext{})
	enabled.Store(true)
}
