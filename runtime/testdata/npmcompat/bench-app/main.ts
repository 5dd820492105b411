// The `souk bench runtime --app npm` app: a catalog page written the way
// developers write one with npm libraries — zod validates the input,
// decimal.js does the money, dayjs the dates, lodash-es the shaping. Its
// bundle (built by runtime/npm_bench_test.go into bench/runtime/npm.js) is
// about 600 KB, most of it library code whose top level a warm runtime runs
// once per installation instead of once per event.
import { z } from "zod/v3";
import Decimal from "decimal.js";
import dayjs from "dayjs";
import utc from "dayjs/plugin/utc";
import advancedFormat from "dayjs/plugin/advancedFormat";
import _ from "lodash-es";
import relativeTime from "dayjs/plugin/relativeTime";
import "dayjs/locale/de";
import "dayjs/locale/fr";
import "dayjs/locale/zh-cn";
import isMobilePhone from "validator/es/lib/isMobilePhone";
import isPostalCode from "validator/es/lib/isPostalCode";

dayjs.extend(utc);
dayjs.extend(advancedFormat);
dayjs.extend(relativeTime);

// The catalog comes from the host (catalog.* in a real app; the benchmark
// passes it in), typed but not re-validated; zod checks what a shopper
// controls: the page's query and the event context.
interface Product {
  id: string;
  title: string;
  price: number;
  stock: number;
  image: string;
  tags: string[];
}
const Query = z.object({
  tag: z.string().max(40).optional(),
  sort: z.enum(["stock", "price"]).default("stock"),
  page: z.number().int().min(1).max(100).default(1),
});
const Ctx = z.object({
  installation: z.string(),
  brand: z.string(),
  shopper: z.string().optional(),
  currency: z.string().length(3),
  phone: z.string().refine((s) => isMobilePhone(s, "any"), "not a mobile number").optional(),
  postcode: z.string().refine((s) => isPostalCode(s, "any"), "not a postcode").optional(),
  locale: z.enum(["en", "de", "fr", "zh-cn"]).default("en"),
});

const VAT = new Decimal("0.21");
const GROSS = VAT.plus(1);

// money formats a net price in minor units as the gross price with VAT,
// rounded half-even to the cent.
function money(minor: number, currency: string): string {
  const cents = new Decimal(minor).mul(GROSS).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN);
  return currency + " " + cents.div(100).toFixed(2);
}

export default {
  async render(page: string, params: unknown, ctx: unknown) {
    const { products, ...query } = params as { products: Product[] };
    const q = Query.parse(query);
    const c = Ctx.parse(ctx);
    const shown = q.tag ? products.filter((x) => x.tags.includes(q.tag!)) : products;
    const byTag = _.groupBy(shown, (x) => x.tags[1] ?? "other");
    const sections = _.sortBy(Object.keys(byTag)).map((tag) => {
      const items = q.sort === "stock" ? _.orderBy(byTag[tag], ["stock", "price"], ["desc", "asc"]) : _.sortBy(byTag[tag], "price");
      const total = items.reduce((s, x) => s.plus(x.price), new Decimal(0));
      return {
        type: "list",
        title: _.startCase(tag) + " (" + items.length + ")",
        items: _.chunk(items, 2).flatMap((row) =>
          row.map((x) => ({
            type: "product",
            id: x.id,
            title: _.truncate(x.title, { length: 40 }),
            price: money(x.price, c.currency),
            image: x.image,
            badge: x.stock === 0 ? "sold out" : x.stock < 3 ? "only " + x.stock + " left" : undefined,
            action: { name: "add", args: { id: x.id } },
          })),
        ),
        footer: "average " + money(total.div(items.length).round().toNumber(), c.currency),
      };
    });
    const now = dayjs.utc("2026-12-03T12:00:00Z");
    const ships = now.add(2, "day").locale(c.locale);
    return {
      type: "page",
      title: _.capitalize(page) + " · " + c.brand,
      children: [
        { type: "text", text: "Ships by " + ships.format("dddd, MMMM Do") + " (" + ships.from(now) + ")" },
        ...sections,
        { type: "text", text: _.uniq(_.flatMap(products, "tags")).join(", ") },
      ],
    };
  },
};
