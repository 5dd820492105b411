package sandbox

// globalsJS runs after setupJS in every event's runtime, before the bundle.
// It receives the Go natives (worker_globals.go) and defines each web
// global as a lazy accessor on globalThis: the first read builds it and
// replaces the accessor with an ordinary writable, configurable property
// (as in browsers and Node, an app may overwrite its own globals; nothing
// of the host depends on them). Installing costs a few property
// definitions per event; what an event does not use it does not build.
const globalsJS = `(function (nativesN) {
	"use strict";
	const G = globalThis;
	const defineProperty = Object.defineProperty, freeze = Object.freeze, getProto = Object.getPrototypeOf;
	const getOwn = Object.getOwnPropertyDescriptor, keys = Object.keys, create = Object.create;
	const FP = Function.prototype, apply = FP.call.bind(FP.apply);
	const TypeErrorCtor = TypeError, RangeErrorCtor = RangeError, ErrorCtor = Error, StringCtor = String;
	// Built-ins the globals use, captured on first use of any of them:
	// touching them earlier would make goja build them (Date, Map, typed
	// arrays, …) in every runtime, used or not.
	let U8, AB, isView, isArray, MapCtor, SetCtor, DateCtor, RegExpCtor, DV, mapGet, mapSet, mapHas, mapForEach, setAdd, setForEach, mapSize, setSize, dateTime, abLength, abSlice, TA, taTag, taBuffer, taOffset, taLength, taCount, dvBuffer, dvOffset, dvLength, reSource, reFlags, boolValue, numValue, strValue, typed;
	let encodeN, decodeN, btoaN, atobN, randomN, urlN, intlN;
	let captured = false;
	const capture = () => {
		if (captured) return;
		captured = true;
		[encodeN, decodeN, btoaN, atobN, randomN, urlN, intlN] = nativesN();
		U8 = Uint8Array, AB = ArrayBuffer, isView = AB.isView, isArray = Array.isArray;
		MapCtor = Map, SetCtor = Set, DateCtor = Date, RegExpCtor = RegExp, DV = DataView;
		mapGet = Map.prototype.get, mapSet = Map.prototype.set, mapHas = Map.prototype.has, mapForEach = Map.prototype.forEach;
		setAdd = Set.prototype.add, setForEach = Set.prototype.forEach;
		mapSize = getOwn(Map.prototype, "size").get, setSize = getOwn(Set.prototype, "size").get;
		dateTime = Date.prototype.getTime, abLength = getOwn(AB.prototype, "byteLength").get, abSlice = AB.prototype.slice;
		TA = getProto(U8.prototype);
		taTag = getOwn(TA, Symbol.toStringTag).get, taBuffer = getOwn(TA, "buffer").get;
		taOffset = getOwn(TA, "byteOffset").get, taLength = getOwn(TA, "byteLength").get, taCount = getOwn(TA, "length").get;
		dvBuffer = getOwn(DV.prototype, "buffer").get, dvOffset = getOwn(DV.prototype, "byteOffset").get, dvLength = getOwn(DV.prototype, "byteLength").get;
		reSource = getOwn(RegExp.prototype, "source").get, reFlags = getOwn(RegExp.prototype, "flags").get;
		boolValue = Boolean.prototype.valueOf, numValue = Number.prototype.valueOf, strValue = String.prototype.valueOf;
		typed = { Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array };
		if (typeof BigInt64Array === "function") { typed.BigInt64Array = BigInt64Array; typed.BigUint64Array = BigUint64Array; }
	};
	const once = (make) => { let v, made = false; return () => { if (!made) { v = make(); made = true; } return v; }; };
	const lazy = (name, make) => {
		const set = (v) => defineProperty(G, name, { value: v, writable: true, configurable: true, enumerable: false });
		defineProperty(G, name, { configurable: true, enumerable: false, get() { capture(); const v = make(); set(v); return v; }, set });
	};
	const brand = (getter, v) => { try { apply(getter, v, []); return true; } catch (e) { return false; } };
	// bytes returns [buffer, offset, length] of a BufferSource, or throws.
	const bytes = (v, what) => {
		if (v instanceof AB || brand(abLength, v)) return [v, 0, apply(abLength, v, [])];
		if (brand(taTag, v) && apply(taTag, v, []) !== undefined) return [apply(taBuffer, v, []), apply(taOffset, v, []), apply(taLength, v, [])];
		if (brand(dvBuffer, v)) return [apply(dvBuffer, v, []), apply(dvOffset, v, []), apply(dvLength, v, [])];
		throw new TypeErrorCtor(what + ": expected an ArrayBuffer, a typed array or a DataView");
	};

	const DOMExceptionF = once(() => {
		const codes = { IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5, NoModificationAllowedError: 7,
			NotFoundError: 8, NotSupportedError: 9, InvalidStateError: 11, SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14,
			InvalidAccessError: 15, TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20, URLMismatchError: 21,
			QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25 };
		class DOMException extends ErrorCtor {
			constructor(message, name) {
				super(message === undefined ? "" : StringCtor(message));
				defineProperty(this, "name", { value: name === undefined ? "Error" : StringCtor(name), writable: true, configurable: true });
			}
			get code() { return codes[this.name] || 0; }
		}
		return DOMException;
	});
	const domError = (message, name) => new (DOMExceptionF())(message, name);
	lazy("DOMException", DOMExceptionF);

	// TextEncoder / TextDecoder: UTF-8 only, as in the Encoding Standard's
	// TextEncoder; TextDecoder accepts the UTF-8 labels.
	const TextEncoderF = once(() => {
		const encode = (s) => {
			const ab = encodeN(s);
			if (ab === null) throw new RangeErrorCtor("TextEncoder: the input is larger than this event's memory limit");
			return new U8(ab);
		};
		class TextEncoder {
			get encoding() { return "utf-8"; }
			encode(input) { return encode(input === undefined ? "" : StringCtor(input)); }
			encodeInto(source, dest) {
				const s = StringCtor(source);
				if (!(dest instanceof U8)) throw new TypeErrorCtor("TextEncoder.encodeInto: the destination must be a Uint8Array");
				let read = 0, written = 0;
				const room = dest.length;
				for (const ch of s) {
					const cp = ch.codePointAt(0);
					const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
					if (written + n > room) break;
					const b = encode(ch);
					for (let i = 0; i < b.length; i++) dest[written + i] = b[i];
					written += n;
					read += ch.length;
				}
				return { read, written };
			}
		}
		return TextEncoder;
	});
	lazy("TextEncoder", TextEncoderF);
	const TextDecoderF = once(() => {
		const labels = { "utf-8": 1, "utf8": 1, "unicode-1-1-utf-8": 1, "unicode11utf8": 1, "unicode20utf8": 1, "x-unicode20utf8": 1 };
		const state = new WeakMap();
		const tailLen = (b, n) => { // bytes of an incomplete sequence at the end
			for (let k = 1; k <= 3 && k <= n; k++) {
				const c = b[n - k];
				if (c < 0x80) return 0;
				if (c >= 0xC0) { const need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2; return need > k ? k : 0; }
			}
			return 0;
		};
		class TextDecoder {
			constructor(label, options) {
				const l = label === undefined ? "utf-8" : StringCtor(label).trim().toLowerCase();
				if (!labels[l]) throw new RangeErrorCtor("TextDecoder: the encoding \"" + l + "\" is not supported (souk decodes UTF-8 only)");
				const o = options || {};
				state.set(this, { fatal: !!o.fatal, ignoreBOM: !!o.ignoreBOM, pending: null, started: false });
			}
			get encoding() { return "utf-8"; }
			get fatal() { return state.get(this).fatal; }
			get ignoreBOM() { return state.get(this).ignoreBOM; }
			decode(input, options) {
				const st = state.get(this);
				if (!st) throw new TypeErrorCtor("TextDecoder.decode: not a TextDecoder");
				const stream = !!(options && options.stream);
				let [buf, off, len] = input === undefined ? [new AB(0), 0, 0] : bytes(input, "TextDecoder.decode");
				if (st.pending !== null || stream) {
					const cur = new U8(buf, off, len);
					const p = st.pending || new U8(0);
					const all = new U8(p.length + len);
					all.set(p, 0);
					all.set(cur, p.length);
					const keep = stream ? tailLen(all, all.length) : 0;
					st.pending = keep ? all.slice(all.length - keep) : null;
					buf = all.buffer; off = 0; len = all.length - keep;
				}
				let s = decodeN(buf, off, len, st.fatal);
				if (s === null) { st.pending = null; st.started = false; throw new TypeErrorCtor("TextDecoder: the input is not valid UTF-8"); }
				if (!st.started && !st.ignoreBOM && s.charCodeAt(0) === 0xFEFF) s = s.slice(1);
				st.started = stream && (st.started || s.length > 0 || st.pending !== null);
				if (!stream) { st.started = false; st.pending = null; }
				return s;
			}
		}
		return TextDecoder;
	});
	lazy("TextDecoder", TextDecoderF);

	lazy("btoa", () => function btoa(data) {
		if (arguments.length === 0) throw new TypeErrorCtor("btoa: 1 argument required");
		const s = btoaN(StringCtor(data));
		if (s === null) throw domError("btoa: the string contains characters outside of Latin1", "InvalidCharacterError");
		return s;
	});
	lazy("atob", () => function atob(data) {
		if (arguments.length === 0) throw new TypeErrorCtor("atob: 1 argument required");
		const s = atobN(StringCtor(data));
		if (s === null) throw domError("atob: the string is not correctly encoded base64", "InvalidCharacterError");
		return s;
	});

	// crypto: getRandomValues and randomUUID (no subtle).
	lazy("crypto", once(() => {
		const integerTypes = ["Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "BigInt64Array", "BigUint64Array"];
		const fill = (buf, off, len) => {
			if (!randomN(buf, off, len)) throw domError("crypto: no random bytes available", "OperationError");
		};
		const hex = "0123456789abcdef";
		const crypto = {
			getRandomValues(array) {
				const tag = brand(taTag, array) ? apply(taTag, array, []) : undefined;
				if (tag === undefined || integerTypes.indexOf(tag) < 0) throw domError("crypto.getRandomValues: the argument must be an integer typed array", "TypeMismatchError");
				const len = apply(taLength, array, []);
				if (len > 65536) throw domError("crypto.getRandomValues: the array's byte length (" + len + ") exceeds the number of bytes of entropy available via this API (65536)", "QuotaExceededError");
				fill(apply(taBuffer, array, []), apply(taOffset, array, []), len);
				return array;
			},
			randomUUID() {
				const b = new U8(16);
				fill(b.buffer, 0, 16);
				b[6] = (b[6] & 0x0f) | 0x40;
				b[8] = (b[8] & 0x3f) | 0x80;
				let s = "";
				for (let i = 0; i < 16; i++) {
					if (i === 4 || i === 6 || i === 8 || i === 10) s += "-";
					s += hex[b[i] >> 4] + hex[b[i] & 15];
				}
				return s;
			},
		};
		return freeze(crypto);
	}));

	// structuredClone: the HTML structured clone of plain data, Map, Set,
	// Date, RegExp, ArrayBuffer, typed arrays, DataView, errors and the
	// primitive wrappers; cycles and shared references are preserved.
	// Functions, symbols and other objects with internal state (Promise,
	// WeakMap, …) throw a DataCloneError.
	lazy("structuredClone", () => function structuredClone(value, options) {
		if (arguments.length === 0) throw new TypeErrorCtor("structuredClone: 1 argument required");
		if (options && options.transfer && options.transfer.length) throw domError("structuredClone: transfer is not supported in the souk sandbox", "DataCloneError");
		const memo = new MapCtor();
		const fail = (what) => { throw domError(what + " could not be cloned.", "DataCloneError"); };
		const cloneBuffer = (b) => {
			if (apply(mapHas, memo, [b])) return apply(mapGet, memo, [b]);
			const c = apply(abSlice, b, [0]);
			apply(mapSet, memo, [b, c]);
			return c;
		};
		const c = (v) => {
			const t = typeof v;
			if (t === "symbol") fail(StringCtor(v));
			if (t === "function") fail("function " + (typeof v.name === "string" ? v.name : ""));
			if (v === null || t !== "object") return v;
			if (apply(mapHas, memo, [v])) return apply(mapGet, memo, [v]);
			let out;
			if (isArray(v)) {
				out = new Array(v.length);
				apply(mapSet, memo, [v, out]);
				for (const k of keys(v)) out[k] = c(v[k]);
				return out;
			}
			if (brand(dateTime, v)) out = new DateCtor(apply(dateTime, v, []));
			else if (brand(reFlags, v) && brand(reSource, v) && v instanceof RegExpCtor) out = new RegExpCtor(apply(reSource, v, []), apply(reFlags, v, []));
			else if (brand(abLength, v)) return cloneBuffer(v);
			else if (brand(taTag, v) && apply(taTag, v, []) !== undefined) {
				const C = typed[apply(taTag, v, [])];
				out = new C(cloneBuffer(apply(taBuffer, v, [])), apply(taOffset, v, []), apply(taCount, v, []));
			} else if (brand(dvBuffer, v)) out = new DV(cloneBuffer(apply(dvBuffer, v, [])), apply(dvOffset, v, []), apply(dvLength, v, []));
			else if (brand(boolValue, v)) out = Object(apply(boolValue, v, []));
			else if (brand(numValue, v)) out = Object(apply(numValue, v, []));
			else if (brand(strValue, v)) out = Object(apply(strValue, v, []));
			else if (brand(mapSize, v)) {
				out = new MapCtor();
				apply(mapSet, memo, [v, out]);
				const entries = [];
				apply(mapForEach, v, [(val, k) => { entries.push(k, val); }]);
				for (let i = 0; i < entries.length; i += 2) apply(mapSet, out, [c(entries[i]), c(entries[i + 1])]);
				return out;
			} else if (brand(setSize, v)) {
				out = new SetCtor();
				apply(mapSet, memo, [v, out]);
				const items = [];
				apply(setForEach, v, [(x) => { items.push(x); }]);
				for (let i = 0; i < items.length; i++) apply(setAdd, out, [c(items[i])]);
				return out;
			} else if (v instanceof ErrorCtor) {
				const names = { EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };
				const E = names[v.name] || ErrorCtor;
				out = new E(StringCtor(v.message));
				apply(mapSet, memo, [v, out]);
				if (typeof v.stack === "string") out.stack = v.stack;
				return out;
			} else if (v instanceof Promise || v instanceof WeakMap || v instanceof WeakSet || (typeof WeakRef === "function" && v instanceof WeakRef)) {
				fail("#<" + (v.constructor && v.constructor.name) + ">");
			} else {
				out = {};
				apply(mapSet, memo, [v, out]);
				for (const k of keys(v)) out[k] = c(v[k]);
				return out;
			}
			apply(mapSet, memo, [v, out]);
			return out;
		};
		return c(value);
	});

	// URL and URLSearchParams (WHATWG URL Standard; the parser is Go, see
	// worker_url.go).
	const URLSearchParamsF = once(() => {
		const enc = (s) => encodeURIComponent(s).replace(/[!'()~]|%20/g, (m) => m === "%20" ? "+" : "%" + m.charCodeAt(0).toString(16).toUpperCase());
		const dec = (s) => {
			s = s.replace(/\+/g, " ");
			try { return decodeURIComponent(s); } catch (e) {
				// Malformed escapes stay as written, as the Standard's percent-decode does.
				return s.replace(/(%[0-9A-Fa-f]{2})+/g, (m) => { try { return decodeURIComponent(m); } catch (e2) { return m; } });
			}
		};
		const lists = new WeakMap(), owners = new WeakMap();
		const list = (p) => { const l = lists.get(p); if (!l) throw new TypeErrorCtor("not a URLSearchParams"); return l; };
		const parse = (s) => {
			const out = [];
			if (s === "") return out;
			for (const part of s.split("&")) {
				if (part === "") continue;
				const i = part.indexOf("=");
				out.push(i < 0 ? [dec(part), ""] : [dec(part.slice(0, i)), dec(part.slice(i + 1))]);
			}
			return out;
		};
		const serialize = (l) => l.map(([k, v]) => enc(k) + "=" + enc(v)).join("&");
		const update = (p) => { const u = owners.get(p); if (u) u(serialize(list(p))); };
		class URLSearchParams {
			constructor(init) {
				let l = [];
				if (init === undefined || init === null) l = [];
				else if (typeof init === "object" || typeof init === "function") {
					if (typeof init[Symbol.iterator] === "function") {
						for (const pair of init) {
							const a = [...pair];
							if (a.length !== 2) throw new TypeErrorCtor("URLSearchParams: each pair must have exactly two items");
							l.push([StringCtor(a[0]), StringCtor(a[1])]);
						}
					} else for (const k of keys(init)) l.push([k, StringCtor(init[k])]);
				} else {
					const s = StringCtor(init);
					l = parse(s.charAt(0) === "?" ? s.slice(1) : s);
				}
				lists.set(this, l);
			}
			get size() { return list(this).length; }
			append(k, v) { list(this).push([StringCtor(k), StringCtor(v)]); update(this); }
			delete(k, v) {
				k = StringCtor(k);
				const l = list(this), keep = l.filter(([a, b]) => !(a === k && (v === undefined || b === StringCtor(v))));
				l.length = 0; l.push(...keep); update(this);
			}
			get(k) { k = StringCtor(k); const e = list(this).find(([a]) => a === k); return e ? e[1] : null; }
			getAll(k) { k = StringCtor(k); return list(this).filter(([a]) => a === k).map(([, b]) => b); }
			has(k, v) { k = StringCtor(k); return list(this).some(([a, b]) => a === k && (v === undefined || b === StringCtor(v))); }
			set(k, v) {
				k = StringCtor(k); v = StringCtor(v);
				const l = list(this), i = l.findIndex(([a]) => a === k);
				if (i < 0) l.push([k, v]);
				else { l[i] = [k, v]; const rest = l.filter(([a], j) => j <= i || a !== k); l.length = 0; l.push(...rest); }
				update(this);
			}
			sort() { const l = list(this); const s = l.map((e, i) => [e, i]).sort((x, y) => (x[0][0] < y[0][0] ? -1 : x[0][0] > y[0][0] ? 1 : x[1] - y[1])); l.length = 0; l.push(...s.map((x) => x[0])); update(this); }
			forEach(fn, thisArg) { for (const [k, v] of list(this).slice()) apply(fn, thisArg, [v, k, this]); }
			*entries() { for (const [k, v] of list(this).slice()) yield [k, v]; }
			*keys() { for (const [k] of list(this).slice()) yield k; }
			*values() { for (const [, v] of list(this).slice()) yield v; }
			[Symbol.iterator]() { return this.entries(); }
			toString() { return serialize(list(this)); }
			get [Symbol.toStringTag]() { return "URLSearchParams"; }
		}
		URLSearchParams._attach = (p, url, setQuery) => { owners.set(p, setQuery); };
		URLSearchParams._reset = (p, query) => { const l = list(p); l.length = 0; l.push(...parse(query)); };
		return URLSearchParams;
	});
	lazy("URLSearchParams", URLSearchParamsF);
	lazy("URL", once(() => {
		const USP = URLSearchParamsF();
		const attach = USP._attach, reset = USP._reset;
		delete USP._attach; delete USP._reset;
		const recs = new WeakMap();
		const P = 0, USER = 1, PASS = 2, HOST = 3, PORT = 4, PATH = 5, SEARCH = 6, HASH = 7, ORIGIN = 8;
		const rec = (u) => { const r = recs.get(u); if (!r) throw new TypeErrorCtor("not a URL"); return r; };
		const href = (r) => {
			let s = r.f[P];
			const special = /^(https?|wss?|ftp|file):$/.test(r.f[P]);
			if (r.f[HOST] !== "" || special || r.hadHost) {
				s += "//";
				if (r.f[USER] !== "" || r.f[PASS] !== "") s += r.f[USER] + (r.f[PASS] !== "" ? ":" + r.f[PASS] : "") + "@";
				s += r.f[HOST] + (r.f[PORT] !== "" ? ":" + r.f[PORT] : "");
			}
			return s + r.f[PATH] + r.f[SEARCH] + r.f[HASH];
		};
		const parse = (input, base) => {
			const f = urlN(StringCtor(input), base === undefined ? undefined : StringCtor(base));
			if (f === null) throw new TypeErrorCtor("Invalid URL: " + StringCtor(input));
			return f;
		};
		const reparse = (u, s) => {
			const r = rec(u);
			const f = urlN(s, undefined);
			if (f === null) return;
			r.f = f;
			reset(r.params, f[SEARCH].slice(1));
		};
		class URL {
			constructor(input, base) {
				const f = parse(input, base);
				const r = { f, hadHost: /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(StringCtor(input).trim()) || f[HOST] !== "", params: null };
				recs.set(this, r);
				r.params = new USP(f[SEARCH].slice(1));
				attach(r.params, this, (q) => { r.f[SEARCH] = q === "" ? "" : "?" + q; });
			}
			static canParse(input, base) { try { parse(input, base); return true; } catch (e) { return false; } }
			static parse(input, base) { try { return new URL(input, base); } catch (e) { return null; } }
			get href() { return href(rec(this)); }
			set href(v) { const f = parse(v); const r = rec(this); r.f = f; reset(r.params, f[SEARCH].slice(1)); }
			get origin() { return rec(this).f[ORIGIN]; }
			get protocol() { return rec(this).f[P]; }
			set protocol(v) { const r = rec(this); reparse(this, StringCtor(v).replace(/:.*$/, "") + href(r).slice(r.f[P].length)); }
			get username() { return rec(this).f[USER]; }
			set username(v) { const r = rec(this); r.f[USER] = encodeURIComponent(StringCtor(v)); reparse(this, href(r)); }
			get password() { return rec(this).f[PASS]; }
			set password(v) { const r = rec(this); r.f[PASS] = encodeURIComponent(StringCtor(v)); reparse(this, href(r)); }
			get host() { const f = rec(this).f; return f[HOST] + (f[PORT] !== "" ? ":" + f[PORT] : ""); }
			set host(v) { const r = rec(this), s = StringCtor(v), i = s.lastIndexOf(":"); const old = [r.f[HOST], r.f[PORT]]; if (i > 0 && s.indexOf("]") < i) { r.f[HOST] = s.slice(0, i); r.f[PORT] = s.slice(i + 1); } else r.f[HOST] = s; const h = href(r); [r.f[HOST], r.f[PORT]] = old; reparse(this, h); }
			get hostname() { return rec(this).f[HOST]; }
			set hostname(v) { const r = rec(this), old = r.f[HOST]; r.f[HOST] = StringCtor(v); const h = href(r); r.f[HOST] = old; reparse(this, h); }
			get port() { return rec(this).f[PORT]; }
			set port(v) { const r = rec(this), old = r.f[PORT]; r.f[PORT] = StringCtor(v); const h = href(r); r.f[PORT] = old; reparse(this, h); }
			get pathname() { return rec(this).f[PATH]; }
			set pathname(v) { const r = rec(this), old = r.f[PATH]; let p = StringCtor(v); if (p.charAt(0) !== "/") p = "/" + p; r.f[PATH] = p.replace(/[?#]/g, encodeURIComponent); const h = href(r); r.f[PATH] = old; reparse(this, h); }
			get search() { return rec(this).f[SEARCH]; }
			set search(v) { const r = rec(this); let s = StringCtor(v); if (s.charAt(0) === "?") s = s.slice(1); const old = r.f[SEARCH]; r.f[SEARCH] = s === "" ? "" : "?" + s.replace(/#/g, "%23"); const h = href(r); r.f[SEARCH] = old; reparse(this, h); }
			get searchParams() { return rec(this).params; }
			get hash() { return rec(this).f[HASH]; }
			set hash(v) { const r = rec(this); let s = StringCtor(v); if (s.charAt(0) === "#") s = s.slice(1); const old = r.f[HASH]; r.f[HASH] = s === "" ? "" : "#" + s; const h = href(r); r.f[HASH] = old; reparse(this, h); }
			toString() { return this.href; }
			toJSON() { return this.href; }
			get [Symbol.toStringTag]() { return "URL"; }
		}
		return URL;
	}));

	// Intl: a subset on golang.org/x/text (worker_intl.go). Month and
	// weekday names are English in every locale; time zones are UTC and
	// the worker's local zone.
	const IntlF = once(() => {
		const N = intlN();
		const pick = (locales) => {
			const l = isArray(locales) ? locales[0] : locales;
			if (l === undefined) return "en-US";
			const t = N.locale(StringCtor(l));
			if (t === null) throw new RangeErrorCtor("Incorrect locale information provided");
			return t;
		};
		const opt = (o, k, allowed, def) => {
			const v = o[k];
			if (v === undefined) return def;
			const s = StringCtor(v);
			if (allowed && allowed.indexOf(s) < 0) throw new RangeErrorCtor("Value " + s + " out of range for Intl options property " + k);
			return s;
		};
		const digits = (o, k, lo, hi, def) => {
			const v = o[k];
			if (v === undefined) return def;
			const n = +v;
			if (!(n >= lo && n <= hi)) throw new RangeErrorCtor(k + " value is out of range.");
			return Math.floor(n);
		};
		class NumberFormat {
			constructor(locales, options) {
				const o = options === undefined ? {} : Object(options);
				const locale = pick(locales);
				const style = opt(o, "style", ["decimal", "percent", "currency", "unit"], "decimal");
				if (style === "unit") throw new RangeErrorCtor("Intl.NumberFormat: style \"unit\" is not supported in the souk sandbox");
				let currency = o.currency === undefined ? undefined : StringCtor(o.currency);
				let cd = 2;
				if (style === "currency") {
					if (currency === undefined) throw new TypeErrorCtor("Currency code is required with currency style.");
					if (!/^[A-Za-z]{3}$/.test(currency)) throw new RangeErrorCtor("Invalid currency code : " + currency);
					currency = currency.toUpperCase();
					cd = N.currencyDigits(currency);
					if (cd < 0) cd = 2;
				}
				const display = opt(o, "currencyDisplay", ["symbol", "narrowSymbol", "code", "name"], "symbol");
				const defMin = style === "currency" ? cd : 0, defMax = style === "currency" ? cd : style === "percent" ? 0 : 3;
				const minFD = digits(o, "minimumFractionDigits", 0, 100, defMin);
				const maxFD = digits(o, "maximumFractionDigits", 0, 100, Math.max(defMax, minFD));
				if (maxFD < minFD) throw new RangeErrorCtor("maximumFractionDigits value is out of range.");
				const grouping = o.useGrouping === undefined ? true : !!o.useGrouping && o.useGrouping !== "false";
				const r = { locale, numberingSystem: "latn", style, minimumIntegerDigits: 1, minimumFractionDigits: minFD, maximumFractionDigits: maxFD, useGrouping: grouping ? "auto" : false };
				if (style === "currency") { r.currency = currency; r.currencyDisplay = display; }
				const fmt = (x) => {
					const n = typeof x === "bigint" ? Number(x) : +x;
					return N.number(locale, style, currency || "", display === "name" ? "code" : display, minFD, maxFD, grouping, n);
				};
				defineProperty(this, "format", { value: fmt, configurable: true });
				defineProperty(this, "resolvedOptions", { value: () => ({ ...r }), configurable: true });
			}
			formatToParts(x) { return [{ type: "literal", value: this.format(x) }]; }
			static supportedLocalesOf(l) { return (isArray(l) ? l : l === undefined ? [] : [l]).map(pick); }
		}
		class PluralRules {
			constructor(locales, options) {
				const o = options === undefined ? {} : Object(options);
				const locale = pick(locales), type = opt(o, "type", ["cardinal", "ordinal"], "cardinal");
				defineProperty(this, "select", { value: (x) => N.plural(locale, type === "ordinal", +x), configurable: true });
				defineProperty(this, "resolvedOptions", { value: () => ({ locale, type }), configurable: true });
			}
			static supportedLocalesOf(l) { return (isArray(l) ? l : l === undefined ? [] : [l]).map(pick); }
		}
		class Collator {
			constructor(locales, options) {
				const o = options === undefined ? {} : Object(options);
				const locale = pick(locales);
				const sensitivity = opt(o, "sensitivity", ["base", "accent", "case", "variant"], "variant");
				const numeric = !!o.numeric;
				defineProperty(this, "compare", { value: (a, b) => N.compare(locale, sensitivity, numeric, StringCtor(a), StringCtor(b)), configurable: true });
				defineProperty(this, "resolvedOptions", { value: () => ({ locale, usage: "sort", sensitivity, ignorePunctuation: false, collation: "default", numeric, caseFirst: "false" }), configurable: true });
			}
			static supportedLocalesOf(l) { return (isArray(l) ? l : l === undefined ? [] : [l]).map(pick); }
		}
		const monthsLong = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
		const daysLong = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
		const pad = (n, w) => { let s = "" + n; while (s.length < w) s = "0" + s; return s; };
		class DateTimeFormat {
			constructor(locales, options, defaults) {
				const o = options === undefined ? {} : Object(options);
				const locale = pick(locales);
				const tz = o.timeZone === undefined ? undefined : StringCtor(o.timeZone);
				const utc = tz !== undefined && /^(utc|gmt|etc\/utc|etc\/gmt)$/i.test(tz);
				if (tz !== undefined && !utc) throw new RangeErrorCtor("Intl.DateTimeFormat: time zone " + tz + " is not supported in the souk sandbox (UTC only)");
				const f = {};
				const nameOpts = ["numeric", "2-digit", "long", "short", "narrow"];
				for (const k of ["weekday", "era", "year", "month", "day", "hour", "minute", "second"]) f[k] = opt(o, k, k === "weekday" ? ["long", "short", "narrow"] : k === "month" ? nameOpts : ["numeric", "2-digit", "short", "long", "narrow"], undefined);
				const ds = opt(o, "dateStyle", ["full", "long", "medium", "short"], undefined), ts = opt(o, "timeStyle", ["full", "long", "medium", "short"], undefined);
				if (ds) { f.year = "numeric"; f.month = ds === "short" ? "numeric" : ds === "medium" ? "short" : "long"; f.day = "numeric"; if (ds === "full") f.weekday = "long"; }
				if (ts) { f.hour = "numeric"; f.minute = "2-digit"; if (ts !== "short") f.second = "2-digit"; }
				const any = ["weekday", "year", "month", "day", "hour", "minute", "second"].some((k) => f[k] !== undefined);
				const def = defaults || "date";
				if (!any && (def === "date" || def === "all")) { f.year = "numeric"; f.month = "numeric"; f.day = "numeric"; }
				if (!any && (def === "time" || def === "all")) { f.hour = "numeric"; f.minute = "2-digit"; f.second = "2-digit"; }
				const lang = locale.split("-")[0];
				const h12 = o.hour12 !== undefined ? !!o.hour12 : o.hourCycle !== undefined ? /h1[12]/.test(o.hourCycle) : (locale === "en-US" || locale === "en" || lang === "hi" || locale === "en-AU" || locale === "en-CA");
				const fmt = (date) => {
					const d = date === undefined ? new DateCtor() : new DateCtor(typeof date === "number" ? date : apply(dateTime, date, []));
					const t = apply(dateTime, d, []);
					if (t !== t) throw new RangeErrorCtor("Invalid time value");
					const Y = utc ? d.getUTCFullYear() : d.getFullYear(), M = utc ? d.getUTCMonth() : d.getMonth(), D = utc ? d.getUTCDate() : d.getDate();
					const W = utc ? d.getUTCDay() : d.getDay(), h = utc ? d.getUTCHours() : d.getHours(), m = utc ? d.getUTCMinutes() : d.getMinutes(), s = utc ? d.getUTCSeconds() : d.getSeconds();
					let date_ = "";
					const yy = f.year === "2-digit" ? pad(Y % 100, 2) : "" + Y;
					const dd = f.day === "2-digit" ? pad(D, 2) : "" + D;
					if (f.month === "long" || f.month === "short" || f.month === "narrow") {
						const mn = f.month === "long" ? monthsLong[M] : f.month === "short" ? monthsLong[M].slice(0, 3) : monthsLong[M][0];
						if (lang === "en" && locale !== "en-GB") date_ = [mn + (f.day ? " " + dd : ""), f.year ? yy : ""].filter(Boolean).join(f.day ? ", " : " ");
						else date_ = [f.day ? dd : "", mn, f.year ? yy : ""].filter(Boolean).join(" ");
					} else if (f.year || f.month || f.day) {
						const mm = f.month === "2-digit" ? pad(M + 1, 2) : "" + (M + 1);
						const parts = { y: f.year ? yy : "", m: f.month ? mm : "", d: f.day ? dd : "" };
						let order = "mdy", sep = "/";
						if (locale === "en-US" || locale === "en") order = "mdy";
						else if (lang === "de" || lang === "ru" || lang === "pl" || lang === "cs" || lang === "fi" || lang === "nb" || lang === "tr") { order = "dmy"; sep = "."; }
						else if (lang === "ja" || lang === "zh" || lang === "ko" || lang === "sv" || lang === "lt" || locale === "en-CA") { order = "ymd"; sep = lang === "sv" || lang === "lt" || locale === "en-CA" ? "-" : "/"; }
						else if (lang === "nl") { order = "dmy"; sep = "-"; }
						else order = "dmy";
						if (order === "dmy" && sep !== "." && f.day === "numeric" && f.month === "numeric" && lang !== "nl") { parts.d = pad(D, 2); parts.m = pad(M + 1, 2); }
						date_ = order.split("").map((k) => parts[k]).filter(Boolean).join(sep);
					}
					if (f.weekday) { const wn = f.weekday === "long" ? daysLong[W] : f.weekday === "short" ? daysLong[W].slice(0, 3) : daysLong[W][0]; date_ = date_ ? wn + ", " + date_ : wn; }
					let time_ = "";
					if (f.hour || f.minute || f.second) {
						const hh = h12 ? ((h % 12) || 12) : h;
						const hs = f.hour === "2-digit" || (!h12 && f.hour) ? pad(hh, 2) : "" + hh;
						time_ = [f.hour ? hs : "", f.minute ? pad(m, 2) : "", f.second ? pad(s, 2) : ""].filter(Boolean).join(":");
						if (h12 && f.hour) time_ += " " + (h < 12 ? "AM" : "PM");
					}
					return date_ && time_ ? date_ + ", " + time_ : date_ || time_;
				};
				defineProperty(this, "format", { value: fmt, configurable: true });
				defineProperty(this, "resolvedOptions", { value: () => ({ locale, calendar: "gregory", numberingSystem: "latn", timeZone: utc ? "UTC" : undefined, ...f }), configurable: true });
			}
			formatToParts(d) { return [{ type: "literal", value: this.format(d) }]; }
			static supportedLocalesOf(l) { return (isArray(l) ? l : l === undefined ? [] : [l]).map(pick); }
		}
		const Intl = { NumberFormat, PluralRules, Collator, DateTimeFormat, getCanonicalLocales: (l) => (isArray(l) ? l : l === undefined ? [] : [l]).map(pick) };
		defineProperty(Intl, Symbol.toStringTag, { value: "Intl", configurable: true });
		return Intl;
	});
	lazy("Intl", IntlF);
	// toLocaleString and friends go through Intl (goja's own treat the
	// locale as a radix or ignore it).
	const method = (proto, name, f) => defineProperty(proto, name, { value: f, writable: true, configurable: true, enumerable: false });
	const numValueOf = Number.prototype.valueOf;
	method(Number.prototype, "toLocaleString", function toLocaleString(locales, options) { capture(); return new (IntlF().NumberFormat)(locales, options).format(apply(numValueOf, this, [])); });
	method(Date.prototype, "toLocaleString", function toLocaleString(locales, options) { capture(); return new (IntlF().DateTimeFormat)(locales, options, "all").format(apply(dateTime, this, [])); });
	method(Date.prototype, "toLocaleDateString", function toLocaleDateString(locales, options) { capture(); return new (IntlF().DateTimeFormat)(locales, options, "date").format(apply(dateTime, this, [])); });
	method(Date.prototype, "toLocaleTimeString", function toLocaleTimeString(locales, options) { capture(); return new (IntlF().DateTimeFormat)(locales, options, "time").format(apply(dateTime, this, [])); });
})`
