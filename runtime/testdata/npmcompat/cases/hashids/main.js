// hashids: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import Hashids from "hashids";

export default {
  async render() {
    const h = new Hashids("souk salt", 8);
    const id = h.encode(12345);
    return { id, back: h.decode(id), hex: h.decodeHex(h.encodeHex("507f1f77bcf86cd799439011")) };
  },
};
