package ledger

import "github.com/prometheus/client_golang/prometheus"

// The ledger's Prometheus metrics.
var (
	transfersTotal = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "souk_ledger_transfers_total",
		Help: "Transfers applied, by path: batch (the group-commit batcher) or tx (in a caller's transaction, counted per attempt).",
	}, []string{"path"})
	batchSize = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "souk_ledger_batch_size",
		Help:    "Units (a transfer or a linked group) committed per batcher transaction.",
		Buckets: []float64{1, 2, 4, 8, 16, 32, 64, 128, 256, 512},
	})
	checksTotal = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "souk_ledger_checks_total",
		Help: "Ledger invariant checks run, by result: ok, problems (an invariant is broken) or error (the check could not run).",
	}, []string{"result"})
)

func init() {
	for _, r := range []string{"ok", "problems", "error"} {
		checksTotal.WithLabelValues(r)
	}
	for _, p := range []string{"batch", "tx"} {
		transfersTotal.WithLabelValues(p)
	}
}

// Metrics returns the ledger's collectors, for the server's registry.
func Metrics() []prometheus.Collector {
	return []prometheus.Collector{transfersTotal, batchSize, checksTotal}
}

func observeBatch(units []*unit) {
	n := 0
	for _, u := range units {
		n += len(u.ts)
	}
	transfersTotal.WithLabelValues("batch").Add(float64(n))
	batchSize.Observe(float64(len(units)))
}

func observeCheck(r Report, err error) {
	switch {
	case err != nil:
		checksTotal.WithLabelValues("error").Inc()
	case r.OK:
		checksTotal.WithLabelValues("ok").Inc()
	default:
		checksTotal.WithLabelValues("problems").Inc()
	}
}
