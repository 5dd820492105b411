package runtime

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

const (
	testManifest = `{"name":"t","version":"1.0.0","entry":"app.js","permissions":["storage"]}`
	testScript   = `var __soukApp = (() => ({ default: { render() { return {type: "text", text: "hi"} } } }))();`
	// testSourceMap is the smallest map the reader accepts: one segment.
	testSourceMap = `{"version":3,"sources":["src/index.ts"],"mappings":"AAAA"}`
)

// zent is one entry of a test archive; hdr may tweak the header.
type zent struct {
	name string
	data string
	hdr  func(*zip.FileHeader)
}

func mkzip(t testing.TB, ents ...zent) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range ents {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		h.SetMode(0o644)
		if e.hdr != nil {
			e.hdr(h)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(e.data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rawEntry writes pre-compressed bytes with a header that may lie.
func rawZip(t testing.TB, valid []zent, name string, method uint16, raw []byte, crc uint32, claimed uint64, flags uint16) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range valid {
		w, _ := zw.Create(e.name)
		w.Write([]byte(e.data))
	}
	h := &zip.FileHeader{Name: name, Method: method, CRC32: crc, CompressedSize64: uint64(len(raw)), UncompressedSize64: claimed, Flags: flags}
	h.SetMode(0o644)
	w, err := zw.CreateRaw(h)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(raw)
	zw.Close()
	return buf.Bytes()
}

func manyEntries(t testing.TB, n int) []byte {
	ents := base()
	for i := range n {
		ents = append(ents, zent{name: fmt.Sprintf("assets/%d.txt", i)})
	}
	return mkzip(t, ents...)
}

// zip64Marker saturates the end record's entry count, as zip64 archives do.
func zip64Marker(t testing.TB) []byte {
	z := mkzip(t, base()...)
	i := bytes.LastIndex(z, []byte("PK\x05\x06"))
	binary.LittleEndian.PutUint16(z[i+10:], 0xffff)
	return z
}

func deflate(data []byte) []byte {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

func base(extra ...zent) []zent {
	return append([]zent{{name: ManifestFile, data: testManifest}, {name: ScriptFile, data: testScript}}, extra...)
}

// setCentralAttrs rewrites the external attributes of every central
// directory entry named name: raw bytes, as a hostile tool would write them.
func setCentralAttrs(t testing.TB, z []byte, name string, attrs uint32) []byte {
	t.Helper()
	z = bytes.Clone(z)
	found := false
	for i := 0; i+46 <= len(z); i++ {
		if binary.LittleEndian.Uint32(z[i:]) != 0x02014b50 {
			continue
		}
		n := int(binary.LittleEndian.Uint16(z[i+28:]))
		if i+46+n <= len(z) && string(z[i+46:i+46+n]) == name {
			binary.LittleEndian.PutUint16(z[i+4:], 3<<8|20) // made by unix
			binary.LittleEndian.PutUint32(z[i+38:], attrs)
			found = true
		}
	}
	if !found {
		t.Fatalf("no central entry %q", name)
	}
	return z
}

// evilZips are the rejection table; the fuzz seed corpus is made from them too.
func evilZips(t testing.TB) []struct {
	name   string
	zip    []byte
	limits func(*BundleLimits)
	code   string
} {
	zeros := make([]byte, 10<<20)
	bomb := deflate(zeros)
	symlinkRaw := setCentralAttrs(t, mkzip(t, base(zent{name: "assets/a.png", data: "/etc/passwd"})...), "assets/a.png", (0o120777)<<16)
	return []struct {
		name   string
		zip    []byte
		limits func(*BundleLimits)
		code   string
	}{
		{"archive over cap", mkzip(t, base()...), func(l *BundleLimits) { l.MaxArchiveBytes = 100 }, CodeBundleTooLarge},
		{"not a zip", []byte("PK\x03\x04 this is not a zip"), nil, CodeBundleMalformedZip},
		{"truncated", mkzip(t, base()...)[:60], nil, CodeBundleMalformedZip},
		{"too many files", mkzip(t, base(zent{name: "assets/a.txt"}, zent{name: "assets/b.txt"})...), func(l *BundleLimits) { l.MaxFiles = 3 }, CodeBundleTooManyFiles},
		{"many empty entries", manyEntries(t, 2000), nil, CodeBundleTooManyFiles},
		{"zip64 marker", zip64Marker(t), nil, CodeBundleMalformedZip},
		{"dot-dot", mkzip(t, base(zent{name: "../../etc/cron.d/x"})...), nil, CodeBundlePathTraversal},
		{"inner dot-dot", mkzip(t, base(zent{name: "assets/../../x.png"})...), nil, CodeBundlePathTraversal},
		{"absolute", mkzip(t, base(zent{name: "/etc/passwd"})...), nil, CodeBundleAbsolutePath},
		{"drive letter", mkzip(t, base(zent{name: "C:/windows/x.png"})...), nil, CodeBundleAbsolutePath},
		{"backslash", mkzip(t, base(zent{name: `assets\..\..\x.png`})...), nil, CodeBundleBadPath},
		{"dot segment", mkzip(t, base(zent{name: "assets/./a.png"})...), nil, CodeBundleBadPath},
		{"control char", mkzip(t, base(zent{name: "assets/a\x00.png"})...), nil, CodeBundleBadPath},
		{"non-utf8 name", mkzip(t, base(zent{name: "assets/\xff.png"})...), nil, CodeBundleBadPath},
		{"directory entry", mkzip(t, base(zent{name: "assets/"})...), nil, CodeBundleBadPath},
		{"symlink via mode", mkzip(t, base(zent{name: "assets/a.png", data: "/etc/passwd", hdr: func(h *zip.FileHeader) { h.SetMode(fs.ModeSymlink | 0o777) }})...), nil, CodeBundleSymlink},
		{"symlink via raw attrs", symlinkRaw, nil, CodeBundleSymlink},
		{"named pipe", mkzip(t, base(zent{name: "assets/p.txt", hdr: func(h *zip.FileHeader) { h.SetMode(fs.ModeNamedPipe | 0o644) }})...), nil, CodeBundleNotRegular},
		{"device", mkzip(t, base(zent{name: "assets/d.txt", hdr: func(h *zip.FileHeader) { h.SetMode(fs.ModeDevice | 0o644) }})...), nil, CodeBundleNotRegular},
		{"duplicate name", mkzip(t, base(zent{name: ScriptFile, data: "var evil"})...), nil, CodeBundleDuplicateName},
		{"case-insensitive duplicate", mkzip(t, base(zent{name: "assets/a.png"}, zent{name: "assets/A.png"})...), nil, CodeBundleDuplicateName},
		{"manifest case duplicate", mkzip(t, base(zent{name: "SOUK.json", data: testManifest})...), nil, CodeBundleDuplicateName},
		{"ratio bomb", rawZip(t, base(), "assets/zeros.txt", zip.Deflate, bomb, crc32.ChecksumIEEE(zeros), uint64(len(zeros)), 0), nil, CodeBundleZipBomb},
		{"bomb with lying header", rawZip(t, base(), "assets/zeros.txt", zip.Deflate, bomb, 0, 1<<40, 0), nil, CodeBundleZipBomb},
		{"header claims small", rawZip(t, base(), "assets/zeros.txt", zip.Deflate, bomb, 0, 10, 0), nil, CodeBundleMalformedZip},
		{"total bomb", mkzip(t, base(zent{name: "assets/a.txt", data: strings.Repeat("abcdefgh", 1000)}, zent{name: "assets/b.txt", data: strings.Repeat("abcdefgh", 1000)})...),
			func(l *BundleLimits) { l.MaxUncompressedBytes = 10000 }, CodeBundleZipBomb},
		{"unsupported method", rawZip(t, base(), "assets/a.txt", 99, []byte("xx"), 0, 2, 0), nil, CodeBundleMalformedZip},
		{"encrypted", rawZip(t, base(), "assets/a.txt", zip.Store, []byte("xx"), 0, 2, 0x1), nil, CodeBundleMalformedZip},
		{"bad crc", rawZip(t, base(), "assets/a.txt", zip.Store, []byte("xx"), 1234, 2, 0), nil, CodeBundleMalformedZip},
		{"script over cap", mkzip(t, base()...), func(l *BundleLimits) { l.MaxScriptBytes = 10 }, CodeBundleScriptTooLarge},
		{"script not utf-8", mkzip(t, zent{name: ManifestFile, data: testManifest}, zent{name: ScriptFile, data: "var a = '\xc3\x28';"}), nil, CodeBundleNotUTF8},
		{"sourceMappingURL", mkzip(t, zent{name: ManifestFile, data: testManifest}, zent{name: ScriptFile, data: testScript + "\n//# sourceMappingURL=/etc/passwd"}), nil, CodeBundleSourceMapURL},
		{"source map not json", mkzip(t, base(zent{name: SourceMapFile, data: "{"})...), nil, CodeBundleBadSourceMap},
		{"no manifest", mkzip(t, zent{name: ScriptFile, data: testScript}), nil, CodeBundleNoManifest},
		{"malformed manifest", mkzip(t, zent{name: ManifestFile, data: `{"name":`}, zent{name: ScriptFile, data: testScript}), nil, CodeManifestInvalid},
		{"manifest unknown field", mkzip(t, zent{name: ManifestFile, data: strings.Replace(testManifest, `"name"`, `"evil":1,"name"`, 1)}, zent{name: ScriptFile, data: testScript}), nil, CodeManifestInvalid},
		{"manifest not utf-8", mkzip(t, zent{name: ManifestFile, data: strings.Replace(testManifest, `"t"`, "\"t\xff\"", 1)}, zent{name: ScriptFile, data: testScript}), nil, CodeBundleNotUTF8},
		{"unknown permission", mkzip(t, zent{name: ManifestFile, data: strings.Replace(testManifest, `"storage"`, `"wallet"`, 1)}, zent{name: ScriptFile, data: testScript}), nil, CodeManifestUnknownPermission},
		{"limit above cap", mkzip(t, zent{name: ManifestFile, data: strings.Replace(testManifest, `"permissions"`, `"limits":{"memoryMB":4096},"permissions"`, 1)}, zent{name: ScriptFile, data: testScript}), nil, CodeManifestLimit},
		{"manifest entry not app.js", mkzip(t, zent{name: ManifestFile, data: strings.Replace(testManifest, `"app.js"`, `"src/index.ts"`, 1)}, zent{name: ScriptFile, data: testScript}), nil, CodeManifestInvalid},
		{"missing entry", mkzip(t, zent{name: ManifestFile, data: testManifest}, zent{name: "assets/a.txt"}), nil, CodeBundleMissingEntry},
		{"unexpected file", mkzip(t, base(zent{name: "run.sh", data: "rm -rf /"})...), nil, CodeBundleUnexpectedFile},
		{"html asset", mkzip(t, base(zent{name: "assets/index.html", data: "<script>"})...), nil, CodeBundleAssetType},
		{"svg asset", mkzip(t, base(zent{name: "assets/x.svg", data: "<svg onload=alert(1)>"})...), nil, CodeBundleAssetType},
		{"manifest over cap", mkzip(t, zent{name: ManifestFile, data: strings.Repeat(" ", MaxManifestBytes+1)}, zent{name: ScriptFile, data: testScript}), nil, CodeManifestInvalid},
	}
}

func TestReadBundleRejects(t *testing.T) {
	for _, tt := range evilZips(t) {
		t.Run(tt.name, func(t *testing.T) {
			limits := DefaultBundleLimits()
			if tt.limits != nil {
				tt.limits(&limits)
			}
			b, err := ReadBundle(bytes.NewReader(tt.zip), int64(len(tt.zip)), limits)
			if err == nil {
				t.Fatalf("accepted: %+v", b.Manifest)
			}
			if got := ErrorCode(err); got != tt.code {
				t.Fatalf("code %q, want %q: %v", got, tt.code, err)
			}
			t.Log(err)
			if len(err.Error()) < len(tt.code)+10 {
				t.Fatalf("message too terse: %v", err)
			}
		})
	}
}

func TestReadBundleAccepts(t *testing.T) {
	z := mkzip(t, base(zent{name: SourceMapFile, data: testSourceMap}, zent{name: "assets/img/b.png", data: "png"}, zent{name: "assets/a.json", data: "{}"})...)
	b, err := ReadBundle(bytes.NewReader(z), int64(len(z)), DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	if string(b.Script) != testScript || string(b.SourceMap) != testSourceMap || b.Manifest.Name != "t" {
		t.Fatalf("wrong bundle: %+v", b)
	}
	if len(b.Assets) != 2 || b.Assets[0].Name != "a.json" || b.Assets[1].Name != "img/b.png" || b.Assets[1].ContentType != "image/png" {
		t.Fatalf("assets: %+v", b.Assets)
	}
	if b.Hash != sha256.Sum256(z) {
		t.Fatal("hash is not the archive's SHA-256")
	}
	checkBundle(t, b, z, DefaultBundleLimits())
}

// checkBundle asserts every rule ReadBundle promises about an accepted bundle.
func checkBundle(t *testing.T, b *Bundle, z []byte, l BundleLimits) {
	t.Helper()
	if b.Manifest == nil || b.Manifest.Validate(l.Caps) != nil || b.Manifest.Entry != ScriptFile {
		t.Fatalf("accepted an invalid manifest: %+v", b.Manifest)
	}
	if b.Script == nil || !utf8.Valid(b.Script) || int64(len(b.Script)) > l.MaxScriptBytes || checkScript(b.Script) != nil {
		t.Fatal("accepted a bad script")
	}
	if b.SourceMap != nil && !json.Valid(b.SourceMap) {
		t.Fatal("accepted a bad source map")
	}
	total := int64(len(b.Script) + len(b.SourceMap))
	seen := map[string]bool{}
	for _, a := range b.Assets {
		if pathError(path.Join(AssetsDir, a.Name)) != nil || seen[strings.ToLower(a.Name)] {
			t.Fatalf("accepted bad asset name %q", a.Name)
		}
		if _, ok := AssetExts[strings.ToLower(path.Ext(a.Name))]; !ok {
			t.Fatalf("accepted asset type %q", a.Name)
		}
		seen[strings.ToLower(a.Name)] = true
		total += int64(len(a.Data))
	}
	if total > l.MaxUncompressedBytes || len(b.Assets)+3 > l.MaxFiles+1 || b.Hash != sha256.Sum256(z) {
		t.Fatal("accepted a bundle over its limits")
	}
}

func fuzzLimits() BundleLimits {
	l := DefaultBundleLimits()
	l.MaxUncompressedBytes = 4 << 20
	return l
}

func FuzzReadBundle(f *testing.F) {
	f.Add(mkzip(f, base()...))
	f.Fuzz(func(t *testing.T, z []byte) {
		l := fuzzLimits()
		b, err := ReadBundle(bytes.NewReader(z), int64(len(z)), l)
		if err != nil {
			if ErrorCode(err) == "" {
				t.Fatalf("untyped error: %v", err)
			}
			return
		}
		checkBundle(t, b, z, l)
	})
}

// TestWriteFuzzSeeds checks that the committed corpus under
// testdata/fuzz/FuzzReadBundle holds every seed; it rewrites them with
// SOUK_WRITE_FUZZ_SEEDS=1 go test -run TestWriteFuzzSeeds ./runtime/
func TestWriteFuzzSeeds(t *testing.T) {
	seeds := map[string][]byte{
		"valid-minimal": mkzip(t, base()...),
		"valid-assets":  mkzip(t, base(zent{name: SourceMapFile, data: testSourceMap}, zent{name: "assets/a.png", data: "\x89PNG"})...),
	}
	for _, e := range evilZips(t) {
		if len(e.zip) < 64<<10 && e.limits == nil { // keep the corpus small
			seeds[strings.ReplaceAll(e.name, " ", "-")] = e.zip
		}
	}
	writeSeeds(t, "FuzzReadBundle", seeds)
}

// writeSeeds writes the seeds in go's corpus format when
// SOUK_WRITE_FUZZ_SEEDS is set, and otherwise fails if a committed seed is
// missing or stale, so the corpus a normal run replays never drifts.
func writeSeeds(t *testing.T, fuzzName string, seeds map[string][]byte) {
	dir := filepath.Join("testdata", "fuzz", fuzzName)
	write := os.Getenv("SOUK_WRITE_FUZZ_SEEDS") != ""
	if write {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range seeds {
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)
		path := filepath.Join(dir, name)
		if write {
			if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if got, err := os.ReadFile(path); err != nil || string(got) != body {
			t.Errorf("seed %s is missing or stale (%v); rerun with SOUK_WRITE_FUZZ_SEEDS=1", path, err)
		}
	}
}
