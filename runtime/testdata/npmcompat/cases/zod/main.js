// zod: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import { z } from "zod";

export default {
  async render() {
    const User = z.object({ name: z.string().min(2), email: z.string().email(), age: z.number().int().positive().optional() });
    const ok = User.safeParse({ name: "Ann", email: "ann@example.com", age: 31 });
    const bad = User.safeParse({ name: "A", email: "nope" });
    return { ok: ok.success, data: ok.data, bad: bad.success, paths: bad.error.issues.map((i) => i.path.join(".")) };
  },
};
