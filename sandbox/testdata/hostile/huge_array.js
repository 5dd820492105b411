// expect: killed|crashed

// A billion-element dense array: fill() is a built-in, so only the memory cap or the kill stops it.
var __soukApp = { render() { const a = new Array(1e9).fill(1); return a.length; } };
