// big.js: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import Big from "big.js";

export default {
  async render() {
    return { sum: new Big("0.1").plus("0.2").toString(), round: new Big("2.675").round(2).toString(), div: new Big(1).div(3).toFixed(5) };
  },
};
