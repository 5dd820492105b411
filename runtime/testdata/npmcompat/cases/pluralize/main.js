// pluralize: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import pluralize from "pluralize";

export default {
  async render() {
    return { a: pluralize("box"), b: pluralize("person", 2, true), c: pluralize.singular("teas"), d: pluralize("sheep", 3) };
  },
};
