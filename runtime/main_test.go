package runtime

import (
	"os"
	"testing"

	"github.com/soukhq/souk/sandbox"
)

// TestMain lets the test binary double as a sandbox worker, so the
// sandbox tests here need no souk binary (as in package sandbox).
func TestMain(m *testing.M) {
	if os.Getenv(sandbox.EnvWorker) == "1" {
		sandbox.WorkerMain()
	}
	os.Exit(m.Run())
}
