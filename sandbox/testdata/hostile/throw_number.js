// expect: error
// error: thrown number: 42
// Rejecting (throwing after an await) with a number.
var __soukApp = { async render() { await null; throw 42; } };
