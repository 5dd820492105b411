// expect: timeout
// An infinite loop after an await, i.e. inside a microtask.
var __soukApp = { async render() { await null; await souk.call('echo', 1); while (true) {} } };
