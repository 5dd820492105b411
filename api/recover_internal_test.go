package api

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

// A panic on a WebSocket's own goroutine is logged and counted instead of
// ending the process.
func TestRecoverSocketLogsAndCounts(t *testing.T) {
	var log bytes.Buffer
	s := New(Deps{Log: slog.New(slog.NewJSONHandler(&log, nil))})
	func() {
		defer s.recoverSocket(chatWSPath)
		panic("socket went wrong")
	}()
	families, err := s.Metrics.Gather()
	if err != nil {
		t.Fatal(err)
	}
	count := -1.0
	for _, f := range families {
		if f.GetName() == "souk_http_panics_total" {
			count = f.GetMetric()[0].GetCounter().GetValue()
		}
	}
	if count != 1 {
		t.Fatalf("souk_http_panics_total = %v", count)
	}
	if l := log.String(); !strings.Contains(l, `"panic":"socket went wrong"`) || !strings.Contains(l, "recover_internal_test.go") {
		t.Fatalf("log: %s", l)
	}
}
