// expect: error
// error: Maximum call stack size exceeded
// Recursion through a native built-in (Array.prototype.map), which also grows the Go stack: the JS call-stack cap stops it.
var __soukApp = { render() {
  const f = (n) => [n].map(f);
  return f(0);
} };
