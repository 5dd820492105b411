package main

import (
	"os/exec"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionString(t *testing.T) {
	bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/soukhq/souk", Version: "v1.2.3"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-12-03T08:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	got := versionString(bi, true)
	for _, want := range []string{"v1.2.3", "commit 0123456789ab-modified", "2026-12-03T08:00:00Z", "go1.26.8"} {
		if !strings.Contains(got, want) {
			t.Errorf("versionString = %q, missing %q", got, want)
		}
	}
	if got := versionString(&debug.BuildInfo{}, true); !strings.HasPrefix(got, "(devel)") {
		t.Errorf("a build from a checkout without VCS stamping: %q", got)
	}
	if got := versionString(nil, false); !strings.HasPrefix(got, "unknown") {
		t.Errorf("no build info: %q", got)
	}
}

// souk --version prints the build's version from its build information.
func TestVersionFlag(t *testing.T) {
	out, err := exec.Command(soukBin, "--version").CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "souk ") || !strings.Contains(string(out), "go1.") {
		t.Fatalf("souk --version: %v %q", err, out)
	}
}
