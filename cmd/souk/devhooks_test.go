package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	// The receivers verify with the Standard Webhooks reference library,
	// not with souk's own signer.
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/soukhq/souk/runtime"
)

// hookReceiver is a developer's local webhook receiver: it verifies every
// request with the Standard Webhooks reference implementation, once it
// knows the secret, and keeps what it got.
type hookReceiver struct {
	*httptest.Server
	mu     sync.Mutex
	secret string
	got    []receivedHook
	added  chan struct{}
}

type receivedHook struct {
	id, typ string
	body    []byte
	err     error // the reference library's verdict
}

func newHookReceiver(t *testing.T) *hookReceiver {
	r := &hookReceiver{added: make(chan struct{}, 100)}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		wh, err := standardwebhooks.NewWebhook(r.secret)
		if err == nil {
			err = wh.Verify(body, req.Header)
		}
		var ev struct{ Type string }
		_ = json.Unmarshal(body, &ev)
		r.got = append(r.got, receivedHook{id: req.Header.Get("webhook-id"), typ: ev.Type, body: body, err: err})
		r.mu.Unlock()
		r.added <- struct{}{}
		if err != nil {
			http.Error(w, "bad signature", http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *hookReceiver) setSecret(s string) {
	r.mu.Lock()
	r.secret = s
	r.mu.Unlock()
}

// wait returns the first delivery of event type typ.
func (r *hookReceiver) wait(t *testing.T, typ string) receivedHook {
	t.Helper()
	deadline := time.After(devWait)
	for {
		r.mu.Lock()
		for _, h := range r.got {
			if h.typ == typ {
				r.mu.Unlock()
				return h
			}
		}
		r.mu.Unlock()
		select {
		case <-r.added:
		case <-deadline:
			t.Fatalf("no %s delivery arrived in %s", typ, devWait)
		}
	}
}

// findNode returns the first node of the view (depth first) that ok accepts.
func findNode(n *runtime.Node, ok func(*runtime.Node) bool) *runtime.Node {
	if n == nil {
		return nil
	}
	if ok(n) {
		return n
	}
	for _, c := range n.Children {
		if f := findNode(c, ok); f != nil {
			return f
		}
	}
	return nil
}

func nodeID(id string) func(*runtime.Node) bool {
	return func(n *runtime.Node) bool { return n.ID == id }
}

// shopAction runs an action of the example shop as a shopper over the API
// and returns the view.
func shopAction(t *testing.T, s *server, token, ins, name string, args any) *runtime.Node {
	t.Helper()
	var res struct {
		Outcome string        `json:"outcome"`
		View    *runtime.Node `json:"view"`
	}
	call(t, s, http.MethodPost, "/api/v1/installations/"+ins+"/action", token, map[string]any{"name": name, "args": args}, &res)
	if res.Outcome != "ok" || res.View == nil {
		t.Fatalf("action %s: outcome %s", name, res.Outcome)
	}
	return res.View
}

// shopCheckout has the shopper put the first product on sale in the cart
// and check out, through the example shop's actions, and asks for payment:
// it returns the order and payment request ids.
func shopCheckout(t *testing.T, s *server, token, ins string) (orderID, payReq string) {
	t.Helper()
	home := shopAction(t, s, token, ins, "home", map[string]any{})
	card := findNode(home, func(n *runtime.Node) bool { return strings.HasPrefix(n.ID, "p-") })
	if card == nil {
		t.Fatal("the shop's home page shows no product")
	}
	product := shopAction(t, s, token, ins, "product", map[string]any{"productId": card.ProductID})
	add := findNode(product, func(n *runtime.Node) bool { return strings.HasPrefix(n.ID, "add-") && !n.Disabled })
	if add == nil {
		t.Fatal("the product page has no add button")
	}
	shopAction(t, s, token, ins, "addToCart", add.Args)
	order := shopAction(t, s, token, ins, "checkout", map[string]any{})
	st := findNode(order, nodeID("order-status"))
	if st == nil || st.OrderID == "" {
		t.Fatal("checkout showed no order")
	}
	paying := shopAction(t, s, token, ins, "pay", map[string]any{"orderId": st.OrderID})
	pr := findNode(paying, nodeID("payment-request"))
	if pr == nil || pr.Text == "" {
		t.Fatal("pay showed no payment request")
	}
	return st.OrderID, pr.Text
}

// Acceptance: souk dev --webhook-url delivers a signed order.paid, when
// the seeded shopper pays, to a local receiver that verifies it with the
// Standard Webhooks reference library; the terminal prints the attempt.
func TestSoukDevDeliversSignedWebhooksLocally(t *testing.T) {
	rcv := newHookReceiver(t)
	dir := filepath.Join(t.TempDir(), "shop")
	copyTree(t, filepath.Join("..", "..", "examples", "shop"), dir)
	p := startDev(t, dir, "--webhook-url", rcv.URL+"/hook")
	m, _ := p.waitLine(t, regexp.MustCompile(`^souk dev: webhooks \(order\.\*, payment\.\*\) go to \S+, signed with (whsec_\S+)$`), 0)
	rcv.setSecret(m[1])
	login, _ := p.waitLine(t, regexp.MustCompile(`^souk dev: shopper (\S+), password (\S+), payment PIN (\d{6})`), 0)
	open, _ := p.waitLine(t, regexp.MustCompile(`^souk dev: open (http://127\.0\.0\.1:\d+)(/_dev/signin\?key=[0-9a-f]+)$`), 0)
	s := &server{addr: strings.TrimPrefix(open[1], "http://")}

	// The sign-in link's redirect names the installation.
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	r, err := noRedirect.Get(open[1] + open[2])
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	loc, _ := url.Parse(r.Header.Get("Location"))
	parts := strings.Split(loc.Path, "/") // /a/{installation}/home
	if len(parts) != 4 {
		t.Fatalf("sign-in redirect %q", r.Header.Get("Location"))
	}
	ins := parts[2]
	shopper := sessionToken(t, s, login[1], login[2], false)
	orderID, payReq := shopCheckout(t, s, shopper, ins)
	call(t, s, http.MethodPost, "/api/v1/payment-requests/"+payReq+"/confirm", shopper, map[string]string{"pin": login[3]}, nil)

	got := rcv.wait(t, "order.paid")
	if got.err != nil {
		t.Fatalf("the reference library rejects the order.paid delivery: %v", got.err)
	}
	if !strings.Contains(string(got.body), orderID) {
		t.Fatalf("order.paid for another order: %s", got.body)
	}
	p.waitLine(t, regexp.MustCompile(`^webhook order\.paid `+regexp.QuoteMeta(got.id)+` attempt 1 → status 204 \(\d+ms\)$`), 0)
	// A receiver with another secret refuses it (the check above can fail).
	other, _ := standardwebhooks.NewWebhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	h := http.Header{"Webhook-Id": {got.id}, "Webhook-Timestamp": {fmt.Sprint(time.Now().Unix())}, "Webhook-Signature": {"v1,AAAA"}}
	if other.Verify(got.body, h) == nil {
		t.Fatal("the reference library accepts anything")
	}
}

// --webhook-url takes http only to this machine.
func TestSoukDevRefusesARemoteHTTPWebhookURL(t *testing.T) {
	out, err := exec.Command(soukBin, "dev", t.TempDir(), "--webhook-url", "http://example.com/hook").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "--webhook-url") {
		t.Fatalf("souk dev accepted http://example.com: %v %s", err, out)
	}
}

// Acceptance: souk listen forwards a delivery produced by a separate souk
// serve to a local receiver, which verifies it with the Standard Webhooks
// reference library and the secret souk listen printed. The same server
// refuses to register a loopback endpoint: only souk dev delivers there.
func TestSoukListenForwardsFromSoukServe(t *testing.T) {
	dataDir := t.TempDir()
	const pw = "correct horse battery"
	if out, err := exec.Command(soukBin, "admin", "create", "--data-dir", dataDir, "--email", "ops@example.com", "--password", pw).CombinedOutput(); err != nil {
		t.Fatalf("admin create: %v %s", err, out)
	}
	s := startServe(t, []string{"SOUK_SANDBOX_WORKERS=2"}, "--data-dir", dataDir)
	home := t.TempDir()
	env := append(os.Environ(), "XDG_CONFIG_HOME="+filepath.Join(home, "config"), "HOME="+home,
		"SOUK_SERVER=http://"+s.addr, "SOUK_TOKEN=")
	c := cli{t: t, env: env}

	devSession := sessionToken(t, s, "dev@example.com", pw, true)
	var tok struct {
		Token string `json:"token"`
	}
	call(t, s, http.MethodPost, "/api/v1/me/tokens", devSession, map[string]any{"name": "laptop", "scopes": []string{"read", "write"}}, &tok)
	app := filepath.Join(t.TempDir(), "shop")
	copyTree(t, filepath.Join("..", "..", "examples", "shop"), app)
	c.run(app, tok.Token+"\n", "login")
	c.run(app, "", "org", "create", "Listen Co")
	c.run(app, "", "publish", "--submit")
	var me struct {
		Orgs []struct {
			OrgID string `json:"org_id"`
		} `json:"orgs"`
	}
	call(t, s, http.MethodGet, "/api/v1/me", devSession, nil, &me)
	devOrg := me.Orgs[0].OrgID
	var apps struct {
		Data []devApp `json:"data"`
	}
	call(t, s, http.MethodGet, "/api/v1/orgs/"+devOrg+"/apps", devSession, nil, &apps)
	appID := apps.Data[0].ID
	ops := sessionToken(t, s, "ops@example.com", pw, false)
	call(t, s, http.MethodPost, "/api/v1/review/apps/"+appID+"/versions/1.0.0/approve", ops, map[string]string{"message": "ok"}, nil)
	c.run(app, "", "release", "--percent", "100")

	// Production refuses a loopback endpoint for the app.
	rcv := newHookReceiver(t)
	req, _ := json.Marshal(map[string]any{"url": rcv.URL + "/hook", "event_types": []string{"order.*"}})
	hr, _ := http.NewRequest(http.MethodPost, "http://"+s.addr+"/api/v1/orgs/"+devOrg+"/apps/"+appID+"/webhooks", strings.NewReader(string(req)))
	hr.Header.Set("Authorization", "Bearer "+tok.Token)
	hr.Header.Set("Content-Type", "application/json")
	if r, err := http.DefaultClient.Do(hr); err != nil || r.StatusCode != http.StatusBadRequest {
		t.Fatalf("souk serve registered a loopback webhook endpoint: %v %v", r, err)
	}

	// A brand with one product installs the shop.
	brand := sessionToken(t, s, "brand@example.com", pw, true)
	var org, product struct {
		ID string `json:"id"`
	}
	call(t, s, http.MethodPost, "/api/v1/orgs", brand, map[string]string{"kind": "brand", "name": "Listen Tea"}, &org)
	call(t, s, http.MethodPost, "/api/v1/orgs/"+org.ID+"/products", brand, map[string]string{"title": "Green tea", "currency": "USD"}, &product)
	call(t, s, http.MethodPost, "/api/v1/orgs/"+org.ID+"/products/"+product.ID+"/skus", brand, map[string]any{"price": "4.50", "on_hand": 10}, nil)
	var inst struct {
		ID string `json:"id"`
	}
	// The brand grants exactly what the shop's manifest asks for.
	var manifest struct {
		Permissions []string `json:"permissions"`
	}
	if b, err := os.ReadFile("../../examples/shop/souk.json"); err != nil || json.Unmarshal(b, &manifest) != nil {
		t.Fatalf("examples/shop/souk.json: %v", err)
	}
	call(t, s, http.MethodPost, "/api/v1/orgs/"+org.ID+"/installations", brand,
		map[string]any{"app_id": appID, "permissions": manifest.Permissions}, &inst)

	// souk listen --print-secret, then souk listen forwarding.
	secret := strings.TrimSpace(c.run(app, "", "listen", "--print-secret"))
	if !strings.HasPrefix(secret, "whsec_") {
		t.Fatalf("souk listen --print-secret: %q", secret)
	}
	rcv.setSecret(secret)
	listen := exec.Command(soukBin, "listen", "--forward-to", rcv.URL+"/hook", "--events", "order.*")
	listen.Dir, listen.Env = app, env
	out, _ := listen.StdoutPipe()
	listen.Stderr = listen.Stdout
	if err := listen.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = listen.Process.Signal(os.Interrupt); _ = listen.Wait() })
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	waitFor := func(re *regexp.Regexp) []string {
		t.Helper()
		deadline := time.After(devWait)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("souk listen ended before printing %s", re)
				}
				if m := re.FindStringSubmatch(l); m != nil {
					return m
				}
			case <-deadline:
				t.Fatalf("souk listen printed no %s", re)
			}
		}
	}
	m := waitFor(regexp.MustCompile(`^souk listen: your webhook signing secret is (whsec_\S+)`))
	if m[1] != secret {
		t.Fatalf("souk listen printed %s, --print-secret %s", m[1], secret)
	}

	shopper := sessionToken(t, s, "shopper@example.com", pw, true)
	orderID, _ := shopCheckout(t, s, shopper, inst.ID)
	got := rcv.wait(t, "order.created")
	if got.err != nil {
		t.Fatalf("the reference library rejects the forwarded delivery: %v", got.err)
	}
	if !strings.Contains(string(got.body), orderID) {
		t.Fatalf("order.created for another order: %s", got.body)
	}
	waitFor(regexp.MustCompile(`^order\.created ` + regexp.QuoteMeta(got.id) + ` → 204 No Content \(\d+ms\)$`))
}
