// immutable: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import { Map, List } from "immutable";

export default {
  async render() {
    const m1 = Map({ a: 1, b: 2 }), m2 = m1.set("b", 50);
    return { b1: m1.get("b"), b2: m2.get("b"), list: List([1, 2, 3]).push(4).map((x) => x * 2).toArray(), eq: Map({ a: 1 }).equals(Map({ a: 1 })) };
  },
};
