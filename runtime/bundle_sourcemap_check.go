package runtime

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// The sandbox maps error stacks through app.js.map with a source-map
// library (github.com/go-sourcemap/sourcemap) that trusts its input:
// "sources": [] under mappings that name source 0, or a null entry in
// "sections", made it panic on the host. So the bundle reader checks the
// whole map here and rejects anything that library cannot use safely; the
// sandbox also calls it behind recover, as a second line. FuzzSourceMap
// (bundle_sourcemap_fuzz_test.go) feeds maps through the reader and then
// the library, which must never panic on a map the reader accepted.
//
// The rules are those of a plain (not indexed) version 3 map, which is what
// souk build (esbuild) writes:
//   - a JSON object without duplicate members, "version": 3;
//   - "sources" a non-empty array of strings, "sourcesContent" (optional)
//     an array of strings or nulls no longer than it, "names" (optional) an
//     array of strings, "file" and "sourceRoot" (optional) strings;
//   - no "sections" (index maps), and no member whose name differs only in
//     case from one of these (the library matches names case-insensitively);
//   - "mappings" a non-empty string of base64 VLQ segments of 1, 4 or 5
//     fields, each value within 32 bits, every source and name index within
//     its array, no negative line or column;
//   - no more generated lines than app.js has, and no more segments than
//     app.js has bytes: the library allocates per segment, on the host.

// sourceMapFields are the members the library reads.
var sourceMapFields = []string{"version", "file", "sourceRoot", "sources", "sourcesContent", "names", "mappings", "sections"}

// checkSourceMap validates app.js.map (raw) for script.
func checkSourceMap(raw, script []byte) error {
	bad := func(format string, args ...any) error {
		return errorf(CodeBundleBadSourceMap, "%s: %s (souk build writes a plain version 3 source map; rebuild instead of editing it)",
			SourceMapFile, fmt.Sprintf(format, args...))
	}
	if k := jsontext.Value(raw).Kind(); k != '{' {
		return bad("is not a JSON object")
	}
	var m map[string]jsontext.Value
	if err := json.Unmarshal(raw, &m, jsontext.AllowDuplicateNames(false)); err != nil {
		return bad("%v", err)
	}
	for name := range m {
		for _, f := range sourceMapFields {
			if name != f && strings.EqualFold(name, f) {
				return bad("member %q differs from %q only in case", name, f)
			}
		}
	}
	if _, ok := m["sections"]; ok {
		return bad("has \"sections\": index maps are not supported")
	}
	if v, ok := m["version"]; !ok || string(bytes.TrimSpace(v)) != "3" {
		return bad("\"version\" must be 3")
	}
	for _, f := range []string{"file", "sourceRoot"} {
		if v, ok := m[f]; ok && v.Kind() != '"' {
			return bad("%q must be a string", f)
		}
	}
	if v, ok := m["sourceRoot"]; ok {
		var root string
		if err := json.Unmarshal(v, &root); err != nil {
			return bad("\"sourceRoot\": %v", err)
		}
		if _, err := url.Parse(root); err != nil {
			return bad("\"sourceRoot\" is not a URL or path: %v", err)
		}
	}
	sources, err := stringArray(m, "sources", false)
	if err != nil {
		return bad("%v", err)
	}
	if len(sources) == 0 {
		return bad("\"sources\" is missing or empty")
	}
	for _, s := range sources {
		if u, err := url.Parse(s); err != nil || u == nil {
			return bad("source %q is not a URL or path", s)
		}
	}
	contents, err := stringArray(m, "sourcesContent", true)
	if err != nil {
		return bad("%v", err)
	}
	if len(contents) > len(sources) {
		return bad("\"sourcesContent\" has %d entries for %d sources", len(contents), len(sources))
	}
	names, err := stringArray(m, "names", false)
	if err != nil {
		return bad("%v", err)
	}
	mv, ok := m["mappings"]
	if !ok || mv.Kind() != '"' {
		return bad("\"mappings\" must be a string")
	}
	var mappings string
	if err := json.Unmarshal(mv, &mappings); err != nil {
		return bad("\"mappings\": %v", err)
	}
	if mappings == "" {
		return bad("\"mappings\" is empty")
	}
	scriptLines := bytes.Count(script, []byte("\n")) + 1
	if n := strings.Count(mappings, ";") + 1; n > scriptLines+1 {
		return bad("\"mappings\" covers %d generated lines; %s has %d", n, ScriptFile, scriptLines)
	}
	if n := strings.Count(mappings, ";") + strings.Count(mappings, ","); n > len(script)+1 {
		return bad("\"mappings\" has %d segments for a %d-byte %s", n, len(script), ScriptFile)
	}
	if err := checkMappings(mappings, len(sources), len(names)); err != nil {
		return bad("\"mappings\": %v", err)
	}
	return nil
}

// stringArray reads an optional array of strings (or nulls, if allowed).
func stringArray(m map[string]jsontext.Value, name string, nulls bool) ([]string, error) {
	v, ok := m[name]
	if !ok {
		return nil, nil
	}
	if v.Kind() != '[' {
		return nil, fmt.Errorf("%q must be an array", name)
	}
	var items []jsontext.Value
	if err := json.Unmarshal(v, &items); err != nil {
		return nil, fmt.Errorf("%q: %v", name, err)
	}
	out := make([]string, len(items))
	for i, it := range items {
		switch {
		case it.Kind() == '"':
			if err := json.Unmarshal(it, &out[i]); err != nil {
				return nil, fmt.Errorf("%q[%d]: %v", name, i, err)
			}
		case it.Kind() == 'n' && nulls:
		default:
			return nil, fmt.Errorf("%q[%d] must be a string", name, i)
		}
	}
	return out, nil
}

const vlqChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// checkMappings decodes every segment as the library would and checks the
// running values. It is stricter than the library, which reads any byte as
// a digit: here only base64 digits, ',' and ';' may appear, and a value may
// not run into a separator or the end.
func checkMappings(s string, sources, names int) error {
	var digit [256]int8
	for i := range digit {
		digit[i] = -1
	}
	for i := 0; i < len(vlqChars); i++ {
		digit[vlqChars[i]] = int8(i)
	}
	const maxInt32 = 1<<31 - 1
	var genCol, src, srcLine, srcCol, name int64
	line := 1
	var fields [5]int64
	nf := 0
	endSegment := func() error {
		switch nf {
		case 0:
			return nil // empty segment (";;" or ",,"), which the library skips
		case 1, 4, 5:
		default:
			return fmt.Errorf("line %d: a segment has %d fields; it must have 1, 4 or 5", line, nf)
		}
		genCol += fields[0]
		if genCol < 0 || genCol > maxInt32 {
			return fmt.Errorf("line %d: generated column %d is out of range", line, genCol)
		}
		if nf >= 4 {
			src, srcLine, srcCol = src+fields[1], srcLine+fields[2], srcCol+fields[3]
			switch {
			case src < 0 || src >= int64(sources):
				return fmt.Errorf("line %d: source index %d is outside \"sources\" (%d entries)", line, src, sources)
			case srcLine < 0 || srcLine >= maxInt32:
				return fmt.Errorf("line %d: source line %d is out of range", line, srcLine)
			case srcCol < 0 || srcCol > maxInt32:
				return fmt.Errorf("line %d: source column %d is out of range", line, srcCol)
			}
		}
		if nf == 5 {
			name += fields[4]
			if name < 0 || name >= int64(names) {
				return fmt.Errorf("line %d: name index %d is outside \"names\" (%d entries)", line, name, names)
			}
		}
		nf = 0
		return nil
	}
	for i := 0; i < len(s); {
		switch c := s[i]; c {
		case ',', ';':
			if err := endSegment(); err != nil {
				return err
			}
			if c == ';' {
				line++
				genCol = 0
			}
			i++
			continue
		}
		// One VLQ value: 5 bits per digit, continuation in bit 5, sign in
		// the lowest bit of the first digit.
		var v int64
		shift := 0
		for {
			if i >= len(s) {
				return fmt.Errorf("line %d: the last value is cut off", line)
			}
			d := digit[s[i]]
			if d < 0 {
				return fmt.Errorf("line %d: %q is not a base64 digit", line, s[i])
			}
			i++
			v |= int64(d&31) << shift
			shift += 5
			if d&32 == 0 {
				break
			}
			if shift > 30 {
				return fmt.Errorf("line %d: a value does not fit in 32 bits", line)
			}
		}
		if v > maxInt32 {
			return fmt.Errorf("line %d: a value does not fit in 32 bits", line)
		}
		neg := v&1 != 0
		v >>= 1
		if neg {
			v = -v
		}
		if nf == 5 {
			return fmt.Errorf("line %d: a segment has more than 5 fields", line)
		}
		fields[nf] = v
		nf++
	}
	return endSegment()
}
