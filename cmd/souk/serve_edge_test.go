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
