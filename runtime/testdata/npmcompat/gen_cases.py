# Writes cases/<library>/{souk.json,main.js}. Run once when the list changes;
# the files are committed. expect.json comes from Node (see README.md).
import json, os
cases = {
"zod": ('import { z } from "zod";', '''const User = z.object({ name: z.string().min(2), email: z.string().email(), age: z.number().int().positive().optional() });
const ok = User.safeParse({ name: "Ann", email: "ann@example.com", age: 31 });
const bad = User.safeParse({ name: "A", email: "nope" });
return { ok: ok.success, data: ok.data, bad: bad.success, paths: bad.error.issues.map((i) => i.path.join(".")) };'''),
"yup": ('import * as yup from "yup";', '''const schema = yup.object({ name: yup.string().required(), qty: yup.number().integer().min(1) });
const v = await schema.validate({ name: "tea", qty: "3" });
let err = null; try { await schema.validate({ qty: 0 }, { abortEarly: false }); } catch (e) { err = e.errors.length; }
return { v, err };'''),
"superstruct": ('import { object, string, number, is, validate, min } from "superstruct";', '''const S = object({ id: string(), price: min(number(), 0) });
const [e] = validate({ id: "x", price: -1 }, S);
return { ok: is({ id: "a", price: 2 }, S), path: e.path, type: e.type };'''),
"valibot": ('import * as v from "valibot";', '''const S = v.object({ email: v.pipe(v.string(), v.email()), n: v.pipe(v.number(), v.minValue(1)) });
const a = v.safeParse(S, { email: "a@b.co", n: 2 }), b = v.safeParse(S, { email: "x", n: 0 });
return { a: a.success, b: b.success, issues: b.issues.length };'''),
"ajv": ('import Ajv from "ajv";', '''const ajv = new Ajv();
const validate = ajv.compile({ type: "object", properties: { n: { type: "integer" } }, required: ["n"] });
return { ok: validate({ n: 1 }), bad: validate({ n: "x" }) };'''),
"validator": ('import validator from "validator";', '''return { email: validator.isEmail("ann@example.com"), bad: validator.isEmail("ann@"), iban: validator.isIBAN("DE89370400440532013000"),
  uuid: validator.isUUID("3b241101-e2bb-4255-8caf-4136c566a962"), escaped: validator.escape("<b>&</b>"), slug: validator.isSlug("tea-pot") };'''),
"dayjs": ('import dayjs from "dayjs";\nimport utc from "dayjs/plugin/utc.js";\ndayjs.extend(utc);', '''const d = dayjs.utc("2026-12-03T10:00:00Z");
return { plus: d.add(1, "month").format("YYYY-MM-DD"), dow: d.format("dddd"), diff: dayjs.utc("2027-01-01").diff(d, "day"), start: d.startOf("week").toISOString() };'''),
"date-fns": ('import { addDays, format, differenceInCalendarDays, parseISO, isWeekend, formatDistanceStrict } from "date-fns";', '''const d = parseISO("2026-12-03T10:00:00");
return { plus: format(addDays(d, 30), "yyyy-MM-dd EEEE"), diff: differenceInCalendarDays(parseISO("2027-01-01"), d), weekend: isWeekend(addDays(d, 2)),
  dist: formatDistanceStrict(d, addDays(d, 3)) };'''),
"luxon": ('import { DateTime, Duration } from "luxon";', '''const d = DateTime.fromISO("2026-12-03T10:00:00Z", { zone: "utc" });
return { plus: d.plus({ days: 40 }).toISODate(), iso: d.toISO(), dur: Duration.fromObject({ hours: 1, minutes: 30 }).as("minutes"), fmt: d.toFormat("yyyy LLL dd") };'''),
"decimal.js": ('import Decimal from "decimal.js";', '''const total = new Decimal("0.1").plus("0.2").times(3);
return { total: total.toString(), fixed: new Decimal("10").div(3).toFixed(4), cmp: new Decimal("1.10").eq("1.1"), pow: new Decimal(2).pow(64).toString() };'''),
"big.js": ('import Big from "big.js";', '''return { sum: new Big("0.1").plus("0.2").toString(), round: new Big("2.675").round(2).toString(), div: new Big(1).div(3).toFixed(5) };'''),
"bignumber.js": ('import BigNumber from "bignumber.js";', '''return { sum: new BigNumber("0.1").plus("0.2").toString(), sqrt: new BigNumber(2).sqrt().toFixed(10), hex: new BigNumber(255).toString(16) };'''),
"dinero.js": ('import Dinero from "dinero.js";', '''const price = Dinero({ amount: 1999, currency: "EUR" });
const [a, b, c] = price.allocate([1, 1, 1]);
return { total: price.multiply(3).getAmount(), parts: [a.getAmount(), b.getAmount(), c.getAmount()], pct: price.percentage(20).getAmount(), fmt: price.toFormat("0,0.00") };'''),
"currency.js": ('import currency from "currency.js";', '''return { sum: currency(0.1).add(0.2).value, split: currency(100).distribute(3).map((c) => c.value), fmt: currency(1234.5, { symbol: "€" }).format() };'''),
"nanoid": ('import { nanoid, customAlphabet } from "nanoid";', '''const id = nanoid(), short = customAlphabet("0123456789abcdef", 8)();
return { len: id.length, urlSafe: /^[A-Za-z0-9_-]+$/.test(id), short: /^[0-9a-f]{8}$/.test(short), unique: nanoid() !== nanoid() };'''),
"uuid": ('import { v4, v5, validate, version } from "uuid";', '''const id = v4();
return { valid: validate(id), version: version(id), v5: v5("souk.example", v5.DNS) };'''),
"ulid": ('import { ulid, decodeTime } from "ulid";', '''const id = ulid(1767225600000);
return { len: id.length, time: decodeTime(id), sorted: ulid(1) < ulid(2) };'''),
"lodash-es": ('import { groupBy, sortBy, chunk, debounce, template, merge, cloneDeep, get, uniqBy } from "lodash-es";', '''const rows = [{ c: "tea", p: 3 }, { c: "mug", p: 9 }, { c: "tea", p: 1 }];
const g = groupBy(rows, "c");
return { groups: Object.keys(g), sorted: sortBy(rows, "p").map((r) => r.p), chunks: chunk([1, 2, 3, 4, 5], 2), deep: get(merge({ a: { b: 1 } }, { a: { c: 2 } }), "a.c"),
  clone: cloneDeep(rows)[0] !== rows[0], uniq: uniqBy(rows, "c").length, debounce: typeof debounce(() => 1, 10) };'''),
"ramda": ('import * as R from "ramda";', '''const total = R.pipe(R.filter((x) => x.qty > 0), R.map((x) => x.qty * x.price), R.sum);
return { total: total([{ qty: 2, price: 3 }, { qty: 0, price: 9 }, { qty: 1, price: 4 }]), path: R.path(["a", "b"], { a: { b: 7 } }), groups: R.groupBy(R.prop("k"), [{ k: "x" }, { k: "y" }, { k: "x" }]).x.length };'''),
"immer": ('import { produce } from "immer";', '''const base = { cart: [{ id: 1, qty: 1 }], total: 5 };
const next = produce(base, (d) => { d.cart.push({ id: 2, qty: 3 }); d.total = 11; });
return { before: base.cart.length, after: next.cart.length, shared: base.cart[0] === next.cart[0], frozen: Object.isFrozen(next) };'''),
"immutable": ('import { Map, List } from "immutable";', '''const m1 = Map({ a: 1, b: 2 }), m2 = m1.set("b", 50);
return { b1: m1.get("b"), b2: m2.get("b"), list: List([1, 2, 3]).push(4).map((x) => x * 2).toArray(), eq: Map({ a: 1 }).equals(Map({ a: 1 })) };'''),
"qs": ('import qs from "qs";', '''const parsed = qs.parse("a[b][c]=1&list[]=x&list[]=y&n=%E2%82%AC");
return { parsed, str: qs.stringify({ filter: { price: { lt: 10 } }, tags: ["a", "b"] }, { encodeValuesOnly: true }) };'''),
"query-string": ('import queryString from "query-string";', '''return { parsed: queryString.parse("?foo=bar&n=1&n=2&x"), str: queryString.stringify({ b: 2, a: [1, 3], s: "a b" }), url: queryString.parseUrl("https://x.com/p?q=1#h") };'''),
"ms": ('import ms from "ms";', '''return { a: ms("2 days"), b: ms("1.5h"), c: ms(60000), d: ms(2 * 60 * 60 * 1000, { long: true }) };'''),
"slugify": ('import slugify from "slugify";', '''return { a: slugify("Crème Brûlée & Tea!", { lower: true, strict: true }), b: slugify("Grüße aus Köln", { locale: "de", lower: true }) };'''),
"marked": ('import { marked } from "marked";', '''return { html: marked.parse("# Tea\\n\\n**Green** tea, [shop](https://x.com).\\n\\n- a\\n- b\\n") };'''),
"markdown-it": ('import MarkdownIt from "markdown-it";', '''const md = new MarkdownIt({ linkify: true });
return { html: md.render("## Hi\\n\\nVisit https://example.com *now*") };'''),
"mustache": ('import Mustache from "mustache";', '''return { out: Mustache.render("Hello {{name}}! {{#items}}[{{.}}]{{/items}} {{{raw}}} {{esc}}", { name: "Ann", items: [1, 2], raw: "<b>", esc: "<i>" }) };'''),
"js-yaml": ('import * as yaml from "js-yaml";', '''const doc = yaml.load("name: tea\\nprice: 3.5\\ntags: [green, loose]\\nnested:\\n  a: 1\\n");
return { doc, back: yaml.dump({ a: [1, 2], b: { c: "d" } }) };'''),
"papaparse": ('import Papa from "papaparse";', '''const r = Papa.parse("sku,qty\\nA1,2\\nB2,5\\n", { header: true, skipEmptyLines: true, dynamicTyping: true });
return { data: r.data, csv: Papa.unparse([{ a: 1, b: "x,y" }]) };'''),
"semver": ('import semver from "semver";', '''return { gt: semver.gt("1.10.0", "1.9.3"), sat: semver.satisfies("2.3.4", "^2.1.0"), max: semver.maxSatisfying(["1.0.0", "1.4.2", "2.0.0"], "~1.4.0"), inc: semver.inc("1.2.3", "minor") };'''),
"fast-xml-parser": ('import { XMLParser, XMLBuilder } from "fast-xml-parser";', '''const p = new XMLParser({ ignoreAttributes: false });
const obj = p.parse('<order id="7"><item sku="A">Tea</item><qty>2</qty></order>');
return { obj, xml: new XMLBuilder({}).build({ a: { b: 1 } }) };'''),
"he": ('import he from "he";', '''return { enc: he.encode("café <b> & ©"), dec: he.decode("&eacute;&amp;&#x1F600;&nbsp;x") };'''),
"fuse.js": ('import Fuse from "fuse.js";', '''const fuse = new Fuse([{ t: "green tea" }, { t: "black coffee" }, { t: "oolong tea" }], { keys: ["t"], threshold: 0.4 });
return { hits: fuse.search("tee").map((r) => r.item.t) };'''),
"deepmerge": ('import deepmerge from "deepmerge";', '''return { m: deepmerge({ a: { x: 1 }, l: [1] }, { a: { y: 2 }, l: [2] }) };'''),
"fast-deep-equal": ('import equal from "fast-deep-equal/es6/index.js";', '''return { a: equal({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), b: equal(new Map([[1, 2]]), new Map([[1, 3]])), c: equal(new Date(1), new Date(1)) };'''),
"change-case": ('import { camelCase, snakeCase, kebabCase, pascalCase, capitalCase } from "change-case";', '''const s = "order line_item-total";
return { c: camelCase(s), s: snakeCase(s), k: kebabCase(s), p: pascalCase(s), t: capitalCase(s) };'''),
"pluralize": ('import pluralize from "pluralize";', '''return { a: pluralize("box"), b: pluralize("person", 2, true), c: pluralize.singular("teas"), d: pluralize("sheep", 3) };'''),
"lru-cache": ('import { LRUCache } from "lru-cache";', '''const c = new LRUCache({ max: 2 });
c.set("a", 1); c.set("b", 2); c.get("a"); c.set("c", 3);
return { keys: [...c.keys()], hasB: c.has("b"), size: c.size };'''),
"libphonenumber-js": ('import { parsePhoneNumberFromString } from "libphonenumber-js";', '''const p = parsePhoneNumberFromString("+49 30 901820");
const us = parsePhoneNumberFromString("(213) 373-4253", "US");
return { de: p.country, e164: p.number, valid: us.isValid(), intl: us.formatInternational() };'''),
"hashids": ('import Hashids from "hashids";', '''const h = new Hashids("souk salt", 8);
const id = h.encode(12345);
return { id, back: h.decode(id), hex: h.decodeHex(h.encodeHex("507f1f77bcf86cd799439011")) };'''),
}
for name, (imports, body) in cases.items():
    d = os.path.join("cases", name)
    os.makedirs(d, exist_ok=True)
    safe = name.replace(".", "-")
    with open(os.path.join(d, "souk.json"), "w") as f:
        json.dump({"name": "compat-" + safe, "version": "1.0.0", "entry": "main.js", "permissions": []}, f)
        f.write("\n")
    with open(os.path.join(d, "main.js"), "w") as f:
        f.write("// %s: a small real use, run by runtime/npm_compat_test.go (expect.json is Node's answer).\n" % name)
        f.write(imports + "\n\nexport default {\n  async render() {\n")
        for line in body.split("\n"):
            f.write("    " + line + "\n")
        f.write("  },\n};\n")
print(len(cases))
