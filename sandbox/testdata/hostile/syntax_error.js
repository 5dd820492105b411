// expect: error
// error: SyntaxError
// The bundle does not parse.
var __soukApp = { render() { return {; } };
