// valibot: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import * as v from "valibot";

export default {
  async render() {
    const S = v.object({ email: v.pipe(v.string(), v.email()), n: v.pipe(v.number(), v.minValue(1)) });
    const a = v.safeParse(S, { email: "a@b.co", n: 2 }), b = v.safeParse(S, { email: "x", n: 0 });
    return { a: a.success, b: b.success, issues: b.issues.length };
  },
};
