package api

import (
	"context"
	"crypto/subtle"
	"sort"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/valyala/fasthttp/fasthttpadaptor"
)

// mountHealth adds the operator endpoints: /healthz (the process is up),
// /readyz (the database, the blob store and the sandbox pool answer: each
// of Server.Ready) and /metrics (Prometheus).
func (s *Server) mountHealth() {
	s.App.Get("/healthz", func(c *fiber.Ctx) error {
		return c.JSON(fiber.Map{"status": "ok"})
	})
	s.App.Get("/readyz", func(c *fiber.Ctx) error {
		ctx, cancel := context.WithTimeout(c.UserContext(), 3*time.Second)
		defer cancel()
		names := make([]string, 0, len(s.Ready))
		for n := range s.Ready {
			names = append(names, n)
		}
		sort.Strings(names)
		checks := fiber.Map{}
		ready := true
		for _, n := range names {
			if err := s.Ready[n].Ping(ctx); err != nil {
				checks[n] = "unavailable"
				s.Log.Warn("readiness check failed", "dependency", n, "error", err.Error())
				ready = false
			} else {
				checks[n] = "ok"
			}
		}
		if !ready {
			return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "unavailable", "checks": checks})
		}
		return c.JSON(fiber.Map{"status": "ok", "checks": checks})
	})
	metrics := fasthttpadaptor.NewFastHTTPHandler(promhttp.HandlerFor(s.Metrics, promhttp.HandlerOpts{}))
	s.App.Get("/metrics", func(c *fiber.Ctx) error {
		// With a metrics token set, scrapers must present it; without one the
		// endpoint is meant for a private network (documented in the README).
		if s.MetricsToken != "" && subtle.ConstantTimeCompare([]byte(c.Get(fiber.HeaderAuthorization)), []byte("Bearer "+s.MetricsToken)) != 1 {
			return c.Status(fiber.StatusUnauthorized).JSON(Fail(fiber.StatusUnauthorized, "unauthenticated", "send the metrics token as a bearer token"))
		}
		metrics(c.Context())
		return nil
	})
}
