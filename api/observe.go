package api

import (
	"database/sql"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"go.opentelemetry.io/otel/trace"
)

type httpMetrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	panics   *prometheus.CounterVec
}

func newHTTPMetrics(reg *prometheus.Registry, db *sql.DB) *httpMetrics {
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "souk_http_requests_total", Help: "HTTP requests by method, route template and status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "souk_http_request_duration_seconds", Help: "HTTP request latency by method and route template.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"method", "route"}),
		panics: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "souk_http_panics_total", Help: "Panics recovered in HTTP handlers, by route template.",
		}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.latency, m.panics, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if db != nil {
		reg.MustRegister(collectors.NewDBStatsCollector(db, "souk"))
	}
	return m
}

// logRequests records metrics and writes one structured log line per
// request. It logs the route template and ids only: never headers, bodies,
// query strings or cookies, which is where secrets travel.
func (s *Server) logRequests(m *httpMetrics) fiber.Handler {
	return func(c *fiber.Ctx) error {
		start := time.Now()
		note := withCauseNote(c)
		err := c.Next()
		if err != nil {
			// Let the error handler write the response so the status is final.
			if herr := c.App().ErrorHandler(c, err); herr != nil {
				_ = c.SendStatus(fiber.StatusInternalServerError)
			}
		}
		status := c.Response().StatusCode()
		// fiber's strings alias buffers reused by the next request: copy
		// anything that outlives this handler (metric labels do).
		method := strings.Clone(c.Method())
		route := strings.Clone(c.Route().Path)
		if status == fiber.StatusNotFound && route == "/" {
			route = "unmatched"
		}
		elapsed := time.Since(start)
		m.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
		m.latency.WithLabelValues(method, route).Observe(elapsed.Seconds())
		attrs := []any{
			"request_id", c.GetRespHeader("X-Request-Id"),
			"method", method, "route", route, "status", status,
			"duration_ms", float64(elapsed.Microseconds()) / 1000,
		}
		if cl, ok := CallerFrom(c.UserContext()); ok {
			attrs = append(attrs, "user_id", cl.User.ID)
		}
		if sc := trace.SpanContextFromContext(c.UserContext()); sc.IsValid() {
			attrs = append(attrs, "trace_id", sc.TraceID().String())
		}
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
			// Every 500 has its cause logged: noted by Register or the
			// panic handler, or raised outside huma.
			cause := note.get()
			var ie *internalError
			if cause == nil && errors.As(err, &ie) {
				cause = ie.cause
			}
			if le, ok := c.Locals(localErr).(error); ok && cause == nil {
				cause = le
			}
			if cause == nil && status == fiber.StatusInternalServerError {
				cause = errors.New("unknown: no cause was recorded for this 500")
			}
			if cause != nil {
				attrs = append(attrs, "error", cause.Error())
			}
		}
		s.Log.Log(c.UserContext(), level, "request", attrs...)
		return nil
	}
}
