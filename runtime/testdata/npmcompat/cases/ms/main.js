// ms: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import ms from "ms";

export default {
  async render() {
    return { a: ms("2 days"), b: ms("1.5h"), c: ms(60000), d: ms(2 * 60 * 60 * 1000, { long: true }) };
  },
};
