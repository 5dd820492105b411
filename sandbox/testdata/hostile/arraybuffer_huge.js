// expect: crashed
// error: memory
// A 4 GB ArrayBuffer: over the worker's memory budget (RLIMIT_AS makes the allocation fatal; under -race the watchdog ends it).
var __soukApp = { render() { return new ArrayBuffer(2 ** 32).byteLength; } };
