// expect: ok
// value: "escaped":[]
// Direct, indirect and disguised eval; string timers.
var __soukApp = { render() {
  const escaped = [];
  const tries = {
    direct: () => eval('1'),
    indirect: () => (0, eval)('1'),
    computed: () => globalThis['ev' + 'al']('1'),
    timerString: () => setTimeout('globalThis.x = 1', 0),
    redefine: () => { Object.defineProperty(globalThis, 'eval', { value: (s) => 1 }); return eval('1'); },
  };
  for (const [name, f] of Object.entries(tries)) {
    try { const r = f(); if (r !== undefined) escaped.push(name); } catch (e) {}
  }
  return { escaped };
} };
