// currency.js: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import currency from "currency.js";

export default {
  async render() {
    return { sum: currency(0.1).add(0.2).value, split: currency(100).distribute(3).map((c) => c.value), fmt: currency(1234.5, { symbol: "€" }).format() };
  },
};
