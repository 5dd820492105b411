package api_test

import (
	"strings"
	"testing"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// Bad input gets a 4xx with a machine-readable code and changes nothing.
func TestBadInputChangesNothing(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		_, tok := h.user("bad")
		big := `{"email":"` + strings.Repeat("a", 70<<10) + `@example.com","password":"long enough"}`
		cases := []struct {
			name, method, path, token string
			body                      any
			headers                   []string
			status                    int
			code                      string
		}{
			{"malformed JSON", "POST", "/api/v1/auth/signup", "", `{"email":`, nil, 400, "invalid_request"},
			{"not an object", "POST", "/api/v1/auth/signup", "", `[1,2,3]`, nil, 400, "invalid_request"},
			{"wrong type", "POST", "/api/v1/auth/signup", "", `{"email":5,"password":"long enough"}`, nil, 400, "invalid_request"},
			{"unknown field", "POST", "/api/v1/auth/signup", "", `{"email":"x@example.com","password":"long enough","admin":true}`, nil, 400, "invalid_request"},
			{"missing field", "POST", "/api/v1/auth/signup", "", `{"email":"x@example.com"}`, nil, 400, "invalid_request"},
			{"trailing garbage", "POST", "/api/v1/auth/signup", "", `{"email":"x@example.com","password":"long enough"} {}`, nil, 400, "invalid_request"},
			{"bad email", "POST", "/api/v1/auth/signup", "", `{"email":"nope","password":"long enough"}`, nil, 400, "invalid_email"},
			{"short password", "POST", "/api/v1/auth/signup", "", `{"email":"x@example.com","password":"short"}`, nil, 400, "weak_password"},
			{"oversized body", "POST", "/api/v1/auth/signup", "", big, nil, 413, "body_too_large"},
			{"form instead of JSON", "POST", "/api/v1/auth/signup", "", `email=x`, []string{"Content-Type", "application/x-www-form-urlencoded"}, 415, "unsupported_media_type"},
			{"bad enum", "POST", "/api/v1/orgs", tok, `{"kind":"cartel","name":"X"}`, nil, 400, "invalid_request"},
			{"empty name", "POST", "/api/v1/orgs", tok, `{"kind":"brand","name":""}`, nil, 400, "invalid_request"},
			{"PIN letters", "PUT", "/api/v1/me/pin", tok, `{"password":"correct horse battery","pin":"12ab56"}`, nil, 400, "invalid_request"},
			{"bad scope", "POST", "/api/v1/me/tokens", tok, `{"name":"x","scopes":["root"]}`, nil, 400, "invalid_request"},
			{"query out of range", "GET", "/api/v1/admin/users?limit=100000", tok, nil, nil, 403, "forbidden"},
			{"unknown route", "GET", "/api/v1/nothing-here", "", nil, nil, 404, "not_found"},
			{"wrong method", "PATCH", "/api/v1/me", tok, nil, nil, 405, "method_not_allowed"},
		}
		tables := []string{"users", "orgs", "org_members", "api_tokens", "payment_pins"}
		before := map[string]int{}
		for _, tb := range tables {
			before[tb] = h.count(tb)
		}
		for _, c := range cases {
			r := h.do(c.method, c.path, c.token, c.body, c.headers...)
			if r.Status != c.status || r.errorCode() != c.code {
				t.Errorf("%s: %d %s, want %d %s", c.name, r.Status, r.Body, c.status, c.code)
			}
			if r.errorCode() == "" || !strings.Contains(string(r.Body), `"message"`) {
				t.Errorf("%s: error body lacks code/message: %s", c.name, r.Body)
			}
		}
		for _, tb := range tables {
			if n := h.count(tb); n != before[tb] {
				t.Errorf("bad input changed %s: %d rows, was %d", tb, n, before[tb])
			}
		}
	})
}
