// dayjs: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import dayjs from "dayjs";
import utc from "dayjs/plugin/utc.js";
dayjs.extend(utc);

export default {
  async render() {
    const d = dayjs.utc("2026-12-03T10:00:00Z");
    return { plus: d.add(1, "month").format("YYYY-MM-DD"), dow: d.format("dddd"), diff: dayjs.utc("2027-01-01").diff(d, "day"), start: d.startOf("week").toISOString() };
  },
};
