package main

import (
	"runtime"
	"runtime/debug"
	"strings"

	// CA certificates and time zones inside the binary, so the container
	// image can be FROM scratch: the system's roots and zoneinfo win when
	// they exist; these are the fallback.
	_ "golang.org/x/crypto/x509roots/fallback"
	_ "time/tzdata"
)

func init() {
	rootCmd.Version = versionString(debug.ReadBuildInfo())
	rootCmd.SetVersionTemplate("souk {{.Version}}\n")
}

// versionString describes the build: the module version ("(devel)" when
// built from a checkout), the VCS revision and time and whether the tree
// was modified (when built with VCS stamping, the go default in a git
// checkout), and the Go version.
func versionString(bi *debug.BuildInfo, ok bool) string {
	if !ok || bi == nil {
		return "unknown (no build information) " + runtime.Version()
	}
	version := bi.Main.Version
	if version == "" {
		version = "(devel)"
	}
	var rev, when string
	modified := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	parts := []string{version}
	if rev != "" {
		r := rev
		if len(r) > 12 {
			r = r[:12]
		}
		if modified {
			r += "-modified"
		}
		parts = append(parts, "commit "+r)
	}
	if when != "" {
		parts = append(parts, "built from a commit of "+when)
	}
	goVersion := bi.GoVersion
	if goVersion == "" {
		goVersion = runtime.Version()
	}
	parts = append(parts, goVersion, runtime.GOOS+"/"+runtime.GOARCH)
	return strings.Join(parts, ", ")
}
