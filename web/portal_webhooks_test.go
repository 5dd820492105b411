package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/webtest"
	"github.com/soukhq/souk/webhooks"
)

// hookReceiver is a developer's endpoint: it answers 200 and keeps what it
// was sent.
type hookReceiver struct {
	mu   sync.Mutex
	reqs []receivedHook
}

type receivedHook struct {
	id, timestamp, signature string
	body                     []byte
}

func (h *hookReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	h.reqs = append(h.reqs, receivedHook{r.Header.Get("webhook-id"), r.Header.Get("webhook-timestamp"), r.Header.Get("webhook-signature"), b})
	h.mu.Unlock()
	_, _ = w.Write([]byte("thanks"))
}

func (h *hookReceiver) got() []receivedHook {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]receivedHook(nil), h.reqs...)
}

// signedWith tells whether a delivery carries a signature by secret.
func signedWith(t *testing.T, h receivedHook, secret string) bool {
	t.Helper()
	unix, err := strconv.ParseInt(h.timestamp, 10, 64)
	if err != nil {
		t.Fatalf("webhook-timestamp %q", h.timestamp)
	}
	want, err := webhooks.Sign([]string{secret}, h.id, time.Unix(unix, 0), h.body)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Contains(" "+h.signature+" ", " "+want+" ")
}

// A developer adds a webhook endpoint (its secret shown once), an order
// event is delivered to it signed with that secret and appears in the
// delivery log with its response code; the developer rotates the secret
// (the new one shown once) and replays the delivery, which arrives again
// with the same webhook-id signed with the new secret and is logged as a
// replay; then disables and deletes the endpoint.
func TestPortalWebhooksInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startDataServer(t, db, false)
		rec := &hookReceiver{}
		srv := httptest.NewServer(rec)
		t.Cleanup(srv.Close)
		hookURL := srv.URL + "/souk"
		base := "/portal/" + w.app.OrgID + "/apps/" + w.app.ID + "/webhooks"

		b := webtest.New(t, w.base)
		b.SignIn("dev@example.com", password, "/")
		b.Open("/portal/" + w.app.OrgID + "/apps/" + w.app.ID)
		b.Click("link", "Webhooks")
		b.WaitPath(base)
		b.Find("heading", "Webhooks")
		b.Axe()
		b.Fill("URL", hookURL)
		b.Fill("Event types", "order.*, payment.refunded")
		b.Fill("Description", "Fulfilment")
		b.Submit("Add endpoint")
		waitRole(t, b, "status", "Endpoint "+hookURL+" added.")
		secret := webtest.Eval[string](b, `document.getElementById("new-secret").value`)
		if !strings.HasPrefix(secret, "whsec_") {
			t.Fatalf("the new secret: %q", secret)
		}
		if rows := rowsOf(b, "Endpoints"); len(rows) != 1 || !strings.Contains(rows[0], "order.*, payment.refunded\tFulfilment\tEnabled") {
			t.Fatalf("endpoints:\n%q", rows)
		}
		shots(t, b, "portal-webhooks")
		b.Open(base)
		if strings.Contains(b.HTML(), secret) {
			t.Fatal("the secret is shown again")
		}

		// An order event reaches the endpoint, signed with the secret.
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			_, err := w.hooks.Publish(ctx, tx, w.app.ID, "order.paid", map[string]string{"order_id": "ord_42"})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		var first receivedHook
		for i := 0; i < 100 && len(rec.got()) == 0; i++ {
			time.Sleep(100 * time.Millisecond)
		}
		if got := rec.got(); len(got) != 1 || !signedWith(t, got[0], secret) || !strings.Contains(string(got[0].body), "ord_42") {
			t.Fatalf("deliveries received: %+v", got)
		} else {
			first = got[0]
		}
		b.Click("link", hookURL)
		b.Find("heading", "Webhook endpoint")
		var rows []string
		for i := 0; i < 50; i++ {
			if rows = rowsOf(b, "Delivery log"); len(rows) == 1 && strings.Contains(rows[0], "Delivered") {
				break
			}
			time.Sleep(100 * time.Millisecond)
			b.Open(b.Path())
		}
		if len(rows) != 1 || !strings.Contains(rows[0], "order.paid\tDelivered\t1\t200") {
			t.Fatalf("delivery log:\n%q", rows)
		}
		b.Axe()

		// Rotate: a new secret, once.
		b.Click("button", "Rotate secret")
		waitRole(t, b, "status", "The secret was rotated.")
		secret2 := webtest.Eval[string](b, `document.getElementById("new-secret").value`)
		if !strings.HasPrefix(secret2, "whsec_") || secret2 == secret {
			t.Fatalf("the rotated secret: %q", secret2)
		}
		if !strings.Contains(b.HTML(), "Previous secret signs until") {
			t.Error("no word of the previous secret's grace")
		}

		// Replay: the same webhook-id, signed with the new secret.
		b.ClickContaining("button", "Send again: order.paid")
		waitRole(t, b, "status", "Sent again")
		for i := 0; i < 100 && len(rec.got()) < 2; i++ {
			time.Sleep(100 * time.Millisecond)
		}
		got := rec.got()
		if len(got) != 2 || got[1].id != first.id || !signedWith(t, got[1], secret2) || !signedWith(t, got[1], secret) {
			t.Fatalf("the replay: %+v", got)
		}
		for i := 0; i < 50; i++ {
			if rows = rowsOf(b, "Attempt log"); len(rows) == 2 {
				break
			}
			time.Sleep(100 * time.Millisecond)
			b.Open(b.Path() + "?" + webtest.Eval[string](b, "location.search.slice(1)"))
		}
		if len(rows) != 2 || !strings.Contains(rows[0]+rows[1], "Replay\t200") || !strings.Contains(rows[0]+rows[1], "Scheduled\t200") {
			t.Fatalf("attempt log:\n%q", rows)
		}
		shots(t, b, "portal-webhook-endpoint")

		b.Click("button", "Disable")
		waitRole(t, b, "status", "The endpoint is disabled")
		if es, err := w.hooks.Endpoints(ctx, w.app.OrgID, w.app.ID); err != nil || len(es) != 1 || es[0].Enabled {
			t.Fatalf("after disabling: %+v, %v", es, err)
		}
		b.Click("button", "Delete endpoint")
		waitRole(t, b, "status", "Endpoint "+hookURL+" deleted.")
		b.Find("heading", "Webhooks")
		if es, err := w.hooks.Endpoints(ctx, w.app.OrgID, w.app.ID); err != nil || len(es) != 0 {
			t.Fatalf("after deleting: %+v, %v", es, err)
		}
	})
}

// In production (the webhooks service refusing loopback and private
// addresses, as souk serve does by default) a private URL is refused with
// the reason and the rule, the form keeps what was typed, and no endpoint
// is created. Both backends.
func TestPortalWebhookPrivateURLRefused(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		w := startDataServer(t, db, true)
		b := webtest.New(t, w.base)
		b.SignIn("dev@example.com", password, "/")
		b.Open("/portal/" + w.app.OrgID + "/apps/" + w.app.ID + "/webhooks")
		for _, u := range []string{"https://192.168.1.10/hooks", "https://127.0.0.1/hooks", "http://hooks.example.com/souk"} {
			b.Fill("URL", u)
			b.Fill("Event types", "order.*")
			b.Submit("Add endpoint")
			alert := b.Text("alert", "")
			if !strings.Contains(alert, "Refused") || !strings.Contains(alert, "loopback and private addresses") {
				t.Errorf("%s: alert %q", u, alert)
			}
			if got := webtest.Eval[string](b, `document.getElementById("ep-url").value`); got != u {
				t.Errorf("the form lost the URL: %q", got)
			}
		}
		b.Axe()
		if es, err := w.hooks.Endpoints(ctx, w.app.OrgID, w.app.ID); err != nil || len(es) != 0 {
			t.Fatalf("endpoints: %+v, %v", es, err)
		}
	})
}

// The portal's data pages check the caller on the server, for GETs and for
// posts with a valid session and CSRF token: a shopper and another org's
// developer get 404 for every receipts, webhooks and revenue page and
// post; a developer of the org who is not its owner works the receipts and
// webhooks but gets 403 for revenue and payouts. Nothing changes. Both
// backends.
func TestPortalDataRolesEnforcedOnTheServer(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		w := startDataServer(t, db, false)
		r := w.event(t, "ins_a", "home")
		e, _, err := w.hooks.CreateEndpoint(ctx, w.app.OrgID, w.app.ID, webhooks.EndpointInput{URL: "http://127.0.0.1:9/hook",
			EventTypes: []string{"order.*"}})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			_, err := w.hooks.Publish(ctx, tx, w.app.ID, "order.paid", map[string]string{"order_id": "ord_1"})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		ds, err := w.hooks.Deliveries(ctx, w.app.OrgID, w.app.ID, e.ID, webhooks.DeliveryFilter{})
		if err != nil || len(ds.Deliveries) != 1 {
			t.Fatalf("deliveries: %+v, %v", ds, err)
		}
		app := w.base + "/portal/" + w.app.OrgID + "/apps/" + w.app.ID
		ep := app + "/webhooks/" + e.ID
		rev := w.base + "/portal/" + w.app.OrgID + "/revenue"
		data := []string{app + "/receipts", app + "/receipts/list", app + "/receipts/" + r.ID, app + "/webhooks", ep,
			ep + "?delivery=" + ds.Deliveries[0].ID}
		posts := []string{app + "/webhooks", ep + "/enabled", ep + "/rotate", ep + "/delete", ep + "/deliveries/" + ds.Deliveries[0].ID + "/replay"}
		money := []string{rev}
		moneyPosts := []string{rev + "/payouts"}

		w.user(t, shopper, "shopper@example.com")
		w.user(t, developer, "other@example.com")
		w.user(t, shopper, "second@example.com")
		if _, err := w.ids.AddMember(ctx, w.dev.ID, w.app.OrgID, "second@example.com", identity.MemberDeveloper); err != nil {
			t.Fatal(err)
		}
		c := noRedirects()
		session := func(email string) (url.Values, string) {
			sess, _, err := w.ids.Login(ctx, email, password)
			if err != nil {
				t.Fatal(err)
			}
			return url.Values{"csrf_token": {sess.CSRFToken}, "url": {"http://127.0.0.1:9/other"}, "event_types": {"order.*"},
				"enabled": {"false"}, "currency": {"USD"}, "amount": {"1.00"}, "payout_id": {"po-1"}}, "souk_session=" + sess.Token
		}
		for _, who := range []string{"shopper@example.com", "other@example.com"} {
			form, cookie := session(who)
			for _, p := range append(data, money...) {
				if res := get(t, c, p, "Cookie", cookie); res.StatusCode != http.StatusNotFound {
					t.Errorf("%s opening %s: %d, want 404", who, p, res.StatusCode)
				}
			}
			for _, p := range append(posts, moneyPosts...) {
				if res := post(t, c, p, form, "Cookie", cookie); res.StatusCode != http.StatusNotFound {
					t.Errorf("%s posting %s: %d, want 404", who, p, res.StatusCode)
				}
			}
		}
		form, cookie := session("second@example.com")
		for _, p := range data {
			if res := get(t, c, p, "Cookie", cookie); res.StatusCode != http.StatusOK {
				t.Errorf("a developer opening %s: %d, want 200", p, res.StatusCode)
			}
		}
		for _, p := range money {
			if res := get(t, c, p, "Cookie", cookie); res.StatusCode != http.StatusForbidden {
				t.Errorf("a developer opening %s: %d, want 403", p, res.StatusCode)
			}
		}
		for _, p := range moneyPosts {
			if res := post(t, c, p, form, "Cookie", cookie); res.StatusCode != http.StatusForbidden {
				t.Errorf("a developer posting %s: %d, want 403", p, res.StatusCode)
			}
		}
		if es, err := w.hooks.Endpoints(ctx, w.app.OrgID, w.app.ID); err != nil || len(es) != 1 || !es[0].Enabled || es[0].OldSecretUntil != nil {
			t.Fatalf("a refused post changed the endpoints: %+v, %v", es, err)
		}
		// Its scheduled attempts (to a closed port) go on; no replay.
		d, err := w.hooks.Delivery(ctx, w.app.OrgID, w.app.ID, e.ID, ds.Deliveries[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range d.Attempts {
			if a.Kind == "replay" {
				t.Fatalf("a refused replay was sent: %+v", d.Attempts)
			}
		}
		var replays int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM job_keys WHERE key LIKE 'webhooks.replay:%'`).Scan(&replays); err != nil || replays != 0 {
			t.Fatalf("refused replays queued: %d, %v", replays, err)
		}
		if ops, err := w.pay.FundingOps(ctx, w.app.OrgID, "", 0); err != nil || len(ops) != 0 {
			t.Fatalf("a refused payout was recorded: %+v, %v", ops, err)
		}
	})
}
