package sandbox

// setupJS runs at the start of every event, before the bundle, in the
// event's fresh runtime. Its completion value is a function that receives
// the host functions and returns the sandbox's private helpers. Everything
// the helpers use is captured here, before app code runs, so an app that
// rewrites JSON, Reflect, Promise or any prototype only confuses itself.
// Only three names are installed globally: souk, console and the timers.
const setupJS = `(function (hostCall, hostLog, hostTimer, hostClear, maxCallBytes) {
	"use strict";
	const G = globalThis;
	const defineProperty = Object.defineProperty, freeze = Object.freeze, getProto = Object.getPrototypeOf;
	const stringify = JSON.stringify, parse = JSON.parse;
	const apply = Reflect.apply;
	const P = Promise, resolveP = Promise.resolve.bind(Promise), rejectP = Promise.reject.bind(Promise);
	const then = Promise.prototype.then;
	const Str = String, ErrorCtor = Error, EvalErrorCtor = EvalError, TypeErrorCtor = TypeError;
	const substring = String.prototype.substring;

	// Code generation from strings is unavailable: eval, Function and the
	// async/generator function constructors all throw.
	const disabled = function Function() {
		throw new EvalErrorCtor("code generation from strings is disabled in the souk sandbox");
	};
	const protos = [Function.prototype, getProto(async function () {}), getProto(function* () {})]; // goja has no async generators
	for (let i = 0; i < protos.length; i++) {
		defineProperty(protos[i], "constructor", { value: disabled, writable: false, enumerable: false, configurable: false });
	}
	defineProperty(disabled, "prototype", { value: Function.prototype, writable: false });
	defineProperty(G, "Function", { value: disabled, writable: false, enumerable: false, configurable: false });
	defineProperty(G, "eval", { value: freeze(function () { return apply(disabled, undefined, []); }), writable: false, enumerable: false, configurable: false });

	const clip = (s, n) => s.length > n ? apply(substring, s, [0, n]) + "…" : s;
	const show = (a) => {
		if (typeof a === "string") return a;
		try {
			if (typeof a === "object" && a !== null) {
				const s = stringify(a);
				if (typeof s === "string") return s;
			}
			return Str(a);
		} catch (e) {
			return "[unprintable " + typeof a + "]";
		}
	};
	const format = (args) => {
		let s = "";
		for (let i = 0; i < args.length && s.length < 4096; i++) {
			if (i > 0) s += " ";
			s += clip(show(args[i]), 4096);
		}
		return clip(s, 4096);
	};
	const level = (n) => freeze(function () { hostLog(n, format(arguments)); });
	defineProperty(G, "console", {
		value: freeze({ log: level("log"), info: level("info"), warn: level("warn"), error: level("error"), debug: level("debug") }),
		writable: false, enumerable: false, configurable: false,
	});

	const call = function call(name, args) {
		let json;
		try {
			json = args === undefined ? "null" : stringify(args);
		} catch (e) {
			return rejectP(e);
		}
		if (json === undefined) json = "null";
		if (json.length > maxCallBytes) {
			const e = new ErrorCtor("host call arguments exceed " + maxCallBytes + " bytes");
			e.code = "call_too_large";
			return rejectP(e);
		}
		return hostCall(Str(name), json);
	};
	defineProperty(G, "souk", { value: freeze({ call: freeze(call) }), writable: false, enumerable: false, configurable: false });

	const setTimeout = function setTimeout(fn, ms, ...rest) {
		if (typeof fn !== "function") throw new TypeErrorCtor("setTimeout needs a function; strings are not evaluated");
		return hostTimer(function () { apply(fn, undefined, rest); }, +ms || 0);
	};
	const clearTimeout = function clearTimeout(id) { hostClear(+id || 0); };
	const queueMicrotask = function queueMicrotask(fn) {
		if (typeof fn !== "function") throw new TypeErrorCtor("queueMicrotask needs a function");
		apply(then, resolveP(undefined), [function () { apply(fn, undefined, []); }]);
	};
	for (const [k, v] of [["setTimeout", setTimeout], ["clearTimeout", clearTimeout], ["queueMicrotask", queueMicrotask]]) {
		defineProperty(G, k, { value: freeze(v), writable: false, enumerable: false, configurable: false });
	}

	const describe = (e) => {
		const out = { name: "Error", message: "", stack: "" };
		const t = typeof e;
		if (e === null || (t !== "object" && t !== "function")) {
			out.name = "thrown " + (e === null ? "null" : t);
			try { out.message = Str(e); } catch (x) { out.message = "[unprintable]"; }
			return out;
		}
		try { const n = e.name; out.name = typeof n === "string" ? n : "thrown object"; } catch (x) { out.name = "thrown object"; }
		try { const m = e.message; out.message = typeof m === "string" ? m : show(m); } catch (x) { out.message = "[message getter threw]"; }
		try { const s = e.stack; if (typeof s === "string") out.stack = s; } catch (x) {}
		return out;
	};

	return freeze({
		run(handler, argsJSON) {
			try {
				let mod = G.__soukApp;
				if (mod !== null && mod !== undefined && mod.default !== null && mod.default !== undefined) mod = mod.default;
				if (mod === null || mod === undefined) throw new TypeErrorCtor("the bundle did not define __soukApp");
				const fn = mod[handler];
				if (typeof fn !== "function") throw new TypeErrorCtor("the app has no handler \"" + handler + "\"");
				return resolveP(apply(fn, mod, parse(argsJSON)));
			} catch (e) {
				return rejectP(e);
			}
		},
		toJSON(v) {
			const s = stringify(v);
			return s === undefined ? "null" : s;
		},
		describe,
		parse,
		hostError(code, message) {
			const e = new ErrorCtor(message);
			e.code = code;
			return e;
		},
	});
})`
