package host_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// flakyShop builds app "shop" whose render throws on the events whose
// params.n ends in a digit below fail (fail 3: 30 % of events).
func flakyShop(t *testing.T, version string, fail int) []byte {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "souk.json"), []byte(fmt.Sprintf(`{"name": "shop", "version": %q, "entry": "index.js", "permissions": ["storage"]}`, version)), 0o644)
	os.WriteFile(filepath.Join(dir, "index.js"), []byte(fmt.Sprintf(`export default {
  render(page, params) {
    if (params.n %% 10 < %d) throw new Error("boom " + params.n);
    return { type: "text", text: %q };
  },
};`, fail, version)), 0o644)
	res, err := runtime.Build(dir, runtime.DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	return res.Archive
}

// On a node: a gray release of a version failing 30 % of its events, over
// a stable version that never fails, is rolled back by the node's
// maintenance sweep once both have the developer's minimum of events (set
// through the API); the developer reads why in the API's automatic
// rollback history and notifications, and their webhook endpoint
// subscribed to release.* receives release.auto_rolled_back, signed.
func TestAutoRollbackOnANode(t *testing.T) {
	v1, v2 := flakyShop(t, "1.0.0", 0), flakyShop(t, "2.0.0", 3)
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		n := startNode(t, db)
		m := n.h.Market
		dev := n.signup("developer")
		var org identity.Org
		dev.must(http.StatusCreated, "POST", "/api/v1/orgs", map[string]string{"kind": "developer", "name": "Flaky Dev"}, &org)
		var a marketplace.App
		dev.must(http.StatusCreated, "POST", "/api/v1/orgs/"+org.ID+"/apps", map[string]string{"slug": "shop", "name": "Flaky Shop"}, &a)
		appPath := "/api/v1/orgs/" + org.ID + "/apps/" + a.ID
		hooks := newHookReceiver(t)
		var ep api.WebhookWithSecret
		dev.must(http.StatusCreated, "POST", appPath+"/webhooks", map[string]any{"url": hooks.url(), "event_types": []string{"release.*"}}, &ep)
		hooks.setSecret(ep.Secret)
		for _, b := range [][]byte{v1, v2} {
			var v marketplace.Version
			dev.must(http.StatusCreated, "POST", appPath+"/versions", rawBody{"application/zip", b}, &v)
			if _, err := m.Submit(bg, a.ID, v.Version, dev.user); err != nil {
				t.Fatal(err)
			}
			if _, err := m.Approve(bg, a.ID, v.Version, "usr_reviewer", ""); err != nil {
				t.Fatal(err)
			}
		}
		dev.must(http.StatusOK, "POST", appPath+"/release", map[string]any{"version": "1.0.0", "percent": 100}, nil)
		brand := n.signup("brand")
		var borg identity.Org
		brand.must(http.StatusCreated, "POST", "/api/v1/orgs", map[string]string{"kind": "brand", "name": "Acme"}, &borg)
		var ins marketplace.Installation
		brand.must(http.StatusCreated, "POST", "/api/v1/orgs/"+borg.ID+"/installations", map[string]any{"app_id": a.ID, "permissions": []string{"storage"}}, &ins)
		var st marketplace.AutoRollbackStatus
		dev.must(http.StatusOK, "PUT", appPath+"/autorollback", map[string]any{"enabled": true, "margin_points": 10, "min_events": 20}, &st)
		dev.must(http.StatusOK, "POST", appPath+"/release", map[string]any{"version": "2.0.0", "percent": 50}, nil)

		count := map[string]int{}
		for i := 0; count["1.0.0"] < 30 || count["2.0.0"] < 30; i++ {
			shopper := fmt.Sprintf("usr_shopper%04d", i)
			v := "1.0.0"
			if marketplace.Bucket(a.ID, shopper) < 50 {
				v = "2.0.0"
			}
			if count[v] >= 30 {
				continue
			}
			res, err := m.RunEvent(bg, n.h.Engine, marketplace.EventRequest{InstallationID: ins.ID, ShopperID: shopper, Handler: "render",
				Args: []json.RawMessage{json.RawMessage(`"home"`), json.RawMessage(fmt.Sprintf(`{"n": %d}`, count[v]))}})
			if err != nil || res.Receipt.Version != v {
				t.Fatalf("event %d: %+v %v", i, res, err)
			}
			count[v]++
		}
		n.eventually("every receipt counted", func() bool {
			dev.get(appPath+"/autorollback", &st)
			return st.Comparison != nil && st.Comparison.Candidate.Events == 30 && st.Comparison.Stable.Events == 30
		})
		if c := st.Comparison; len(c.Exceeded) != 1 || c.Exceeded[0] != marketplace.MetricErrors || c.Candidate.Errors != 9 {
			t.Fatalf("comparison: %+v", c)
		}

		n.h.Sweep(bg)
		var rel api.Releases
		dev.get(appPath+"/releases", &rel)
		if rel.State.Stable != "1.0.0" || rel.State.Candidate != "" || rel.History[0].ActorID != marketplace.ActorAutoRollback {
			t.Fatalf("after the sweep: %+v %+v", rel.State, rel.History[0])
		}
		st = marketplace.AutoRollbackStatus{} // decode afresh: an absent comparison must stay nil
		dev.get(appPath+"/autorollback", &st)
		if st.Comparison != nil || len(st.History) != 1 || st.History[0].Figures == nil || st.History[0].Figures.Candidate.Errors != 9 {
			t.Fatalf("history: %+v", st)
		}
		var notes struct {
			Data []marketplace.Notification `json:"data"`
		}
		dev.get("/api/v1/orgs/"+org.ID+"/notifications", &notes)
		if len(notes.Data) != 4 || notes.Data[0].Event.Type != marketplace.EventAutoRolledBack || notes.Data[1].Event.Type != marketplace.EventAppInstalled {
			t.Fatalf("notifications: %+v", notes.Data)
		}
		n.eventually("the release.auto_rolled_back webhook", func() bool {
			got, _ := hooks.got()
			return got[marketplace.EventAutoRolledBack] == 1
		})
		if got, bad := hooks.got(); len(got) != 1 || len(bad) != 0 {
			t.Fatalf("webhooks %v, refused %v", got, bad)
		}
	})
}
