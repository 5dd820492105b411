package api_test

import (
	"testing"

	"github.com/soukhq/souk/store/storetest"
)

// FuzzRequestDecoding throws arbitrary bodies at the JSON operations. No
// input may crash the server or answer 5xx, and a rejected request must not
// change the database. The seed corpus in testdata/fuzz is replayed by every
// normal `go test`.
func FuzzRequestDecoding(f *testing.F) {
	for _, seed := range []string{
		`{"email":"a@example.com","password":"long enough"}`,
		`{"kind":"brand","name":"Acme"}`,
		`{"password":"correct horse battery","pin":"123456"}`,
		`{"name":"cli","scopes":["read","write"],"expires_in_days":30}`,
		`{"email":"\u0000@x.com","password":"\ud800\udc00"}`,
		`{"a":` + string(make([]byte, 100)) + `}`,
		`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`,
		`{"scopes":[1e999]}`,
		``,
	} {
		for op := uint8(0); op < 4; op++ {
			f.Add(op, []byte(seed))
		}
	}
	db := storetest.SQLite(f)
	h := newHarness(f, db)
	_, tok := h.user("fuzzer")
	type target struct{ method, path string }
	targets := []target{
		{"POST", "/api/v1/auth/signup"},
		{"POST", "/api/v1/orgs"},
		{"PUT", "/api/v1/me/pin"},
		{"POST", "/api/v1/me/tokens"},
	}
	f.Fuzz(func(t *testing.T, op uint8, body []byte) {
		h := h.with(t)
		tg := targets[int(op)%len(targets)]
		users, orgs, tokens := h.count("users"), h.count("orgs"), h.count("api_tokens")
		r := h.do(tg.method, tg.path, tok, body)
		if r.Status >= 500 {
			t.Fatalf("%s %s with %q: %d %s", tg.method, tg.path, body, r.Status, r.Body)
		}
		if r.Status >= 400 {
			if r.errorCode() == "" {
				t.Fatalf("error without a code: %d %s", r.Status, r.Body)
			}
			if h.count("users") != users || h.count("orgs") != orgs || h.count("api_tokens") != tokens {
				t.Fatalf("rejected request (%d) changed state", r.Status)
			}
		}
	})
}
