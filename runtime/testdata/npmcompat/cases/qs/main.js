// qs: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import qs from "qs";

export default {
  async render() {
    const parsed = qs.parse("a[b][c]=1&list[]=x&list[]=y&n=%E2%82%AC");
    return { parsed, str: qs.stringify({ filter: { price: { lt: 10 } }, tags: ["a", "b"] }, { encodeValuesOnly: true }) };
  },
};
