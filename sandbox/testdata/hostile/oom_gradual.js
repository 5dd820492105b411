// expect: memory_limit
// survives: true
// error: memory
// timeout: 3000
// Grows live memory steadily: the event is stopped at its own memory limit (64 MiB by default), long before the
// worker's budget, and the worker lives on.
var __soukApp = { render() {
  const keep = [];
  let base = 'y';
  while (base.length < (4 << 20)) base += base;
  for (let i = 0; ; i++) keep.push(base + i);
} };
