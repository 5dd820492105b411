// expect: timeout
// error: deadline
// A plain infinite loop: Interrupt at the deadline stops it; the worker survives.
var __soukApp = { render() { for (;;) {} } };
