// Package testenv tells tests which real servers (PostgreSQL, S3, Chromium)
// they may use. Locally a missing server skips its suite; under CI=true a
// missing server fails the test, so CI can never go green by skipping.
package testenv

import (
	"os"
	"os/exec"
	"testing"
)

// Variables that point tests at real servers; .ci/run sets all of them.
const (
	// PostgresURL is an admin connection URL; suites create a fresh database per test.
	PostgresURL = "SOUK_TEST_DATABASE_URL"
	// S3Endpoint, S3AccessKey and S3SecretKey point at a real S3 server (MinIO in CI).
	S3Endpoint  = "SOUK_TEST_S3_ENDPOINT"
	S3AccessKey = "SOUK_TEST_S3_ACCESS_KEY"
	S3SecretKey = "SOUK_TEST_S3_SECRET_KEY"
	// Chromium is the browser binary for page tests (default /usr/bin/chromium).
	Chromium = "SOUK_TEST_CHROMIUM"
)

// InCI reports whether the run is CI, where every suite must really run.
func InCI() bool { return os.Getenv("CI") == "true" }

// Get returns the variable's value or, when it is unset, skips the test
// locally and fails it under CI.
func Get(t testing.TB, name string) string {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		Missing(t, name+" is not set")
	}
	return v
}

// Missing skips locally and fails under CI=true, with the reason.
func Missing(t testing.TB, reason string) {
	t.Helper()
	if InCI() {
		t.Fatalf("CI=true but a required test server is missing: %s", reason)
	}
	t.Skipf("skipping (not CI): %s", reason)
}

// ChromiumPath returns a Chromium binary or skips/fails as Missing does.
func ChromiumPath(t testing.TB) string {
	t.Helper()
	p := os.Getenv(Chromium)
	if p == "" {
		p = "/usr/bin/chromium"
	}
	if _, err := exec.LookPath(p); err != nil {
		Missing(t, "no Chromium at "+p)
	}
	return p
}
