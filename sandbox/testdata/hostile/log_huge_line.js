// expect: ok
// log: …
// timeout: 3000
// (a 4 MB string built and escaped under the race detector on a busy machine needs more than the default deadline)
// One 4 MB log line and objects that throw when printed: truncated and tolerated.
var __soukApp = { render() {
  console.error('z'.repeat(4 << 20));
  console.log({ toJSON() { throw new Error('no'); } }, Symbol('s'), 10n, { get x() { throw 1; } });
  return 'ok';
} };
