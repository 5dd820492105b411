// decimal.js: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import Decimal from "decimal.js";

export default {
  async render() {
    const total = new Decimal("0.1").plus("0.2").times(3);
    return { total: total.toString(), fixed: new Decimal("10").div(3).toFixed(4), cmp: new Decimal("1.10").eq("1.1"), pow: new Decimal(2).pow(64).toString() };
  },
};
