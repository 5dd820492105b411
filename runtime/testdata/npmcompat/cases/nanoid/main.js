// nanoid: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import { nanoid, customAlphabet } from "nanoid";

export default {
  async render() {
    const id = nanoid(), short = customAlphabet("0123456789abcdef", 8)();
    return { len: id.length, urlSafe: /^[A-Za-z0-9_-]+$/.test(id), short: /^[0-9a-f]{8}$/.test(short), unique: nanoid() !== nanoid() };
  },
};
