// expect: crashed|error
// A 4 GB ArrayBuffer.
var __soukApp = { render() { return new ArrayBuffer(2 ** 32).byteLength; } };
