// mustache: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import Mustache from "mustache";

export default {
  async render() {
    return { out: Mustache.render("Hello {{name}}! {{#items}}[{{.}}]{{/items}} {{{raw}}} {{esc}}", { name: "Ann", items: [1, 2], raw: "<b>", esc: "<i>" }) };
  },
};
