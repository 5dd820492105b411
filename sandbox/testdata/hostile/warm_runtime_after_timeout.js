// expect: timeout
// error: deadline
// runs: 3
// Every run loops past its deadline in the installation's runtime. A runtime halted at its deadline is never kept
// warm: each run starts in a new one (the suite fails any run that reports a warm runtime after a halted one).
let n = 0;
var __soukApp = { render() { n++; for (;;) {} } };
