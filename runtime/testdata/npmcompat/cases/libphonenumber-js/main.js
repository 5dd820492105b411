// libphonenumber-js: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import { parsePhoneNumberFromString } from "libphonenumber-js";

export default {
  async render() {
    const p = parsePhoneNumberFromString("+49 30 901820");
    const us = parsePhoneNumberFromString("(213) 373-4253", "US");
    return { de: p.country, e164: p.number, valid: us.isValid(), intl: us.formatInternational() };
  },
};
