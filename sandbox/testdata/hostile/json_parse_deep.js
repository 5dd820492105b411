// expect: crashed|killed|timeout|error
// timeout: 3000
// JSON.parse of 300,000 nested arrays (recursive descent in Go).
var __soukApp = { render() { return JSON.parse('['.repeat(3e5) + ']'.repeat(3e5)); } };
