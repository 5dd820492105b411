// expect: ok
// runs: 3
// value: "clean":true
// value: "shape":"ok"
// Pollutes every shared built-in after checking, at its top level (once per new runtime), that no other runtime's
// pollution is visible. The later runs are warm events in the same polluted runtime of the installation: the result
// is still serialised correctly, as the sandbox captured its helpers before app code ran.
var dirty = [];
if (({}).polluted !== undefined) dirty.push('Object.prototype');
if ([].polluted !== undefined) dirty.push('Array.prototype');
if (JSON.polluted !== undefined || JSON.stringify.polluted) dirty.push('JSON');
if (Promise.prototype.polluted !== undefined) dirty.push('Promise');
if (globalThis.leftover !== undefined) dirty.push('global');
Object.prototype.polluted = 'yes';
Array.prototype.polluted = 'yes';
Object.defineProperty(Object.prototype, 'toJSON', { value: function () { return 'hijacked'; }, configurable: true, writable: true });
delete Object.prototype.toJSON;
JSON.stringify = function () { return '"hijacked"'; };
JSON.stringify.polluted = true;
JSON.parse = function () { return 'hijacked'; };
Promise.prototype.then = function () { throw new Error('hijacked then'); };
Promise.resolve = function () { throw new Error('hijacked resolve'); };
Reflect.apply = function () { throw new Error('hijacked apply'); };
Function.prototype.apply = function () { throw new Error('hijacked apply'); };
Function.prototype.call = function () { throw new Error('hijacked call'); };
String.prototype.substring = function () { return 'hijacked'; };
globalThis.leftover = true;
var __soukApp = { render(page, params, ctx) {
  params.__proto__.injected = 1;
  console.log('logging still works', { a: 1 });
  return { clean: dirty.length === 0, dirty, shape: params.name === 'attacker' && ctx.shopper === 's1' ? 'ok' : 'bad' };
} };
