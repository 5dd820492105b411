// expect: timeout
// An error whose message getter never returns: describing it is interrupted too.
var __soukApp = { render() {
  throw { get name() { for (;;) {} }, message: 'm' };
} };
