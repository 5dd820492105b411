// Package examples_test builds the example mini-programs with souk build
// (runtime.Build) and runs them in real sandbox workers against the real
// services. The directory has no Go code besides its tests.
package examples_test

import (
	"os"
	"testing"

	"github.com/soukhq/souk/sandbox"
)

// TestMain lets the test binary double as a sandbox worker, so handlers
// run in real worker processes.
func TestMain(m *testing.M) {
	if os.Getenv(sandbox.EnvWorker) == "1" {
		sandbox.WorkerMain()
	}
	os.Exit(m.Run())
}
