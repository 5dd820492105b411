package runtime

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"unicode/utf8"
)

// Archive layout. souk build writes exactly these names; the reader accepts
// nothing else.
const (
	ScriptFile    = "app.js"     // the one classic script (esbuild IIFE)
	SourceMapFile = "app.js.map" // external source map, sourcesContent included
	AssetsDir     = "assets"     // static assets, served by the host
)

// AssetExts are the static asset types a bundle may carry, with their
// content types. Nothing a browser would execute (html, js, svg) is allowed:
// third-party code never reaches a shopper's browser.
var AssetExts = map[string]string{
	".png":  "image/png",
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".gif":  "image/gif",
	".webp": "image/webp",
	".avif": "image/avif",
	".json": "application/json",
	".txt":  "text/plain; charset=utf-8",
}

// BundleLimits bound what the reader accepts (and what souk build produces).
type BundleLimits struct {
	MaxArchiveBytes      int64   // the zip file itself
	MaxUncompressedBytes int64   // all entries together, counted while inflating
	MaxRatio             float64 // uncompressed/compressed, per entry and overall
	MaxScriptBytes       int64   // app.js
	MaxSourceMapBytes    int64   // app.js.map
	MaxFiles             int
	Caps                 AppLimits // platform caps for the manifest's limits
}

// DefaultBundleLimits are the platform's limits.
func DefaultBundleLimits() BundleLimits {
	return BundleLimits{
		MaxArchiveBytes:      16 << 20,
		MaxUncompressedBytes: 48 << 20,
		MaxRatio:             100,
		MaxScriptBytes:       4 << 20,
		MaxSourceMapBytes:    16 << 20,
		MaxFiles:             512,
		Caps:                 PlatformCaps,
	}
}

// Bundle is a read and validated archive.
type Bundle struct {
	Manifest  *Manifest
	Script    []byte   // app.js, valid UTF-8
	SourceMap []byte   // app.js.map, or nil
	Assets    []Asset  // sorted by Name
	Hash      [32]byte // SHA-256 of the whole archive: the version's identity
	Size      int64    // archive size in bytes
}

// Asset is one static file under assets/.
type Asset struct {
	Name        string // path inside assets/, e.g. "logo.png"
	ContentType string
	Data        []byte
	SHA256      [32]byte
}

// ReadBundle reads an archive written by souk build and checks every rule
// (see doc.go). Sizes are enforced while inflating; zip headers are never
// trusted. Errors are *Error with a bundle_* or manifest_* code.
func ReadBundle(r io.ReaderAt, size int64, limits BundleLimits) (*Bundle, error) {
	if size < 0 {
		return nil, errorf(CodeBundleMalformedZip, "negative archive size")
	}
	if size > limits.MaxArchiveBytes {
		return nil, errorf(CodeBundleTooLarge, "archive is %d bytes; the limit is %d", size, limits.MaxArchiveBytes)
	}
	if err := precheckDirectory(r, size, limits.MaxFiles); err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !(errors.Is(err, zip.ErrInsecurePath) && zr != nil) {
		// ErrInsecurePath (GODEBUG zipinsecurepath=0) comes with a usable
		// reader; our own path checks below are stricter and say which name.
		return nil, &Error{Code: CodeBundleMalformedZip, Message: "not a valid zip archive: " + err.Error(), Err: err}
	}
	if len(zr.File) > limits.MaxFiles {
		return nil, errorf(CodeBundleTooManyFiles, "archive has %d files; the limit is %d", len(zr.File), limits.MaxFiles)
	}

	// Names and types first, so a hostile archive is refused before any inflating.
	exact := map[string]bool{}
	folded := map[string]string{}
	for _, f := range zr.File {
		if e := pathError(f.Name); e != nil {
			return nil, e
		}
		mode := f.Mode()
		switch {
		case mode&fs.ModeSymlink != 0:
			return nil, errorf(CodeBundleSymlink, "%q is a symbolic link; bundles may contain only regular files", f.Name)
		case !mode.IsRegular():
			return nil, errorf(CodeBundleNotRegular, "%q is not a regular file (mode %v)", f.Name, mode)
		case f.Flags&0x1 != 0:
			return nil, errorf(CodeBundleMalformedZip, "%q is encrypted", f.Name)
		case f.Method != zip.Store && f.Method != zip.Deflate:
			return nil, errorf(CodeBundleMalformedZip, "%q uses unsupported compression method %d", f.Name, f.Method)
		}
		if exact[f.Name] {
			return nil, errorf(CodeBundleDuplicateName, "%q appears twice", f.Name)
		}
		low := strings.ToLower(f.Name)
		if other, ok := folded[low]; ok {
			return nil, errorf(CodeBundleDuplicateName, "%q and %q differ only in case", other, f.Name)
		}
		exact[f.Name], folded[low] = true, f.Name
	}

	rd := &inflater{limits: limits, archiveSize: size}
	b := &Bundle{Size: size}
	mf := findFile(zr, ManifestFile)
	if mf == nil {
		return nil, errorf(CodeBundleNoManifest, "archive has no %s", ManifestFile)
	}
	raw, err := rd.read(mf, MaxManifestBytes, CodeManifestInvalid)
	if err != nil {
		return nil, err
	}
	if !utf8.Valid(raw) {
		return nil, errorf(CodeBundleNotUTF8, "%s is not valid UTF-8", ManifestFile)
	}
	if b.Manifest, err = ParseManifest(raw, limits.Caps); err != nil {
		return nil, err
	}
	if b.Manifest.Entry != ScriptFile {
		return nil, errorf(CodeManifestInvalid, "souk.json: field \"entry\": is %q in a built bundle; souk build sets it to %q", b.Manifest.Entry, ScriptFile)
	}
	if a := b.Manifest.Assets; a != "" && a != AssetsDir {
		return nil, errorf(CodeManifestInvalid, "souk.json: field \"assets\": is %q in a built bundle; souk build sets it to %q", a, AssetsDir)
	}

	for _, f := range zr.File {
		switch {
		case f.Name == ManifestFile:
		case f.Name == ScriptFile:
			if b.Script, err = rd.read(f, limits.MaxScriptBytes, CodeBundleScriptTooLarge); err != nil {
				return nil, err
			}
		case f.Name == SourceMapFile:
			if b.SourceMap, err = rd.read(f, limits.MaxSourceMapBytes, CodeBundleTooLarge); err != nil {
				return nil, err
			}
		case strings.HasPrefix(f.Name, AssetsDir+"/"):
			name := strings.TrimPrefix(f.Name, AssetsDir+"/")
			ct, ok := AssetExts[strings.ToLower(path.Ext(name))]
			if !ok {
				return nil, errorf(CodeBundleAssetType, "%q: asset type %q is not allowed (allowed: %s)", f.Name, path.Ext(name), assetExtList())
			}
			data, err := rd.read(f, limits.MaxUncompressedBytes, CodeBundleZipBomb)
			if err != nil {
				return nil, err
			}
			b.Assets = append(b.Assets, Asset{Name: name, ContentType: ct, Data: data, SHA256: sha256.Sum256(data)})
		default:
			return nil, errorf(CodeBundleUnexpectedFile, "unexpected file %q (a bundle holds %s, %s, %s and %s/...)", f.Name, ManifestFile, ScriptFile, SourceMapFile, AssetsDir)
		}
	}
	if b.Script == nil {
		return nil, errorf(CodeBundleMissingEntry, "archive has no entry script %s", ScriptFile)
	}
	if err := checkScript(b.Script); err != nil {
		return nil, err
	}
	if b.SourceMap != nil {
		if !utf8.Valid(b.SourceMap) || !json.Valid(b.SourceMap) {
			return nil, errorf(CodeBundleBadSourceMap, "%s is not valid UTF-8 JSON", SourceMapFile)
		}
		if err := checkSourceMap(b.SourceMap, b.Script); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(b.Assets, func(x, y Asset) int { return strings.Compare(x.Name, y.Name) })

	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(r, 0, size)); err != nil {
		return nil, &Error{Code: CodeBundleMalformedZip, Message: "reading archive: " + err.Error(), Err: err}
	}
	h.Sum(b.Hash[:0])
	return b, nil
}

// precheckDirectory reads the entry count from the end-of-central-directory
// record before archive/zip parses (and allocates for) every record, so a
// 16 MiB archive of empty entries cannot cost hundreds of MiB. Bundles never
// need zip64 (souk build writes at most MaxFiles small entries).
func precheckDirectory(r io.ReaderAt, size int64, maxFiles int) error {
	const eocdLen = 22
	n := min(size, eocdLen+0xffff)
	buf := make([]byte, n)
	if _, err := r.ReadAt(buf, size-n); err != nil && err != io.EOF {
		return &Error{Code: CodeBundleMalformedZip, Message: "reading archive: " + err.Error(), Err: err}
	}
	for i := len(buf) - eocdLen; i >= 0; i-- {
		if string(buf[i:i+4]) != "PK\x05\x06" {
			continue
		}
		commentLen := int(buf[i+20]) | int(buf[i+21])<<8
		if i+eocdLen+commentLen > len(buf) {
			continue
		}
		records := int(buf[i+10]) | int(buf[i+11])<<8
		if records == 0xffff || string(buf[i+16:i+20]) == "\xff\xff\xff\xff" {
			return errorf(CodeBundleMalformedZip, "zip64 archives are not accepted")
		}
		if records > maxFiles {
			return errorf(CodeBundleTooManyFiles, "archive has %d files; the limit is %d", records, maxFiles)
		}
		return nil
	}
	return errorf(CodeBundleMalformedZip, "not a valid zip archive: no end of central directory")
}

// checkScript applies the rules for the entry script's text.
func checkScript(s []byte) error {
	if !utf8.Valid(s) {
		return errorf(CodeBundleNotUTF8, "%s is not valid UTF-8", ScriptFile)
	}
	// goja's parser follows sourceMappingURL comments and reads the named
	// file; the sandbox disables that, and we refuse such scripts anyway.
	for line := range bytes.Lines(s) {
		t := bytes.TrimSpace(line)
		if (bytes.HasPrefix(t, []byte("//#")) || bytes.HasPrefix(t, []byte("//@"))) &&
			bytes.Contains(t, []byte("sourceMappingURL")) {
			return errorf(CodeBundleSourceMapURL, "%s contains a sourceMappingURL comment; the source map must be the separate %s", ScriptFile, SourceMapFile)
		}
	}
	return nil
}

func findFile(zr *zip.Reader, name string) *zip.File {
	for _, f := range zr.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}

func assetExtList() string {
	exts := make([]string, 0, len(AssetExts))
	for e := range AssetExts {
		exts = append(exts, e)
	}
	slices.Sort(exts)
	return strings.Join(exts, " ")
}

// inflater reads entries under a running total, so limits hold whatever the
// headers claim.
type inflater struct {
	limits      BundleLimits
	archiveSize int64
	total       int64 // uncompressed bytes read so far
}

func (in *inflater) read(f *zip.File, limit int64, tooBigCode string) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, &Error{Code: CodeBundleMalformedZip, Message: fmt.Sprintf("%q: %v", f.Name, err), Err: err}
	}
	defer rc.Close()
	// The compressed bytes an entry can really occupy are bounded by the
	// archive, whatever its header says.
	compressed := in.archiveSize
	if f.CompressedSize64 < uint64(in.archiveSize) {
		compressed = int64(f.CompressedSize64)
	}
	perEntry := int64(in.limits.MaxRatio * float64(max(compressed, 1024)))
	budget := min(limit, perEntry, in.limits.MaxUncompressedBytes-in.total)

	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(rc, budget+1))
	in.total += n
	if err != nil {
		msg := fmt.Sprintf("%q: %v", f.Name, err)
		if errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum) {
			msg = fmt.Sprintf("%q: its data does not match its header (%v)", f.Name, err)
		}
		return nil, &Error{Code: CodeBundleMalformedZip, Message: msg, Err: err}
	}
	if n > budget {
		switch {
		case n > limit:
			if tooBigCode == CodeBundleZipBomb {
				return nil, errorf(CodeBundleZipBomb, "%q inflates past the %d-byte limit", f.Name, limit)
			}
			return nil, errorf(tooBigCode, "%q is larger than the %d-byte limit", f.Name, limit)
		case n > perEntry:
			return nil, errorf(CodeBundleZipBomb, "%q inflates more than %.0f:1 (compressed %d bytes)", f.Name, in.limits.MaxRatio, compressed)
		default:
			return nil, errorf(CodeBundleZipBomb, "archive inflates past the %d-byte total limit", in.limits.MaxUncompressedBytes)
		}
	}
	if float64(in.total) > in.limits.MaxRatio*float64(max(in.archiveSize, 1024)) {
		return nil, errorf(CodeBundleZipBomb, "archive inflates more than %.0f:1 overall", in.limits.MaxRatio)
	}
	return buf.Bytes(), nil
}

// pathError checks an archive (or manifest) path: relative, forward slashes,
// clean, printable UTF-8, no "..".
func pathError(name string) *Error {
	switch {
	case name == "" || name == ".":
		return errorf(CodeBundleBadPath, "empty file name %q", name)
	case len(name) > 255:
		return errorf(CodeBundleBadPath, "name %.40q... is longer than 255 bytes", name)
	case !utf8.ValidString(name):
		return errorf(CodeBundleBadPath, "name %q is not valid UTF-8", name)
	case strings.HasPrefix(name, "/") || (len(name) >= 2 && name[1] == ':'):
		return errorf(CodeBundleAbsolutePath, "%q is an absolute path", name)
	case strings.Contains(name, "\\"):
		return errorf(CodeBundleBadPath, "%q contains a backslash; use forward slashes", name)
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return errorf(CodeBundleBadPath, "%q contains a control character", name)
		}
	}
	for seg := range strings.SplitSeq(name, "/") {
		if seg == ".." {
			return errorf(CodeBundlePathTraversal, "%q escapes the bundle (\"..\")", name)
		}
	}
	if path.Clean(name) != name {
		return errorf(CodeBundleBadPath, "%q is not a clean path (no \".\", empty or trailing segments)", name)
	}
	return nil
}
