// expect: timeout
// not: late
// Code that tries to outlive its deadline: catch and finally around loops, more timers queued behind the one that
// is running, and promise callbacks that would settle the result. None of it runs once the deadline has fired.
var __soukApp = { render() {
  return new Promise((resolve) => {
    const stubborn = () => { try { for (;;) {} } catch (e) { resolve('late'); } finally { resolve('late'); for (;;) {} } };
    for (let i = 0; i < 8; i++) setTimeout(stubborn, 0);
    Promise.reject({ get name() { try { for (;;) {} } finally { resolve('late'); } } });
    setTimeout(() => resolve('late'), 5);
  });
} };
