// expect: ok
// value: "big":"call_too_large"
// timeout: 3000
// Tries to flood the pipe: a 2 MB host-call argument (over the frame cap) and many near-cap ones; frames stay capped.
var __soukApp = { async render() {
  let big;
  try { await souk.call('echo', 'x'.repeat(2 << 20)); big = 'sent'; } catch (e) { big = e.code; }
  const ps = [];
  for (let i = 0; i < 40; i++) ps.push(souk.call('echo', 'y'.repeat(60 << 10)).then(r => r.length, e => e.code));
  const sizes = await Promise.all(ps);
  return { big, sizes: sizes.length };
} };
