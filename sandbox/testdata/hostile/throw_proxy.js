// expect: error
// error: thrown object
// A Proxy that throws from every trap, thrown as the error.
var __soukApp = { render() {
  const p = new Proxy({}, new Proxy({}, { get() { return () => { throw p; }; } }));
  throw p;
} };
