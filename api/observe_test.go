package api_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

func TestHealthReadyAndMetrics(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		if r := h.do("GET", "/healthz", "", nil); r.Status != 200 {
			t.Fatalf("healthz: %d", r.Status)
		}
		if r := h.do("GET", "/readyz", "", nil); r.Status != 200 || !strings.Contains(string(r.Body), `"database":"ok"`) {
			t.Fatalf("readyz: %d %s", r.Status, r.Body)
		}
		_, tok := h.user("metrics")
		h.do("GET", "/api/v1/me", tok, nil)
		h.do("GET", "/api/v1/me", "", nil)
		m := string(h.do("GET", "/metrics", "", nil).Body)
		for _, want := range []*regexp.Regexp{
			regexp.MustCompile(`souk_http_requests_total\{method="GET",route="/api/v1/me",status="200"\} 1`),
			regexp.MustCompile(`souk_http_requests_total\{method="GET",route="/api/v1/me",status="401"\} 1`),
			regexp.MustCompile(`souk_http_requests_total\{method="POST",route="/api/v1/auth/signup",status="201"\} 1`),
			regexp.MustCompile(`souk_http_request_duration_seconds_bucket\{method="GET",route="/api/v1/me",le="[0-9.]+"\} \d+`),
			regexp.MustCompile(`souk_http_request_duration_seconds_count\{method="GET",route="/api/v1/me"\} 2`),
			regexp.MustCompile(`go_sql_open_connections\{db_name="souk"\} \d+`),
		} {
			if !want.MatchString(m) {
				t.Errorf("/metrics lacks %s", want)
			}
		}
	})
}

// No password, PIN, session token, API token or CSRF token may ever reach
// the log, whatever the request does.
func TestSecretsNeverLogged(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	_, session := h.user("secretive")
	r := h.do("POST", "/api/v1/me/tokens", session, map[string]any{"name": "cli", "scopes": []string{"write"}})
	apiToken := r.json(t)["token"].(string)
	h.do("PUT", "/api/v1/me/pin", session, map[string]string{"password": testPassword, "pin": "918273"})
	h.do("PUT", "/api/v1/me/pin", session, map[string]string{"password": "wrong-password-77", "pin": "564738"})
	h.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "nobody@example.com", "password": "guess-password-55"})
	h.do("GET", "/api/v1/me?token="+apiToken, apiToken, nil)
	h.do("GET", "/api/v1/me", "sk_not-a-real-token-123", nil)
	login := h.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "secretive-" + "x", "password": testPassword})
	_ = login
	logs := h.log.String()
	if !strings.Contains(logs, `"route":"/api/v1/me"`) {
		t.Fatalf("request log missing: %s", logs)
	}
	for _, secret := range []string{testPassword, "918273", "564738", "wrong-password-77", "guess-password-55", session, apiToken, "sk_not-a-real-token-123"} {
		if strings.Contains(logs, secret) {
			t.Errorf("log contains a secret %q", secret)
		}
	}
}

func TestMetricsToken(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	h.srv.MetricsToken = "scrape-secret"
	if r := h.do("GET", "/metrics", "", nil); r.Status != 401 {
		t.Fatalf("/metrics without the token: %d", r.Status)
	}
	if r := h.do("GET", "/metrics", "wrong", nil); r.Status != 401 {
		t.Fatalf("/metrics with a wrong token: %d", r.Status)
	}
	if r := h.do("GET", "/metrics", "scrape-secret", nil); r.Status != 200 {
		t.Fatalf("/metrics with the token: %d", r.Status)
	}
}
