// expect: crashed|memory_limit
// error: memory
// timeout: 3000
// Doubles a string until memory runs out: the memory limit ends the worker, not the server.
var __soukApp = { render() { let s = 'x'; for (;;) s += s; } };
