package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/store/storetest"
)

type boomInput struct {
	Body struct {
		Secret string `json:"secret"`
	}
}

// A panic in a handler is answered with a generic 500, logged once with its
// stack and request id (never the request's secrets), and counted in
// /metrics; the server goes on serving.
func TestHandlerPanicIsLoggedAndCounted(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	api.Register(h.srv, api.Public, huma.Operation{
		OperationID: "test-boom", Method: http.MethodPost, Path: "/test/boom",
	}, func(ctx context.Context, in *boomInput) (*struct{}, error) {
		var m map[string]int
		m["boom"]++ // a nil-map write: a runtime panic
		return nil, nil
	})
	const secret = "hunter2-do-not-log"
	r := h.do("POST", "/test/boom", "", map[string]string{"secret": secret}, "X-Request-Id", "req-panic-1")
	if r.Status != 500 || r.errorCode() != "internal" {
		t.Fatalf("panic answered %d %s", r.Status, r.Body)
	}
	if strings.Contains(string(r.Body), "nil map") || strings.Contains(string(r.Body), "goroutine") {
		t.Fatalf("the response leaks the panic: %s", r.Body)
	}
	var panicLine map[string]any
	for _, line := range strings.Split(h.log.String(), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(line), &m) == nil && m["msg"] == "panic in request handler" {
			if panicLine != nil {
				t.Fatalf("the panic is logged twice")
			}
			panicLine = m
		}
	}
	if panicLine == nil {
		t.Fatalf("the panic is not logged: %s", h.log.String())
	}
	if panicLine["request_id"] != "req-panic-1" || panicLine["route"] != "/test/boom" ||
		!strings.Contains(panicLine["panic"].(string), "assignment to entry in nil map") ||
		!strings.Contains(panicLine["stack"].(string), "recover_test.go") {
		t.Errorf("panic log line lacks request id, route, value or stack: %v", panicLine)
	}
	if strings.Contains(h.log.String(), secret) {
		t.Errorf("the log holds the request's secret")
	}
	if !regexp.MustCompile(`"route":"/test/boom","status":500,.*"error":"panic: assignment to entry in nil map"`).MatchString(h.log.String()) {
		t.Errorf("the request line lacks the 500 and its cause: %s", h.log.String())
	}
	m := string(h.do("GET", "/metrics", "", nil).Body)
	if !strings.Contains(m, `souk_http_panics_total{route="/test/boom"} 1`) {
		t.Errorf("/metrics lacks the panic counter:\n%s", grepLines(m, "panic"))
	}
	if r := h.do("GET", "/healthz", "", nil); r.Status != 200 {
		t.Fatalf("server stopped serving after a panic: %d", r.Status)
	}
}

// The cause of a 500 that a handler returns is logged, never sent.
func TestInternalErrorCauseIsLogged(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	api.Register(h.srv, api.Public, huma.Operation{
		OperationID: "test-fail", Method: http.MethodGet, Path: "/test/fail",
	}, func(ctx context.Context, in *struct{}) (*struct{}, error) {
		return nil, errors.New("disk on fire at sector 7")
	})
	r := h.do("GET", "/test/fail", "", nil)
	if r.Status != 500 || strings.Contains(string(r.Body), "sector 7") {
		t.Fatalf("internal error answered %d %s", r.Status, r.Body)
	}
	if !strings.Contains(h.log.String(), `"error":"disk on fire at sector 7"`) {
		t.Fatalf("the cause of the 500 is not logged: %s", h.log.String())
	}
}

func grepLines(s, word string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, word) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
