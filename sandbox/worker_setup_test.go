package sandbox

import (
	"strings"
	"testing"
)

func TestSetupGlobalsAreLockedDown(t *testing.T) {
	d := runInProc(t, `var __soukApp = { render() {
		const d = (k) => { const x = Object.getOwnPropertyDescriptor(globalThis, k); return x && !x.writable && !x.configurable; };
		return {
			locked: ["souk", "console", "setTimeout", "clearTimeout", "queueMicrotask", "Function", "eval"].every(d),
			frozen: Object.isFrozen(souk) && Object.isFrozen(console) && Object.isFrozen(souk.call),
			instanceofWorks: (() => {}) instanceof Function && (async () => {}) instanceof Function,
			noCtor: [function () {}, async () => {}, function* () {}].every((f) => { try { f.constructor("return 1"); return false; } catch (e) { return e instanceof EvalError; } }),
			strictApp: (function () { return this === undefined; })() === false,
		};
	} };`, Limits{})
	if d.Outcome != OutcomeOK || string(d.Value) != `{"locked":true,"frozen":true,"instanceofWorks":true,"noCtor":true,"strictApp":true}` {
		t.Fatalf("%+v %s", d, d.Value)
	}
}

func TestSetupErrorsFromHostCalls(t *testing.T) {
	d := runInProc(t, `var __soukApp = { async render() {
		const out = [];
		try { await souk.call("x", { big: "y".repeat(200) }); } catch (e) { out.push(e.code, e instanceof Error); }
		try { await souk.call("x", 10n); } catch (e) { out.push(e.name); }
		return out;
	} };`, Limits{MaxCallBytes: 100})
	if d.Outcome != OutcomeOK || !strings.Contains(string(d.Value), `["call_too_large",true,"TypeError"]`) {
		t.Fatalf("%+v %s", d, d.Value)
	}
}
