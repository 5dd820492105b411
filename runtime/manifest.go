package runtime

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// ManifestFile is the manifest's name, both in an app directory and in a bundle.
const ManifestFile = "souk.json"

// MaxManifestBytes caps souk.json; a real one is a few hundred bytes.
const MaxManifestBytes = 64 << 10

// Permissions are the host-API capabilities an app may request. The set is
// fixed: an unknown name is an error, not ignored, so a typo never silently
// drops a capability and a future capability is never granted early.
var Permissions = []string{"storage", "log", "catalog", "orders", "payments", "logistics", "reviews", "chat", "links", "coupons"}

// AppLimits are the per-event runtime limits an app may ask for in souk.json.
// Zero means "platform default".
type AppLimits struct {
	TimeoutMs int `json:"timeoutMs,omitzero"` // wall-clock deadline per event run, host calls included (not CPU time; see doc.go)
	MemoryMB  int `json:"memoryMB,omitzero"`  // heap an event may hold (sandbox.Limits.MaxMemory)
	HostCalls int `json:"hostCalls,omitzero"` // host calls per event
	LogBytes  int `json:"logBytes,omitzero"`  // console/log output per event
	ViewBytes int `json:"viewBytes,omitzero"` // serialized view per event
}

// PlatformCaps is the most an app may ask for; DefaultAppLimits is what it
// gets when it asks for nothing.
var (
	PlatformCaps     = AppLimits{TimeoutMs: 5000, MemoryMB: 256, HostCalls: 200, LogBytes: 256 << 10, ViewBytes: 256 << 10}
	DefaultAppLimits = AppLimits{TimeoutMs: 1000, MemoryMB: 64, HostCalls: 50, LogBytes: 32 << 10, ViewBytes: 64 << 10}
)

// Manifest is a parsed, validated souk.json.
type Manifest struct {
	Name        string     `json:"name"`
	Version     string     `json:"version"`
	Description string     `json:"description,omitzero"`
	Entry       string     `json:"entry"`
	Permissions []string   `json:"permissions"`
	Limits      *AppLimits `json:"limits,omitzero"`
	Assets      string     `json:"assets,omitzero"`
	// Isolation is "installation" (the default when absent): the app's
	// events for one installation may run in a runtime kept warm from an
	// earlier event, so module-level state may persist between them; or
	// "event": a fresh runtime for every event (for replay exactness).
	Isolation string `json:"isolation,omitzero"`
}

// Isolation values of souk.json.
const (
	IsolationInstallation = "installation"
	IsolationEvent        = "event"
)

var (
	nameRe = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	// semver.org's recommended regexp: no "v" prefix, no leading zeros.
	semverRe = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)` +
		`(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?` +
		`(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)
	entryExts = []string{".ts", ".mts", ".js", ".mjs"}
)

// ParseManifest parses souk.json strictly — unknown or duplicate fields,
// trailing data and wrong types are errors — and validates every field,
// with limits checked against caps.
func ParseManifest(data []byte, caps AppLimits) (*Manifest, error) {
	if len(data) > MaxManifestBytes {
		return nil, errorf(CodeManifestInvalid, "souk.json is %d bytes; the limit is %d", len(data), MaxManifestBytes)
	}
	var m Manifest
	if err := json.Unmarshal(data, &m, json.RejectUnknownMembers(true), jsontext.AllowDuplicateNames(false)); err != nil {
		return nil, &Error{Code: CodeManifestInvalid, Message: "souk.json: " + jsonErrorText(err), Err: err}
	}
	if err := m.Validate(caps); err != nil {
		return nil, err
	}
	return &m, nil
}

// jsonErrorText makes the JSON library's error name the field in souk.json terms.
func jsonErrorText(err error) string {
	var se *json.SemanticError
	if errors.As(err, &se) && se.JSONPointer != "" {
		field := strings.ReplaceAll(strings.TrimPrefix(string(se.JSONPointer), "/"), "/", ".")
		if se.Err != nil && strings.Contains(se.Err.Error(), "unknown object member") {
			return fmt.Sprintf("unknown field %q", field)
		}
		if se.JSONKind != 0 {
			return fmt.Sprintf("field %q: wrong type (got JSON %s)", field, se.JSONKind)
		}
		return fmt.Sprintf("field %q: %v", field, err)
	}
	return err.Error()
}

// Validate checks every field; ParseManifest calls it.
func (m *Manifest) Validate(caps AppLimits) error {
	bad := func(field, format string, args ...any) error {
		return errorf(CodeManifestInvalid, "souk.json: field %q: %s", field, fmt.Sprintf(format, args...))
	}
	switch {
	case m.Name == "":
		return bad("name", "is required")
	case len(m.Name) > 64 || !nameRe.MatchString(m.Name):
		return bad("name", "%q must be a lowercase slug (a-z, 0-9 and single dashes, starting with a letter, at most 64 characters)", m.Name)
	case m.Version == "":
		return bad("version", "is required")
	case len(m.Version) > 64 || !semverRe.MatchString(m.Version):
		return bad("version", "%q is not a semantic version like 1.2.3 (https://semver.org, no \"v\" prefix)", m.Version)
	case len(m.Description) > 1000:
		return bad("description", "is longer than 1000 bytes")
	case m.Entry == "":
		return bad("entry", "is required (the path of the main .ts or .js file)")
	}
	if err := checkRelPath(m.Entry); err != nil {
		return bad("entry", "%v", err)
	}
	if !slices.Contains(entryExts, path.Ext(m.Entry)) {
		return bad("entry", "%q must end in one of %s", m.Entry, strings.Join(entryExts, ", "))
	}
	if m.Assets != "" {
		if err := checkRelPath(m.Assets); err != nil {
			return bad("assets", "%v", err)
		}
	}
	if m.Isolation != "" && m.Isolation != IsolationInstallation && m.Isolation != IsolationEvent {
		return bad("isolation", "%q must be \"installation\" (a runtime kept warm per installation, the default) or \"event\" (a fresh runtime per event)", m.Isolation)
	}
	if m.Permissions == nil {
		return bad("permissions", "is required (use [] for none)")
	}
	seen := map[string]bool{}
	for _, p := range m.Permissions {
		if !slices.Contains(Permissions, p) {
			return errorf(CodeManifestUnknownPermission, "souk.json: field \"permissions\": unknown permission %q (known: %s)", p, strings.Join(Permissions, ", "))
		}
		if seen[p] {
			return bad("permissions", "%q is listed twice", p)
		}
		seen[p] = true
	}
	if l := m.Limits; l != nil {
		for _, f := range []struct {
			name     string
			val, cap int
		}{
			{"timeoutMs", l.TimeoutMs, caps.TimeoutMs},
			{"memoryMB", l.MemoryMB, caps.MemoryMB},
			{"hostCalls", l.HostCalls, caps.HostCalls},
			{"logBytes", l.LogBytes, caps.LogBytes},
			{"viewBytes", l.ViewBytes, caps.ViewBytes},
		} {
			if f.val < 0 {
				return bad("limits."+f.name, "must not be negative")
			}
			if f.val > f.cap {
				return errorf(CodeManifestLimit, "souk.json: field \"limits.%s\": %d is above the platform cap %d", f.name, f.val, f.cap)
			}
		}
	}
	return nil
}

// HasPermission reports whether the manifest requests perm.
func (m *Manifest) HasPermission(perm string) bool { return slices.Contains(m.Permissions, perm) }

// EffectiveLimits is the manifest's limits with zeros replaced by DefaultAppLimits.
func (m *Manifest) EffectiveLimits() AppLimits {
	l := DefaultAppLimits
	if m.Limits == nil {
		return l
	}
	pick := func(v, d int) int {
		if v > 0 {
			return v
		}
		return d
	}
	return AppLimits{
		TimeoutMs: pick(m.Limits.TimeoutMs, l.TimeoutMs),
		MemoryMB:  pick(m.Limits.MemoryMB, l.MemoryMB),
		HostCalls: pick(m.Limits.HostCalls, l.HostCalls),
		LogBytes:  pick(m.Limits.LogBytes, l.LogBytes),
		ViewBytes: pick(m.Limits.ViewBytes, l.ViewBytes),
	}
}

// checkRelPath accepts only clean, relative, forward-slash paths inside the
// app directory: the same rule the bundle reader applies to archive names.
func checkRelPath(p string) error {
	if e := pathError(p); e != nil {
		return errors.New(e.Message)
	}
	return nil
}
