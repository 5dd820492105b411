// expect: error
// error: Maximum call stack size exceeded
// Unbounded recursion hits the call-stack cap.
var __soukApp = { render() { const f = (n) => f(n + 1) + 1; return f(0); } };
