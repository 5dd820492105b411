package webhooks

import "github.com/prometheus/client_golang/prometheus"

// The webhooks' Prometheus metrics.
var (
	deliveryAttempts = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "souk_webhook_attempts_total",
		Help: "Webhook delivery attempts by kind (scheduled, replay) and outcome: ok (2xx), http_error (another status), transport_error (no answer) or disabled.",
	}, []string{"kind", "outcome"})
	attemptDuration = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "souk_webhook_attempt_duration_seconds",
		Help:    "Time a webhook delivery attempt took, until the endpoint answered or the attempt failed.",
		Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	})
)

func init() {
	for _, k := range []string{"scheduled", "replay"} {
		for _, o := range []string{"ok", "http_error", "transport_error", "disabled"} {
			deliveryAttempts.WithLabelValues(k, o)
		}
	}
}

// Metrics returns the webhooks' collectors, for the server's registry.
func Metrics() []prometheus.Collector {
	return []prometheus.Collector{deliveryAttempts, attemptDuration}
}

func observeAttempt(a Attempt, enabled bool) {
	outcome := "ok"
	switch {
	case !enabled:
		outcome = "disabled"
	case a.StatusCode == 0:
		outcome = "transport_error"
	case a.StatusCode < 200 || a.StatusCode >= 300:
		outcome = "http_error"
	}
	deliveryAttempts.WithLabelValues(a.Kind, outcome).Inc()
	if enabled {
		attemptDuration.Observe(float64(a.DurationMS) / 1000)
	}
}
