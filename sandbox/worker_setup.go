package sandbox

// setupJS runs once in every new runtime, before the bundle (a warm
// runtime keeps what it installed for all its events). Its completion
// value is a function that receives the host functions and returns the
// sandbox's private helpers. Everything the helpers use is captured here,
// before app code runs, so an app that rewrites JSON, Function.prototype,
// Promise or any prototype only confuses itself (and its own later events
// in a warm runtime). Only souk, console and the timers are installed
// globally.
//
// It runs once per new runtime (for every event with isolation "event"),
// so it is written to be cheap in goja: arrow functions and methods (no
// prototype objects to allocate), and no touching of built-ins that goja
// would otherwise create lazily (Reflect, String).
const setupJS = `(function (hostCall, hostLog, hostTimer, hostClear) {
	"use strict";
	const G = globalThis;
	const defineProperty = Object.defineProperty, freeze = Object.freeze, getProto = Object.getPrototypeOf;
	const stringify = JSON.stringify, parse = JSON.parse;
	// Function.prototype.call.bind(Function.prototype.apply) is Reflect.apply.
	const FP = Function.prototype;
	const apply = FP.call.bind(FP.apply);
	const P = Promise, resolveP = P.resolve.bind(P), rejectP = P.reject.bind(P), then = P.prototype.then;
	const ErrorCtor = Error, EvalErrorCtor = EvalError, TypeErrorCtor = TypeError;

	// Code generation from strings is unavailable: eval, Function and the
	// async and generator function constructors all throw.
	// The one exception compiles nothing: the global-object idiom
	// Function("return this")() of pre-globalThis npm libraries gets a
	// function that returns globalThis (what it returns in sloppy mode).
	const returnGlobal = freeze(() => G);
	const disabled = function Function(body) {
		if (arguments.length === 1 && body === "return this") return returnGlobal;
		throw new EvalErrorCtor("code generation from strings is disabled in the souk sandbox");
	};
	const locked = { writable: false, enumerable: false, configurable: false };
	const lock = (o, k, v) => { locked.value = v; defineProperty(o, k, locked); };
	lock(FP, "constructor", disabled);
	lock(getProto(async () => {}), "constructor", disabled);
	lock(getProto(function* () {}), "constructor", disabled); // goja has no async generators
	defineProperty(disabled, "prototype", { value: FP, writable: false });
	lock(G, "Function", disabled);
	lock(G, "eval", freeze(() => apply(disabled, undefined, [])));

	// console: the formatting that needs JS (JSON of objects) happens here;
	// primitives go to Go as they are and Go turns them into text and clips.
	const show = (a) => {
		if (a === null || (typeof a !== "object" && typeof a !== "function")) return a;
		try {
			const s = stringify(a);
			return typeof s === "string" ? s : "[" + typeof a + "]";
		} catch (e) {
			return "[unprintable " + typeof a + "]";
		}
	};
	const level = (n) => (...args) => {
		const parts = [];
		for (let i = 0; i < args.length && i < 32; i++) parts[i] = show(args[i]);
		hostLog(n, parts);
	};
	lock(G, "console", freeze({ log: level("log"), info: level("info"), warn: level("warn"), error: level("error"), debug: level("debug") }));

	const hostErr = (code, message) => {
		const e = new ErrorCtor(message);
		e.code = code;
		return e;
	};
	const souk = {
		call(name, args) {
			let json;
			try {
				json = args === undefined ? "null" : stringify(args);
			} catch (e) {
				return rejectP(e);
			}
			if (json === undefined) json = "null";
			return hostCall(typeof name === "string" ? name : "" + name, json);
		},
	};
	freeze(souk.call);
	lock(G, "souk", freeze(souk));

	const timers = {
		setTimeout(fn, ms, ...rest) {
			if (typeof fn !== "function") throw new TypeErrorCtor("setTimeout needs a function; strings are not evaluated");
			return hostTimer(() => { apply(fn, undefined, rest); }, +ms || 0);
		},
		clearTimeout(id) { hostClear(+id || 0); },
		queueMicrotask(fn) {
			if (typeof fn !== "function") throw new TypeErrorCtor("queueMicrotask needs a function");
			apply(then, resolveP(undefined), [() => { apply(fn, undefined, []); }]);
		},
	};
	lock(G, "setTimeout", freeze(timers.setTimeout));
	lock(G, "clearTimeout", freeze(timers.clearTimeout));
	lock(G, "queueMicrotask", freeze(timers.queueMicrotask));

	return {
		run(handler, args) {
			try {
				let mod = G.__soukApp;
				if (mod !== null && mod !== undefined && mod.default !== null && mod.default !== undefined) mod = mod.default;
				if (mod === null || mod === undefined) throw new TypeErrorCtor("the bundle did not define __soukApp");
				const fn = mod[handler];
				if (typeof fn !== "function") throw new TypeErrorCtor("the app has no handler \"" + handler + "\"");
				return resolveP(apply(fn, mod, args));
			} catch (e) {
				return rejectP(e);
			}
		},
		toJSON(v) {
			const s = stringify(v);
			return s === undefined ? "null" : s;
		},
		// describe reads an error's name, message and stack without trusting
		// it: every access is guarded. Primitives come back as value for Go
		// to print.
		describe(e) {
			const t = typeof e;
			if (e === null || (t !== "object" && t !== "function")) return { name: "thrown " + (e === null ? "null" : t), value: e };
			const out = { name: "thrown object", message: "", stack: "" };
			try { const n = e.name; if (typeof n === "string") out.name = n; } catch (x) {}
			try { const m = e.message; out.message = typeof m === "string" ? m : show(m); } catch (x) { out.message = "[message getter threw]"; }
			try { const s = e.stack; if (typeof s === "string") out.stack = s; } catch (x) {}
			return out;
		},
		parse,
		hostError: hostErr,
	};
})`
