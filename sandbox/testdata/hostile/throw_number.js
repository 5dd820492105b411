// expect: error
// error: thrown number: 42
var __soukApp = { async render() { await null; throw 42; } };
