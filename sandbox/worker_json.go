package sandbox

import (
	"errors"
	"math"

	"github.com/dop251/goja"
	"github.com/tidwall/gjson"
)

// maxJSONDepth bounds the nesting jsonToValue converts (host-made JSON;
// deeper input is refused rather than recursed into).
const maxJSONDepth = 256

var errJSONDepth = errors.New("JSON nested too deeply")

// jsonToValue builds native JS values from JSON, the way JSON.parse does,
// but several times faster than goja's JSON.parse (which decodes through
// encoding/json's token stream). The result holds no Go references: plain
// objects, arrays, strings, numbers. raw must be valid JSON (the host checks
// arguments with json.Valid and produces replies with encoding/json).
func jsonToValue(vm *goja.Runtime, raw string) (goja.Value, error) {
	return convertJSON(vm, gjson.Parse(raw), 0)
}

func convertJSON(vm *goja.Runtime, r gjson.Result, depth int) (goja.Value, error) {
	if depth > maxJSONDepth {
		return nil, errJSONDepth
	}
	switch r.Type {
	case gjson.Null:
		return goja.Null(), nil
	case gjson.False:
		return vm.ToValue(false), nil
	case gjson.True:
		return vm.ToValue(true), nil
	case gjson.Number:
		f := r.Num
		if f == math.Trunc(f) && math.Abs(f) < 1<<53 && !(f == 0 && math.Signbit(f)) {
			return vm.ToValue(int64(f)), nil
		}
		return vm.ToValue(f), nil
	case gjson.String:
		return vm.ToValue(r.String()), nil
	}
	var err error
	if r.IsArray() {
		var items []any
		r.ForEach(func(_, v gjson.Result) bool {
			var jv goja.Value
			if jv, err = convertJSON(vm, v, depth+1); err != nil {
				return false
			}
			items = append(items, jv)
			return true
		})
		if err != nil {
			return nil, err
		}
		return vm.NewArray(items...), nil
	}
	obj := vm.NewObject()
	r.ForEach(func(k, v gjson.Result) bool {
		var jv goja.Value
		if jv, err = convertJSON(vm, v, depth+1); err != nil {
			return false
		}
		key := k.String()
		if key == "__proto__" {
			// An own data property, as JSON.parse makes; Set would change
			// the prototype instead.
			err = obj.DefineDataProperty(key, jv, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE)
		} else {
			err = obj.Set(key, jv)
		}
		return err == nil
	})
	if err != nil {
		return nil, err
	}
	return obj, nil
}
