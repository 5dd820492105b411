// bignumber.js: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import BigNumber from "bignumber.js";

export default {
  async render() {
    return { sum: new BigNumber("0.1").plus("0.2").toString(), sqrt: new BigNumber(2).sqrt().toFixed(10), hex: new BigNumber(255).toString(16) };
  },
};
