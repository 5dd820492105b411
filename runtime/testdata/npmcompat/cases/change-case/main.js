// change-case: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import { camelCase, snakeCase, kebabCase, pascalCase, capitalCase } from "change-case";

export default {
  async render() {
    const s = "order line_item-total";
    return { c: camelCase(s), s: snakeCase(s), k: kebabCase(s), p: pascalCase(s), t: capitalCase(s) };
  },
};
