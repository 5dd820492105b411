package host

import (
	"slices"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/soukhq/souk/chat/realtime"
	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/sandbox"
	"github.com/soukhq/souk/webhooks"
)

// registerMetrics adds every domain package's metrics to the registry the
// API serves on /metrics (the HTTP, Go, process and SQL-pool metrics are
// the API's own). Each package keeps its metrics beside the code it
// measures (*_metrics.go); this is the one place they are gathered.
func (h *Host) registerMetrics() {
	cs := slices.Concat(sandbox.Metrics(), runtime.Metrics(), jobs.Metrics(), ledger.Metrics(), realtime.Metrics(), webhooks.Metrics())
	cs = append(cs, h.Jobs.Collector(), prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "souk_sandbox_quarantined_apps",
		Help: "App versions this node's sandbox refuses right now for killing workers or timing out.",
	}, func() float64 { return float64(len(h.Pool.Quarantined())) }))
	h.API.Metrics.MustRegister(cs...)
}
