// expect: error
// error: thrown string: a plain string
// Throwing a string: the receipt names what was thrown.
var __soukApp = { render() { throw 'a plain string'; } };
