// date-fns: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).
import { addDays, format, differenceInCalendarDays, parseISO, isWeekend, formatDistanceStrict } from "date-fns";

export default {
  async render() {
    const d = parseISO("2026-12-03T10:00:00");
    return { plus: format(addDays(d, 30), "yyyy-MM-dd EEEE"), diff: differenceInCalendarDays(parseISO("2027-01-01"), d), weekend: isWeekend(addDays(d, 2)),
      dist: formatDistanceStrict(d, addDays(d, 3)) };
  },
};
