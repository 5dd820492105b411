package sandbox

import (
	"os"
	"testing"
)

func TestPoolCompile(t *testing.T) {
	p := newTestPool(t, PoolConfig{Size: 1})
	for _, tt := range []struct {
		name, script, outcome, errName string
	}{
		{"ok", renderApp, OutcomeOK, ""},
		{"syntax error", `var __soukApp = {`, OutcomeError, "SyntaxError"},
		{"constant BigInt", `var __soukApp = { render() { return 7n ** (10n ** 8n); } };`, OutcomeError, "CompileError"},
		// The program is compiled, not run: its top level never executes.
		{"not run", `for (;;) {}`, OutcomeOK, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, err := p.Compile(testCtx(t), Job{AppID: "c", Version: "1.0.0", Script: []byte(tt.script)})
			if err != nil {
				t.Fatal(err)
			}
			if res.Receipt.Outcome != tt.outcome || (tt.errName != "" && (res.Err == nil || res.Err.Name != tt.errName)) {
				t.Fatalf("outcome %q err %+v, want %q %s", res.Receipt.Outcome, res.Err, tt.outcome, tt.errName)
			}
		})
	}
	if p.WorkersStarted() != 1 {
		t.Fatalf("compiling replaced %d workers", p.WorkersStarted()-1)
	}
	script, err := os.ReadFile("testdata/sourcemap/bundle.js")
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Compile(testCtx(t), Job{Script: script})
	if err != nil || res.Receipt.Outcome != OutcomeOK || !res.Receipt.Compiled {
		t.Fatalf("%v %+v", err, res.Receipt)
	}
}
