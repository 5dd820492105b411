// expect: ok
// logs-dropped: true
// value: 20000
// timeout: 3000
// Twenty thousand console lines: only the per-event cap is kept.
var __soukApp = { render() {
  for (let i = 0; i < 20000; i++) console.log('line', i, { i });
  return { logged: 20000 };
} };
