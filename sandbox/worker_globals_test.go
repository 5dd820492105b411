package sandbox

import (
	"testing"
	"time"
)

// jsEqual runs render() returning a value and compares its JSON.
func jsEqual(t *testing.T, body, want string) {
	t.Helper()
	d := runInProc(t, `var __soukApp = { async render() { `+body+` } };`, Limits{})
	if d.Outcome != OutcomeOK || string(d.Value) != want {
		t.Fatalf("%s %+v\n got %s\nwant %s", d.Outcome, d.Err, d.Value, want)
	}
}

func TestGlobalObjectIdiom(t *testing.T) {
	jsEqual(t, `
		const out = [Function("return this")() === globalThis, new Function("return this")() === globalThis];
		for (const bad of [() => Function("return this;"), () => Function("return this", "x"), () => Function("return 1"), () => new Function("a", "return this")]) {
			try { bad(); out.push("ran"); } catch (e) { out.push(e.name); }
		}
		return out;`, `[true,true,"EvalError","EvalError","EvalError","EvalError"]`)
}

func TestGlobalsTextEncoding(t *testing.T) {
	jsEqual(t, `
		const e = new TextEncoder(), d = new TextDecoder();
		const b = e.encode("h€llo 😀");
		const out = [e.encoding, Array.from(b).join(","), d.decode(b), d.decode(new Uint8Array([0xEF,0xBB,0xBF,0x41])),
			new TextDecoder("utf-8", {ignoreBOM: true}).decode(new Uint8Array([0xEF,0xBB,0xBF,0x41])).length,
			// WHATWG replacement: one U+FFFD per maximal subpart.
			d.decode(new Uint8Array([0xE2, 0x82, 0x41, 0xFF, 0xF0, 0x9F, 0x98])).split("").map((c) => c.charCodeAt(0).toString(16)).join(" "),
			e.encode("\uD800").join(","), d.decode(b.buffer), d.decode(new DataView(b.buffer, 0, 1))];
		try { new TextDecoder("utf-8", {fatal: true}).decode(new Uint8Array([0xFF])); } catch (x) { out.push(x.name); }
		try { new TextDecoder("latin1"); } catch (x) { out.push(x.name); }
		// streaming: a code point split across chunks
		const sd = new TextDecoder();
		out.push(sd.decode(new Uint8Array([0xE2, 0x82]), {stream: true}) + sd.decode(new Uint8Array([0xAC])));
		const dest = new Uint8Array(4);
		out.push(e.encodeInto("a€b", dest));
		return out;`,
		`["utf-8","104,226,130,172,108,108,111,32,240,159,152,128","h€llo 😀","A",2,"fffd 41 fffd fffd","239,191,189","h€llo 😀","h","TypeError","RangeError","€",{"read":2,"written":4}]`)
}

func TestGlobalsBase64AndCrypto(t *testing.T) {
	jsEqual(t, `
		const out = [btoa("hello\xff"), atob("aGVsbG//"), atob(" aGk= "), atob("aGk")];
		for (const bad of [() => btoa("€"), () => atob("a"), () => atob("a*bc")]) {
			try { bad(); out.push("ran"); } catch (e) { out.push(e.name + ":" + e.code + ":" + (e instanceof DOMException) + ":" + (e instanceof Error)); }
		}
		const a = crypto.getRandomValues(new Uint32Array(8));
		out.push(a.some((x) => x !== 0), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID()));
		out.push(crypto.randomUUID() !== crypto.randomUUID());
		for (const bad of [() => crypto.getRandomValues(new Float64Array(2)), () => crypto.getRandomValues(new Uint8Array(65537)), () => crypto.getRandomValues([1, 2])]) {
			try { bad(); out.push("ran"); } catch (e) { out.push(e.name); }
		}
		out.push(crypto.getRandomValues(new Uint8Array(65536)).length);
		return out;`,
		`["aGVsbG//","helloÿ","hi","hi","InvalidCharacterError:5:true:true","InvalidCharacterError:5:true:true","InvalidCharacterError:5:true:true",true,true,true,"TypeMismatchError","QuotaExceededError","TypeMismatchError",65536]`)
}

func TestGlobalsStructuredClone(t *testing.T) {
	jsEqual(t, `
		const o = { a: 1, d: new Date(5), r: /x+/gi, m: new Map([[1, { z: 2 }]]), s: new Set(["q"]), u: new Uint16Array([1, 2, 3]).subarray(1), n: null, arr: [1, , 3] };
		o.self = o; o.arr.push(o.m);
		const c = structuredClone(o);
		const out = [c !== o, c.self === c, c.d instanceof Date && c.d.getTime() === 5, c.r.source + "/" + c.r.flags, c.m.get(1).z, c.m !== o.m, c.s.has("q"),
			c.u instanceof Uint16Array && c.u.join() === "2,3" && c.u.buffer !== o.u.buffer, c.arr[3] === c.m, 1 in c.arr,
			structuredClone(new (class K { constructor() { this.k = 1; } })()).constructor === Object, structuredClone(new RangeError("x")) instanceof RangeError];
		for (const bad of [() => structuredClone(() => 1), () => structuredClone({ s: Symbol("x") }), () => structuredClone(Promise.resolve()), () => structuredClone(new WeakMap())]) {
			try { bad(); out.push("ran"); } catch (e) { out.push(e.name); }
		}
		// A Symbol.toStringTag does not fool the brand checks.
		out.push(structuredClone({ [Symbol.toStringTag]: "Date", x: 1 }).x);
		return out;`,
		`[true,true,true,"x+/gi",2,true,true,true,true,false,true,true,"DataCloneError","DataCloneError","DataCloneError","DataCloneError",1]`)
}

func TestGlobalsURL(t *testing.T) {
	jsEqual(t, `
		const u = new URL("HTTPS://User:p%20w@Example.COM:443/a/./b/../c d?q=1 2&x=%zz#frag ment");
		const out = [u.href, u.origin, u.protocol, u.username, u.host, u.pathname, u.search, u.hash, u.searchParams.get("q"), u.searchParams.get("x")];
		out.push(new URL("../x?y#z", "http://h.com/a/b/c").href, new URL("//other.org/p", "https://h.com/").href, new URL("?n=1", "http://h/p?o=2#f").href,
			new URL("http:\\\\h\\a\\b").href, new URL("mailto:Ann@Example.com").pathname, new URL("http://h:8080").port, new URL("http://h").pathname);
		for (const bad of ["", "nope", "http://", "http://h:99999/", "http://a b/"]) out.push(URL.canParse(bad));
		u.searchParams.append("z", "a b&c");
		u.pathname = "/new path";
		u.hash = "";
		out.push(u.href);
		const p = new URLSearchParams("?a=1&b=2&a=3&c=%E2%82%AC+x");
		p.set("a", "9"); p.delete("b"); p.sort();
		out.push(p.toString(), [...p.keys()], new URLSearchParams({ k: "v w", "é": "~!'()*" }).toString(), p.size);
		try { new URL("/relative"); } catch (e) { out.push(e.name); }
		return out;`,
		`["https://User:p%20w@example.com/a/c%20d?q=1%202&x=%zz#frag%20ment","https://example.com","https:","User","example.com","/a/c%20d","?q=1%202&x=%zz","#frag%20ment","1 2","%zz",`+
			`"http://h.com/a/x?y#z","https://other.org/p","http://h/p?n=1","http://h/a/b","Ann@Example.com","8080","/",`+
			`false,false,false,false,false,`+
			`"https://User:p%20w@example.com/new%20path?q=1+2&x=%25zz&z=a+b%26c",`+
			`"a=9&c=%E2%82%AC+x",["a","c"],"k=v+w&%C3%A9=%7E%21%27%28%29*",2,"TypeError"]`)
}

func TestGlobalsAreLazyAndOverwritable(t *testing.T) {
	jsEqual(t, `
		const d = Object.getOwnPropertyDescriptor(globalThis, "URL");
		const before = typeof d.get === "function";
		const U = URL;
		const after = Object.getOwnPropertyDescriptor(globalThis, "URL");
		globalThis.TextEncoder = 1;
		return [before, typeof U, after.writable && after.configurable, TextEncoder, typeof queueMicrotask, Object.keys(globalThis).includes("URL")];`,
		`[true,"function",true,1,"function",false]`)
}

// Hostile: the natives check what they are given, whatever the JS side
// was made to pass, and bound what one call may allocate.
func TestGlobalsHostile(t *testing.T) {
	d := runInProc(t, `var __soukApp = { render() {
		const out = [];
		// A typed array whose buffer/byteOffset getters lie cannot make Go
		// read or write past the buffer: the brand-checked getters are used.
		const a = new Uint8Array(4);
		Object.defineProperty(a, "byteOffset", { get() { return 1e9; } });
		Object.defineProperty(a, "buffer", { get() { return new ArrayBuffer(1e6); } });
		out.push(crypto.getRandomValues(a).length);
		// A huge string is refused by TextEncoder rather than doubled.
		let big = "x".repeat(10 << 20);
		try { new TextEncoder().encode(big); out.push("encoded"); } catch (e) { out.push(e.name); }
		big = null;
		// getRandomValues over its quota is refused before any byte is drawn
		// (a 1 GB array is the app's own allocation: the memory limit's business).
		const large = new Uint8Array(8 << 20);
		try { crypto.getRandomValues(large); out.push("filled"); } catch (e) { out.push(e.name, large.subarray(0, 64).every((x) => x === 0)); }
		return out;
	} };`, Limits{MaxMemory: 16 << 20, Timeout: 10 * time.Second}) // generous: -race is slow
	if d.Outcome == OutcomeMemoryLimit {
		return // stopped by the memory limit before finishing: also safe
	}
	if d.Outcome != OutcomeOK || string(d.Value) != `[4,"RangeError","QuotaExceededError",true]` {
		t.Fatalf("%s %+v %s", d.Outcome, d.Err, d.Value)
	}
	// structuredClone of very deep nesting ends the event with the call
	// stack's RangeError, like any deep recursion; nothing crashes.
	d = runInProc(t, `var __soukApp = { render() {
		let deep = {}; for (let i = 0; i < 20000; i++) deep = { deep };
		return structuredClone(deep);
	} };`, Limits{Timeout: 10 * time.Second})
	if d.Outcome != OutcomeError || d.Err == nil || d.Err.Name != "RangeError" {
		t.Fatalf("%s %+v", d.Outcome, d.Err)
	}
}
