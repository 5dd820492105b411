// expect: ok
// value: "rendered"
// log: unhandled promise rejection: Error: nobody catches me
// A rejection nobody handles is reported in the logs; the event still succeeds.
var __soukApp = { render() { Promise.reject(new Error('nobody catches me')); return 'rendered'; } };
