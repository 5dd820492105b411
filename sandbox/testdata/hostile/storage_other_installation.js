// expect: ok
// value: "mine":"attacker-data"
// not: TOPSECRET
// Tries to read and write another installation's storage; the host binds the installation, JS cannot choose it.
var __soukApp = { async render(page, params, ctx) {
  await souk.call('storage.set', { key: 'k', value: 'attacker-data' });
  const tries = [
    await souk.call('storage.get', { key: 'secret', installation: 'victim' }),
    await souk.call('storage.get', { key: '../victim/secret' }),
    await souk.call('storage.get', { key: 'victim/secret' }),
    await souk.call('storage.set', { key: 'secret', value: 'overwritten', installation: 'victim' }),
  ];
  ctx.installation = 'victim';
  tries.push(await souk.call('storage.get', { key: 'secret' }));
  const keys = await souk.call('storage.list', { installation: 'victim' });
  return { mine: await souk.call('storage.get', { key: 'k' }), tries, keys };
} };
