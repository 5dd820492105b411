// expect: error
// error: thrown null
var __soukApp = { render() { return Promise.reject(null); } };
