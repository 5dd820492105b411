package runtime

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/go-sourcemap/sourcemap"
)

// builtMap returns the script and source map esbuild made of
// the sandbox's sample app (sandbox/testdata/sourcemap, as souk build does), and a function that edits the map.
func builtMap(t testing.TB) (script, sm []byte, edit func(func(m map[string]any)) []byte) {
	t.Helper()
	script, err := os.ReadFile("../sandbox/testdata/sourcemap/bundle.js")
	if err != nil {
		t.Fatal(err)
	}
	sm, err = os.ReadFile("../sandbox/testdata/sourcemap/bundle.js.map")
	if err != nil {
		t.Fatal(err)
	}
	edit = func(f func(m map[string]any)) []byte {
		var m map[string]any
		if err := json.Unmarshal(sm, &m); err != nil {
			t.Fatal(err)
		}
		f(m)
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	return script, sm, edit
}

func mapBundle(t testing.TB, script, sm []byte) []byte {
	return mkzip(t, zent{name: ManifestFile, data: testManifest}, zent{name: ScriptFile, data: string(script)}, zent{name: SourceMapFile, data: string(sm)})
}

// craftedMaps are edits of a built map that the source-map library cannot
// use: each made it panic (first group) or mis-read the map.
func craftedMaps(t testing.TB) map[string]struct {
	sm   []byte
	want string
} {
	_, _, edit := builtMap(t)
	type c = struct {
		sm   []byte
		want string
	}
	return map[string]c{
		"empty sources":          {edit(func(m map[string]any) { m["sources"] = []string{} }), `"sources" is missing or empty`},
		"null section":           {[]byte(`{"version":3,"sections":[null]}`), `"sections"`},
		"section with null map":  {[]byte(`{"version":3,"sections":[{"offset":{"line":0,"column":0},"map":null}]}`), `"sections"`},
		"source index past end":  {edit(func(m map[string]any) { m["mappings"] = ";;;;AAAA,EgBAA" }), "source index 16 is outside"},
		"negative source index":  {edit(func(m map[string]any) { m["mappings"] = "AAAA,EDAA" }), "source index -1"},
		"name index past end":    {edit(func(m map[string]any) { m["names"], m["mappings"] = []string{"a"}, "AAAAC" }), `name index 1 is outside "names"`},
		"name index negative":    {edit(func(m map[string]any) { m["mappings"] = "AAAAD" }), "name index -1"},
		"case-folded member":     {edit(func(m map[string]any) { m["Sources"] = []string{} }), "only in case"},
		"duplicate member":       {[]byte(`{"version":3,"sources":["a.ts"],"sources":[],"mappings":"AAAA"}`), "duplicate"},
		"version 0":              {edit(func(m map[string]any) { m["version"] = 0 }), `"version" must be 3`},
		"mappings empty":         {edit(func(m map[string]any) { m["mappings"] = "" }), `"mappings" is empty`},
		"mappings not base64":    {edit(func(m map[string]any) { m["mappings"] = "AA=A" }), "not a base64 digit"},
		"value cut off":          {edit(func(m map[string]any) { m["mappings"] = "AAAg" }), "cut off"},
		"value over 32 bits":     {edit(func(m map[string]any) { m["mappings"] = "AAAA,gggggggE" }), "32 bits"},
		"two-field segment":      {edit(func(m map[string]any) { m["mappings"] = "AA" }), "2 fields"},
		"six-field segment":      {edit(func(m map[string]any) { m["mappings"] = "AAAAAA" }), "more than 5"},
		"more lines than script": {edit(func(m map[string]any) { m["mappings"] = strings.Repeat(";", 5000) + "AAAA" }), "generated lines"},
		"sources not strings":    {edit(func(m map[string]any) { m["sources"] = []any{nil} }), `"sources"[0] must be a string`},
		"not an object":          {[]byte(`[1]`), "not a JSON object"},
		"null":                   {[]byte(`null`), "not a JSON object"},
		"sourcesContent too long": {edit(func(m map[string]any) {
			m["sourcesContent"] = []any{"a", "b"}
		}), "2 entries for 1 sources"},
	}
}

func TestReadBundleRejectsCraftedSourceMaps(t *testing.T) {
	script, _, _ := builtMap(t)
	for name, tt := range craftedMaps(t) {
		t.Run(name, func(t *testing.T) {
			z := mapBundle(t, script, tt.sm)
			_, err := ReadBundle(bytes.NewReader(z), int64(len(z)), DefaultBundleLimits())
			if ErrorCode(err) != CodeBundleBadSourceMap || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %s containing %q", err, CodeBundleBadSourceMap, tt.want)
			}
		})
	}
}

func TestReadBundleAcceptsBuiltSourceMap(t *testing.T) {
	script, sm, _ := builtMap(t)
	z := mapBundle(t, script, sm)
	b, err := ReadBundle(bytes.NewReader(z), int64(len(z)), DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	useSourceMap(t, b)
}

// useSourceMap does what the sandbox does with an accepted map, at every
// generated position of the script and past it: parse it with the library
// and look positions up. A panic or a parse error fails the test.
func useSourceMap(t *testing.T, b *Bundle) {
	t.Helper()
	c, err := sourcemap.Parse("bundle.js.map", b.SourceMap)
	if err != nil {
		t.Fatalf("the reader accepted a map the library cannot parse: %v\n%s", err, b.SourceMap)
	}
	lines := bytes.Split(b.Script, []byte("\n"))
	for l := 0; l <= len(lines)+1; l++ {
		n := 0
		if l >= 1 && l <= len(lines) {
			n = len(lines[l-1])
		}
		for _, col := range []int{-1, 0, 1, 2, n / 2, n - 1, n, n + 1, 1 << 20} {
			c.Source(l, col)
		}
	}
}

// FuzzSourceMap feeds app.js.map through the bundle reader and, when it is
// accepted, through the source-map library the sandbox maps stacks with:
// nothing the reader accepts may make the library panic or fail. The seed
// corpus under testdata/fuzz/FuzzSourceMap is replayed by every `go test`;
// TestSourceMapFuzzSeeds keeps it complete.
func FuzzSourceMap(f *testing.F) {
	script, sm, _ := builtMap(f)
	f.Add(sm)
	for _, c := range craftedMaps(f) {
		f.Add(c.sm)
	}
	f.Fuzz(func(t *testing.T, sm []byte) {
		z := mapBundle(t, script, sm)
		b, err := ReadBundle(bytes.NewReader(z), int64(len(z)), fuzzLimits())
		if err != nil {
			if ErrorCode(err) == "" {
				t.Fatalf("untyped error: %v", err)
			}
			return
		}
		useSourceMap(t, b)
	})
}

// TestSourceMapFuzzSeeds checks the committed corpus holds every seed;
// SOUK_WRITE_FUZZ_SEEDS=1 go test -run TestSourceMapFuzzSeeds ./runtime/
// rewrites it.
func TestSourceMapFuzzSeeds(t *testing.T) {
	_, sm, _ := builtMap(t)
	seeds := map[string][]byte{"built-by-esbuild": sm}
	for name, c := range craftedMaps(t) {
		seeds[strings.ReplaceAll(name, " ", "-")] = c.sm
	}
	writeSeeds(t, "FuzzSourceMap", seeds)
}
