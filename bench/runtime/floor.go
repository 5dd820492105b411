package runtimebench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/dop251/goja"
)

// engineFloor measures the least any goja-based design pays per event: the
// app's handler alone, called again and again in one bare goja runtime in
// this process, its arguments parsed once (the handlers do not mutate them)
// and its result left unserialised. No sandbox, worker, pipe, JSON
// conversion, receipt or memory accounting, so it is a floor under souk's
// warm event, not a design one could ship (the benchmark bundles are
// souk's own, embedded; no uploaded code runs here). It runs for d on one
// goroutine and checks once that the handler's view, serialised, is
// byte-for-byte the view souk's sandbox returned (want), so that both did
// the same work.
func engineFloor(script, want []byte, d time.Duration) (p50, p99 time.Duration, err error) {
	vm := goja.New()
	args, _ := json.Marshal(Args())
	vm.Set("argsJSON", string(args))
	if _, err := vm.RunString(`var console = { log() {}, info() {}, warn() {}, error() {}, debug() {} };`); err != nil {
		return 0, 0, err
	}
	if _, err := vm.RunScript("bundle.js", string(script)); err != nil {
		return 0, 0, fmt.Errorf("engine floor: bundle: %w", err)
	}
	// call runs one event: the handler, then the promise jobs it queued
	// (goja runs them as the outermost call returns), so an async handler's
	// promise is settled when call returns.
	v, err := vm.RunString(`(() => {
		const app = __soukApp.default ?? __soukApp, args = JSON.parse(argsJSON);
		return () => app.render(...args);
	})()`)
	if err != nil {
		return 0, 0, fmt.Errorf("engine floor: %w", err)
	}
	call, _ := goja.AssertFunction(v)
	event := func() (goja.Value, error) {
		v, err := call(goja.Undefined())
		if err != nil {
			return nil, err
		}
		p, ok := v.Export().(*goja.Promise)
		if !ok {
			return v, nil // a synchronous handler
		}
		if p.State() != goja.PromiseStateFulfilled {
			return nil, fmt.Errorf("engine floor: the handler did not resolve: %v", p.Result())
		}
		return p.Result(), nil
	}

	view, err := event()
	if err != nil {
		return 0, 0, err
	}
	stringify, _ := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("stringify"))
	got, err := stringify(goja.Undefined(), view)
	if err != nil {
		return 0, 0, err
	}
	if !bytes.Equal([]byte(got.String()), want) {
		return 0, 0, fmt.Errorf("engine floor: the bare runtime's view differs from the sandbox's:\n%s\n%s", got, want)
	}

	for warm := time.Now().Add(d / 10); time.Now().Before(warm); {
		if _, err := event(); err != nil {
			return 0, 0, err
		}
	}
	var lat []time.Duration
	for end := time.Now().Add(d); time.Now().Before(end); {
		t := time.Now()
		if _, err := event(); err != nil {
			return 0, 0, err
		}
		lat = append(lat, time.Since(t))
	}
	return percentile(lat, 0.5), percentile(lat, 0.99), nil
}
