package runtimebench

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/dop251/goja"

	"github.com/soukhq/souk/bench/machine"
)

// floorResult is the engine floor's measurement.
type floorResult struct {
	p50, p99    time.Duration // per handler call, wall time
	cpuPerEvent time.Duration // this process's CPU over the timed loop, per call (the collector's work included)
}

// engineFloor measures the handler's own cost in the engine: the app's
// handler alone, called again and again in one bare goja runtime in this
// process, its arguments parsed once (the handlers do not mutate them) and
// its result left unserialised. No sandbox, worker, pipe, JSON conversion,
// receipt or memory accounting, so it is a floor under souk's warm event,
// not a design one could ship (the benchmark bundles are souk's own,
// embedded; no uploaded code runs here). It runs for d on one goroutine
// while the pool is idle, and checks once that the handler's view,
// serialised, is byte-for-byte the view souk's sandbox returned (want), so
// that both did the same work.
func engineFloor(script, want []byte, d time.Duration) (floorResult, error) {
	var res floorResult
	vm := goja.New()
	args, _ := json.Marshal(Args())
	vm.Set("argsJSON", string(args))
	if _, err := vm.RunString(`var console = { log() {}, info() {}, warn() {}, error() {}, debug() {} };`); err != nil {
		return res, err
	}
	if _, err := vm.RunScript("bundle.js", string(script)); err != nil {
		return res, fmt.Errorf("bundle: %w", err)
	}
	// call runs one event as the sandbox does: the handler's result as a
	// promise, settled by the promise jobs goja runs as the outermost call
	// returns.
	v, err := vm.RunString(`(() => {
		const app = __soukApp.default ?? __soukApp, args = JSON.parse(argsJSON);
		return () => Promise.resolve(app.render(...args));
	})()`)
	if err != nil {
		return res, err
	}
	call, _ := goja.AssertFunction(v)
	event := func() (goja.Value, error) {
		v, err := call(goja.Undefined())
		if err != nil {
			return nil, err
		}
		p := v.Export().(*goja.Promise)
		if p.State() != goja.PromiseStateFulfilled {
			return nil, fmt.Errorf("the handler did not resolve: %v", p.Result())
		}
		return p.Result(), nil
	}

	view, err := event()
	if err != nil {
		return res, err
	}
	if goja.IsUndefined(view) {
		view = goja.Null() // the sandbox reports undefined as null
	}
	stringify, _ := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("stringify"))
	got, err := stringify(goja.Undefined(), view)
	if err != nil {
		return res, err
	}
	if got.String() != string(want) {
		return res, fmt.Errorf("the bare runtime's view differs from the sandbox's:\n%s\n%s", got, want)
	}

	for warm := time.Now().Add(d / 10); time.Now().Before(warm); {
		if _, err := event(); err != nil {
			return res, err
		}
	}
	var lat []time.Duration
	cpu0 := machine.SelfCPU()
	for end := time.Now().Add(d); time.Now().Before(end); {
		t := time.Now()
		if _, err := event(); err != nil {
			return res, err
		}
		lat = append(lat, time.Since(t))
	}
	res.cpuPerEvent = (machine.SelfCPU() - cpu0) / time.Duration(len(lat))
	res.p50, res.p99 = percentile(lat, 0.5), percentile(lat, 0.99)
	return res, nil
}
