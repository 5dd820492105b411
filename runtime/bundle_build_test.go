package runtime

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dop251/goja"
	"github.com/dop251/goja/parser"
	"github.com/go-sourcemap/sourcemap"

	"github.com/soukhq/souk/internal/testenv"
)

// writeApp writes files (path → content) into a fresh app directory.
func writeApp(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// A small app without npm: TypeScript, two modules, a class, async/await,
// an async generator with for-await (which goja lacks natively), optional
// chaining, a JSON import and an asset.
var plainApp = map[string]string{
	"souk.json":           `{"name":"plain","version":"1.0.0","entry":"src/main.ts","permissions":["storage"],"assets":"static"}`,
	"data.json":           `{"greeting":"Hello"}`,
	"static/a.txt":        "asset",
	"static/img/logo.png": "\x89PNG",
	"src/util.ts": `export class Counter { #n = 0; static zero = 0; inc(): number { return ++this.#n; } }
export async function* ticks(n: number) { for (let i = 0; i < n; i++) yield i; }
export const nope = (o?: {a?: {b?: number}}) => o?.a?.b ?? -1;
// More syntax goja must run after lowering: static blocks, private methods,
// logical assignment, spread, named groups, lookbehind, BigInt, labels.
export class Box { static made = 0; static { Box.made = 1; } #secret() { return 7; } open() { return this.#secret(); } }
export function misc(): string {
  let a: number | undefined; a ??= 2; let b = 0; b ||= 3;
  const o = { ...{ x: 1 }, y: 2 }; const [p, , q = 9] = [1, 2];
  const m = /(?<year>\d{4})-(?<=-)(?<mon>\d\d)/.exec("2026-11")!;
  const big = 2n ** 64n;
  outer: for (const i of [1, 2]) { for (const j of [1, 2]) { if (j === 2) continue outer; } }
  return [a, b, o.x + o.y, p, q, m.groups!.year, m.groups!.mon, String(big), new Box().open(), Box.made, [1, 2, 3].at(-1)].join(",");
}`,
	"src/main.ts": `import { Counter, ticks, nope, misc } from "./util";
import data from "../data.json";
type Ctx = { installationId: string; locale: string };
export default {
  async render(page: string, params: Record<string, string>, ctx: Ctx) {
    const c = new Counter();
    let sum = 0;
    for await (const t of ticks(4)) sum += t;
    const stored = await (globalThis as any).souk.call("storage.get", { key: "k" });
    return { type: "text", text: data.greeting + " " + page + " " + ctx.installationId + " " + c.inc() + " " + sum + " " + nope() + " " + stored + " " + misc() };
  },
};`,
}

func TestBuildDeterministic(t *testing.T) {
	dir := writeApp(t, plainApp)
	a, err := Build(dir, DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	b, err := Build(dir, DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Archive, b.Archive) {
		t.Fatal("two builds of the same input differ")
	}
	// The same app in another directory gives the same bytes: no absolute
	// path reaches the archive.
	other := writeApp(t, plainApp)
	c, err := Build(other, DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Archive, c.Archive) {
		t.Fatal("the build depends on the app's location")
	}
	if bytes.Contains(a.Archive, []byte(dir)) {
		t.Fatal("archive contains the absolute app path")
	}

	bun, err := ReadBundle(bytes.NewReader(a.Archive), int64(len(a.Archive)), DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	if bun.Hash != a.Hash || bun.Manifest.Entry != ScriptFile || bun.Manifest.Assets != AssetsDir || len(bun.Assets) != 2 || bun.Assets[1].Name != "img/logo.png" {
		t.Fatalf("bundle: %+v %+v", bun.Manifest, bun.Assets)
	}
	for _, bad := range []string{"sourceMappingURL", "require(", "import "} {
		if bytes.Contains(bun.Script, []byte(bad)) {
			t.Errorf("script contains %q", bad)
		}
	}
	var sm struct {
		Sources        []string `json:"sources"`
		SourcesContent []string `json:"sourcesContent"`
	}
	if err := json.Unmarshal(bun.SourceMap, &sm); err != nil || len(sm.Sources) == 0 || len(sm.Sources) != len(sm.SourcesContent) || !strings.Contains(strings.Join(sm.Sources, " "), "src/main.ts") {
		t.Fatalf("source map: %v %+v", err, sm.Sources)
	}

	g := newGojaApp(t, bun)
	view, err := g.call("render", "home", map[string]string{}, map[string]string{"installationId": "inst1", "brandId": "b", "locale": "en"})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"type":"text","text":"Hello home inst1 1 6 -1 null 2,3,3,1,9,2026,11,18446744073709551616,7,1,3"}`; string(view) != want {
		t.Fatalf("render = %s, want %s", view, want)
	}
}

func TestBuildErrors(t *testing.T) {
	manifest := `{"name":"bad","version":"1.0.0","entry":"src/main.ts","permissions":[]}`
	tests := []struct {
		name  string
		files map[string]string
		want  string // substring of the error
		code  string // or "" for a BuildError
	}{
		{"syntax error names file:line", map[string]string{"souk.json": manifest, "src/main.ts": "export default {\n  render() {\n    return (;\n  }\n};"}, "src/main.ts:3:", ""},
		{"syntax error in imported file", map[string]string{"souk.json": manifest, "src/main.ts": `import {x} from "./lib"; export default {x};`, "src/lib.ts": "export const x = \n@@;"}, "src/lib.ts:2:", ""},
		{"node built-in", map[string]string{"souk.json": manifest, "src/main.ts": `import fs from "fs"; export default {fs};`}, `src/main.ts:1:16: Could not resolve "fs"`, ""},
		{"top-level await", map[string]string{"souk.json": manifest, "src/main.ts": "await 1; export default {};"}, "src/main.ts:1:", ""},
		{"missing package", map[string]string{"souk.json": manifest, "src/main.ts": `import x from "left-pad"; export default {x};`}, `Could not resolve "left-pad"`, ""},
		{"no manifest", map[string]string{"src/main.ts": ""}, "no souk.json", CodeManifestInvalid},
		{"bad manifest", map[string]string{"souk.json": `{"name":"Bad"}`}, "lowercase", CodeManifestInvalid},
		{"missing entry", map[string]string{"souk.json": manifest}, `"src/main.ts" is not a file`, CodeManifestInvalid},
		{"bad asset type", map[string]string{"souk.json": strings.Replace(manifest, `"permissions"`, `"assets":"static","permissions"`, 1), "src/main.ts": "export default {}", "static/x.html": "<script>"}, ".html", CodeBundleAssetType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Build(writeApp(t, tt.files), DefaultBundleLimits())
			if err == nil {
				t.Fatal("built")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %q does not contain %q", err, tt.want)
			}
			var be *BuildError
			if tt.code == "" && !errors.As(err, &be) {
				t.Fatalf("not a BuildError: %v", err)
			}
			if tt.code != "" && ErrorCode(err) != tt.code {
				t.Fatalf("code %q, want %q", ErrorCode(err), tt.code)
			}
		})
	}

	t.Run("asset symlink", func(t *testing.T) {
		dir := writeApp(t, map[string]string{"souk.json": strings.Replace(manifest, `"permissions"`, `"assets":"static","permissions"`, 1), "src/main.ts": "export default {}", "static/ok.txt": "x"})
		if err := os.Symlink("/etc/passwd", filepath.Join(dir, "static", "passwd.txt")); err != nil {
			t.Fatal(err)
		}
		if _, err := Build(dir, DefaultBundleLimits()); ErrorCode(err) != CodeBundleNotRegular {
			t.Fatalf("symlinked asset: %v", err)
		}
	})
}

// ---- the example app

// exampleDir returns examples/hello-shop with its node_modules installed
// (npm ci, once per test binary).
func exampleDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "examples", "hello-shop"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "nanoid")); err == nil {
		return dir
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		testenv.Missing(t, "npm is not installed; the example needs npm ci")
	}
	npmOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			npmErr = fmt.Errorf("npm ci in %s: %v\n%s", dir, err, out)
		}
	})
	if npmErr != nil {
		t.Fatal(npmErr)
	}
	return dir
}

var (
	npmOnce sync.Once
	npmErr  error
)

// buildExample builds hello-shop twice, checks the archives are
// byte-identical, and reads the bundle back.
// buildApp builds the app in dir and reads the bundle back, as an upload would.
func buildApp(t *testing.T, dir string) *Bundle {
	t.Helper()
	res, err := Build(dir, DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	bun, err := ReadBundle(bytes.NewReader(res.Archive), int64(len(res.Archive)), DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	return bun
}

func buildExample(t *testing.T) (*Bundle, string) {
	t.Helper()
	dir := exampleDir(t)
	a, err := Build(dir, DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	b, err := Build(dir, DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Archive, b.Archive) {
		t.Fatal("two builds of hello-shop differ")
	}
	bun, err := ReadBundle(bytes.NewReader(a.Archive), int64(len(a.Archive)), DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	return bun, dir
}

// throwLine is the 1-based line of the deliberate throw in the example.
func throwLine(t *testing.T, dir string) int {
	src, err := os.ReadFile(filepath.Join(dir, "src", "index.ts"))
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(src), "\n") {
		if strings.Contains(l, `throw new Error("boom`) {
			return i + 1
		}
	}
	t.Fatal("no deliberate throw in src/index.ts")
	return 0
}

func TestExampleHelloShop(t *testing.T) {
	bun, dir := buildExample(t)
	if bun.Manifest.Name != "hello-shop" || len(bun.Assets) != 1 || bun.Assets[0].Name != "logo.png" {
		t.Fatalf("bundle: %+v %+v", bun.Manifest, bun.Assets)
	}
	ctx := map[string]string{"installationId": "inst1", "brandId": "brand1", "shopperId": "s1", "locale": "en-GB"}
	g := newGojaApp(t, bun)

	raw, err := g.call("render", "home", map[string]string{"name": "Ann"}, ctx)
	if err != nil {
		t.Fatal(err)
	}
	view, err := ValidateView(raw, DefaultViewLimits())
	if err != nil {
		t.Fatalf("render returned an invalid view: %v\n%s", err, raw)
	}
	if n := view.Find("visits"); n == nil || n.Text != "Visit number 1" {
		t.Fatalf("view: %s", raw)
	}
	if !strings.Contains(string(raw), "Hello, Ann!") || g.storage["visits:s1"] != "1" {
		t.Fatalf("render did not use the SDK: %s %v", raw, g.storage)
	}
	if !slicesContains(g.calls, "log.info") {
		t.Fatalf("no log call: %v", g.calls)
	}

	// action "hi" uses storage and the npm dependency and returns a patch.
	raw, err = g.call("action", "hi", nil, ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, p, err := ValidateActionResult(raw, DefaultViewLimits())
	if err != nil || p == nil {
		t.Fatalf("action result %s: %v", raw, err)
	}
	patched, err := view.Apply(p, DefaultViewLimits())
	if err != nil {
		t.Fatal(err)
	}
	if n := patched.Find("visits"); n == nil || !regexp.MustCompile(`^Hi! Your ticket is [A-Za-z0-9_-]{8}\.$`).MatchString(n.Text) {
		t.Fatalf("patched view: %+v", n)
	}

	// action "boom" throws; its stack maps back to the original .ts line.
	_, err = g.call("action", "boom", nil, ctx)
	var je *gojaError
	if !errors.As(err, &je) {
		t.Fatalf("boom: %v", err)
	}
	src, line := mapFirstFrame(t, je.stack, bun.SourceMap)
	if src != "src/index.ts" || line != throwLine(t, dir) {
		t.Fatalf("mapped to %s:%d, want src/index.ts:%d\n%s", src, line, throwLine(t, dir), je.stack)
	}
}

func slicesContains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

var frameRe = regexp.MustCompile(`app\.js:(\d+):(\d+)`)

// mapFirstFrame maps the top app.js frame of a goja stack through the source map.
func mapFirstFrame(t *testing.T, stack string, smap []byte) (string, int) {
	t.Helper()
	m := frameRe.FindStringSubmatch(stack)
	if m == nil {
		t.Fatalf("no app.js frame in %q", stack)
	}
	line, _ := strconv.Atoi(m[1])
	col, _ := strconv.Atoi(m[2])
	c, err := sourcemap.Parse(SourceMapFile, smap)
	if err != nil {
		t.Fatal(err)
	}
	src, _, l, _, ok := c.Source(line, col-1) // goja columns are 1-based
	if !ok {
		t.Fatalf("app.js:%d:%d does not map", line, col)
	}
	return src, l
}

// ---- a plain goja host, for tests only: the real one is package sandbox.

type gojaApp struct {
	t       *testing.T
	rt      *goja.Runtime
	app     *goja.Object
	storage map[string]string // key → JSON
	calls   []string
}

type gojaError struct{ stack string }

func (e *gojaError) Error() string { return e.stack }

func newGojaApp(t *testing.T, b *Bundle) *gojaApp {
	t.Helper()
	g := &gojaApp{t: t, rt: goja.New(), storage: map[string]string{}}
	g.rt.SetParserOptions(parser.WithDisableSourceMaps)
	prog, err := goja.Compile(ScriptFile, string(b.Script), false)
	if err != nil {
		t.Fatalf("goja cannot compile the bundle: %v", err)
	}
	souk := g.rt.NewObject()
	souk.Set("call", g.hostCall)
	g.rt.Set("souk", souk)
	console := g.rt.NewObject()
	for _, l := range []string{"log", "info", "warn", "error", "debug"} {
		console.Set(l, func(goja.FunctionCall) goja.Value { return goja.Undefined() })
	}
	g.rt.Set("console", console)
	if _, err := g.rt.RunProgram(prog); err != nil {
		t.Fatalf("running the bundle: %v", err)
	}
	ns := g.rt.Get(GlobalName)
	if ns == nil || goja.IsUndefined(ns) {
		t.Fatalf("bundle did not define %s", GlobalName)
	}
	g.app = ns.ToObject(g.rt)
	if d := g.app.Get("default"); d != nil && !goja.IsUndefined(d) && !goja.IsNull(d) {
		g.app = d.ToObject(g.rt)
	}
	return g
}

// hostCall is a stub souk.call: storage in a map, log accepted.
func (g *gojaApp) hostCall(c goja.FunctionCall) goja.Value {
	name := c.Argument(0).String()
	g.calls = append(g.calls, name)
	args, _ := json.Marshal(c.Argument(1).Export())
	var a struct {
		Key   string          `json:"key"`
		Value json.RawMessage `json:"value"`
	}
	json.Unmarshal(args, &a)
	p, resolve, reject := g.rt.NewPromise()
	switch name {
	case "storage.get":
		if v, ok := g.storage[a.Key]; ok {
			var x any
			json.Unmarshal([]byte(v), &x)
			resolve(x)
		} else {
			resolve(goja.Null())
		}
	case "storage.set":
		g.storage[a.Key] = string(a.Value)
		resolve(goja.Undefined())
	case "log.info", "log.debug", "log.warn", "log.error":
		resolve(goja.Undefined())
	default:
		reject(g.rt.NewTypeError("not granted: " + name))
	}
	return g.rt.ToValue(p)
}

// call runs a handler, settles its promise, and returns the result as JSON.
func (g *gojaApp) call(handler string, args ...any) (json.RawMessage, error) {
	fn, ok := goja.AssertFunction(g.app.Get(handler))
	if !ok {
		g.t.Fatalf("no handler %q", handler)
	}
	vals := make([]goja.Value, len(args))
	for i, a := range args {
		b, _ := json.Marshal(a)
		var x any
		json.Unmarshal(b, &x)
		vals[i] = g.rt.ToValue(x)
	}
	v, err := fn(g.app, vals...)
	if err != nil {
		var ex *goja.Exception
		if errors.As(err, &ex) {
			return nil, &gojaError{stack: ex.String()}
		}
		return nil, err
	}
	if p, ok := v.Export().(*goja.Promise); ok {
		switch p.State() {
		case goja.PromiseStateRejected:
			r := p.Result()
			if o, ok := r.(*goja.Object); ok {
				return nil, &gojaError{stack: o.Get("stack").String()}
			}
			return nil, &gojaError{stack: r.String()}
		case goja.PromiseStatePending:
			g.t.Fatalf("%s never settled", handler)
		}
		v = p.Result()
	}
	stringify, _ := goja.AssertFunction(g.rt.Get("JSON").ToObject(g.rt).Get("stringify"))
	s, err := stringify(goja.Undefined(), v)
	if err != nil {
		return nil, err
	}
	return json.RawMessage(s.String()), nil
}
