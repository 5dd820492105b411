// fast-deep-equal: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import equal from "fast-deep-equal/es6/index.js";

export default {
  async render() {
    return { a: equal({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), b: equal(new Map([[1, 2]]), new Map([[1, 3]])), c: equal(new Date(1), new Date(1)) };
  },
};
