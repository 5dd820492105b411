// superstruct: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import { object, string, number, is, validate, min } from "superstruct";

export default {
  async render() {
    const S = object({ id: string(), price: min(number(), 0) });
    const [e] = validate({ id: "x", price: -1 }, S);
    return { ok: is({ id: "a", price: 2 }, S), path: e.path, type: e.type };
  },
};
