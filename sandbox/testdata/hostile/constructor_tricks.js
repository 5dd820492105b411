// expect: ok
// value: "escaped":[]
// Tampering with the sandbox's own objects: souk and console are frozen and non-writable globals.
'use strict';
var __soukApp = { render() {
  const escaped = [];
  const tries = {
    replaceSouk: () => { globalThis.souk = { call: () => 'mine' }; return souk.call === undefined ? 'x' : undefined; },
    mutateCall: () => { souk.call = () => 'mine'; },
    defineOnSouk: () => { Object.defineProperty(souk, 'secret', { value: 1 }); },
    protoOfSouk: () => { Object.setPrototypeOf(souk, { evil: 1 }); },
    replaceConsole: () => { console.log = () => {}; },
    deleteSouk: () => { delete globalThis.souk; },
    ctorChain: () => [].constructor.constructor('return 1')(),
    symbolCtor: () => Symbol.constructor.constructor('return 1')(),
  };
  for (const [name, f] of Object.entries(tries)) {
    try { const r = f(); if (r !== undefined) escaped.push(name); } catch (e) {}
  }
  if (typeof souk.call !== 'function' || souk.secret !== undefined) escaped.push('souk changed');
  return { escaped };
} };
