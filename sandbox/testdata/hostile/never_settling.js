// expect: unsettled
// error: never settled
// A promise nobody can ever settle: reported at once, not after the deadline.
var __soukApp = { render() { return new Promise(() => {}); } };
