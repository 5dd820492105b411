// expect: ok
// log: …
// One 4 MB log line and objects that throw when printed: truncated and tolerated.
var __soukApp = { render() {
  console.error('z'.repeat(4 << 20));
  console.log({ toJSON() { throw new Error('no'); } }, Symbol('s'), 10n, { get x() { throw 1; } });
  return 'ok';
} };
