package runtime

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/soukhq/souk/sandbox"
)

// An app that imports @souk/sdk builds with no node_modules at all: the SDK
// comes from the binary.
func TestBuildResolvesSDKFromTheBinary(t *testing.T) {
	dir := writeApp(t, map[string]string{
		"souk.json": `{"name":"nosdk","version":"1.0.0","entry":"src/main.ts","permissions":["storage"]}`,
		"src/main.ts": `import { defineApp, ui, storage } from "@souk/sdk";
export default defineApp({ async render() { await storage.get("k"); return ui.text("hi"); } });`,
	})
	bun := buildApp(t, dir)
	if !bytes.Contains(bun.SourceMap, []byte("souk-sdk:src/view.ts")) {
		t.Fatalf("the source map does not name the embedded SDK's files: %.300s", bun.SourceMap)
	}
}

// A missing npm package or a Node built-in is explained in souk's terms,
// not with esbuild's advice to mark the path as external.
func TestBuildExplainsUnresolvedImports(t *testing.T) {
	manifest := `{"name":"bad","version":"1.0.0","entry":"src/main.ts","permissions":[]}`
	for _, tt := range []struct{ src, want string }{
		{`import x from "left-pad/x"; export default {x};`, `the package "left-pad" is not installed: run npm install in`},
		{`import x from "@acme/util"; export default {x};`, `npm install @acme/util`},
		{`import fs from "node:fs"; export default {fs};`, `"node:fs" is a Node built-in`},
		{`import fs from "fs"; export default {fs};`, `"fs" is a Node built-in`},
		{`import x from "./nope"; export default {x};`, `no such file`},
	} {
		_, err := Build(writeApp(t, map[string]string{"souk.json": manifest, "src/main.ts": tt.src}), DefaultBundleLimits())
		var be *BuildError
		if !errors.As(err, &be) {
			t.Fatalf("%s: %v", tt.src, err)
		}
		msg := err.Error()
		if !strings.Contains(msg, tt.want) || strings.Contains(msg, "external") || strings.Contains(msg, "platform") {
			t.Errorf("%s:\n%s\nwant %q and no esbuild advice", tt.src, msg, tt.want)
		}
	}
}

// The SDK's view builders drop undefined fields and keep the others in
// order (the JSON a view's author expects to see in receipts and tests).
func TestSDKBuildersDropUndefinedFields(t *testing.T) {
	dir := writeApp(t, map[string]string{
		"souk.json": `{"name":"builders","version":"1.0.0","entry":"src/main.ts","permissions":[]}`,
		"src/main.ts": `import { defineApp, ui } from "@souk/sdk";
export default defineApp({ async render() {
  return ui.stack([ui.text("a", { id: undefined, style: "muted" }), ui.button("Go", "go", undefined, { id: "b", disabled: undefined })], { gap: undefined });
} });`,
	})
	bun := buildApp(t, dir)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	pool, err := sandbox.NewPool(sandbox.PoolConfig{Size: 1, Command: []string{exe}, MemoryLimit: 256 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := pool.Run(ctx, sandbox.Job{AppID: "builders", Version: "1.0.0", InstallationID: "inst1", BundleHash: "builders",
		Script: bun.Script, Handler: "render", Args: []json.RawMessage{json.RawMessage(`"home"`), json.RawMessage(`{}`), json.RawMessage(`{}`)},
		Limits: sandbox.Limits{Timeout: 5 * time.Second}}, nil)
	if err != nil || out.Receipt.Outcome != sandbox.OutcomeOK {
		t.Fatalf("%v %+v", err, out.Err)
	}
	want := `{"type":"stack","children":[{"type":"text","text":"a","style":"muted"},{"type":"button","label":"Go","action":"go","id":"b"}]}`
	if string(out.Value) != want {
		t.Fatalf("view\n%s\nwant\n%s", out.Value, want)
	}
}
