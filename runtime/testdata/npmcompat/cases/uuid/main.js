// uuid: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import { v4, v5, validate, version } from "uuid";

export default {
  async render() {
    const id = v4();
    return { valid: validate(id), version: version(id), v5: v5("souk.example", v5.DNS) };
  },
};
