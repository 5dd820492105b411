package realtime

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// The hub's Prometheus metrics.
var (
	connections = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "souk_chat_connections",
		Help: "Chat WebSocket connections open on this node.",
	})
	fanoutLatency = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "souk_chat_fanout_seconds",
		Help:    "Time from an event reaching this node's hub to its frame being written to a recipient's socket.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	})
	resumes = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "souk_chat_resumes_total",
		Help: "Chat connections that resumed from cursors they already had (a reconnect), rather than starting fresh.",
	})
)

// Metrics returns the hub's collectors, for the server's registry.
func Metrics() []prometheus.Collector {
	return []prometheus.Collector{connections, fanoutLatency, resumes}
}

func observeFanout(it *item) {
	if !it.at.IsZero() {
		fanoutLatency.Observe(time.Since(it.at).Seconds())
	}
}
