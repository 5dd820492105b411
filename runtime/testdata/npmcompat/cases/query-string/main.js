// query-string: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import queryString from "query-string";

export default {
  async render() {
    return { parsed: queryString.parse("?foo=bar&n=1&n=2&x"), str: queryString.stringify({ b: 2, a: [1, 3], s: "a b" }), url: queryString.parseUrl("https://x.com/p?q=1#h") };
  },
};
