package main

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soukhq/souk/runtime"
)

type runResult struct {
	View    *runtime.Node `json:"view"`
	Receipt struct {
		Event   string `json:"event"`
		Outcome string `json:"outcome"`
		ID      string `json:"id"`
		Error   *struct {
			Message string `json:"message"`
		} `json:"error"`
	} `json:"receipt"`
}

// soukRun runs souk run and returns its JSON and exit code.
func soukRun(t *testing.T, event, dir string) (runResult, int) {
	t.Helper()
	cmd := exec.Command(soukBin, "run", event, dir)
	cmd.Env = append(os.Environ(), "SOUK_SANDBOX_WORKERS=1")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	var r runResult
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("souk run %s printed no JSON (%v): %s\n%s", event, err, out, stderr.String())
	}
	return r, code
}

// Acceptance: souk run on the example shop's event files prints the view
// the handler returns and its receipt, in the sandbox, exit 0; an app that
// throws prints the error outcome and exits 1.
func TestSoukRunExampleShopEvents(t *testing.T) {
	shop := filepath.Join("..", "..", "examples", "shop")
	r, code := soukRun(t, filepath.Join(shop, "events", "product.json"), shop)
	title := findNode(r.View, nodeID("product-title"))
	if code != 0 || r.View == nil || r.View.ID != "product" || title == nil || title.Text != "Tea mug" ||
		r.Receipt.Event != "render" || r.Receipt.Outcome != "ok" || !strings.HasPrefix(r.Receipt.ID, "rcp_") {
		t.Fatalf("product.json: exit %d %+v", code, r)
	}
	r, code = soukRun(t, filepath.Join(shop, "events", "add-to-cart.json"), shop)
	notice := findNode(r.View, nodeID("notice"))
	if code != 0 || r.View.ID != "cart" || notice == nil || notice.Text != "Added 2 × Green tea to your cart." || r.Receipt.Event != "action" {
		t.Fatalf("add-to-cart.json: exit %d %+v", code, r)
	}
	r, code = soukRun(t, filepath.Join(shop, "events", "order-paid.json"), shop)
	if code != 0 || r.View != nil || r.Receipt.Event != "orderPaid" || r.Receipt.Outcome != "ok" {
		t.Fatalf("order-paid.json: exit %d %+v", code, r)
	}

	// A handler that throws: outcome error, exit 1.
	broken := filepath.Join(t.TempDir(), "shop")
	copyTree(t, shop, broken)
	views := filepath.Join(broken, "src", "views.ts")
	src, _ := os.ReadFile(views)
	const title0 = `ui.text("Shop", { style: "title" })`
	if !strings.Contains(string(src), title0) {
		t.Fatalf("%s no longer has %s", views, title0)
	}
	if err := os.WriteFile(views, []byte(strings.Replace(string(src), title0, `(() => { throw new Error("boom in home"); })()`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	event := filepath.Join(t.TempDir(), "home.json")
	if err := os.WriteFile(event, []byte(`{"event": "render"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	r, code = soukRun(t, event, broken)
	if code != 1 || r.Receipt.Outcome != "error" || r.Receipt.Error == nil || !strings.Contains(r.Receipt.Error.Message, "boom in home") {
		t.Fatalf("a throwing handler: exit %d %+v", code, r)
	}
}

func TestSoukRunRejectsABadEventFile(t *testing.T) {
	for body, want := range map[string]string{
		`{"event": "refunded"}`:               `use render, action or orderPaid`,
		`{"event": "action"}`:                 `needs "action"`,
		`{"event": "render", "pgae": "home"}`: `unknown field "pgae"`,
		`{"event": "orderPaid"}`:              `needs "order"`,
		`{"event": "render", "before": [{}]}`: `each of "before" needs "action"`,
	} {
		p := filepath.Join(t.TempDir(), "e.json")
		os.WriteFile(p, []byte(body), 0o644)
		if _, err := readRunEvent(p); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", body, err, want)
		}
	}
}
