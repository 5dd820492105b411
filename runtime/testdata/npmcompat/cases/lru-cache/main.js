// lru-cache: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import { LRUCache } from "lru-cache";

export default {
  async render() {
    const c = new LRUCache({ max: 2 });
    c.set("a", 1); c.set("b", 2); c.get("a"); c.set("c", 3);
    return { keys: [...c.keys()], hasB: c.has("b"), size: c.size };
  },
};
