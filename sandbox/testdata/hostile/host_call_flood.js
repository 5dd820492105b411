// expect: ok
// value: "limited":true
// host-calls: 64
// timeout: 3000
// Ten thousand host calls: after the per-event cap, calls reject with host_call_limit.
var __soukApp = { async render() {
  const ps = [];
  for (let i = 0; i < 10000; i++) ps.push(souk.call('echo', i).then(() => 'ok', (e) => e.code));
  const r = await Promise.all(ps);
  return { limited: r[9999] === 'host_call_limit', ok: r.filter(x => x === 'ok').length };
} };
