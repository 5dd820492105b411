// expect: ok
// value: "escaped":[]
// Every road to a Function constructor: global, prototypes, async/generator functions, Reflect.construct.
var __soukApp = { render() {
  const escaped = [];
  const tries = {
    // Function('return this')() is answered with globalThis (the npm
    // global-object idiom, worker_setup.go); any other body is refused.
    global: () => Function('return this ')(),
    globalTwoArgs: () => Function('return this', '')(),
    idiomIsOnlyGlobalThis: () => { const g = Function('return this')(); return g === globalThis ? undefined : 'other'; },
    newGlobal: () => new Function('return 1')(),
    proto: () => (function () {}).constructor('return 1')(),
    arrow: () => (() => 0).constructor('return 1')(),
    async: () => (async function () {}).constructor('return 1'),
    generator: () => (function* () {}).constructor('yield 1'),
    bound: () => (function () {}).bind(null).constructor('return 1')(),
    native: () => Math.max.constructor('return 1')(),
    reflect: () => Reflect.construct(Function, ['return 1'])(),
    getProto: () => Object.getPrototypeOf(function () {}).constructor('return 1')(),
    classCtor: () => (class {}).constructor('return 1')(),
    souk: () => souk.call.constructor('return 1')(),
    consoleLog: () => console.log.constructor('return 1')(),
  };
  for (const [name, f] of Object.entries(tries)) {
    try { const r = f(); if (r !== undefined) escaped.push(name); } catch (e) {
      if (!(e instanceof EvalError)) escaped.push(name + ':' + e);
    }
  }
  return { escaped };
} };
