package sandbox

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/dop251/goja"
)

// FuzzJSONConversions checks the worker's two JSON conversions against the
// engine's own JSON.parse and JSON.stringify on any valid JSON: a value
// built by jsonToValue stringifies as JSON.parse's does, and valueToJSON
// writes exactly JSON.stringify's text or hands over to it.
func FuzzJSONConversions(f *testing.F) {
	for _, s := range []string{
		`null`, `true`, `-0`, `1e21`, `9007199254740993`, `0.1`, `"a\"b\u00e9\n\u0000"`, `"😀"`, `"\ud83d\ude00"`, `"\ud800"`, `{"\udc00x":1}`,
		`[]`, `{}`, `[1,"2",[3,{"a":null}]]`, `{"z":1,"a":2,"10":3,"1":4}`, `{"a":1,"a":2}`,
		`{"__proto__":{"polluted":true},"constructor":{"prototype":{"y":1}}}`, `{"":[{"":{}}]}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if !json.Valid([]byte(src)) {
			return
		}
		vm := goja.New()
		v, err := jsonToValue(vm, src)
		if errors.Is(err, errJSONDepth) {
			return
		}
		if err != nil {
			t.Fatalf("jsonToValue(%q): %v", src, err)
		}
		vm.Set("v", v)
		vm.Set("src", src)
		want, err := vm.RunString(`JSON.stringify(JSON.parse(src))`)
		if err != nil {
			// goja's JSON.parse refuses a number past float64's range
			// (1e1000), which the language reads as Infinity, as
			// jsonToValue does: there is no reference to compare with.
			return
		}
		got, err := vm.RunString(`JSON.stringify(v)`)
		if err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("jsonToValue(%q) stringifies as %s, JSON.parse's as %s", src, got, want)
		}
		out, err := valueToJSON(vm, v, 1<<20)
		if errors.Is(err, errNeedSlowJSON) {
			return
		}
		if err != nil {
			t.Fatalf("valueToJSON(%q): %v", src, err)
		}
		if string(out) != want.String() {
			t.Fatalf("valueToJSON(%q) = %s, JSON.stringify gives %s", src, out, want)
		}
		if polluted, _ := vm.RunString(`({}).polluted !== undefined || ({}).y !== undefined`); polluted.ToBoolean() {
			t.Fatalf("%q polluted Object.prototype", src)
		}
	})
}
