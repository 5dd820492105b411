// fast-xml-parser: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import { XMLParser, XMLBuilder } from "fast-xml-parser";

export default {
  async render() {
    const p = new XMLParser({ ignoreAttributes: false });
    const obj = p.parse('<order id="7"><item sku="A">Tea</item><qty>2</qty></order>');
    return { obj, xml: new XMLBuilder({}).build({ a: { b: 1 } }) };
  },
};
