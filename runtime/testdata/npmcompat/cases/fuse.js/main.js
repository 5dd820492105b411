// fuse.js: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import Fuse from "fuse.js";

export default {
  async render() {
    const fuse = new Fuse([{ t: "green tea" }, { t: "black coffee" }, { t: "oolong tea" }], { keys: ["t"], threshold: 0.4 });
    return { hits: fuse.search("tee").map((r) => r.item.t) };
  },
};
