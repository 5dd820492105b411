// expect: error
// error: boom from the bundle
// stack: bundle.js
// not: stolen.ts
// not: root:x:0
// A sourceMappingURL comment must not make goja read anything: not a data: map, not a host file.
var __soukApp = { render() {
  try { eval('1\n//# sourceMappingURL=/etc/passwd'); } catch (e) {}
  throw new Error('boom from the bundle');
} };
//# sourceMappingURL=data:application/json;base64,eyJ2ZXJzaW9uIjozLCJzb3VyY2VzIjpbInN0b2xlbi50cyJdLCJuYW1lcyI6W10sIm1hcHBpbmdzIjoiQUFBQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0EifQ==
