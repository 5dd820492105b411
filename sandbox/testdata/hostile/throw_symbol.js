// expect: error
// error: thrown symbol: Symbol(boom)
var __soukApp = { render() { throw Symbol('boom'); } };
