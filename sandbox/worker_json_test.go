package sandbox

import (
	"strings"
	"testing"

	"github.com/dop251/goja"
)

// jsonToValue must agree with JSON.parse, key order and __proto__ included.
func TestJSONToValueMatchesJSONParse(t *testing.T) {
	cases := []string{
		`null`, `true`, `false`, `0`, `-0`, `1.5`, `-12`, `1e21`, `9007199254740993`, `"a\"b\u00e9\n"`, `"😀"`,
		`[]`, `{}`, `[1,"2",[3,{"a":null}]]`,
		`{"z":1,"a":2,"10":3,"1":4,"b":{"__proto__":{"polluted":true},"x":[true,false]}}`,
		`{"__proto__":[1],"constructor":{"prototype":{"y":1}}}`,
	}
	for _, c := range cases {
		vm := goja.New()
		v, err := jsonToValue(vm, c)
		if err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		vm.Set("v", v)
		vm.Set("src", c)
		res, err := vm.RunString(`
			const w = JSON.parse(src);
			const same = JSON.stringify(v) === JSON.stringify(w) && Object.is(v, w) === (typeof w !== "object" || w === null ? Object.is(v, w) : false);
			const noPollution = ({}).polluted === undefined && ({}).y === undefined;
			const protoOwn = (typeof w === "object" && w !== null && Object.prototype.hasOwnProperty.call(w, "__proto__")) === (typeof v === "object" && v !== null && Object.prototype.hasOwnProperty.call(v, "__proto__"));
			same && noPollution && protoOwn && (typeof v !== "object" || v === null || Object.getPrototypeOf(v) === Object.getPrototypeOf(w));
		`)
		if err != nil || !res.ToBoolean() {
			t.Errorf("%s: differs from JSON.parse (%v)", c, err)
		}
	}
	deep := ""
	for i := 0; i < maxJSONDepth+2; i++ {
		deep += "["
	}
	for i := 0; i < maxJSONDepth+2; i++ {
		deep += "]"
	}
	if _, err := jsonToValue(goja.New(), deep); err != errJSONDepth {
		t.Fatalf("deep: %v", err)
	}
}

// valueToJSON must produce exactly what JSON.stringify produces, or ask for it.
func TestValueToJSONMatchesJSONStringify(t *testing.T) {
	cases := []string{
		`null`, `undefined`, `true`, `false`, `0`, `-0`, `1.5`, `1e21`, `1e-7`, `NaN`, `-Infinity`, `123456789012345680000`,
		`"plain"`, `"quote\" back\\ nl\n cr\r tab\t bs\b ff\f nul\u0000 us\u001f del\u007f"`, `"é 😀 \u2028"`,
		`[]`, `{}`, `[1, "a", null, undefined, () => 1, Symbol("s"), [2, [3]]]`,
		`({ b: 1, 2: "two", 1: "one", a: undefined, f() {}, [Symbol("k")]: 1, s: Symbol("v"), n: null, nested: { x: [{}] } })`,
		`Object.create({ inherited: 1 }, { own: { value: 2, enumerable: true }, hidden: { value: 3, enumerable: false } })`,
		`({ get g() { return { deep: true }; } })`,
		`(() => { const a = [1, 2, 3]; a.extra = 4; return a; })()`,
		`[ , 1, , ]`,
		`new Proxy({ a: 1 }, {})`,
		`({ d: new Date(0) })`,
		`({ n: new Number(1) })`,
		`({ big: 10n })`,
		`"\ud800 lone"`,
		`(() => { const o = {}; o.self = o; return o; })()`,
		`({ toJSON() { return "x"; } })`,
	}
	fastCases := 0
	for _, c := range cases {
		vm := goja.New()
		v, err := vm.RunString(c)
		if err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		fast, ferr := valueToJSON(vm, v, 1<<20)
		vm.Set("v", v)
		want, werr := vm.RunString(`(() => { const s = JSON.stringify(v); return s === undefined ? "null" : s; })()`)
		if ferr == errNeedSlowJSON {
			continue
		}
		fastCases++
		if werr != nil {
			t.Errorf("%s: JSON.stringify failed (%v) but the fast path gave %s, %v", c, werr, fast, ferr)
			continue
		}
		if ferr != nil || string(fast) != want.String() {
			t.Errorf("%s:\n fast %s (%v)\n want %s", c, fast, ferr, want)
		}
	}
	if fastCases < 18 {
		t.Errorf("only %d cases took the fast path", fastCases)
	}
	// Getter exceptions surface as errors; the size cap stops early.
	vm := goja.New()
	v, _ := vm.RunString(`({ get boom() { throw new Error("getter"); } })`)
	if _, err := valueToJSON(vm, v, 1<<20); err == nil || !strings.Contains(err.Error(), "getter") {
		t.Errorf("getter exception: %v", err)
	}
	v, _ = vm.RunString(`Array.from({ length: 1000 }, () => "0123456789")`)
	if _, err := valueToJSON(vm, v, 1000); err != errResultTooLarge {
		t.Errorf("cap: %v", err)
	}
}
