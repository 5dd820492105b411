// expect: timeout
// Microtasks that enqueue microtasks forever never yield to the loop; Interrupt still stops them.
var __soukApp = { render() {
  const spin = () => { queueMicrotask(spin); Promise.resolve().then(() => 0); };
  spin();
  return new Promise(() => {});
} };
