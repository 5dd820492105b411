// luxon: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import { DateTime, Duration } from "luxon";

export default {
  async render() {
    const d = DateTime.fromISO("2026-12-03T10:00:00Z", { zone: "utc" });
    return { plus: d.plus({ days: 40 }).toISODate(), iso: d.toISO(), dur: Duration.fromObject({ hours: 1, minutes: 30 }).as("minutes"), fmt: d.toFormat("yyyy LLL dd") };
  },
};
