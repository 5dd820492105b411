// lodash-es: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import { groupBy, sortBy, chunk, debounce, template, merge, cloneDeep, get, uniqBy } from "lodash-es";

export default {
  async render() {
    const rows = [{ c: "tea", p: 3 }, { c: "mug", p: 9 }, { c: "tea", p: 1 }];
    const g = groupBy(rows, "c");
    return { groups: Object.keys(g), sorted: sortBy(rows, "p").map((r) => r.p), chunks: chunk([1, 2, 3, 4, 5], 2), deep: get(merge({ a: { b: 1 } }, { a: { c: 2 } }), "a.c"),
      clone: cloneDeep(rows)[0] !== rows[0], uniq: uniqBy(rows, "c").length, debounce: typeof debounce(() => 1, 10) };
  },
};
