//go:build !race

package runtime

// raceEnabled: the race detector slows goja several times over, so tests
// that run real bundles scale their deadlines by it.
const raceEnabled = false
