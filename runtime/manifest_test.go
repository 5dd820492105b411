package runtime

import (
	"strings"
	"testing"
)

func TestParseManifest(t *testing.T) {
	const ok = `{"name":"hello-shop","version":"1.2.3-beta.1+build.5","entry":"src/index.ts","permissions":["storage","log"],
		"limits":{"timeoutMs":2000,"memoryMB":128},"description":"hi","assets":"static"}`
	m, err := ParseManifest([]byte(ok), PlatformCaps)
	if err != nil {
		t.Fatalf("valid manifest: %v", err)
	}
	if m.Name != "hello-shop" || !m.HasPermission("log") || m.HasPermission("chat") || m.Assets != "static" {
		t.Fatalf("parsed wrong: %+v", m)
	}
	if l := m.EffectiveLimits(); l.TimeoutMs != 2000 || l.MemoryMB != 128 || l.HostCalls != DefaultAppLimits.HostCalls {
		t.Fatalf("effective limits: %+v", l)
	}

	base := func(repl ...string) string {
		s := `{"name":"app","version":"1.0.0","entry":"index.js","permissions":[]}`
		for i := 0; i+1 < len(repl); i += 2 {
			s = strings.Replace(s, repl[i], repl[i+1], 1)
		}
		return s
	}
	tests := []struct {
		name, json, code, want string
	}{
		{"not json", `{`, CodeManifestInvalid, "souk.json"},
		{"trailing data", base() + `{}`, CodeManifestInvalid, ""},
		{"unknown field", base(`"entry"`, `"entrypoint":"x","entry"`), CodeManifestInvalid, `unknown field "entrypoint"`},
		{"field case differs", base(`"name"`, `"Name"`), CodeManifestInvalid, `"Name"`},
		{"duplicate field", base(`"name":"app"`, `"name":"app","name":"evil"`), CodeManifestInvalid, "duplicate"},
		{"wrong type", base(`"1.0.0"`, `1`), CodeManifestInvalid, `"version"`},
		{"missing name", base(`"name":"app",`, ``), CodeManifestInvalid, `"name": is required`},
		{"uppercase name", base(`"app"`, `"App"`), CodeManifestInvalid, "lowercase slug"},
		{"name with double dash", base(`"app"`, `"a--b"`), CodeManifestInvalid, "lowercase slug"},
		{"name too long", base(`"app"`, `"`+strings.Repeat("a", 65)+`"`), CodeManifestInvalid, "lowercase slug"},
		{"v prefix", base(`"1.0.0"`, `"v1.0.0"`), CodeManifestInvalid, "semantic version"},
		{"two-part version", base(`"1.0.0"`, `"1.0"`), CodeManifestInvalid, "semantic version"},
		{"leading zero", base(`"1.0.0"`, `"01.0.0"`), CodeManifestInvalid, "semantic version"},
		{"missing entry", base(`"entry":"index.js",`, ``), CodeManifestInvalid, `"entry": is required`},
		{"absolute entry", base(`"index.js"`, `"/etc/passwd.js"`), CodeManifestInvalid, "absolute"},
		{"traversal entry", base(`"index.js"`, `"../x.js"`), CodeManifestInvalid, "escapes"},
		{"unclean entry", base(`"index.js"`, `"./index.js"`), CodeManifestInvalid, "clean"},
		{"entry not js", base(`"index.js"`, `"index.py"`), CodeManifestInvalid, "must end in"},
		{"traversal assets", base(`"permissions"`, `"assets":"../..","permissions"`), CodeManifestInvalid, `"assets"`},
		{"missing permissions", base(`,"permissions":[]`, ``), CodeManifestInvalid, `"permissions": is required`},
		{"unknown permission", base(`[]`, `["storage","wallet"]`), CodeManifestUnknownPermission, `"wallet"`},
		{"duplicate permission", base(`[]`, `["log","log"]`), CodeManifestInvalid, "twice"},
		{"limit over cap", base(`"permissions"`, `"limits":{"timeoutMs":999999},"permissions"`), CodeManifestLimit, "timeoutMs"},
		{"negative limit", base(`"permissions"`, `"limits":{"memoryMB":-1},"permissions"`), CodeManifestInvalid, "negative"},
		{"unknown limit", base(`"permissions"`, `"limits":{"cpus":4},"permissions"`), CodeManifestInvalid, `"limits.cpus"`},
		{"long description", base(`"permissions"`, `"description":"`+strings.Repeat("x", 1001)+`","permissions"`), CodeManifestInvalid, "description"},
		{"huge", `{"name":"` + strings.Repeat("a", MaxManifestBytes) + `"}`, CodeManifestInvalid, "limit"},
		{"unknown isolation", base(`"permissions"`, `"isolation":"process","permissions"`), CodeManifestInvalid, `"isolation"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseManifest([]byte(tt.json), PlatformCaps)
			if err == nil {
				t.Fatalf("accepted %s", tt.json)
			}
			if got := ErrorCode(err); got != tt.code {
				t.Fatalf("code %q, want %q (%v)", got, tt.code, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %q does not mention %q", err, tt.want)
			}
		})
	}
}
