// expect: error
// error: thrown string: a plain string
var __soukApp = { render() { throw 'a plain string'; } };
