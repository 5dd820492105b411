package runtime

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/evanw/esbuild/pkg/api"
	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// GlobalName is the global the entry script assigns its module namespace
// to; handlers are (globalThis.__soukApp.default ?? globalThis.__soukApp)[name].
const GlobalName = "__soukApp"

// archiveTime is every entry's timestamp, so the same input gives the same bytes.
var archiveTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// BuildResult is a built bundle.
type BuildResult struct {
	Archive  []byte // the zip, ready to upload
	Manifest *Manifest
	Hash     [32]byte // SHA-256 of Archive
	Warnings []string // esbuild warnings, "file:line:col: text"
}

// BuildError is an esbuild failure; each message names file:line:col.
type BuildError struct {
	Messages []string
}

func (e *BuildError) Error() string {
	return "build failed:\n  " + strings.Join(e.Messages, "\n  ")
}

// Build bundles the app in dir (which holds souk.json) into one archive.
// The output depends only on the files read, so the same input gives a
// byte-identical archive. The archive is read back with ReadBundle before it
// is returned, so Build never produces a bundle the host would refuse.
func Build(dir string, limits BundleLimits) (*BuildResult, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(abs)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	raw, err := readRootFile(root, ManifestFile, MaxManifestBytes)
	if err != nil {
		return nil, err
	}
	m, err := ParseManifest(raw, limits.Caps)
	if err != nil {
		return nil, err
	}
	if st, err := root.Stat(filepath.FromSlash(m.Entry)); err != nil || !st.Mode().IsRegular() {
		return nil, errorf(CodeManifestInvalid, "souk.json: field \"entry\": %q is not a file in %s", m.Entry, dir)
	}

	res := api.Build(esbuildOptions(abs, m.Entry))
	out := &BuildResult{}
	for _, w := range res.Warnings {
		out.Warnings = append(out.Warnings, formatMessage(w))
	}
	if len(res.Errors) > 0 {
		be := &BuildError{}
		for _, e := range res.Errors {
			be.Messages = append(be.Messages, formatMessage(explainUnresolved(e, abs)))
		}
		return nil, be
	}
	files := map[string][]byte{}
	for _, f := range res.OutputFiles {
		files[filepath.Base(f.Path)] = f.Contents
	}
	script, smap := files[ScriptFile], files[SourceMapFile]
	if script == nil || smap == nil {
		return nil, fmt.Errorf("esbuild produced %d files, not %s and %s", len(res.OutputFiles), ScriptFile, SourceMapFile)
	}

	entries := map[string][]byte{ScriptFile: script, SourceMapFile: smap}
	if m.Assets != "" {
		if err := collectAssets(root, m.Assets, entries); err != nil {
			return nil, err
		}
	}
	// The archive's manifest describes the archive: its entry is the built
	// script and its assets sit under assets/.
	bm := *m
	bm.Entry = ScriptFile
	if m.Assets != "" {
		bm.Assets = AssetsDir
	}
	mj, err := json.Marshal(&bm, jsontext.WithIndent("  "))
	if err != nil {
		return nil, err
	}
	entries[ManifestFile] = append(mj, '\n')

	archive, err := writeArchive(entries)
	if err != nil {
		return nil, err
	}
	if _, err := ReadBundle(bytes.NewReader(archive), int64(len(archive)), limits); err != nil {
		return nil, fmt.Errorf("the built bundle would be refused by the host: %w", err)
	}
	out.Archive, out.Manifest, out.Hash = archive, &bm, sha256.Sum256(archive)
	return out, nil
}

// esbuildOptions is the one place the script contract is encoded (doc.go).
func esbuildOptions(absDir, entry string) api.BuildOptions {
	return api.BuildOptions{
		EntryPoints:   []string{"./" + entry},
		AbsWorkingDir: absDir,
		// Not written: only names the outputs and makes the source map's
		// "sources" relative to the app directory.
		Outfile:    filepath.Join(absDir, ScriptFile),
		Write:      false,
		Bundle:     true,
		Format:     api.FormatIIFE,
		GlobalName: GlobalName,
		// The sandbox is a web-platform runtime without a DOM (like
		// Cloudflare Workers): packages resolve as for the browser (the
		// "browser" main field and its replacement map, which turns off
		// Node-only files such as object-inspect's util.inspect.js, and the
		// worker and browser export conditions). Node built-ins stay
		// unresolvable: there is no require.
		Platform:   api.PlatformBrowser,
		MainFields: []string{"browser", "module", "main"},
		Conditions: []string{"souk", "worker", "browser", "module", "import", "default"},
		Target:     api.ES2020,
		// goja has no async iteration; esbuild lowers it to generators.
		Supported: map[string]bool{
			"async-generator": false,
			"for-await":       false,
		},
		Sourcemap:      api.SourceMapExternal, // no sourceMappingURL comment in app.js
		SourcesContent: api.SourcesContentInclude,
		LegalComments:  api.LegalCommentsNone,
		Charset:        api.CharsetASCII,
		TreeShaking:    api.TreeShakingTrue,
		Define:         map[string]string{"process.env.NODE_ENV": `"production"`},
		Loader:         map[string]api.Loader{".json": api.LoaderJSON, ".txt": api.LoaderText},
		LogLevel:       api.LogLevelSilent,
		Plugins:        []api.Plugin{sdkPlugin, globalObjectPlugin},
	}
}

// globalObjectIdiom is the global-object idiom of npm libraries written
// before globalThis: Function("return this")() and new Function("return
// this")() (lodash, core-js, regenerator, …). The sandbox disables code
// generation from strings, so souk build rewrites exactly that expression
// to globalThis, which is what it evaluates to in sloppy mode.
var globalObjectIdiom = regexp.MustCompile(`(?:\bnew\s+)?\bFunction\s*\(\s*(?:"return this"|'return this')\s*\)\s*\(\s*\)`)

// globalObjectPlugin applies globalObjectIdiom to every script it loads.
// Files without the idiom are left to esbuild's own loader.
var globalObjectPlugin = api.Plugin{
	Name: "souk-global-object",
	Setup: func(b api.PluginBuild) {
		b.OnLoad(api.OnLoadOptions{Filter: `\.(?:[cm]?js|jsx|[cm]?ts|tsx)$`, Namespace: "file"},
			func(args api.OnLoadArgs) (api.OnLoadResult, error) {
				src, err := os.ReadFile(args.Path)
				if err != nil || !bytes.Contains(src, []byte("return this")) {
					return api.OnLoadResult{}, nil // esbuild loads it (and reports any error)
				}
				out := globalObjectIdiom.ReplaceAll(src, []byte("globalThis"))
				if bytes.Equal(out, src) {
					return api.OnLoadResult{}, nil
				}
				contents := string(out)
				return api.OnLoadResult{Contents: &contents, Loader: loaderFor(args.Path)}, nil
			})
	},
}

func loaderFor(p string) api.Loader {
	switch path.Ext(p) {
	case ".ts", ".mts", ".cts":
		return api.LoaderTS
	case ".tsx":
		return api.LoaderTSX
	case ".jsx":
		return api.LoaderJSX
	}
	return api.LoaderJS
}

func formatMessage(m api.Message) string {
	if m.Location == nil {
		return m.Text
	}
	l := m.Location
	s := fmt.Sprintf("%s:%d:%d: %s", l.File, l.Line, l.Column+1, m.Text)
	if l.LineText != "" {
		s += "\n      " + l.LineText
	}
	for _, n := range m.Notes {
		if n.Location != nil {
			s += fmt.Sprintf("\n    %s:%d:%d: note: %s", n.Location.File, n.Location.Line, n.Location.Column+1, n.Text)
		} else if n.Text != "" {
			s += "\n    note: " + n.Text
		}
	}
	return s
}

// collectAssets adds every file under the assets directory as assets/<rel>.
// os.Root keeps the walk inside the app; links are refused, not followed.
func collectAssets(root *os.Root, dir string, entries map[string][]byte) error {
	return fs.WalkDir(root.FS(), dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("assets: %w", err)
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return errorf(CodeBundleNotRegular, "asset %s is not a regular file (links are not followed)", p)
		}
		name := path.Join(AssetsDir, strings.TrimPrefix(p, dir+"/"))
		if e := pathError(name); e != nil {
			return e
		}
		if _, ok := AssetExts[strings.ToLower(path.Ext(name))]; !ok {
			return errorf(CodeBundleAssetType, "asset %s: type %q is not allowed (allowed: %s)", p, path.Ext(name), assetExtList())
		}
		data, err := readRootFile(root, p, 64<<20)
		if err != nil {
			return err
		}
		entries[name] = data
		return nil
	})
}

func readRootFile(root *os.Root, name string, limit int64) ([]byte, error) {
	f, err := root.Open(filepath.FromSlash(name))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && name == ManifestFile {
			return nil, errorf(CodeManifestInvalid, "no %s in the app directory", ManifestFile)
		}
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", name, limit)
	}
	return data, nil
}

// writeArchive writes entries sorted by name with fixed times and modes.
func writeArchive(entries map[string][]byte) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(entries))
	for n := range entries {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		h := &zip.FileHeader{Name: n, Method: zip.Deflate, Modified: archiveTime}
		h.SetMode(0o644)
		w, err := zw.CreateHeader(h)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(entries[n]); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
