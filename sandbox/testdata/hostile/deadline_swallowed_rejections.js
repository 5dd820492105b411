// expect: timeout
// Two unhandled rejections whose name getters loop. Describing the first runs into the deadline, and goja clears
// its interrupt flag when the interrupted call returns; the second must not run at all. Before the deadline was
// sticky the second looped with no deadline and the host killed the worker.
var __soukApp = { render() {
  const loop = { get name() { for (;;) {} } };
  Promise.reject(loop);
  Promise.reject(loop);
  return 'rendered';
} };
