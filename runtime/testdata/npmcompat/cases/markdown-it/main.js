// markdown-it: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import MarkdownIt from "markdown-it";

export default {
  async render() {
    const md = new MarkdownIt({ linkify: true });
    return { html: md.render("## Hi\n\nVisit https://example.com *now*") };
  },
};
