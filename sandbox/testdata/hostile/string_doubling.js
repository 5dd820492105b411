// expect: crashed|error
// timeout: 3000
// Doubles a string until memory runs out.
var __soukApp = { render() { let s = 'x'; for (;;) s += s; } };
