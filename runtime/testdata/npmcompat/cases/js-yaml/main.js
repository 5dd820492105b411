// js-yaml: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import * as yaml from "js-yaml";

export default {
  async render() {
    const doc = yaml.load("name: tea\nprice: 3.5\ntags: [green, loose]\nnested:\n  a: 1\n");
    return { doc, back: yaml.dump({ a: [1, 2], b: { c: "d" } }) };
  },
};
