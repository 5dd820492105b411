package marketplace

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/soukhq/souk/runtime"
)

// Check is the result of one automatic check on an uploaded version.
type Check struct {
	Check   string `json:"check" doc:"bundle, manifest_name, manifest_version_order, size_archive, size_script, size_source_map, size_assets, permission_diff, static_scan or compile"`
	OK      bool   `json:"ok"`
	Code    string `json:"code,omitempty" doc:"Why it failed (or, for permission_diff, permissions_added when it asks for more)"`
	Message string `json:"message"`
}

// SizeCaps are the marketplace's size limits, tighter than what the bundle
// reader accepts at all (runtime.DefaultBundleLimits): a version over them
// is stored, so the developer sees why, but fails its checks.
type SizeCaps struct {
	Archive, Script, SourceMap, Assets int64
}

// DefaultSizeCaps are the platform's marketplace caps.
func DefaultSizeCaps() SizeCaps {
	return SizeCaps{Archive: 8 << 20, Script: 2 << 20, SourceMap: 8 << 20, Assets: 4 << 20}
}

// WithSizeCaps returns a service that checks uploads against caps.
func (s *Service) WithSizeCaps(caps SizeCaps) *Service {
	c := *s
	c.caps = caps
	return &c
}

// checkResult is what runChecks found.
type checkResult struct {
	checks         []Check
	added, removed []string
	base           string // the version diffed against, "" if none
	failed         bool
	scan           []Finding
}

// runChecks runs the automatic checks on a bundle the reader accepted
// (archive rules, manifest syntax and platform caps already hold). base is
// the last released version's manifest, nil if none was ever released.
func runChecks(b *runtime.Bundle, base *runtime.Manifest, caps SizeCaps) checkResult {
	var r checkResult
	add := func(c Check) {
		r.checks = append(r.checks, c)
		if !c.OK && c.Check != "permission_diff" {
			r.failed = true
		}
	}
	m := b.Manifest
	add(Check{Check: "bundle", OK: true, Message: "the archive passed the bundle reader: layout, paths, compression ratios and souk.json syntax"})
	add(Check{Check: "manifest_name", OK: true, Message: fmt.Sprintf("souk.json names the app %q", m.Name)})
	if base != nil && compareSemver(m.Version, base.Version) <= 0 {
		add(Check{Check: "manifest_version_order", Code: "version_not_newer",
			Message: fmt.Sprintf("version %s is not newer than the released %s; bump \"version\" in souk.json", m.Version, base.Version)})
	} else {
		add(Check{Check: "manifest_version_order", OK: true, Message: "version " + m.Version + " is newer than any released version"})
	}

	var assets int64
	for _, a := range b.Assets {
		assets += int64(len(a.Data))
	}
	for _, sz := range []struct {
		check, what string
		n, cap      int64
	}{
		{"size_archive", "the archive", b.Size, caps.Archive},
		{"size_script", "app.js", int64(len(b.Script)), caps.Script},
		{"size_source_map", "app.js.map", int64(len(b.SourceMap)), caps.SourceMap},
		{"size_assets", "the assets together", assets, caps.Assets},
	} {
		if sz.cap > 0 && sz.n > sz.cap {
			add(Check{Check: sz.check, Code: sz.check + "_over_cap", Message: fmt.Sprintf("%s is %d bytes; the marketplace cap is %d", sz.what, sz.n, sz.cap)})
		} else {
			add(Check{Check: sz.check, OK: true, Message: fmt.Sprintf("%s is %d bytes (cap %d)", sz.what, sz.n, sz.cap)})
		}
	}

	var before []string
	if base != nil {
		before = base.Permissions
		r.base = base.Version
	}
	r.added, r.removed = diffPermissions(before, m.Permissions)
	diff := Check{Check: "permission_diff", OK: len(r.added) == 0}
	against := "no released version (everything it asks for is new)"
	if base != nil {
		against = "the released " + base.Version
	}
	switch {
	case len(r.added) == 0 && len(r.removed) == 0:
		diff.Message = "same permissions as " + against
	default:
		diff.Message = fmt.Sprintf("against %s: added [%s], removed [%s]", against, strings.Join(r.added, ", "), strings.Join(r.removed, ", "))
	}
	if len(r.added) > 0 {
		// Not a failure: the reviewer weighs it, and installed brands must consent.
		diff.Code = "permissions_added"
	}
	add(diff)

	r.scan = ScanScript(b.Script)
	if len(r.scan) == 0 {
		add(Check{Check: "static_scan", OK: true, Message: "no forbidden constructs (eval, Function constructor, import(), WebAssembly, sourceMappingURL to files, with)"})
	}
	for _, f := range r.scan {
		add(Check{Check: "static_scan", Code: f.Code, Message: f.String()})
	}
	return r
}

// diffPermissions returns what after adds to before and what it drops, sorted.
func diffPermissions(before, after []string) (added, removed []string) {
	added, removed = []string{}, []string{}
	for _, p := range after {
		if !slices.Contains(before, p) {
			added = append(added, p)
		}
	}
	for _, p := range before {
		if !slices.Contains(after, p) {
			removed = append(removed, p)
		}
	}
	slices.Sort(added)
	slices.Sort(removed)
	return added, removed
}

// subset reports whether every permission in want is in have.
func subset(want, have []string) bool {
	for _, p := range want {
		if !slices.Contains(have, p) {
			return false
		}
	}
	return true
}

// sameSet reports whether a and b hold the same permissions, ignoring order.
func sameSet(a, b []string) bool { return subset(a, b) && subset(b, a) }

// compareSemver orders two valid semantic versions by semver.org's rules
// (build metadata ignored, a pre-release sorts before its release).
func compareSemver(a, b string) int {
	split := func(v string) (core []string, pre []string) {
		v, _, _ = strings.Cut(v, "+")
		c, p, hasPre := strings.Cut(v, "-")
		core = strings.Split(c, ".")
		if hasPre {
			pre = strings.Split(p, ".")
		}
		return core, pre
	}
	num := func(s string) (int64, bool) {
		n, err := strconv.ParseInt(s, 10, 64)
		return n, err == nil
	}
	cmpIdent := func(x, y string) int {
		nx, okx := num(x)
		ny, oky := num(y)
		switch {
		case okx && oky:
			return cmpInt(nx, ny)
		case okx:
			return -1
		case oky:
			return 1
		}
		return strings.Compare(x, y)
	}
	ca, pa := split(a)
	cb, pb := split(b)
	for i := 0; i < 3 && i < len(ca) && i < len(cb); i++ {
		x, _ := num(ca[i])
		y, _ := num(cb[i])
		if c := cmpInt(x, y); c != 0 {
			return c
		}
	}
	switch {
	case pa == nil && pb == nil:
		return 0
	case pa == nil:
		return 1
	case pb == nil:
		return -1
	}
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if c := cmpIdent(pa[i], pb[i]); c != 0 {
			return c
		}
	}
	return cmpInt(int64(len(pa)), int64(len(pb)))
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// LocalChecks runs the upload's automatic checks that depend on the bundle
// alone — the marketplace's size caps and the static scan — so that souk
// build refuses what the upload would. failed are the failing size checks;
// findings are the static scan's, at app.js positions.
func LocalChecks(b *runtime.Bundle) (failed []Check, findings []Finding) {
	r := runChecks(b, nil, DefaultSizeCaps())
	for _, c := range r.checks {
		if !c.OK && c.Check != "permission_diff" && c.Check != "static_scan" {
			failed = append(failed, c)
		}
	}
	return failed, r.scan
}
