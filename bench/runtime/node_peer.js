// The Node.js peer for `souk bench runtime`: runs the same bundle in a
// node:vm context (code generation from strings disabled, as in souk's
// sandbox), the script compiled once like souk's cached program. Mode
// "fresh" (the default) makes a new context per event and runs the bundle's
// top level in it every time; mode "warm" keeps one context, as souk keeps
// one warm runtime per installation, and each event only calls the handler.
// Prints one JSON line: events, seconds, p50_us, p99_us, cpu_us (this
// process's user+system CPU over the timed loop).
'use strict';
const vm = require('node:vm');
const fs = require('node:fs');

const [bundlePath, argsPath, durationMs, mode = 'fresh'] = process.argv.slice(2);
const script = new vm.Script(fs.readFileSync(bundlePath, 'utf8'), { filename: 'bundle.js' });
const argsJSON = fs.readFileSync(argsPath, 'utf8');
const quiet = { log() {}, info() {}, warn() {}, error() {}, debug() {} };
// The web-platform globals souk's sandbox provides (npm libraries use them,
// e.g. zod's url check builds a URL), lent from Node's own realm.
const web = { URL, URLSearchParams, TextEncoder, TextDecoder, atob, btoa, structuredClone, queueMicrotask, setTimeout, clearTimeout, crypto: globalThis.crypto };

function load() {
  const context = vm.createContext({ console: quiet, ...web }, { codeGeneration: { strings: false, wasm: false } });
  script.runInContext(context);
  const app = context.__soukApp;
  return app.default ?? app;
}

let warm = null;

async function event() {
  const mod = mode === 'warm' ? (warm ??= load()) : load();
  const result = await mod.render(...JSON.parse(argsJSON));
  return JSON.stringify(result);
}

(async () => {
  const warmEnd = Date.now() + 300;
  while (Date.now() < warmEnd) await event();
  const lat = [];
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  const end = Date.now() + Number(durationMs);
  while (Date.now() < end) {
    const t = process.hrtime.bigint();
    await event();
    lat.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  lat.sort((a, b) => a - b);
  const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
  process.stdout.write(JSON.stringify({ events: lat.length, seconds, p50_us: q(0.5), p99_us: q(0.99), cpu_us: cpu.user + cpu.system }) + '\n');
})().catch((e) => { console.error(e); process.exit(1); });
