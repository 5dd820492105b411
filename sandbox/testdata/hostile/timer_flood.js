// expect: error
// error: timer limit
// A million timers: setTimeout is bounded per event.
var __soukApp = { render() {
  for (let i = 0; i < 1e6; i++) setTimeout(() => {}, 10000);
  return 'unreachable';
} };
