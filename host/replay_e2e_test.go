package host_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/sandbox"
	"github.com/soukhq/souk/store/storetest"
)

// TestRecordedShopEventsReplay (issue 14, record and replay): at least 100
// events of the example shop — renders, actions, order events — run
// through the real host on SQLite and are recorded; every one replays in
// the host's sandbox pool, with the recorded version's bundle, to the
// identical outcome and view. Replayed against a changed build, a cart
// render shows the difference.
func TestRecordedShopEventsReplay(t *testing.T) {
	v1 := buildShop(t, "1.0.0")
	changed := buildShopEdited(t, "1.0.0", "views.ts", "Estimated total: ", "Estimated cart total: ")
	db := storetest.SQLite(t)
	n := startNode(t, db)
	f := &flow{t: t, n: n, v1: v1, hooks: newHookReceiver(t)}
	for _, step := range []func(*testing.T){f.users, f.publish, f.installAndStock} {
		step(t)
	}
	f.ann, f.bob = n.signup("ann"), n.signup("bob")
	f.topUp(t)
	f.firstOrder(t) // renders, actions, a paid order (orderPaid)
	f.ship(t, f.ann, f.order1)
	n.runJobs(0) // shipmentUpdated

	// Bob browses and edits his cart until the shop has served 100 events,
	// then orders and pays too.
	ins := f.installation
	for i := 0; f.receiptCount() < 90; i++ {
		switch i % 6 {
		case 0:
			f.bob.render(ins, "home", nil)
		case 1:
			f.bob.action(ins, "product", map[string]any{"productId": f.tea.ID})
		case 2:
			f.bob.action(ins, "addToCart", map[string]any{"skuId": f.teaL.ID, "productId": f.tea.ID, "qty": 1})
		case 3:
			f.bob.render(ins, "cart", nil)
		case 4:
			f.bob.action(ins, "setQty", map[string]any{"skuId": f.teaL.ID, "qty": 1 + i%3})
		case 5:
			f.bob.action(ins, "removeFromCart", map[string]any{"skuId": f.teaL.ID})
		}
	}
	f.bob.action(ins, "addToCart", map[string]any{"skuId": f.mugSKU.ID, "productId": f.mug.ID, "qty": 1})
	order := f.bob.action(ins, "checkout", nil).node("order-status").OrderID
	pay := f.bob.action(ins, "pay", map[string]any{"orderId": order})
	f.payWithPIN(f.bob, pay.text("payment-request"), 1200)
	n.runJobs(0)
	f.ship(t, f.bob, order)
	n.runJobs(0)
	for f.receiptCount() < 104 {
		f.bob.render(ins, "orders", nil)
	}

	// Every event was recorded; each replays identically.
	v, err := marketplace.New(db, n.h.Blobs).Version(bg, f.appID, "1.0.0")
	if err != nil {
		t.Fatal(err)
	}
	bun, err := n.h.Engine.Bundle(bg, v.BlobKey, v.BundleHash)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := db.QueryContext(bg, `SELECT id FROM receipts WHERE app_id = $1 ORDER BY started_at, id`, f.appID)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) < 100 {
		t.Fatalf("%d events, want at least 100", len(ids))
	}
	handlers := map[string]int{}
	var cartRender *runtime.Recording
	for _, id := range ids {
		rec, err := n.h.Engine.Recording(bg, f.appID, id)
		if err != nil {
			t.Fatalf("recording of %s: %v", id, err)
		}
		if rec.Truncated != "" {
			t.Fatalf("recording of %s (%s) truncated: %s", id, rec.Handler, rec.Truncated)
		}
		handlers[rec.Handler]++
		rr, err := runtime.Replay(bg, n.h.Pool, bun, rec)
		if err != nil {
			t.Fatalf("replay %s: %v", id, err)
		}
		if !rr.Same || rr.Outcome != rec.Outcome || !runtime.JSONEqual(rr.Value, rec.Value) {
			t.Fatalf("replay of %s (%s) differs: outcome %s (recorded %s), %s\n%s", id, rec.Handler, rr.Outcome, rec.Outcome,
				rr.Divergence, runtime.DiffJSON(rec.Value, rr.Value))
		}
		if rec.Handler == "render" && string(rec.Args[0]) == `"cart"` && strings.Contains(string(rec.Value), "Estimated total") {
			cartRender = rec
		}
	}
	if handlers["render"] < 20 || handlers["action"] < 20 || handlers["orderPaid"] != 2 || handlers["shipmentUpdated"] < 2 {
		t.Fatalf("recorded handlers %v", handlers)
	}
	t.Logf("%d recorded events replayed identically: %v", len(ids), handlers)

	// A changed build: the replay shows the difference.
	if cartRender == nil {
		t.Fatal("no cart render recorded")
	}
	cb, err := runtime.ReadBundle(strings.NewReader(string(changed)), int64(len(changed)), runtime.DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	rr, err := runtime.Replay(bg, n.h.Pool, cb, cartRender)
	if err != nil {
		t.Fatal(err)
	}
	diff := runtime.DiffJSON(cartRender.Value, rr.Value)
	if rr.Same || rr.Outcome != sandbox.OutcomeOK || rr.Divergence != "" ||
		!strings.Contains(diff, `-   `) || !strings.Contains(diff, "Estimated cart total: ") {
		t.Fatalf("replay with a changed build: same %v, outcome %s, divergence %q, diff:\n%s", rr.Same, rr.Outcome, rr.Divergence, diff)
	}
	t.Logf("changed build:\n%s", diff)
}

// receiptCount is how many events the shop has served.
func (f *flow) receiptCount() int {
	var n int
	if err := f.n.h.DB.QueryRowContext(bg, `SELECT COUNT(*) FROM receipts WHERE app_id = $1`, f.appID).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

// buildShopEdited builds examples/shop as version with one source file
// edited (old replaced by new).
func buildShopEdited(t *testing.T, version, file, old, new string) []byte {
	t.Helper()
	src := shopDir(t)
	dir := t.TempDir()
	for _, f := range []string{"souk.json", "package.json", "tsconfig.json"} {
		copyFile(t, filepath.Join(src, f), filepath.Join(dir, f))
	}
	if err := os.Mkdir(filepath.Join(dir, "src"), 0o755); err != nil {
		t.Fatal(err)
	}
	ts, _ := filepath.Glob(filepath.Join(src, "src", "*.ts"))
	for _, p := range ts {
		copyFile(t, p, filepath.Join(dir, "src", filepath.Base(p)))
	}
	p := filepath.Join(dir, "src", file)
	b, err := os.ReadFile(p)
	if err != nil || !strings.Contains(string(b), old) {
		t.Fatalf("%s has no %q (%v)", file, old, err)
	}
	os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644)
	if err := os.Symlink(filepath.Join(src, "node_modules"), filepath.Join(dir, "node_modules")); err != nil {
		t.Fatal(err)
	}
	var m struct {
		Version string `json:"version"`
	}
	manifest, _ := os.ReadFile(filepath.Join(dir, "souk.json"))
	if json.Unmarshal(manifest, &m); m.Version != version {
		t.Fatalf("examples/shop is version %q, want %q", m.Version, version)
	}
	res, err := runtime.Build(dir, runtime.DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	return res.Archive
}
