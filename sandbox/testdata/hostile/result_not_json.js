// expect: error
// error: BigInt
// A result that is not JSON (a BigInt inside).
var __soukApp = { render() { return { total: 10n }; } };
