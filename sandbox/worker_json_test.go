package sandbox

import (
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
