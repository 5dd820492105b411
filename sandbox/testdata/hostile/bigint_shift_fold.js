// expect: error
// error: constant BigInt expression
// survives: true
// The same through shifts and nesting: a left shift by a huge constant, hidden in an expression that is not itself constant.
var __soukApp = { render(page) { return [page, -(1n << (1n << 40n)) + BigInt(page.length)]; } };
