// semver: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import semver from "semver";

export default {
  async render() {
    return { gt: semver.gt("1.10.0", "1.9.3"), sat: semver.satisfies("2.3.4", "^2.1.0"), max: semver.maxSatisfying(["1.0.0", "1.4.2", "2.0.0"], "~1.4.0"), inc: semver.inc("1.2.3", "minor") };
  },
};
