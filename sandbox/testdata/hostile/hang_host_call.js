// expect: timeout
// host-calls: 1
// A host call that never answers: the deadline ends the event and cancels the call on the host.
var __soukApp = { async render() { await souk.call('hang', {}); return 'unreachable'; } };
