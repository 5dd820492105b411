// expect: error
// error: thrown null
// Rejecting with null.
var __soukApp = { render() { return Promise.reject(null); } };
