// expect: error
// error: TypeError
// A cyclic result: the JSON error is the app's.
var __soukApp = { render() { const a = {}; a.self = a; return a; } };
