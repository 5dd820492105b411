// ulid: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import { ulid, decodeTime } from "ulid";

export default {
  async render() {
    const id = ulid(1767225600000);
    return { len: id.length, time: decodeTime(id), sorted: ulid(1) < ulid(2) };
  },
};
