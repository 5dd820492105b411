// expect: timeout
// not: finished after the deadline
// A timer callback settles the handler's promise in a microtask, then throws an object whose name getter loops:
// describing it runs into the deadline. Before the deadline was sticky the interrupt was swallowed there and the
// event ended "ok", past its deadline.
var __soukApp = { render() {
  return new Promise((resolve) => {
    setTimeout(() => {
      Promise.resolve().then(() => resolve('finished after the deadline'));
      throw { get name() { for (;;) {} } };
    }, 0);
  });
} };
