package api_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// limitedNode is an API server over db with a small login budget.
func limitedNode(t *testing.T, db *store.DB, max int, proxies ...string) *harness {
	t.Helper()
	trusted, err := api.ParseTrustedProxies(proxies)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, db: db, ids: identity.New(db), log: &lockedBuffer{}}
	h.srv = api.New(api.Deps{DB: db, Identity: h.ids, Log: slog.New(slog.NewJSONHandler(io.Discard, nil)),
		AuthRateLimit: max, TrustedProxies: trusted})
	return h
}

var badCreds = map[string]string{"email": "nobody@example.com", "password": "guess password"}

// login tries a wrong password, forwarded for xff when given, and returns
// the status.
func (h *harness) login(xff string) int {
	h.t.Helper()
	var hdr []string
	if xff != "" {
		hdr = []string{"X-Forwarded-For", xff}
	}
	return h.do("POST", "/api/v1/auth/login", "", badCreds, hdr...).Status
}

// Login, signup and PIN endpoints are rate-limited per client address;
// other routes are not.
func TestAuthEndpointsAreRateLimited(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := limitedNode(t, db, 3)
		for i := 0; i < 3; i++ {
			if s := h.login(""); s != 401 {
				t.Fatalf("attempt %d: %d", i+1, s)
			}
		}
		r := h.do("POST", "/api/v1/auth/login", "", badCreds)
		if r.Status != 429 || r.errorCode() != "rate_limited" || r.Header.Get("Retry-After") == "" {
			t.Fatalf("4th attempt: %d %s %v", r.Status, r.Body, r.Header)
		}
		// Signup has a budget of its own.
		if r := h.do("POST", "/api/v1/auth/signup", "", map[string]string{"email": "new@example.com", "password": "long enough pw"}); r.Status != 201 {
			t.Fatalf("signup after login limit: %d %s", r.Status, r.Body)
		}
		for i := 0; i < 5; i++ {
			if r := h.do("GET", "/healthz", "", nil); r.Status != 200 {
				t.Fatalf("healthz limited: %d", r.Status)
			}
		}
	})
}

// Two nodes over one PostgreSQL database spend one budget: a client that
// spreads its attempts over both is limited as if it had used one.
func TestAuthLimitSharedAcrossNodes(t *testing.T) {
	url := storetest.PostgresURL(t)
	var nodes []*harness
	for i := 0; i < 2; i++ {
		db, err := store.Open(context.Background(), store.Options{DatabaseURL: url})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		nodes = append(nodes, limitedNode(t, db, 4))
	}
	for i := 0; i < 4; i++ {
		if s := nodes[i%2].login(""); s != 401 {
			t.Fatalf("attempt %d on node %d: %d", i+1, i%2, s)
		}
	}
	for n, h := range nodes {
		if s := h.login(""); s != 429 {
			t.Fatalf("node %d lets a 5th attempt through: %d", n, s)
		}
	}
}

// Behind a trusted proxy each client has its own budget: one client that
// exhausts it does not lock out the others, and prepending addresses to
// X-Forwarded-For does not buy a new budget.
func TestAuthLimitBehindTrustedProxy(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		// 0.0.0.0 is the peer of in-process test requests: the load
		// balancer; 10.0.0.0/8 is an inner proxy hop.
		h := limitedNode(t, db, 3, "0.0.0.0/32", "10.0.0.0/8")
		for i := 0; i < 3; i++ {
			if s := h.login("198.51.100.1, 10.1.2.3"); s != 401 {
				t.Fatalf("client A attempt %d: %d", i+1, s)
			}
		}
		if s := h.login("198.51.100.1, 10.1.2.3"); s != 429 {
			t.Fatalf("client A 4th attempt: %d", s)
		}
		if s := h.login("203.0.113.77, 198.51.100.1"); s != 429 {
			t.Fatalf("client A with a forged left-most address got a new budget: %d", s)
		}
		for i := 0; i < 3; i++ {
			if s := h.login("198.51.100.2"); s != 401 {
				t.Fatalf("client B attempt %d locked out by A: %d", i+1, s)
			}
		}
		if s := h.login("2001:db8:1:2::1"); s != 401 {
			t.Fatalf("an IPv6 client locked out: %d", s)
		}
	})
}

// Without trusted proxies X-Forwarded-For is ignored: rotating it does not
// escape the limit.
func TestAuthLimitIgnoresUntrustedForwardedFor(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		for _, proxies := range [][]string{nil, {"10.0.0.0/8"}} {
			h := limitedNode(t, db, 3, proxies...)
			for i := 0; i < 3; i++ {
				h.login("198.51.100." + string(rune('1'+i)))
			}
			if s := h.login("198.51.100.9"); s != 429 {
				t.Fatalf("proxies %v: a forged X-Forwarded-For escaped the limit: %d", proxies, s)
			}
			// The next node reuses the database: start from a clean budget.
			if _, err := db.ExecContext(context.Background(), `DELETE FROM rate_limit_windows`); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// The client address: the peer, or the right-most untrusted hop behind
// trusted proxies.
func TestClientAddress(t *testing.T) {
	cases := []struct {
		proxies []string
		xff     []string
		want    string
	}{
		{nil, nil, "0.0.0.0"},
		{nil, []string{"198.51.100.1"}, "0.0.0.0"},
		{[]string{"10.0.0.0/8"}, []string{"198.51.100.1"}, "0.0.0.0"}, // the peer is not trusted
		{[]string{"0.0.0.0"}, nil, "0.0.0.0"},
		{[]string{"0.0.0.0"}, []string{"198.51.100.1"}, "198.51.100.1"},
		{[]string{"0.0.0.0"}, []string{"203.0.113.5, 198.51.100.1"}, "198.51.100.1"},
		{[]string{"0.0.0.0", "10.0.0.0/8"}, []string{"198.51.100.1, 10.0.0.2, 10.0.0.3"}, "198.51.100.1"},
		{[]string{"0.0.0.0", "10.0.0.0/8"}, []string{"198.51.100.1", "10.0.0.3"}, "198.51.100.1"}, // two headers
		{[]string{"0.0.0.0", "10.0.0.0/8"}, []string{"10.0.0.2, 10.0.0.3"}, "10.0.0.2"},           // all trusted
		{[]string{"0.0.0.0"}, []string{"garbage, 198.51.100.1"}, "198.51.100.1"},
		{[]string{"0.0.0.0"}, []string{"198.51.100.1, garbage"}, "0.0.0.0"},
		{[]string{"0.0.0.0"}, []string{"::ffff:198.51.100.1"}, "198.51.100.1"},
		{[]string{"0.0.0.0"}, []string{"2001:db8::1"}, "2001:db8::1"},
	}
	for _, c := range cases {
		h := limitedNode(t, storetest.SQLite(t), 100, c.proxies...)
		api.Register(h.srv, api.Public, huma.Operation{OperationID: "whoami", Method: http.MethodGet, Path: "/test/whoami"},
			func(ctx context.Context, _ *struct{}) (*struct{ Body string }, error) {
				a, _ := api.ClientAddr(ctx)
				return &struct{ Body string }{Body: a.String()}, nil
			})
		req, _ := http.NewRequest("GET", "/test/whoami", nil)
		for _, x := range c.xff {
			req.Header.Add("X-Forwarded-For", x)
		}
		resp, err := h.srv.App.Test(req, 10000)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if got := strings.TrimSpace(string(b)); got != `"`+c.want+`"` {
			t.Errorf("proxies %v, X-Forwarded-For %q: client %s, want %s", c.proxies, c.xff, got, c.want)
		}
	}
	if _, err := api.ParseTrustedProxies([]string{"10.0.0.0/8", "192.0.2.1", "fd00::/8"}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.ParseTrustedProxies([]string{"10.0.0.0/33"}); err == nil {
		t.Fatal("a bad prefix is accepted")
	}
}
