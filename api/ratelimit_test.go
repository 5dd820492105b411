package api_test

import (
	"io"
	"log/slog"
	"testing"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/store/storetest"
)

// Login, signup and PIN endpoints are rate-limited per client address;
// other routes are not.
func TestAuthEndpointsAreRateLimited(t *testing.T) {
	db := storetest.SQLite(t)
	h := &harness{t: t, db: db, ids: identity.New(db), log: &lockedBuffer{}}
	h.srv = api.New(api.Deps{DB: db, Identity: h.ids, Log: slog.New(slog.NewJSONHandler(io.Discard, nil)), AuthRateLimit: 3})
	creds := map[string]string{"email": "nobody@example.com", "password": "guess password"}
	for i := 0; i < 3; i++ {
		if r := h.do("POST", "/api/v1/auth/login", "", creds); r.Status != 401 {
			t.Fatalf("attempt %d: %d %s", i+1, r.Status, r.Body)
		}
	}
	r := h.do("POST", "/api/v1/auth/login", "", creds)
	if r.Status != 429 || r.errorCode() != "rate_limited" {
		t.Fatalf("4th attempt: %d %s", r.Status, r.Body)
	}
	for i := 0; i < 5; i++ {
		if r := h.do("GET", "/healthz", "", nil); r.Status != 200 {
			t.Fatalf("healthz limited: %d", r.Status)
		}
	}
}
