// ajv: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import Ajv from "ajv";

export default {
  async render() {
    const ajv = new Ajv();
    const validate = ajv.compile({ type: "object", properties: { n: { type: "integer" } }, required: ["n"] });
    return { ok: validate({ n: 1 }), bad: validate({ n: "x" }) };
  },
};
