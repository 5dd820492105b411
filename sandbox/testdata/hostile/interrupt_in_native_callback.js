// expect: timeout
// An infinite loop inside a sort comparator (JS called from a built-in) is still interruptible.
var __soukApp = { render() { return [3, 2, 1].sort(() => { for (;;) {} }); } };
