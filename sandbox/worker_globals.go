package sandbox

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"io"
	mathrand "math/rand/v2"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// Web-platform globals that npm libraries written for servers expect
// (TextEncoder, URL, atob, structuredClone, crypto.getRandomValues, Intl,
// …). globalsJS (worker_globals_script.go) defines them in JavaScript, each
// lazily on first access so an event that never touches URL does not pay
// for it; the work that is slow or hard to get right in goja (UTF-8, base64,
// URL parsing, randomness, locale data) is done by the Go functions below.
//
// The boundary: every Go function takes only strings, numbers, booleans and
// ArrayBuffers (bounds-checked, so a lying .buffer or byteOffset getter
// cannot reach past the buffer) and returns only strings, numbers, null,
// ArrayBuffers or arrays of strings. No Go value, file, environment variable
// or network connection is reachable through them.

// globalsName is the file name of the globals script in stacks.
const globalsName = "souk-globals.js"

// maxRandomBytes is crypto.getRandomValues' quota (WebCrypto: 65,536 bytes).
const maxRandomBytes = 65536

// randomSource feeds crypto.getRandomValues and crypto.randomUUID of events
// that are not recorded; a recorded or replayed event draws them from its
// seed instead (worker_nondet.go, docs/NPM_COMPAT.md).
var randomSource io.Reader = rand.Reader

// nondet is what an event reads that replay would have to record: random
// bytes (crypto), Math.random and the clock (Date). It belongs to the event,
// not to its runtime: bind gives every event a fresh one from newNondet, so
// with a warm runtime what one event read is never mixed into the next
// one's record.
type nondet struct {
	random io.Reader
	float  func() float64
	now    func() time.Time
}

// newNondet returns the sources for one event (the replay hook: a recorder
// or replayer replaces it).
var newNondet = func() nondet {
	return nondet{random: randomSource, float: mathrand.Float64, now: time.Now}
}

// natives returns the Go half of the globals for this event.
func (ev *event) natives() []any {
	vm := ev.vm
	bytesOf := func(call goja.FunctionCall, i int) ([]byte, bool) {
		ab, ok := call.Argument(i).Export().(goja.ArrayBuffer)
		if !ok {
			return nil, false
		}
		b := ab.Bytes()
		off, n := call.Argument(i+1).ToInteger(), call.Argument(i+2).ToInteger()
		if off < 0 || n < 0 || off > int64(len(b)) || n > int64(len(b))-off {
			return nil, false
		}
		return b[off : off+n], true
	}
	// memoryCap bounds what one call may allocate: the event's memory limit.
	memoryCap := func() int64 {
		if ev.lim.MaxMemory > 0 {
			return ev.lim.MaxMemory
		}
		return DefaultLimits.MaxMemory
	}
	encode := func(call goja.FunctionCall) goja.Value {
		v := call.Argument(0)
		// The output (up to 3 bytes per UTF-16 unit) may take at most half
		// of the event's memory limit; the input already holds the rest.
		if s, ok := v.Export().(string); ok && int64(len(s)) > memoryCap()/2 {
			return goja.Null()
		}
		s := v.String() // lone surrogates become U+FFFD, as WHATWG's USVString
		if int64(len(s)) > memoryCap()/2 {
			return goja.Null()
		}
		return vm.ToValue(vm.NewArrayBuffer([]byte(s)))
	}
	decode := func(call goja.FunctionCall) goja.Value {
		b, ok := bytesOf(call, 0)
		if !ok {
			return goja.Null()
		}
		if call.Argument(3).ToBoolean() && !utf8.Valid(b) { // fatal
			return goja.Null()
		}
		return vm.ToValue(decodeUTF8(b))
	}
	btoa := func(call goja.FunctionCall) goja.Value {
		s := call.Argument(0).String()
		if int64(len(s)) > memoryCap()/2 {
			return goja.Null()
		}
		b := make([]byte, 0, len(s))
		for _, r := range s {
			if r > 0xFF {
				return goja.Null()
			}
			b = append(b, byte(r))
		}
		return vm.ToValue(base64.StdEncoding.EncodeToString(b))
	}
	atob := func(call goja.FunctionCall) goja.Value {
		b, ok := forgivingBase64(call.Argument(0).String())
		if !ok {
			return goja.Null()
		}
		var sb strings.Builder
		sb.Grow(len(b) * 2)
		for _, c := range b {
			sb.WriteRune(rune(c))
		}
		return vm.ToValue(sb.String())
	}
	random := func(call goja.FunctionCall) goja.Value {
		b, ok := bytesOf(call, 0)
		if !ok || len(b) > maxRandomBytes {
			return vm.ToValue(false)
		}
		if _, err := io.ReadFull(ev.nd.random, b); err != nil {
			return vm.ToValue(false)
		}
		return vm.ToValue(true)
	}
	parseURL := func(call goja.FunctionCall) goja.Value {
		var base *urlRecord
		if b := call.Argument(1); !goja.IsUndefined(b) && !goja.IsNull(b) {
			r, ok := parseURL(b.String(), nil)
			if !ok {
				return goja.Null()
			}
			base = r
		}
		in := call.Argument(0).String()
		if len(in) > maxURLBytes {
			return goja.Null()
		}
		r, ok := parseURL(in, base)
		if !ok {
			return goja.Null()
		}
		return vm.NewArray(r.scheme+":", r.username, r.password, r.host, r.port, r.pathString(), r.querySearch(), r.fragmentHash(), r.origin())
	}
	return []any{vm.ToValue(encode), vm.ToValue(decode), vm.ToValue(btoa), vm.ToValue(atob), vm.ToValue(random),
		vm.ToValue(parseURL), vm.ToValue(ev.intlNatives)}
}

// installGlobals runs globalsJS with the natives.
func (ev *event) installGlobals(globals *goja.Program) error {
	f, err := ev.vm.RunProgram(globals)
	if err != nil {
		return err
	}
	fn, ok := goja.AssertFunction(f)
	if !ok {
		return errors.New("internal: the globals script did not return a function")
	}
	// The natives are made on first use of any global, not per event.
	_, err = fn(goja.Undefined(), ev.vm.ToValue(func() goja.Value { return ev.vm.NewArray(ev.natives()...) }))
	return err
}

// decodeUTF8 is WHATWG's UTF-8 decode: each maximal subpart of an invalid
// sequence becomes one U+FFFD (which is not what Go's conversions do).
func decodeUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b) + 8)
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			sb.WriteByte(b[i])
			i++
			continue
		}
		if r, n := utf8.DecodeRune(b[i:]); r != utf8.RuneError || n > 1 {
			sb.Write(b[i : i+n])
			i += n
			continue
		}
		i += maximalSubpart(b[i:])
		sb.WriteString("\uFFFD")
	}
	return sb.String()
}

// maximalSubpart is the length of the invalid or truncated sequence at the
// start of b that WHATWG's decoder replaces with one U+FFFD.
func maximalSubpart(b []byte) int {
	lo, hi, need := byte(0x80), byte(0xBF), 0
	switch c := b[0]; {
	case c >= 0xC2 && c <= 0xDF:
		need = 1
	case c == 0xE0:
		need, lo = 2, 0xA0
	case c == 0xED:
		need, hi = 2, 0x9F
	case c >= 0xE1 && c <= 0xEF:
		need = 2
	case c == 0xF0:
		need, lo = 3, 0x90
	case c == 0xF4:
		need, hi = 3, 0x8F
	case c >= 0xF1 && c <= 0xF3:
		need = 3
	default:
		return 1
	}
	n := 1
	for ; n <= need && n < len(b); n++ {
		if b[n] < lo || b[n] > hi {
			break
		}
		lo, hi = 0x80, 0xBF
	}
	return n
}

// forgivingBase64 is WHATWG's forgiving-base64 decode (atob).
func forgivingBase64(s string) ([]byte, bool) {
	clean := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '\n', '\f', '\r':
		default:
			clean = append(clean, c)
		}
	}
	if len(clean)%4 == 0 {
		if n := len(clean); n > 0 && clean[n-1] == '=' {
			clean = clean[:n-1]
			if n > 1 && clean[n-2] == '=' {
				clean = clean[:n-2]
			}
		}
	}
	if len(clean)%4 == 1 {
		return nil, false
	}
	for _, c := range clean {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/') {
			return nil, false
		}
	}
	// Non-zero trailing bits are allowed by WHATWG; Go's strict mode is off
	// by default, so RawStdEncoding accepts them.
	out, err := base64.RawStdEncoding.DecodeString(string(clean))
	return out, err == nil
}
