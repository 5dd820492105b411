// expect: error
// error: no handler "render"
// The bundle lacks the handler (and __soukApp.default is a trap).
var __soukApp = { default: { other() {} } };
