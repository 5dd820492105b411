// expect: ok
// value: "found":[]
// Looks for anything of the host in the global scope: require, process, module loaders, Go values, env.
var __soukApp = { render() {
  const found = [];
  const suspicious = ['require', 'process', 'module', 'exports', '__dirname', '__filename', 'Buffer', 'global',
    'Deno', 'Bun', 'fetch', 'XMLHttpRequest', 'WebSocket', 'importScripts', 'os', 'fs', 'net', 'http', 'env', 'Go', 'syscall'];
  for (const n of suspicious) { try { if (typeof globalThis[n] !== 'undefined') found.push(n); } catch (e) {} }
  const allowed = new Set(['souk', 'console', 'setTimeout', 'clearTimeout', 'queueMicrotask', '__soukApp',
    // web-platform globals (worker_globals_script.go)
    'atob', 'btoa', 'crypto', 'structuredClone']);
  const std = new Set(Object.getOwnPropertyNames(globalThis).filter(n => /^[A-Z]/.test(n) || ['globalThis', 'eval', 'isFinite', 'isNaN',
    'parseFloat', 'parseInt', 'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'escape', 'unescape', 'NaN', 'Infinity', 'undefined'].includes(n)));
  for (const n of Object.getOwnPropertyNames(globalThis)) if (!allowed.has(n) && !std.has(n)) found.push('unexpected global ' + n);
  // Walk what the sandbox itself provides: only functions and frozen objects, no Go values.
  const seen = new Set();
  const walk = (v, path, depth) => {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function') || seen.has(v) || depth > 4) return;
    seen.add(v);
    for (const k of Reflect.ownKeys(v)) {
      let d; try { d = Object.getOwnPropertyDescriptor(v, k); } catch (e) { continue; }
      if (d && 'value' in d) walk(d.value, path + '.' + String(k), depth + 1);
    }
  };
  walk(souk, 'souk', 0); walk(console, 'console', 0);
  for (const n of ['crypto', 'TextEncoder', 'TextDecoder', 'URL', 'URLSearchParams', 'DOMException', 'Intl', 'structuredClone', 'atob', 'btoa']) walk(globalThis[n], n, 0);
  for (const C of [TextEncoder, TextDecoder, URL, URLSearchParams]) {
    try { if (String(C.prototype.constructor.constructor('return process')()) !== '') found.push('Function via ' + C.name); } catch (e) {}
  }
  let env = 'none';
  try { env = String(souk.call.constructor('return process.env')()); } catch (e) { env = e.name; }
  return { found, env, soukFrozen: Object.isFrozen(souk), consoleFrozen: Object.isFrozen(console) };
} };
