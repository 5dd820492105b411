package httpbench

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/soukhq/souk/sandbox"
)

func TestMain(m *testing.M) {
	if os.Getenv(sandbox.EnvWorker) == "1" {
		sandbox.WorkerMain()
	}
	os.Exit(m.Run())
}

// A short run of every phase on SQLite, so the command cannot rot: the
// world builds, every event answers ok, the report prints. No timing is
// asserted.
func TestRunShort(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var log bytes.Buffer
	r, err := Run(ctx, Config{Conns: 2, Duration: time.Second, Rate: 20, AppDir: "../../examples/shop", Products: 3, Workers: 1, Command: []string{exe}}, &log)
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	for _, p := range []Phase{r.Home, r.Action, r.InProc, *r.Fixed} {
		if p.Events == 0 || p.Errors != 0 || p.P99 < p.P50 {
			t.Fatalf("phase %+v\n%s", p, log.String())
		}
	}
	var out bytes.Buffer
	r.Print(&out)
	if !strings.Contains(out.String(), "HTTP home / in-process") {
		t.Fatal(out.String())
	}
	t.Log(out.String())
}
