// dinero.js: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import Dinero from "dinero.js";

export default {
  async render() {
    const price = Dinero({ amount: 1999, currency: "EUR" });
    const [a, b, c] = price.allocate([1, 1, 1]);
    return { total: price.multiply(3).getAmount(), parts: [a.getAmount(), b.getAmount(), c.getAmount()], pct: price.percentage(20).getAmount(), fmt: price.toFormat("0,0.00") };
  },
};
