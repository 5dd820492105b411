// expect: error
// error: permission_denied
// error: not granted "payments.capture"
// host-calls: 1
// Calls an API the installation did not grant; the host refuses and the app lets the rejection escape.
var __soukApp = { async render() {
  try { await souk.call('payments.capture', { amount: '1000000.00' }); }
  catch (e) { throw new Error(e.code + ': ' + e.message); }
} };
