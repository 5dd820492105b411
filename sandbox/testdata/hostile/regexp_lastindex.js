// expect: killed
// error: deadline
// A global regexp with lastIndex > 0 is handed to the backtracking engine, which ignores Interrupt.
var __soukApp = { render() {
  const re = /(x+x+)+y/g;
  re.lastIndex = 1;
  return { m: re.exec('a' + 'x'.repeat(40)) };
} };
