package killtest

import (
	"context"
	"encoding/base64"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"
)

// tinyPNG is a 1×1 PNG: the image the chat load uploads.
var tinyPNG, _ = base64.StdEncoding.DecodeString("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")

// AppSource is the mini-program of a cluster run (souk.json and index.js):
// its "bump" action counts, per shopper, the actions it ran in its
// installation's storage, so the count can be compared with the actions the
// clients were acknowledged; its orderPaid handler marks the order paid
// (idempotently: a handler is at-least-once, its effect must be once).
var AppSource = map[string]string{
	"souk.json": `{"name": "cluster-counter", "version": "1.0.0", "entry": "index.js", "permissions": ["storage", "orders", "payments"]}`,
	"index.js": `export default {
  render() { return { type: "text", text: "cluster counter" }; },
  async action(name, args) {
    if (name === "buy") {
      const order = await souk.call("orders.create", { lines: [{ skuId: args.sku, qty: 1 }] });
      const req = await souk.call("payments.request", { orderId: order.id });
      return { type: "text", text: order.id + " " + req.requestId };
    }
    if (name !== "bump") return { type: "text", text: "unknown action" };
    const key = "n:" + args.who;
    const n = ((await souk.call("storage.get", { key })) ?? 0) + 1;
    await souk.call("storage.set", { key, value: n });
    return { type: "text", text: String(n) };
  },
  async orderPaid(ev) {
    await souk.call("storage.set", { key: "paid:" + ev.orderId, value: ev.id });
  },
};
`,
}

// appPermissions are AppSource's, which the brand grants at install.
var appPermissions = []string{"storage", "orders", "payments"}

// setupApp publishes the cluster app the way a developer does, over the
// balancer: a developer org, the app, the bundle uploaded (a blob in S3),
// submitted, approved by the admin, released; then the brand installs it.
func (r *cluster) setupApp(ctx context.Context) error {
	var org struct{ ID string }
	if err := r.must(ctx, "POST", "/api/v1/orgs", r.brandToken, map[string]string{"kind": "developer", "name": "Cluster Dev"}, &org); err != nil {
		return err
	}
	var app struct{ ID string }
	if err := r.must(ctx, "POST", "/api/v1/orgs/"+org.ID+"/apps", r.brandToken,
		map[string]string{"slug": "cluster-counter", "name": "Cluster counter"}, &app); err != nil {
		return err
	}
	base := "/api/v1/orgs/" + org.ID + "/apps/" + app.ID
	a, err := r.c.doRaw(ctx, "POST", base+"/versions", r.brandToken, r.c.key("version"), "application/zip", r.ccfg.AppBundle, nil, 0)
	if err != nil {
		return err
	}
	if a.status != http.StatusCreated {
		return fmt.Errorf("upload version: %s", a)
	}
	if err := r.must(ctx, "POST", base+"/versions/1.0.0/submit", r.brandToken, nil, nil); err != nil {
		return err
	}
	if err := r.must(ctx, "POST", "/api/v1/review/apps/"+app.ID+"/versions/1.0.0/approve", r.admin,
		map[string]string{"message": "ok"}, nil); err != nil {
		return err
	}
	if err := r.must(ctx, "POST", base+"/release", r.brandToken, map[string]any{"version": "1.0.0", "percent": 100}, nil); err != nil {
		return err
	}
	var ins struct{ ID string }
	if err := r.must(ctx, "POST", "/api/v1/orgs/"+r.brandID+"/installations", r.brandToken,
		map[string]any{"app_id": app.ID, "permissions": appPermissions}, &ins); err != nil {
		return err
	}
	r.installation = ins.ID
	return nil
}

// appLoop taps the app's "bump" action (an event run in a node's sandbox)
// and now and then buys through the installation, which sends order events
// to the app and cards to the shopper's service conversation from jobs.
func (r *cluster) appLoop(ctx, loadCtx context.Context, s *shopper) {
	rng := r.rng(s, "app")
	for loadCtx.Err() == nil && ctx.Err() == nil {
		select {
		case <-time.After(time.Duration(300+rng.IntN(300)) * time.Millisecond):
		case <-loadCtx.Done():
			return
		}
		if rng.IntN(5) > 0 {
			var out struct{ Outcome string }
			if !r.send(ctx, "app action", "POST", "/api/v1/installations/"+r.installation+"/action", s.token,
				map[string]any{"name": "bump", "args": map[string]string{"who": s.id}}, &out) {
				continue
			}
			if out.Outcome != "ok" {
				// Not run to its end (overloaded: the app's share of the
				// sandbox was busy; timeout): the count may or may not
				// include it.
				s.ack("app_event_not_ok", 0)
				r.mu.Lock()
				r.crep.NotOK[out.Outcome]++
				r.mu.Unlock()
				continue
			}
			s.ack("app_event", 0)
			continue
		}
		s.mu.Lock()
		spendable := s.wallet - s.held()
		s.mu.Unlock()
		if spendable < 1000 {
			continue
		}
		// The app creates the order and asks for payment in the sandbox;
		// the shopper confirms on the host's payment sheet with the PIN.
		var out struct {
			Outcome string
			View    struct{ Text string }
		}
		if !r.send(ctx, "app order", "POST", "/api/v1/installations/"+r.installation+"/action", s.token,
			map[string]any{"name": "buy", "args": map[string]string{"sku": r.skuID}}, &out) {
			continue
		}
		orderID, requestID, ok := strings.Cut(out.View.Text, " ")
		if out.Outcome != "ok" || !ok {
			r.problem("app order: outcome %s, view %q", out.Outcome, out.View.Text)
			continue
		}
		_ = orderID
		s.ack("order", 0)
		s.ack("app_order", 0)
		pr := struct{ ID string }{requestID}
		if r.send(ctx, "app payment", "POST", "/api/v1/payment-requests/"+pr.ID+"/confirm", s.token, map[string]string{"pin": pin}, nil) {
			s.ack("payment", -price)
		}
	}
}

// rng is a loop's own random source (a shopper's rng belongs to its money
// loop), repeatable from the seed.
func (r *cluster) rng(s *shopper, loop string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(loop + "/" + s.email))
	return rand.New(rand.NewPCG(r.cfg.Seed, h.Sum64()))
}
