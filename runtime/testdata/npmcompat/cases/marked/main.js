// marked: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import { marked } from "marked";

export default {
  async render() {
    return { html: marked.parse("# Tea\n\n**Green** tea, [shop](https://x.com).\n\n- a\n- b\n") };
  },
};
