// expect: crashed
// error: memory
// timeout: 3000
// Grows live memory steadily past the worker's budget; the memory limit (RLIMIT_AS / watchdog) ends the worker.
var __soukApp = { render() {
  const keep = [];
  let base = 'y';
  while (base.length < (4 << 20)) base += base;
  for (let i = 0; ; i++) keep.push(base + i);
} };
