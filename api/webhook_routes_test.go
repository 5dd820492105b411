package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/webhooks"
)

// A developer registers an endpoint, sees its secret once, inspects a
// failed attempt and replays it, all over HTTP.
func TestWebhookRoutes(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		dev, tok := h.user("dev")
		org, err := h.ids.CreateOrg(t0ctx, dev.ID, identity.OrgDeveloper, "Dev")
		if err != nil {
			t.Fatal(err)
		}
		app, err := marketplace.New(db, nil).CreateApp(t0ctx, org.ID, "hooked-shop", "Hooked")
		if err != nil {
			t.Fatal(err)
		}
		var fail atomic.Bool
		fail.Store(true)
		var hits atomic.Int32
		rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.ReadAll(r.Body)
			hits.Add(1)
			if fail.Load() {
				http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
				return
			}
			w.WriteHeader(http.StatusNoContent)
		}))
		defer rcv.Close()
		base := "/api/v1/orgs/" + org.ID + "/apps/" + app.ID + "/webhooks"

		for _, bad := range []map[string]any{
			{"url": "http://example.com/h", "event_types": []string{"order.*"}},
			{"url": rcv.URL, "event_types": []string{"wallet.*"}},
			{"url": rcv.URL, "event_types": []string{}},
		} {
			if r := h.do("POST", base, tok, bad); r.Status != 400 {
				t.Fatalf("bad endpoint %v: %d %s", bad, r.Status, r.Body)
			}
		}
		r := h.do("POST", base, tok, map[string]any{"url": rcv.URL + "/souk", "event_types": []string{"order.*"}})
		if r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		var created struct {
			ID, Secret string
		}
		_ = json.Unmarshal(r.Body, &created)
		if !strings.HasPrefix(created.Secret, "whsec_") {
			t.Fatalf("create answer has no secret: %s", r.Body)
		}
		for _, path := range []string{base, base + "/" + created.ID} {
			r := h.do("GET", path, tok, nil)
			if r.Status != 200 || strings.Contains(string(r.Body), created.Secret[6:]) || strings.Contains(string(r.Body), `"secret"`) {
				t.Fatalf("GET %s shows the secret or fails: %d %s", path, r.Status, r.Body)
			}
		}

		ids, err := h.hooks.Publish(t0ctx, nil, app.ID, "order.shipped", map[string]string{"order_id": "ord_1"})
		if err != nil || len(ids) != 1 {
			t.Fatal(ids, err)
		}
		if _, err := h.jobs.RunDue(t0ctx, time.Now()); err != nil {
			t.Fatal(err)
		}
		r = h.do("GET", base+"/"+created.ID+"/deliveries?state=pending", tok, nil)
		var page struct{ Data []webhooks.Delivery }
		_ = json.Unmarshal(r.Body, &page)
		if r.Status != 200 || len(page.Data) != 1 || page.Data[0].LastStatus != 503 {
			t.Fatalf("deliveries: %d %s", r.Status, r.Body)
		}
		r = h.do("GET", base+"/"+created.ID+"/deliveries/"+ids[0], tok, nil)
		var detail webhooks.DeliveryDetail
		_ = json.Unmarshal(r.Body, &detail)
		if r.Status != 200 || len(detail.Attempts) != 1 || !strings.Contains(detail.Attempts[0].ResponseBody, "down for maintenance") {
			t.Fatalf("delivery detail: %d %s", r.Status, r.Body)
		}

		fail.Store(false)
		if r := h.do("POST", base+"/"+created.ID+"/deliveries/"+ids[0]+"/replay", tok, nil); r.Status != 202 {
			t.Fatalf("replay: %d %s", r.Status, r.Body)
		}
		if _, err := h.jobs.RunDue(t0ctx, time.Now()); err != nil {
			t.Fatal(err)
		}
		r = h.do("GET", base+"/"+created.ID+"/deliveries/"+ids[0], tok, nil)
		_ = json.Unmarshal(r.Body, &detail)
		if detail.State != "succeeded" || len(detail.Attempts) != 2 || detail.Attempts[1].Kind != "replay" || detail.Attempts[1].StatusCode != 204 {
			t.Fatalf("after replay: %s", r.Body)
		}
		if hits.Load() != 2 {
			t.Fatalf("receiver hit %d times", hits.Load())
		}
		if r := h.do("GET", base+"/"+created.ID+"/deliveries/msg_nope", tok, nil); r.Status != 404 || r.errorCode() != "not_found" {
			t.Fatalf("unknown delivery: %d %s", r.Status, r.Body)
		}
		if strings.Contains(h.log.String(), created.Secret[6:]) {
			t.Fatal("the secret reached the log")
		}
	})
}

// GET …/webhooks/listen streams the app's deliveries as server-sent
// events: ready with the listen secret, then each delivery with the
// headers to forward, resumable after a delivery id, filtered by type.
func TestWebhookListenStream(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		dev, tok := h.user("listener")
		org, err := h.ids.CreateOrg(t0ctx, dev.ID, identity.OrgDeveloper, "Dev")
		if err != nil {
			t.Fatal(err)
		}
		app, err := marketplace.New(db, nil).CreateApp(t0ctx, org.ID, "listened-shop", "Listened")
		if err != nil {
			t.Fatal(err)
		}
		base := "/api/v1/orgs/" + org.ID + "/apps/" + app.ID + "/webhooks/listen?wait=0"
		r := h.do("GET", base, tok, nil)
		if r.Status != 200 || !strings.Contains(r.Header.Get("Content-Type"), "text/event-stream") || !strings.Contains(string(r.Body), "event: ready\ndata: {") {
			t.Fatalf("listen: %d %s %q", r.Status, r.Header.Get("Content-Type"), r.Body)
		}
		if _, err := h.hooks.Publish(t0ctx, nil, app.ID, "order.paid", map[string]string{"order_id": "ord_l"}); err != nil {
			t.Fatal(err)
		}
		r = h.do("GET", base, tok, nil)
		var ready struct{ Secret string }
		var got []webhooks.ListenDelivery
		for _, block := range strings.Split(string(r.Body), "\n\n") {
			lines := strings.Split(block, "\n")
			for _, l := range lines {
				data, ok := strings.CutPrefix(l, "data: ")
				if !ok {
					continue
				}
				if strings.Contains(block, "event: ready") {
					_ = json.Unmarshal([]byte(data), &ready)
				} else if strings.Contains(block, "event: delivery") {
					var d webhooks.ListenDelivery
					if err := json.Unmarshal([]byte(data), &d); err != nil {
						t.Fatal(err)
					}
					if !strings.Contains(block, "id: "+d.ID+"\n") {
						t.Fatalf("the event's id is not the delivery id: %q", block)
					}
					got = append(got, d)
				}
			}
		}
		if !strings.HasPrefix(ready.Secret, "whsec_") || len(got) != 1 || got[0].EventType != "order.paid" || !strings.Contains(got[0].Body, "ord_l") {
			t.Fatalf("stream %q", r.Body)
		}
		want, _ := webhooks.Sign([]string{ready.Secret}, got[0].ID, mustUnix(t, got[0].Headers["webhook-timestamp"]), []byte(got[0].Body))
		if got[0].Headers["webhook-signature"] != want || got[0].Headers["webhook-id"] != got[0].ID {
			t.Fatalf("headers %v", got[0].Headers)
		}
		// Resumed after it, or filtered out, it does not come again.
		if r := h.do("GET", base, tok, nil, "Last-Event-ID", got[0].ID); r.Status != 200 || strings.Contains(string(r.Body), "event: delivery") {
			t.Fatalf("resumed: %d %q", r.Status, r.Body)
		}
		if r := h.do("GET", base+"&events=payment.*", tok, nil); r.Status != 200 || strings.Contains(string(r.Body), "event: delivery") {
			t.Fatalf("filtered: %d %q", r.Status, r.Body)
		}
		if r := h.do("GET", base+"&events=nonsense", tok, nil); r.Status != 400 {
			t.Fatalf("a bad filter: %d %q", r.Status, r.Body)
		}
		readTok, _, _ := h.ids.CreateAPIToken(t0ctx, dev.ID, "ro", []string{"read"}, 0)
		if r := h.do("GET", base, readTok, nil); r.Status != 403 {
			t.Fatalf("a read-only token listens: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", base+"&after=msg_gone", tok, nil); r.Status != 410 {
			t.Fatalf("resume from an unknown delivery: %d %q", r.Status, r.Body)
		}
	})
}

func mustUnix(t *testing.T, s string) time.Time {
	t.Helper()
	var sec int64
	if _, err := fmt.Sscan(s, &sec); err != nil {
		t.Fatal(err)
	}
	return time.Unix(sec, 0)
}
