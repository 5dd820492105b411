// expect: killed|crashed
// JSON.stringify of a 50,000-deep object: goja recurses in Go and checks for cycles linearly at each level,
// quadratic work inside one built-in that ignores Interrupt, so the host kills the worker (or a memory/stack limit ends it first).
var __soukApp = { render() {
  let o = {};
  for (let i = 0; i < 5e4; i++) o = { o };
  return { n: JSON.stringify(o).length };
} };
