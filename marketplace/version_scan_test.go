package marketplace_test

import (
	"reflect"
	"testing"

	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/runtime"
)

func TestScanScript(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string // codes, in order
	}{
		{"clean", `var a = {eval: 1}; a.eval; x.with(1); y.import(2); "eval(1)"; 'new Function'; /* eval( */ // WebAssembly
`, nil},
		{"eval call", `var x = eval("1+1");`, []string{"forbidden_eval"}},
		{"eval via globalThis", `globalThis.eval("1")`, []string{"forbidden_eval"}},
		{"eval passed around", `var e = eval; e("1")`, []string{"forbidden_eval"}},
		{"new Function", `var f = new Function("return 1")`, []string{"forbidden_function_constructor"}},
		{"Function call", `Function("return 1")()`, []string{"forbidden_function_constructor"}},
		{"a method called with after a comma", "var o = {a: 1, with(x) { return x }}; with (o) {}", []string{"forbidden_with"}},
		{"the global-object idiom is accepted", `var g = Function("return this")(); var h = new Function('return this')( ); var i = Function ( "return this" ) ()`, nil},
		{"only exactly the idiom", `Function("return this;")(); new Function("return this", "x")(); Function("return this"); new Function("return this")`,
			[]string{"forbidden_function_constructor", "forbidden_function_constructor", "forbidden_function_constructor", "forbidden_function_constructor"}},
		{"window.Function call", `window.Function("x")`, []string{"forbidden_function_constructor"}},
		{"Function as a value is fine", `x instanceof Function; typeof Function`, nil},
		{"dynamic import", `import("./x.js").then(m => m)`, []string{"forbidden_dynamic_import"}},
		{"WebAssembly", `WebAssembly.instantiate(buf)`, []string{"forbidden_webassembly"}},
		{"with statement", `with (obj) { a = b }`, []string{"forbidden_with"}},
		{"sourceMappingURL to a file", "x();\n//# sourceMappingURL=app.js.map\n", []string{"forbidden_source_map_url"}},
		{"sourceMappingURL to a URL", "x();\n/*# sourceMappingURL=https://evil.example/m.map */", []string{"forbidden_source_map_url"}},
		{"inline source map", "x();\n//# sourceMappingURL=data:application/json;base64,e30=\n", nil},
		{"words in a template", "var s = `eval(${a + `Function(${b})`}) with (x)`; eval(s)", []string{"forbidden_eval"}},
		{"template substitution with braces", "var s = `${ {a: 1}.a }`; new Function(s)", []string{"forbidden_function_constructor"}},
		{"regexp with forbidden words", `var r = /eval\(|with \(/g; r.test(x)`, nil},
		{"division is not a regexp", `var a = b / 2, c = d / eval(e)`, []string{"forbidden_eval"}},
		{"regexp after return", `function f(){ return /"/.test(x) } eval(1)`, []string{"forbidden_eval"}},
		{"escaped quote", `var s = "a\"eval(\""; eval(s)`, []string{"forbidden_eval"}},
	} {
		var got []string
		for _, f := range marketplace.ScanScript([]byte(tc.src)) {
			got = append(got, f.Code)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	f := marketplace.ScanScript([]byte("a();\n  eval(b)"))
	if len(f) != 1 || f[0].Line != 2 || f[0].Column != 3 {
		t.Fatalf("position: %+v", f)
	}
}

// LocalChecks reports the scan's findings and a failing size cap, and
// nothing for a clean bundle.
func TestLocalChecks(t *testing.T) {
	clean := &runtime.Bundle{Manifest: &runtime.Manifest{Name: "a", Version: "1.0.0"}, Script: []byte("var x = 1;")}
	if failed, findings := marketplace.LocalChecks(clean); len(failed) != 0 || len(findings) != 0 {
		t.Fatalf("clean bundle: %v %v", failed, findings)
	}
	big := &runtime.Bundle{Manifest: &runtime.Manifest{Name: "a", Version: "1.0.0"},
		Script: append([]byte("eval('1');"), make([]byte, marketplace.DefaultSizeCaps().Script)...)}
	failed, findings := marketplace.LocalChecks(big)
	if len(failed) != 1 || failed[0].Check != "size_script" || len(findings) != 1 || findings[0].Code != "forbidden_eval" {
		t.Fatalf("big bundle with eval: %v %v", failed, findings)
	}
}
