// expect: ok
// value: "ok":true
// Mutates everything passed in (args, ctx, their prototypes and constructors); host memory must not change
// (the suite compares the job's argument bytes after the run) and the copies are plain JSON objects.
var __soukApp = { render(page, params, ctx) {
  params.__proto__.x = 1;
  params.constructor.prototype.y = 2;
  ctx.installation = 'victim';
  ctx.__proto__ = { installation: 'victim' };
  params.nested.a.push(3);
  Object.setPrototypeOf(params, null);
  const plain = Object.getPrototypeOf(ctx.__proto__) === Object.prototype && typeof ctx.toString === 'function';
  return { ok: plain || true, page };
} };
