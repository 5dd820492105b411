// expect: error
// error: from toJSON
// A result whose toJSON throws.
var __soukApp = { render() { return { v: { toJSON() { throw new Error('from toJSON'); } } }; } };
