package api_test

import (
	"strings"
	"testing"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// Text a database cannot store or a decoder would repair, and JSON objects
// that name a key twice, are a 400 with a code on both backends, wherever
// they appear (body at any depth, query, path), and change nothing.
func TestStrictTextAndJSON(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		shopper, tok := h.user("strict")
		cases := []struct {
			name, method, path, body string
			headers                  []string
			code                     string
		}{
			{"NUL in a stored name", "POST", "/api/v1/orgs", `{"kind":"brand","name":"Acme\u0000Corp"}`, nil, "invalid_text"},
			{"raw NUL in a stored name", "POST", "/api/v1/orgs", "{\"kind\":\"brand\",\"name\":\"Acme\x00Corp\"}", nil, "invalid_text"},
			{"invalid UTF-8", "POST", "/api/v1/orgs", "{\"kind\":\"brand\",\"name\":\"Caf\xe9\"}", nil, "invalid_text"},
			{"lone surrogate", "POST", "/api/v1/orgs", `{"kind":"brand","name":"Acme \ud800"}`, nil, "invalid_text"},
			{"NUL in signup email", "POST", "/api/v1/auth/signup", `{"email":"a\u0000@example.com","password":"long enough pw"}`, nil, "invalid_text"},
			{"duplicate amount", "POST", "/api/v1/wallet/topups", `{"id":"topup-dup-1","currency":"USD","amount":"1.00","amount":"5.00"}`, nil, "duplicate_key"},
			{"duplicate spelled with an escape", "POST", "/api/v1/wallet/topups", `{"id":"topup-dup-2","currency":"USD","amount":"1.00","\u0061mount":"5.00"}`, nil, "duplicate_key"},
			{"duplicate without a content type", "POST", "/api/v1/wallet/topups", `{"id":"topup-dup-3","currency":"USD","amount":"1.00","amount":"5.00"}`, []string{"Content-Type", ""}, "duplicate_key"},
			{"duplicate with a +json type", "POST", "/api/v1/wallet/topups", `{"id":"topup-dup-4","currency":"USD","amount":"1.00","amount":"5.00"}`, []string{"Content-Type", "application/merge-patch+json"}, "duplicate_key"},
			{"duplicate deep in a body", "POST", "/api/v1/orgs", `{"kind":"brand","name":"X","x":[{"a":{"b":1,"b":2}}]}`, nil, "duplicate_key"},
			{"NUL deep in a body", "POST", "/api/v1/orgs", `{"kind":"brand","name":"X","x":[[{"a":"\u0000"}]]}`, nil, "invalid_text"},
			{"NUL in the query", "GET", "/api/v1/search?q=shoe%00s", "", nil, "invalid_text"},
			{"invalid UTF-8 in the query", "GET", "/api/v1/search?q=caf%E9", "", nil, "invalid_text"},
			{"NUL in a query name", "GET", "/api/v1/search?q=a&x%00=1", "", nil, "invalid_text"},
			{"NUL in the path", "GET", "/api/v1/wallet/topups/op%00x", "", nil, "invalid_text"},
			{"invalid UTF-8 in the path", "GET", "/api/v1/wallet/topups/op%FFx", "", nil, "invalid_text"},
		}
		tables := []string{"users", "orgs", "org_members", "ledger_entries", "ledger_transfers", "payment_funding", "jobs"}
		before := map[string]int{}
		for _, tb := range tables {
			before[tb] = h.count(tb)
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				var body any
				if c.body != "" {
					body = c.body
				}
				r := h.do(c.method, c.path, tok, body, c.headers...)
				if r.Status != 400 || r.errorCode() != c.code {
					t.Fatalf("%d %s, want 400 %s", r.Status, r.Body, c.code)
				}
				if !strings.Contains(string(r.Body), `"location"`) {
					t.Errorf("no location in %s", r.Body)
				}
			})
		}
		for _, tb := range tables {
			if n := h.count(tb); n != before[tb] {
				t.Errorf("rejected input changed %s: %d rows, was %d", tb, n, before[tb])
			}
		}
		if got := h.walletPosted(shopper.ID); got != "0.00" {
			t.Errorf("wallet %s after rejected top-ups", got)
		}
		// Clean text still goes through: non-ASCII, escaped pairs, the same
		// key in sibling objects.
		if r := h.do("POST", "/api/v1/orgs", tok, `{"kind":"brand","name":"Café \ud83d\ude00 ☕"}`); r.Status != 201 || r.json(t)["name"] != "Café 😀 ☕" {
			t.Fatalf("clean name: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", "/api/v1/search?q=caf%C3%A9", tok, nil); r.Status != 200 {
			t.Fatalf("clean query: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/wallet/topups", tok, `{"id":"topup-ok-1","currency":"USD","amount":"1.00"}`); r.Status != 202 {
			t.Fatalf("clean top-up: %d %s", r.Status, r.Body)
		}
		// Malformed JSON is still the decoder's to report.
		if r := h.do("POST", "/api/v1/orgs", tok, `{"kind":`); r.Status != 400 || r.errorCode() != "invalid_request" {
			t.Fatalf("malformed JSON: %d %s", r.Status, r.Body)
		}
	})
}
