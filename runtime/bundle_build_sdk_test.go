package runtime

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// An app that imports @souk/sdk builds with no node_modules at all: the SDK
// comes from the binary.
func TestBuildResolvesSDKFromTheBinary(t *testing.T) {
	dir := writeApp(t, map[string]string{
		"souk.json": `{"name":"nosdk","version":"1.0.0","entry":"src/main.ts","permissions":["storage"]}`,
		"src/main.ts": `import { defineApp, ui, storage } from "@souk/sdk";
export default defineApp({ async render() { await storage.get("k"); return ui.text("hi"); } });`,
	})
	res, err := Build(dir, DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	bun, err := ReadBundle(bytes.NewReader(res.Archive), int64(len(res.Archive)), DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
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
