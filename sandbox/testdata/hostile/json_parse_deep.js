// expect: crashed
// error: stack overflow
// JSON.parse of 300,000 nested arrays: goja parses recursively in Go and overflows the worker's 64 MiB Go stack.
var __soukApp = { render() { return JSON.parse('['.repeat(3e5) + ']'.repeat(3e5)); } };
