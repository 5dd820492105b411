package main

import (
	"testing"
	"time"
)

func TestEdgeSettingsFromEnv(t *testing.T) {
	t.Setenv("SOUK_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.7 ,fd00::/8")
	t.Setenv("SOUK_AUTH_RATE_LIMIT", "5")
	t.Setenv("SOUK_AUTH_RATE_WINDOW", "15m")
	e, err := edgeFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if len(e.trustedProxies) != 3 || e.trustedProxies[1].String() != "192.0.2.7/32" || e.authRateLimit != 5 || e.authRateWindow != 15*time.Minute {
		t.Fatalf("%+v", e)
	}
	for name, bad := range map[string]string{"SOUK_TRUSTED_PROXIES": "10.0.0.0/99", "SOUK_AUTH_RATE_LIMIT": "0", "SOUK_AUTH_RATE_WINDOW": "10ms"} {
		t.Run(name, func(t *testing.T) {
			t.Setenv(name, bad)
			if _, err := edgeFromEnv(); err == nil {
				t.Fatalf("%s=%s accepted", name, bad)
			}
		})
	}
}

func TestJobLeaseFromEnv(t *testing.T) {
	for v, want := range map[string]time.Duration{"": 0, "15s": 15 * time.Second, "2m": 2 * time.Minute} {
		t.Setenv("SOUK_JOB_LEASE", v)
		if got, err := jobLeaseFromEnv(); err != nil || got != want {
			t.Errorf("SOUK_JOB_LEASE=%q: %v %v, want %v", v, got, err, want)
		}
	}
	for _, bad := range []string{"5s", "soon", "-1m"} {
		t.Setenv("SOUK_JOB_LEASE", bad)
		if _, err := jobLeaseFromEnv(); err == nil {
			t.Errorf("SOUK_JOB_LEASE=%q accepted", bad)
		}
	}
}

func TestFXFromEnv(t *testing.T) {
	t.Setenv("SOUK_FX_FEED", " https://rates.example/feed.json ")
	t.Setenv("SOUK_FX_FEED_INTERVAL", "30m")
	t.Setenv("SOUK_FX_QUOTE_TTL", "")
	for v, want := range map[string]int64{"": 0, "0": -1, "250": 250} {
		t.Setenv("SOUK_FX_SPREAD_BPS", v)
		got, err := fxFromEnv()
		if err != nil || int64(got.SpreadBps) != want || got.Feed != "https://rates.example/feed.json" || got.FeedInterval != 30*time.Minute {
			t.Errorf("SOUK_FX_SPREAD_BPS=%q: %+v %v, want spread %d", v, got, err, want)
		}
	}
	for _, bad := range []string{"-1", "5001", "1.5", "lots"} {
		t.Setenv("SOUK_FX_SPREAD_BPS", bad)
		if _, err := fxFromEnv(); err == nil {
			t.Errorf("SOUK_FX_SPREAD_BPS=%q accepted", bad)
		}
	}
}
