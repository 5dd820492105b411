package sandbox

import (
	"strings"
	"sync/atomic"
)

// Counters for the node's metrics (host/host_metrics.go exports them to
// Prometheus). They are plain atomics so that this package, which is also
// the worker process's code, stays free of metrics and tracing libraries:
// a smaller worker binary starts and dies faster.
var (
	workerStarts atomic.Int64
	quarantines  atomic.Int64
	workerKills  [len(KillReasons)]atomic.Int64
)

// KillReasons are the kinds of worker kills counted by WorkerKills.
var KillReasons = [...]string{"timeout", "protocol", "retired", "host", "start", "shutdown", "other"}

// WorkerStarts is how many worker processes this process's pools started,
// first starts and replacements.
func WorkerStarts() int64 { return workerStarts.Load() }

// Quarantines is how many times an app version was put into quarantine.
func Quarantines() int64 { return quarantines.Load() }

// WorkerKills is how many workers the host killed, by kind (KillReasons).
func WorkerKills() map[string]int64 {
	out := make(map[string]int64, len(KillReasons))
	for i, r := range KillReasons {
		out[r] = workerKills[i].Load()
	}
	return out
}

func countKill(reason string) {
	kind := killKind(reason)
	for i, r := range KillReasons {
		if r == kind {
			workerKills[i].Add(1)
			return
		}
	}
}

// killKind folds a kill reason (free text, first reason wins) into a small
// set of label values, so the metric's cardinality stays bounded.
func killKind(reason string) string {
	switch {
	case strings.HasPrefix(reason, deadlineKillPrefix):
		return "timeout"
	case strings.HasPrefix(reason, "protocol violation"):
		return "protocol"
	case strings.HasPrefix(reason, "retired"):
		return "retired"
	case strings.HasPrefix(reason, "the host failed"):
		return "host"
	case strings.HasPrefix(reason, "no hello"), strings.HasPrefix(reason, "worker start"):
		return "start"
	case reason == "pool closed":
		return "shutdown"
	}
	return "other"
}
