// papaparse: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import Papa from "papaparse";

export default {
  async render() {
    const r = Papa.parse("sku,qty\nA1,2\nB2,5\n", { header: true, skipEmptyLines: true, dynamicTyping: true });
    return { data: r.data, csv: Papa.unparse([{ a: 1, b: "x,y" }]) };
  },
};
