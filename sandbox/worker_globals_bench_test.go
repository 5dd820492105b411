package sandbox

import (
	"io"
	"testing"
)

// BenchmarkPrepareEvent is the per-event cost of a fresh runtime with the
// sandbox installed (setup and the lazy web globals).
func BenchmarkPrepareEvent(b *testing.B) {
	w, err := newWorkerState(io.Discard)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := w.prepareEvent(); err != nil {
			b.Fatal(err)
		}
	}
}
