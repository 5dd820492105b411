// immer: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import { produce } from "immer";

export default {
  async render() {
    const base = { cart: [{ id: 1, qty: 1 }], total: 5 };
    const next = produce(base, (d) => { d.cart.push({ id: 2, qty: 3 }); d.total = 11; });
    return { before: base.cart.length, after: next.cart.length, shared: base.cart[0] === next.cart[0], frozen: Object.isFrozen(next) };
  },
};
