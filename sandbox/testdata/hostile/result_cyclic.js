// expect: error
// error: TypeError
// A cyclic result.
var __soukApp = { render() { const a = {}; a.self = a; return a; } };
