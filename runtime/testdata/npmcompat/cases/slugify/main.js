// slugify: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import slugify from "slugify";

export default {
  async render() {
    return { a: slugify("Crème Brûlée & Tea!", { lower: true, strict: true }), b: slugify("Grüße aus Köln", { locale: "de", lower: true }) };
  },
};
