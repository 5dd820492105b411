// he: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import he from "he";

export default {
  async render() {
    return { enc: he.encode("café <b> & ©"), dec: he.decode("&eacute;&amp;&#x1F600;&nbsp;x") };
  },
};
