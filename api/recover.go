package api

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
)

// causeKey holds the *causeNote of a request in its context, so that a 500
// answered deep inside huma (which writes the response itself) still has its
// cause logged by the request logger.
type causeKey struct{}

// causeNote is the cause of a request's internal error, if any.
type causeNote struct {
	mu    sync.Mutex
	cause error
}

func (n *causeNote) set(err error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.cause == nil {
		n.cause = err
	}
}

func (n *causeNote) get() error {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.cause
}

// withCauseNote gives the request's context a place for the cause of a 500.
func withCauseNote(c *fiber.Ctx) *causeNote {
	n := &causeNote{}
	c.SetUserContext(context.WithValue(c.UserContext(), causeKey{}, n))
	return n
}

// noteInternal records the cause of err if err is answered as a 500, and
// returns err unchanged. Register calls it on every handler error.
func noteInternal(ctx context.Context, err error) error {
	if ie, ok := err.(*internalError); ok {
		noteCause(ctx, ie.cause)
	}
	return err
}

// noteCause records why a request is answered with a 500.
func noteCause(ctx context.Context, cause error) {
	if n, ok := ctx.Value(causeKey{}).(*causeNote); ok && cause != nil {
		n.set(cause)
	}
}

// maxPanicValue bounds how much of a panic's value reaches the log.
const maxPanicValue = 512

// recoverSocket is deferred by handlers that run outside the middleware
// chain (a WebSocket after the upgrade runs on its own goroutine, where a
// panic would end the process): it logs and counts the panic like
// recoverPanics and lets the connection close.
func (s *Server) recoverSocket(route string) {
	r := recover()
	if r == nil {
		return
	}
	s.panics.WithLabelValues(route).Inc()
	value := fmt.Sprint(r)
	if len(value) > maxPanicValue {
		value = value[:maxPanicValue] + "…"
	}
	s.Log.Error("panic in request handler", "route", route, "panic", value, "stack", string(debug.Stack()))
}

// recoverPanics turns a panic in any later handler into a 500 whose cause,
// stack and request id are logged once, and counts it in
// souk_http_panics_total. It sits inside logRequests, so the request line
// records the 500 too. The stack holds function names, files and argument
// words, never request data; the panic value is cut to maxPanicValue bytes.
func (s *Server) recoverPanics(panics *prometheus.CounterVec) fiber.Handler {
	return func(c *fiber.Ctx) (err error) {
		defer func() {
			r := recover()
			if r == nil {
				return
			}
			stack := string(debug.Stack())
			route := strings.Clone(c.Route().Path)
			panics.WithLabelValues(route).Inc()
			value := fmt.Sprint(r)
			if len(value) > maxPanicValue {
				value = value[:maxPanicValue] + "…"
			}
			s.Log.ErrorContext(c.UserContext(), "panic in request handler",
				"request_id", c.GetRespHeader("X-Request-Id"),
				"method", strings.Clone(c.Method()), "route", route,
				"panic", value, "stack", stack)
			err = &internalError{cause: fmt.Errorf("panic: %s", value)}
		}()
		return c.Next()
	}
}
