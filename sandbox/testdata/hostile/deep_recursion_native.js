// expect: error
// error: Maximum call stack size exceeded
// Recursion through native built-ins (Array.prototype.map, JSON.parse reviver) that grows the Go stack.
var __soukApp = { render() {
  const f = (n) => [n].map(f);
  return f(0);
} };
