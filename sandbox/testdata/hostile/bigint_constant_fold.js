// expect: error
// error: constant BigInt expression
// survives: true
// goja folds constant expressions at compile time, in Go, where no deadline can interrupt: 7n ** (10n ** 8n) is a
// 280-million-bit number that took the worker down while compiling. The worker refuses such a bundle instead.
var __soukApp = { render() { return String(7n ** (10n ** 8n)).length; } };
