// validator: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import validator from "validator";

export default {
  async render() {
    return { email: validator.isEmail("ann@example.com"), bad: validator.isEmail("ann@"), iban: validator.isIBAN("DE89370400440532013000"),
      uuid: validator.isUUID("3b241101-e2bb-4255-8caf-4136c566a962"), escaped: validator.escape("<b>&</b>"), slug: validator.isSlug("tea-pot") };
  },
};
