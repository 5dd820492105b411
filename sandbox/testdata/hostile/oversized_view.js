// expect: too_large
// error: ResultTooLarge
// A view of more than half a megabyte (the default cap is 256 KiB).
var __soukApp = { render() {
  let s = 'v';
  while (s.length < (512 << 10)) s += s;
  return { type: 'list', items: [{ type: 'text', text: s }, { type: 'text', text: s + '!' }] };
} };
