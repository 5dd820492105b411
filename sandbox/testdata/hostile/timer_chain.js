// expect: unsettled
// log: timer limit
// Each timer schedules another; once the per-event cap stops the chain, nothing can settle the promise.
var __soukApp = { render() {
  const tick = () => setTimeout(tick, 0);
  tick();
  return new Promise(() => {});
} };
