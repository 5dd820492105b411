// expect: killed
// error: deadline
// Catastrophic backtracking in regexp2 ignores Interrupt; the host kills the worker at deadline + grace.
var __soukApp = { render() { return { m: /^(a+)+(?=!)$/.test('a'.repeat(32)) }; } };
