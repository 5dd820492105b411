package api_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// The lifecycle over HTTP only: upload with checks, review with illegal
// moves, gray release seen by shoppers, rollback, install with consent,
// uninstall, and another brand kept out.
func TestLifecycleOverHTTP(t *testing.T) {
	shop := helloShop(t)
	v1 := permArchive(t, "flow", "1.0.0", []string{"storage"})
	v2 := permArchive(t, "flow", "2.0.0", []string{"storage"})
	v3 := permArchive(t, "flow", "3.0.0", []string{"storage", "orders"})
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		withEngine(h)
		zip := []string{"Content-Type", "application/zip"}
		_, dev := h.user("dev")
		rev, revTok := h.user("reviewer")
		if err := h.ids.SetPlatformRole(t0ctx, rev.ID, identity.RoleReviewer); err != nil {
			t.Fatal(err)
		}
		_, owner := h.user("owner")
		_, owner2 := h.user("owner2")
		expect := func(r response, status int, code string) map[string]any {
			t.Helper()
			if r.Status != status || (code != "" && r.errorCode() != code) {
				t.Fatalf("%d %s, want %d %s", r.Status, r.Body, status, code)
			}
			if len(r.Body) == 0 {
				return nil
			}
			return r.json(t)
		}
		org := expect(h.do("POST", "/api/v1/orgs", dev, map[string]string{"kind": "developer", "name": "Dev"}), 201, "")["id"].(string)
		brand := expect(h.do("POST", "/api/v1/orgs", owner, map[string]string{"kind": "brand", "name": "Acme"}), 201, "")["id"].(string)
		brand2 := expect(h.do("POST", "/api/v1/orgs", owner2, map[string]string{"kind": "brand", "name": "Globex"}), 201, "")["id"].(string)

		// The example shop passes every check.
		hs := expect(h.do("POST", "/api/v1/orgs/"+org+"/apps", dev, map[string]string{"slug": "hello-shop", "name": "Hello"}), 201, "")["id"].(string)
		out := expect(h.do("POST", "/api/v1/orgs/"+org+"/apps/"+hs+"/versions", dev, shop, zip...), 201, "")
		if out["status"] != "ready" {
			t.Fatalf("hello-shop checks: %v", out["checks"])
		}
		for _, c := range out["checks"].([]any) {
			c := c.(map[string]any)
			if c["ok"] != true && c["check"] != "permission_diff" {
				t.Fatalf("hello-shop failed a check: %v", c)
			}
		}

		app := expect(h.do("POST", "/api/v1/orgs/"+org+"/apps", dev, map[string]string{"slug": "flow", "name": "Flow"}), 201, "")["id"].(string)
		base := "/api/v1/orgs/" + org + "/apps/" + app
		review := "/api/v1/review/apps/" + app + "/versions/"
		for _, ar := range [][]byte{v1, v2, v3} {
			expect(h.do("POST", base+"/versions", dev, ar, zip...), 201, "")
		}
		// A forbidden construct fails the checks; the developer sees where and why.
		bad := permArchiveSrc(t, "flow", "1.5.0", []string{"storage"}, `export default { render() { return { type: "text", text: new Function("return 1")() + "" }; } };`)
		out = expect(h.do("POST", base+"/versions", dev, bad, zip...), 201, "")
		if out["status"] != "checks_failed" || !strings.Contains(string(mustJSON(out["checks"])), "forbidden_function_constructor") {
			t.Fatalf("forbidden construct: %v", out)
		}
		expect(h.do("POST", base+"/versions/1.5.0/submit", dev, nil), 409, "invalid_transition")

		// Review: illegal moves are refused.
		expect(h.do("POST", review+"1.0.0/approve", revTok, map[string]any{}), 409, "invalid_transition")
		expect(h.do("POST", base+"/release", dev, map[string]any{"version": "1.0.0", "percent": 100}), 409, "not_approved")
		expect(h.do("POST", review+"1.0.0/approve", dev, map[string]any{}), 403, "forbidden")
		for _, v := range []string{"1.0.0", "2.0.0", "3.0.0"} {
			expect(h.do("POST", base+"/versions/"+v+"/submit", dev, nil), 200, "")
		}
		expect(h.do("POST", base+"/versions/3.0.0/withdraw", dev, nil), 200, "")
		expect(h.do("POST", base+"/versions/3.0.0/submit", dev, nil), 200, "")
		q := expect(h.do("GET", "/api/v1/review/queue", revTok, nil), 200, "")["data"].([]any)
		if len(q) != 3 {
			t.Fatalf("queue: %v", q)
		}
		expect(h.do("POST", review+"2.0.0/reject", revTok, map[string]any{"reasons": []string{"nonsense"}, "message": "x"}), 400, "invalid_reason")
		out = expect(h.do("POST", review+"2.0.0/reject", revTok, map[string]any{"reasons": []string{"broken_functionality"}, "message": "the cart is empty"}), 200, "")
		if out["status"] != "rejected" {
			t.Fatalf("reject: %v", out)
		}
		// The developer reads the decision and the history.
		out = expect(h.do("GET", base+"/versions/2.0.0", dev, nil), 200, "")
		if r := out["review"].(map[string]any); r["message"] != "the cart is empty" || r["reviewer_id"] != rev.ID || len(out["history"].([]any)) != 2 {
			t.Fatalf("developer's view of the rejection: %v", out)
		}
		expect(h.do("POST", base+"/release", dev, map[string]any{"version": "2.0.0", "percent": 10}), 409, "not_approved")
		expect(h.do("POST", review+"1.0.0/approve", revTok, map[string]any{"message": "ok"}), 200, "")
		expect(h.do("POST", review+"3.0.0/approve", revTok, map[string]any{}), 200, "")

		// Release 1.0.0; brands install it; another brand is kept out.
		expect(h.do("GET", "/api/v1/apps/"+app, "", nil), 404, "not_found")
		expect(h.do("POST", base+"/release", dev, map[string]any{"version": "1.0.0", "percent": 100}), 200, "")
		listed := expect(h.do("GET", "/api/v1/apps/"+app, "", nil), 200, "")
		if listed["version"] != "1.0.0" {
			t.Fatalf("store: %v", listed)
		}
		expect(h.do("POST", "/api/v1/orgs/"+brand+"/installations", owner, map[string]any{"app_id": app, "permissions": []string{"storage", "orders"}}), 400, "permissions_mismatch")
		ins := expect(h.do("POST", "/api/v1/orgs/"+brand+"/installations", owner, map[string]any{"app_id": app, "permissions": []string{"storage"}, "config": map[string]any{"color": "red"}}), 201, "")["id"].(string)
		expect(h.do("POST", "/api/v1/orgs/"+brand+"/installations", owner, map[string]any{"app_id": app, "permissions": []string{"storage"}}), 409, "already_installed")
		expect(h.do("GET", "/api/v1/orgs/"+brand2+"/installations/"+ins, owner2, nil), 404, "not_found")
		expect(h.do("DELETE", "/api/v1/orgs/"+brand2+"/installations/"+ins, owner2, nil), 404, "not_found")
		expect(h.do("PUT", "/api/v1/orgs/"+brand2+"/installations/"+ins+"/config", owner2, map[string]any{"config": map[string]any{}}), 404, "not_found")
		expect(h.do("GET", "/api/v1/orgs/"+brand+"/installations/"+ins, owner2, nil), 404, "not_found")
		ins2 := expect(h.do("POST", "/api/v1/orgs/"+brand2+"/installations", owner2, map[string]any{"app_id": app, "permissions": []string{"storage"}}), 201, "")["id"].(string)

		// Shoppers: 3.0.0 at 50 % asks for orders, so brand (not consented)
		// keeps 1.0.0 for everyone; after consent the split shows.
		type shopper struct{ id, tok string }
		var shoppers []shopper
		for i := 0; i < 10; i++ {
			u, tok := h.user(fmt.Sprintf("shopper%d", i))
			shoppers = append(shoppers, shopper{u.ID, tok})
		}
		seen := func(installation string, s shopper) string {
			t.Helper()
			out := expect(h.do("POST", "/api/v1/installations/"+installation+"/render", s.tok, map[string]any{"page": "home"}), 200, "")
			text := fmt.Sprint(out["view"].(map[string]any)["text"])
			if !strings.HasSuffix(text, "shopper "+s.id) || out["outcome"] != "ok" {
				t.Fatalf("render: %v", out)
			}
			return strings.Fields(text)[1]
		}
		expect(h.do("POST", "/api/v1/installations/"+ins+"/render", "", map[string]any{}), 401, "")
		expect(h.do("POST", base+"/release", dev, map[string]any{"version": "3.0.0", "percent": 50}), 200, "")
		expect(h.do("POST", base+"/release", dev, map[string]any{"version": "3.0.0", "percent": 40}), 409, "percent_lowered")
		for _, s := range shoppers {
			if v := seen(ins, s); v != "1.0.0" {
				t.Fatalf("before consent %s sees %s", s.id, v)
			}
		}
		got := expect(h.do("GET", "/api/v1/orgs/"+brand+"/installations/"+ins, owner, nil), 200, "")
		pc, _ := got["pending_consent"].(map[string]any)
		if pc == nil || pc["version"] != "3.0.0" || fmt.Sprint(pc["added"]) != "[orders]" {
			t.Fatalf("pending consent: %v", got)
		}
		expect(h.do("POST", "/api/v1/orgs/"+brand+"/installations/"+ins+"/consent", owner, map[string]any{"version": "3.0.0", "permissions": []string{"orders"}}), 400, "permissions_mismatch")
		expect(h.do("POST", "/api/v1/orgs/"+brand+"/installations/"+ins+"/consent", owner, map[string]any{"version": "3.0.0", "permissions": []string{"orders", "storage"}}), 200, "")
		first := map[string]string{}
		for _, s := range shoppers {
			first[s.id] = seen(ins, s)
			want := "1.0.0"
			if marketplace.Bucket(app, s.id) < 50 {
				want = "3.0.0"
			}
			if first[s.id] != want || seen(ins, s) != want {
				t.Fatalf("gray 50%%: %s (bucket %d) sees %s, want %s", s.id, marketplace.Bucket(app, s.id), first[s.id], want)
			}
			// Brand2 has not consented: 1.0.0 whatever the bucket.
			if v := seen(ins2, s); v != "1.0.0" {
				t.Fatalf("brand2 shopper sees %s", v)
			}
		}
		act := expect(h.do("POST", "/api/v1/installations/"+ins+"/action", shoppers[0].tok, map[string]any{"name": "tap"}), 200, "")
		if !strings.HasPrefix(fmt.Sprint(act["view"].(map[string]any)["text"]), "version "+first[shoppers[0].id]+" did tap") {
			t.Fatalf("action: %v", act)
		}

		expect(h.do("POST", base+"/release", dev, map[string]any{"version": "3.0.0", "percent": 100}), 200, "")
		for _, s := range shoppers {
			if v := seen(ins, s); v != "3.0.0" {
				t.Fatalf("after 100%% %s sees %s", s.id, v)
			}
		}
		rel := expect(h.do("GET", base+"/releases", dev, nil), 200, "")
		if fmt.Sprint(rel["kept"]) != "[1.0.0]" || len(rel["history"].([]any)) != 3 {
			t.Fatalf("releases: %v", rel)
		}
		expect(h.do("POST", base+"/rollback", dev, map[string]any{"version": "2.0.0"}), 409, "not_kept")
		st := expect(h.do("POST", base+"/rollback", dev, map[string]any{"version": "1.0.0"}), 200, "")
		if st["stable"] != "1.0.0" {
			t.Fatalf("rollback: %v", st)
		}
		for _, s := range shoppers {
			if v := seen(ins, s); v != "1.0.0" {
				t.Fatalf("after rollback %s sees %s", s.id, v)
			}
		}

		status := expect(h.do("GET", base+"/status", dev, nil), 200, "")
		if status["installations"] != float64(2) || status["healthy"] != true || len(status["quarantined"].([]any)) != 0 {
			t.Fatalf("status: %v", status)
		}

		// Uninstall: events are refused with a clear error.
		out = expect(h.do("DELETE", "/api/v1/orgs/"+brand+"/installations/"+ins, owner, nil), 200, "")
		if out["status"] != "uninstalled" {
			t.Fatalf("uninstall: %v", out)
		}
		expect(h.do("POST", "/api/v1/installations/"+ins+"/render", shoppers[0].tok, map[string]any{}), 410, "uninstalled")
		expect(h.do("POST", "/api/v1/installations/ins_nope/render", shoppers[0].tok, map[string]any{}), 404, "not_found")
		seen(ins2, shoppers[0])
	})
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// A version that keeps killing sandbox workers is quarantined, and its
// developer sees it in the app's status.
func TestQuarantineVisibleInStatus(t *testing.T) {
	crasher := permArchiveSrc(t, "crasher", "1.0.0", []string{}, `export default { render() { return { type: "text", text: "x".repeat(2 ** 40) }; } };`)
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		withEngine(h)
		_, dev := h.user("dev")
		r := h.do("POST", "/api/v1/orgs", dev, map[string]string{"kind": "developer", "name": "Dev"})
		org := r.json(t)["id"].(string)
		app := h.do("POST", "/api/v1/orgs/"+org+"/apps", dev, map[string]string{"slug": "crasher", "name": "Crasher"}).json(t)["id"].(string)
		base := "/api/v1/orgs/" + org + "/apps/" + app
		if r := h.do("POST", base+"/versions", dev, crasher, "Content-Type", "application/zip"); r.Status != 201 {
			t.Fatalf("upload: %d %s", r.Status, r.Body)
		}
		outcomes := []string{}
		for i := 0; i < 4; i++ {
			r := h.do("POST", base+"/versions/1.0.0/preview", dev, map[string]any{"handler": "render"})
			outcomes = append(outcomes, fmt.Sprint(r.json(t)["outcome"]))
		}
		if outcomes[3] != "quarantined" {
			t.Fatalf("outcomes: %v", outcomes)
		}
		st := h.do("GET", base+"/status", dev, nil).json(t)
		q, _ := st["quarantined"].([]any)
		if st["healthy"] != false || len(q) != 1 || q[0].(map[string]any)["version"] != "1.0.0" || q[0].(map[string]any)["app_id"] != app {
			t.Fatalf("status: %v", st)
		}
	})
}
