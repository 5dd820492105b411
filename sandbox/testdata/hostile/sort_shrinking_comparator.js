// expect: error
// error: InternalError
// survives: true
// A comparator that empties the array while sort runs makes goja panic in Go (an index out of range). The worker
// recovers it as this event's error and lives on: no worker is replaced.
var __soukApp = { render() {
  const a = [];
  for (let i = 0; i < 64; i++) a.push((i * 7919) % 64);
  a.sort((x, y) => { a.length = 0; return x - y; });
  return a.length;
} };
