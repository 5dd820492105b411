package sandbox

import (
	"os"
	"strings"
	"testing"
)

// testdata/sourcemap holds app.ts and the bundle and map esbuild made of
// it (IIFE, globalName __soukApp), as `souk build` does.
func TestSourceMapMapsStackToTypeScript(t *testing.T) {
	script, err := os.ReadFile("testdata/sourcemap/bundle.js")
	if err != nil {
		t.Fatal(err)
	}
	sm, err := os.ReadFile("testdata/sourcemap/bundle.js.map")
	if err != nil {
		t.Fatal(err)
	}
	p := newTestPool(t, PoolConfig{Size: 1})
	job := Job{AppID: "ts", Version: "1.0.0", Script: script, SourceMap: sm, Handler: "render",
		Args: jsonArgs(t, "boom", map[string]any{}, map[string]any{"installation": "i1"})}
	res, err := p.Run(testCtx(t), job, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Receipt.Outcome != OutcomeError || res.Err == nil {
		t.Fatalf("outcome %q", res.Receipt.Outcome)
	}
	if len(res.Err.Frames) == 0 {
		t.Fatalf("no frames in %+v", res.Err)
	}
	f := res.Err.Frames[0]
	if !f.Mapped || f.File != "app.ts" || f.Line != 8 {
		t.Fatalf("top frame %+v, want app.ts:8 (stack %q, generated %q)", f, res.Err.Stack, res.Err.GeneratedStack)
	}
	if !strings.Contains(res.Err.Stack, "app.ts:8:") || !strings.Contains(res.Receipt.Reason, "app.ts:8:") {
		t.Fatalf("stack %q / reason %q do not name app.ts:8", res.Err.Stack, res.Receipt.Reason)
	}
	if !strings.Contains(res.Err.GeneratedStack, "bundle.js:28:") {
		t.Fatalf("generated stack %q", res.Err.GeneratedStack)
	}

	// The same bundle renders when nothing throws.
	job.Args = jsonArgs(t, "home", map[string]any{}, map[string]any{"installation": "i1"})
	res, _ = p.Run(testCtx(t), job, nil)
	if string(res.Value) != `{"type":"text","text":"page home for i1"}` {
		t.Fatalf("value %s (%+v)", res.Value, res.Err)
	}
}

func TestMapStackWithoutMap(t *testing.T) {
	stack := "Error: x\n\tat render (bundle.js:3:9(12))\n\tat souk-setup.js:100:2(3)\n\tat bundle.js:7:1(0)\n\tat native\n"
	frames, rendered := mapStack("Error: x", stack, nil)
	if len(frames) != 2 || frames[0].Function != "render" || frames[0].Line != 3 || frames[0].Column != 9 || frames[1].Line != 7 || frames[0].Mapped {
		t.Fatalf("frames %+v", frames)
	}
	if rendered != "Error: x\n    at render (bundle.js:3:9)\n    at bundle.js:7:1" {
		t.Fatalf("rendered %q", rendered)
	}
	// A broken map costs the mapping only.
	var maps sourceMaps
	if c := maps.get("h", []byte("{not json")); c != nil {
		t.Fatal("broken map parsed")
	}
}
