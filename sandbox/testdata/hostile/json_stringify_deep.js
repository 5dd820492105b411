// expect: crashed|killed|timeout
// timeout: 3000
// JSON.stringify recurses in Go; a 200,000-deep object grows the worker's Go stack and heap until a limit ends it.
var __soukApp = { render() {
  let o = {};
  for (let i = 0; i < 2e5; i++) o = { o };
  return { n: JSON.stringify(o).length };
} };
