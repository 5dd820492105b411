// yup: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import * as yup from "yup";

export default {
  async render() {
    const schema = yup.object({ name: yup.string().required(), qty: yup.number().integer().min(1) });
    const v = await schema.validate({ name: "tea", qty: "3" });
    let err = null; try { await schema.validate({ qty: 0 }, { abortEarly: false }); } catch (e) { err = e.errors.length; }
    return { v, err };
  },
};
