// deepmerge: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import deepmerge from "deepmerge";

export default {
  async render() {
    return { m: deepmerge({ a: { x: 1 }, l: [1] }, { a: { y: 2 }, l: [2] }) };
  },
};
