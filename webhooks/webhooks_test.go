package webhooks_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/webhooks"
)

var ctx = context.Background()

// verify is an independent implementation of the Standard Webhooks
// receiver check: the secret's base64 key, HMAC-SHA256 over
// id.timestamp.body, any of the space-separated v1 signatures, and a
// timestamp within five minutes.
func verify(secret string, h http.Header, body []byte, now time.Time) error {
	id, tsHeader, sigHeader := h.Get("webhook-id"), h.Get("webhook-timestamp"), h.Get("webhook-signature")
	if id == "" || tsHeader == "" || sigHeader == "" {
		return fmt.Errorf("missing headers")
	}
	sec, err := strconv.ParseInt(tsHeader, 10, 64)
	if err != nil {
		return fmt.Errorf("bad timestamp")
	}
	if d := now.Sub(time.Unix(sec, 0)); d > 5*time.Minute || d < -5*time.Minute {
		return fmt.Errorf("timestamp outside tolerance")
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		return err
	}
	mac := hmac.New(sha256.New, key)
	fmt.Fprintf(mac, "%s.%s.%s", id, tsHeader, body)
	want := []byte(base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	for _, sig := range strings.Split(sigHeader, " ") {
		v, s, ok := strings.Cut(sig, ",")
		if ok && v == "v1" && subtle.ConstantTimeCompare([]byte(s), want) == 1 {
			return nil
		}
	}
	return fmt.Errorf("no valid signature")
}

// receiver is a developer's endpoint: it answers with the next status of
// its script (200 once the script runs out) and keeps what it got.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	script []int
	delay  time.Duration
	got    []received
}

type received struct {
	header http.Header
	body   []byte
}

func newReceiver(t *testing.T, script ...int) *receiver {
	r := &receiver{script: script}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, received{req.Header.Clone(), body})
		status := 200
		if len(r.script) > 0 {
			status, r.script = r.script[0], r.script[1:]
		}
		delay := r.delay
		r.mu.Unlock()
		time.Sleep(delay)
		w.WriteHeader(status)
		fmt.Fprintf(w, "answer %d %s", status, strings.Repeat("x", 5000))
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) requests() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

type fixture struct {
	db         *store.DB
	q          *jobs.Queue
	svc        *webhooks.Service
	org, app   string
	otherOrg   string
	logs       *bytes.Buffer
	logMu      *sync.Mutex
	sealingKey []byte
}

type syncWriter struct {
	mu *sync.Mutex
	b  *bytes.Buffer
}

func (w syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func setup(t *testing.T, db *store.DB, opts webhooks.Options) *fixture {
	f := &fixture{db: db, logs: &bytes.Buffer{}, logMu: &sync.Mutex{}}
	log := slog.New(slog.NewTextHandler(syncWriter{f.logMu, f.logs}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	f.q = jobs.New(db, log)
	opts.Log = log
	opts.AllowLocalHTTP = true
	if opts.Schedule == nil {
		opts.Schedule = []time.Duration{5 * time.Second, 5 * time.Minute}
	}
	svc, err := webhooks.New(db, f.q, opts)
	if err != nil {
		t.Fatal(err)
	}
	f.svc = svc
	ids := identity.New(db)
	u, err := ids.Signup(ctx, fmt.Sprintf("dev-%d@example.com", time.Now().UnixNano()), "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	org, err := ids.CreateOrg(ctx, u.ID, identity.OrgDeveloper, "Dev")
	if err != nil {
		t.Fatal(err)
	}
	other, err := ids.CreateOrg(ctx, u.ID, identity.OrgDeveloper, "Other")
	if err != nil {
		t.Fatal(err)
	}
	a, err := marketplace.New(db, nil).CreateApp(ctx, org.ID, fmt.Sprintf("shop-%d", time.Now().UnixNano()%1e9), "Shop")
	if err != nil {
		t.Fatal(err)
	}
	f.org, f.app, f.otherOrg = org.ID, a.ID, other.ID
	return f
}

func (f *fixture) runDue(t *testing.T, at time.Time) int {
	t.Helper()
	n, err := f.q.RunDue(ctx, at)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (f *fixture) logText() string {
	f.logMu.Lock()
	defer f.logMu.Unlock()
	return f.logs.String()
}

func TestSignedDeliveryVerifies(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, webhooks.Options{})
		rcv := newReceiver(t)
		ep, secret, err := f.svc.CreateEndpoint(ctx, f.org, f.app, webhooks.EndpointInput{URL: rcv.URL + "/hook?token=abc", EventTypes: []string{"order.*"}})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(secret, "whsec_") {
			t.Fatalf("secret %q", secret)
		}
		ids, err := f.svc.Publish(ctx, nil, f.app, "order.paid", map[string]any{"order_id": "ord_1", "total": "12.50"})
		if err != nil || len(ids) != 1 {
			t.Fatalf("publish: %v %v", ids, err)
		}
		f.runDue(t, time.Now())
		got := rcv.requests()
		if len(got) != 1 {
			t.Fatalf("receiver got %d requests", len(got))
		}
		if err := verify(secret, got[0].header, got[0].body, time.Now()); err != nil {
			t.Fatalf("signature does not verify: %v", err)
		}
		if got[0].header.Get("webhook-id") != ids[0] {
			t.Fatalf("webhook-id %q, want %q", got[0].header.Get("webhook-id"), ids[0])
		}
		// A tampered body or another secret fails the same verifier.
		if verify(secret, got[0].header, append(got[0].body, ' '), time.Now()) == nil {
			t.Fatal("tampered body verified")
		}
		if verify("whsec_"+base64.StdEncoding.EncodeToString([]byte("another key of some length")), got[0].header, got[0].body, time.Now()) == nil {
			t.Fatal("wrong secret verified")
		}
		var body struct {
			Type string
			Data map[string]string
		}
		if err := json.Unmarshal(got[0].body, &body); err != nil || body.Type != "order.paid" || body.Data["order_id"] != "ord_1" {
			t.Fatalf("body %s (%v)", got[0].body, err)
		}
		d, err := f.svc.Delivery(ctx, f.org, f.app, ep.ID, ids[0])
		if err != nil {
			t.Fatal(err)
		}
		if d.State != "succeeded" || len(d.Attempts) != 1 || d.Attempts[0].StatusCode != 200 {
			t.Fatalf("delivery %+v", d)
		}
		if n := len(d.Attempts[0].ResponseBody); n != 2048 {
			t.Fatalf("response body kept %d bytes, want the first 2048", n)
		}
		// Another org cannot see the endpoint or its deliveries.
		if _, err := f.svc.Delivery(ctx, f.otherOrg, f.app, ep.ID, ids[0]); webhooks.CodeOf(err) != webhooks.CodeNotFound {
			t.Fatalf("other org reads delivery: %v", err)
		}
		if _, err := f.svc.Endpoints(ctx, f.otherOrg, f.app); webhooks.CodeOf(err) != webhooks.CodeNotFound {
			t.Fatalf("other org lists endpoints: %v", err)
		}
	})
}

func TestRetryAfterFailuresThenSuccess(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, webhooks.Options{})
		rcv := newReceiver(t, 500, 503)
		ep, secret, err := f.svc.CreateEndpoint(ctx, f.org, f.app, webhooks.EndpointInput{URL: rcv.URL, EventTypes: []string{"payment.*"}})
		if err != nil {
			t.Fatal(err)
		}
		ids, err := f.svc.Publish(ctx, nil, f.app, "payment.succeeded", map[string]string{"id": "pr_1"})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		f.runDue(t, start)
		if n := f.runDue(t, start.Add(time.Second)); n != 0 {
			t.Fatalf("a retry ran %d jobs before its 5 s wait", n)
		}
		d, _ := f.svc.Delivery(ctx, f.org, f.app, ep.ID, ids[0])
		if d.State != "pending" || d.NextAttemptAt == nil || d.LastStatus != 500 {
			t.Fatalf("after one failure: %+v", d.Delivery)
		}
		f.runDue(t, start.Add(6*time.Second)) // second try: 503
		f.runDue(t, start.Add(10*time.Minute))
		got := rcv.requests()
		if len(got) != 3 {
			t.Fatalf("receiver got %d requests, want 3", len(got))
		}
		for i, r := range got {
			if err := verify(secret, r.header, r.body, time.Now()); err != nil {
				t.Fatalf("request %d: %v", i, err)
			}
			if r.header.Get("webhook-id") != ids[0] {
				t.Fatalf("request %d has id %s: retries must keep the id", i, r.header.Get("webhook-id"))
			}
		}
		d, err = f.svc.Delivery(ctx, f.org, f.app, ep.ID, ids[0])
		if err != nil {
			t.Fatal(err)
		}
		if d.State != "succeeded" || d.Delivery.Attempts != 3 {
			t.Fatalf("delivery %+v", d.Delivery)
		}
		var statuses []int
		for _, a := range d.Attempts {
			statuses = append(statuses, a.StatusCode)
			if a.Kind != "scheduled" {
				t.Fatalf("attempt kind %s", a.Kind)
			}
		}
		if fmt.Sprint(statuses) != "[500 503 200]" {
			t.Fatalf("attempt statuses %v", statuses)
		}
		if d.Attempts[0].Error == "" || !strings.HasPrefix(d.Attempts[0].ResponseBody, "answer 500") {
			t.Fatalf("failed attempt not logged: %+v", d.Attempts[0])
		}
		// Nothing is left to run.
		if n := f.runDue(t, start.Add(48*time.Hour)); n != 0 {
			t.Fatalf("%d jobs ran after success", n)
		}
	})
}

func TestScheduleExhaustedThenReplay(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, webhooks.Options{})
		rcv := newReceiver(t, 500, 500, 500)
		ep, secret, err := f.svc.CreateEndpoint(ctx, f.org, f.app, webhooks.EndpointInput{URL: rcv.URL, EventTypes: []string{"order.shipped"}})
		if err != nil {
			t.Fatal(err)
		}
		ids, _ := f.svc.Publish(ctx, nil, f.app, "order.shipped", map[string]string{"id": "ord_2"})
		start := time.Now()
		for _, at := range []time.Duration{0, 6 * time.Second, time.Hour, 48 * time.Hour} {
			f.runDue(t, start.Add(at))
		}
		d, _ := f.svc.Delivery(ctx, f.org, f.app, ep.ID, ids[0])
		if d.State != "failed" || len(d.Attempts) != 3 {
			t.Fatalf("after the schedule: state %s, %d attempts", d.State, len(d.Attempts))
		}
		page, err := f.svc.Deliveries(ctx, f.org, f.app, ep.ID, webhooks.DeliveryFilter{State: "failed"})
		if err != nil || len(page.Deliveries) != 1 {
			t.Fatalf("failed deliveries: %+v %v", page, err)
		}
		// The developer fixes the receiver and replays.
		if err := f.svc.Replay(ctx, f.org, f.app, ep.ID, ids[0]); err != nil {
			t.Fatal(err)
		}
		f.runDue(t, time.Now())
		got := rcv.requests()
		if len(got) != 4 {
			t.Fatalf("receiver got %d requests", len(got))
		}
		last := got[3]
		if last.header.Get("webhook-id") != ids[0] || !bytes.Equal(last.body, got[0].body) {
			t.Fatal("a replay must send the same id and body")
		}
		if err := verify(secret, last.header, last.body, time.Now()); err != nil {
			t.Fatal(err)
		}
		d, _ = f.svc.Delivery(ctx, f.org, f.app, ep.ID, ids[0])
		if d.State != "succeeded" || len(d.Attempts) != 4 || d.Attempts[3].Kind != "replay" {
			t.Fatalf("after replay: %+v", d)
		}
		if err := f.svc.Replay(ctx, f.otherOrg, f.app, ep.ID, ids[0]); webhooks.CodeOf(err) != webhooks.CodeNotFound {
			t.Fatalf("other org replays: %v", err)
		}
	})
}

func TestMatchingDisabledAndDedupe(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, webhooks.Options{})
		rcv := newReceiver(t)
		orders, _, err := f.svc.CreateEndpoint(ctx, f.org, f.app, webhooks.EndpointInput{URL: rcv.URL, EventTypes: []string{"order.*"}})
		if err != nil {
			t.Fatal(err)
		}
		pays, _, err := f.svc.CreateEndpoint(ctx, f.org, f.app, webhooks.EndpointInput{URL: rcv.URL, EventTypes: []string{"payment.refunded"}})
		if err != nil {
			t.Fatal(err)
		}
		ids, _ := f.svc.Publish(ctx, nil, f.app, "order.paid", nil)
		if len(ids) != 1 {
			t.Fatalf("order.paid went to %d endpoints", len(ids))
		}
		paid := ids[0]
		ids, _ = f.svc.Publish(ctx, nil, f.app, "payment.succeeded", nil)
		if len(ids) != 0 {
			t.Fatalf("payment.succeeded went to %d endpoints", len(ids))
		}
		off := false
		if _, err := f.svc.UpdateEndpoint(ctx, f.org, f.app, orders.ID, webhooks.EndpointUpdate{Enabled: &off}); err != nil {
			t.Fatal(err)
		}
		if ids, _ = f.svc.Publish(ctx, nil, f.app, "order.paid", nil); len(ids) != 0 {
			t.Fatal("a disabled endpoint got a delivery")
		}
		// The same event published twice by an at-least-once caller is one delivery.
		a, _ := f.svc.PublishOnce(ctx, nil, f.app, "payment.refunded", "rf_1", map[string]int{"n": 1})
		b, _ := f.svc.PublishOnce(ctx, nil, f.app, "payment.refunded", "rf_1", map[string]int{"n": 1})
		if len(a) != 1 || len(b) != 0 {
			t.Fatalf("publish once: %v then %v", a, b)
		}
		// Inside a caller's transaction that rolls back, nothing is delivered.
		_ = db.InTx(ctx, func(tx *store.Tx) error {
			if _, err := f.svc.Publish(ctx, tx, f.app, "payment.refunded", nil); err != nil {
				t.Fatal(err)
			}
			return fmt.Errorf("rolled back")
		})
		page, _ := f.svc.Deliveries(ctx, f.org, f.app, pays.ID, webhooks.DeliveryFilter{})
		if len(page.Deliveries) != 1 {
			t.Fatalf("payments endpoint has %d deliveries, want 1", len(page.Deliveries))
		}
		if _, err := f.svc.Publish(ctx, nil, f.app, "chat.sent", nil); webhooks.CodeOf(err) != webhooks.CodeInvalidEventType {
			t.Fatalf("publish of a non-order event: %v", err)
		}
		f.runDue(t, time.Now())
		if n := len(rcv.requests()); n != 1 {
			t.Fatalf("receiver got %d requests, want 1 (payment.refunded)", n)
		}
		// The order.paid delivery made before the endpoint was disabled is
		// not sent; its attempt says why.
		d, _ := f.svc.Delivery(ctx, f.org, f.app, orders.ID, paid)
		if len(d.Attempts) != 1 || d.Attempts[0].Error != "the endpoint is disabled" {
			t.Fatalf("delivery to a disabled endpoint: %+v", d)
		}
	})
}

func TestEndpointValidation(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, webhooks.Options{})
		bad := map[string][]string{
			"ftp://example.com/x":                  {"order.*"},
			"https://user:pw@example.com/x":        {"order.*"},
			"example.com/hook":                     {"order.*"},
			"http://example.com/hook":              {"order.*"},
			"https://example.com/ok":               {"chat.*"},
			"https://example.com/ok2":              {},
			"https://example.com/ok3":              {"order"},
			"https://example.com/x#frag":           {"order.*"},
			"https://" + strings.Repeat("a", 2001): {"order.*"},
		}
		for u, types := range bad {
			if _, _, err := f.svc.CreateEndpoint(ctx, f.org, f.app, webhooks.EndpointInput{URL: u, EventTypes: types}); webhooks.CodeOf(err) == "" {
				t.Errorf("%s %v accepted (%v)", u, types, err)
			}
		}
		if _, _, err := f.svc.CreateEndpoint(ctx, f.otherOrg, f.app, webhooks.EndpointInput{URL: "https://example.com/h", EventTypes: []string{"order.*"}}); webhooks.CodeOf(err) != webhooks.CodeNotFound {
			t.Errorf("endpoint for another org's app: %v", err)
		}
		var n int
		_ = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM webhook_endpoints`).Scan(&n)
		if n != 0 {
			t.Fatalf("%d endpoints stored from bad input", n)
		}
	})
	// Production rules: https only, and never a local or private address.
	for u, ok := range map[string]bool{
		"https://hooks.example.com/souk": true,
		"http://localhost:8080/h":        false,
		"http://127.0.0.1:8080/h":        false,
		"https://127.0.0.1/h":            false,
		"https://10.0.0.7/h":             false,
		"https://[::1]/h":                false,
		"https://169.254.169.254/latest": false,
		"https://foo.localhost/h":        false,
	} {
		if err := webhooks.ValidateURL(u, false); (err == nil) != ok {
			t.Errorf("ValidateURL(%s, prod) = %v", u, err)
		}
	}
	for u, ok := range map[string]bool{
		"http://localhost:8080/h": true,
		"http://127.0.0.1:9/h":    true,
		"http://[::1]:9/h":        true,
		"http://example.com/h":    false,
	} {
		if err := webhooks.ValidateURL(u, true); (err == nil) != ok {
			t.Errorf("ValidateURL(%s, dev) = %v", u, err)
		}
	}
}

// In production mode the dialler itself refuses loopback, whatever the URL
// validation said (DNS can point a public name at 127.0.0.1).
func TestProductionTransportRefusesLoopback(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, webhooks.Options{})
		rcv := newReceiver(t)
		ep, _, err := f.svc.CreateEndpoint(ctx, f.org, f.app, webhooks.EndpointInput{URL: rcv.URL, EventTypes: []string{"order.*"}})
		if err != nil {
			t.Fatal(err)
		}
		prod, err := webhooks.New(db, f.q, webhooks.Options{Schedule: []time.Duration{}}) // takes over the job kind
		if err != nil {
			t.Fatal(err)
		}
		ids, _ := prod.Publish(ctx, nil, f.app, "order.paid", nil)
		f.runDue(t, time.Now())
		if len(rcv.requests()) != 0 {
			t.Fatal("a production service delivered to loopback")
		}
		d, _ := f.svc.Delivery(ctx, f.org, f.app, ep.ID, ids[0])
		if d.State != "failed" || len(d.Attempts) != 1 || !strings.Contains(d.Attempts[0].Error, "non-public") {
			t.Fatalf("delivery %+v", d)
		}
	})
}

func TestTimeoutIsLogged(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, webhooks.Options{Timeout: 150 * time.Millisecond})
		rcv := newReceiver(t)
		rcv.delay = time.Second
		ep, _, _ := f.svc.CreateEndpoint(ctx, f.org, f.app, webhooks.EndpointInput{URL: rcv.URL, EventTypes: []string{"order.*"}})
		ids, _ := f.svc.Publish(ctx, nil, f.app, "order.paid", nil)
		f.runDue(t, time.Now())
		d, _ := f.svc.Delivery(ctx, f.org, f.app, ep.ID, ids[0])
		if len(d.Attempts) != 1 || d.Attempts[0].StatusCode != 0 || d.Attempts[0].Error != "timed out" || d.State != "pending" {
			t.Fatalf("timed-out attempt: %+v", d)
		}
		if d.Attempts[0].DurationMS < 100 || d.Attempts[0].DurationMS > 900 {
			t.Fatalf("duration %d ms", d.Attempts[0].DurationMS)
		}
	})
}

func TestRotationSecretsAtRestAndLogs(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		key := bytes.Repeat([]byte{7}, 32)
		f := setup(t, db, webhooks.Options{SecretKey: key})
		rcv := newReceiver(t, 500)
		ep, oldSecret, err := f.svc.CreateEndpoint(ctx, f.org, f.app, webhooks.EndpointInput{URL: rcv.URL, EventTypes: []string{"order.*"}})
		if err != nil {
			t.Fatal(err)
		}
		newSecret, err := f.svc.RotateSecret(ctx, f.org, f.app, ep.ID)
		if err != nil || newSecret == oldSecret {
			t.Fatalf("rotate: %v", err)
		}
		got, _ := f.svc.Endpoint(ctx, f.org, f.app, ep.ID)
		if got.OldSecretUntil == nil {
			t.Fatal("no grace period after rotation")
		}
		f.svc.Publish(ctx, nil, f.app, "order.paid", nil)
		f.runDue(t, time.Now())
		f.runDue(t, time.Now().Add(time.Minute))
		reqs := rcv.requests()
		if len(reqs) != 2 {
			t.Fatalf("%d requests", len(reqs))
		}
		for _, s := range []string{newSecret, oldSecret} {
			if err := verify(s, reqs[1].header, reqs[1].body, time.Now()); err != nil {
				t.Fatalf("during the grace period both secrets verify: %v", err)
			}
		}
		// Secrets are sealed at rest and appear in no log line or listing.
		var stored, old string
		_ = db.QueryRowContext(ctx, `SELECT secret, old_secret FROM webhook_endpoints WHERE id = $1`, ep.ID).Scan(&stored, &old)
		for _, s := range []string{newSecret, oldSecret} {
			raw := strings.TrimPrefix(s, "whsec_")
			if strings.Contains(stored, raw) || strings.Contains(old, raw) {
				t.Fatal("a secret is stored in the clear")
			}
			if strings.Contains(f.logText(), raw) {
				t.Fatal("a secret was logged")
			}
			list, _ := f.svc.Endpoints(ctx, f.org, f.app)
			j, _ := json.Marshal(list)
			if strings.Contains(string(j), raw) {
				t.Fatal("a secret is in the endpoint listing")
			}
		}
		if !strings.Contains(f.logText(), "webhook attempt failed") {
			t.Fatal("the failed attempt was not logged at all (the check above would be vacuous)")
		}
		if _, err := webhooks.New(db, f.q, webhooks.Options{SecretKey: []byte("short")}); err == nil {
			t.Fatal("a short key was accepted")
		}
	})
}

func TestSignMatchesReferenceVector(t *testing.T) {
	// The Standard Webhooks specification's example.
	sig, err := webhooks.Sign([]string{"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}, "msg_p5jXN8AQM9LWM0D4loKWxJek",
		time.Unix(1614265330, 0), []byte(`{"test": 2432232314}`))
	if err != nil {
		t.Fatal(err)
	}
	if sig != "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=" {
		t.Fatalf("signature %s", sig)
	}
}
