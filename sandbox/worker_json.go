package sandbox

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

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

// errNeedSlowJSON tells the caller to fall back to JSON.stringify.
var errNeedSlowJSON = errors.New("value needs JSON.stringify")

// errResultTooLarge stops serialising as soon as the output passes the cap.
var errResultTooLarge = errors.New("result too large")

const maxFastJSONDepth = 128

// valueToJSON serialises v exactly as JSON.stringify(v) would, for the
// values views are made of: primitives, plain objects and arrays. Anything
// it does not reproduce exactly — a toJSON method, boxed primitives, BigInt,
// strings with lone surrogates, very deep nesting — returns errNeedSlowJSON
// and the caller uses the JS JSON.stringify captured at setup. It is faster
// than goja's JSON.stringify (whose string quoting is per UTF-16 unit) and
// stops at max bytes instead of building an oversized result. Getters and
// proxy traps run as they would under JSON.stringify; their exceptions and
// interrupts come back as errors.
func valueToJSON(vm *goja.Runtime, v goja.Value, max int) (out []byte, err error) {
	defer func() {
		if x := recover(); x != nil {
			switch e := x.(type) {
			case *goja.InterruptedError:
				err = e
			case *goja.StackOverflowError:
				err = e
			case *goja.Exception:
				err = e
			default:
				panic(x)
			}
		}
	}()
	s := jsonSerializer{max: max}
	var undef bool
	if ex := vm.Try(func() { undef, err = s.value(v, 0) }); ex != nil {
		return nil, ex
	}
	if err != nil {
		return nil, err
	}
	if undef {
		return []byte("null"), nil // JSON.stringify gives undefined; the sandbox reports null
	}
	return s.buf, nil
}

type jsonSerializer struct {
	buf   []byte
	max   int
	stack []*goja.Object
}

// value appends v; undef reports that v serialises to nothing (undefined,
// functions, symbols), which objects skip and arrays write as null.
func (s *jsonSerializer) value(v goja.Value, depth int) (undef bool, err error) {
	if len(s.buf) > s.max {
		return false, errResultTooLarge
	}
	switch {
	case v == nil || goja.IsUndefined(v):
		return true, nil
	case goja.IsNull(v):
		s.buf = append(s.buf, "null"...)
		return false, nil
	case goja.IsString(v):
		return false, s.str(v.String())
	case goja.IsNumber(v):
		f := v.ToFloat()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			s.buf = append(s.buf, "null"...)
		} else {
			s.buf = append(s.buf, v.String()...)
		}
		return false, nil
	case goja.IsBigInt(v):
		return false, errNeedSlowJSON // JSON.stringify throws its own TypeError
	}
	obj, ok := v.(*goja.Object)
	if !ok {
		if _, isSym := v.(*goja.Symbol); isSym {
			return true, nil
		}
		if b, isBool := v.Export().(bool); isBool {
			if b {
				s.buf = append(s.buf, "true"...)
			} else {
				s.buf = append(s.buf, "false"...)
			}
			return false, nil
		}
		return false, errNeedSlowJSON
	}
	if depth > maxFastJSONDepth {
		return false, errNeedSlowJSON
	}
	if _, callable := goja.AssertFunction(obj.Get("toJSON")); callable {
		return false, errNeedSlowJSON
	}
	if _, callable := goja.AssertFunction(obj); callable {
		return true, nil
	}
	switch obj.ClassName() {
	case "Number", "String", "Boolean", "BigInt", "Symbol":
		return false, errNeedSlowJSON
	}
	for _, o := range s.stack {
		if o == obj {
			return false, errNeedSlowJSON // JSON.stringify throws the cycle TypeError
		}
	}
	s.stack = append(s.stack, obj)
	defer func() { s.stack = s.stack[:len(s.stack)-1] }()
	if obj.ClassName() == "Array" {
		n := obj.Get("length").ToInteger()
		s.buf = append(s.buf, '[')
		for i := int64(0); i < n; i++ {
			if i > 0 {
				s.buf = append(s.buf, ',')
			}
			u, err := s.value(obj.Get(strconv.FormatInt(i, 10)), depth+1)
			if err != nil {
				return false, err
			}
			if u {
				s.buf = append(s.buf, "null"...)
			}
		}
		s.buf = append(s.buf, ']')
		return false, nil
	}
	s.buf = append(s.buf, '{')
	first := true
	for _, k := range obj.Keys() {
		mark := len(s.buf)
		if !first {
			s.buf = append(s.buf, ',')
		}
		if err := s.str(k); err != nil {
			return false, err
		}
		s.buf = append(s.buf, ':')
		u, err := s.value(obj.Get(k), depth+1)
		if err != nil {
			return false, err
		}
		if u {
			s.buf = s.buf[:mark] // skipped member
			continue
		}
		first = false
	}
	s.buf = append(s.buf, '}')
	return false, nil
}

// str appends a JSON string literal as JSON.stringify quotes it.
func (s *jsonSerializer) str(v string) error {
	if strings.ContainsRune(v, utf8.RuneError) {
		// Maybe a lone surrogate, which goja exported as U+FFFD and which
		// JSON.stringify would escape as \udXXX.
		return errNeedSlowJSON
	}
	s.buf = append(s.buf, '"')
	start := 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		s.buf = append(s.buf, v[start:i]...)
		switch c {
		case '"':
			s.buf = append(s.buf, '\\', '"')
		case '\\':
			s.buf = append(s.buf, '\\', '\\')
		case '\b':
			s.buf = append(s.buf, '\\', 'b')
		case '\f':
			s.buf = append(s.buf, '\\', 'f')
		case '\n':
			s.buf = append(s.buf, '\\', 'n')
		case '\r':
			s.buf = append(s.buf, '\\', 'r')
		case '\t':
			s.buf = append(s.buf, '\\', 't')
		default:
			const hex = "0123456789abcdef"
			s.buf = append(s.buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	s.buf = append(s.buf, v[start:]...)
	s.buf = append(s.buf, '"')
	if len(s.buf) > s.max {
		return errResultTooLarge
	}
	return nil
}
