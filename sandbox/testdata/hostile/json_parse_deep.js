// expect: crashed
// error: stack overflow
// timeout: 3000
// (a generous deadline, since overflowing a 64 MiB Go stack takes a while on a loaded machine and the point is the crash)
// JSON.parse of 300,000 nested arrays: goja parses recursively in Go and overflows the worker's 64 MiB Go stack.
var __soukApp = { render() { return JSON.parse('['.repeat(3e5) + ']'.repeat(3e5)); } };
