// ramda: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import * as R from "ramda";

export default {
  async render() {
    const total = R.pipe(R.filter((x) => x.qty > 0), R.map((x) => x.qty * x.price), R.sum);
    return { total: total([{ qty: 2, price: 3 }, { qty: 0, price: 9 }, { qty: 1, price: 4 }]), path: R.path(["a", "b"], { a: { b: 7 } }), groups: R.groupBy(R.prop("k"), [{ k: "x" }, { k: "y" }, { k: "x" }]).x.length };
  },
};
