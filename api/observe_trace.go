package api

import (
	"strings"

	"github.com/gofiber/fiber/v2"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// traceRequests starts a server span per request, continuing the caller's
// trace when it sends a W3C traceparent header. It is mounted only when
// tracing is on (internal/tracing). Like the request log it records the
// route template, never the path, query or headers.
func traceRequests() fiber.Handler {
	tracer := otel.Tracer("github.com/soukhq/souk/api")
	return func(c *fiber.Ctx) error {
		carrier := fiberCarrier{c}
		ctx := otel.GetTextMapPropagator().Extract(c.UserContext(), carrier)
		method := strings.Clone(c.Method())
		ctx, span := tracer.Start(ctx, method, trace.WithSpanKind(trace.SpanKindServer))
		defer span.End()
		c.SetUserContext(ctx)
		err := c.Next()
		route := strings.Clone(c.Route().Path)
		status := c.Response().StatusCode()
		span.SetName(method + " " + route)
		span.SetAttributes(
			attribute.String("http.request.method", method),
			attribute.String("http.route", route),
			attribute.Int("http.response.status_code", status),
		)
		if status >= 500 {
			span.SetStatus(codes.Error, "server error")
		}
		return err
	}
}

// fiberCarrier reads propagation headers from a fiber request.
type fiberCarrier struct{ c *fiber.Ctx }

func (f fiberCarrier) Get(key string) string { return f.c.Get(key) }
func (f fiberCarrier) Set(string, string)    {}
func (f fiberCarrier) Keys() []string        { return []string{"traceparent", "tracestate"} }
