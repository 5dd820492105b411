// expect: crashed
// error: out of memory
// 'x'.repeat(2**40) is a fatal out-of-memory in goja (no recover helps); it must kill only its worker.
var __soukApp = { render() { return { text: 'x'.repeat(2 ** 40).length }; } };
