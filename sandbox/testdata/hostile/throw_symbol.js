// expect: error
// error: thrown symbol: Symbol(boom)
// Throwing a Symbol, which cannot be converted with + "".
var __soukApp = { render() { throw Symbol('boom'); } };
