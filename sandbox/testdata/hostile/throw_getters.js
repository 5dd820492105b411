// expect: error
// error: thrown object: [message getter threw]
// An error object whose every property and conversion throws.
var __soukApp = { render() {
  const evil = {};
  for (const k of ['name', 'message', 'stack', 'toString', 'valueOf', 'toJSON', 'code']) {
    Object.defineProperty(evil, k, { get() { throw evil; } });
  }
  evil[Symbol.toPrimitive] = () => { throw evil; };
  throw evil;
} };
