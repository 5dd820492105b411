package host_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/soukhq/souk/store/storetest"
)

// /readyz answers for the sandbox pool too: a node whose pool cannot run an
// event (here: closed, so no worker is alive) is not ready.
func TestReadyzChecksSandboxPool(t *testing.T) {
	n := startNode(t, storetest.SQLite(t))
	get := func() (int, string) {
		resp, err := http.Get(n.base + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get(); code != 200 || !strings.Contains(body, `"sandbox":"ok"`) {
		t.Fatalf("ready node: %d %s", code, body)
	}
	n.h.Pool.Close()
	if code, body := get(); code != 503 || !strings.Contains(body, `"sandbox":"unavailable"`) {
		t.Fatalf("node without a sandbox: %d %s", code, body)
	}
}
