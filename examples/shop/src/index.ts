// shop: the example souk mini-program. It uses every host API: the
// brand's catalog, reviews, a cart in storage, orders priced by the host,
// the host's payment sheet, shipping and tracking, refund requests that
// the brand decides, and chat notices to the shopper. README.md lists its pages, actions and the
// ids in its views.
import {
  catalog,
  chat,
  defineApp,
  isHostError,
  log,
  logistics,
  messageText,
  orders,
  payments,
  reviews,
  ui,
  type Ctx,
  type JSONValue,
  type Order,
  type PaymentRequest,
  type Product,
  type View,
} from "@souk/sdk";
import * as cart from "./cart";
import * as views from "./views";

type Extra = { notice?: string; error?: string };

/** Reads a string argument (action args and page params are any JSON). */
function str(args: JSONValue, name: string): string {
  const v = args && typeof args === "object" && !Array.isArray(args) ? args[name] : undefined;
  return typeof v === "string" ? v : "";
}

function int(args: JSONValue, name: string, dflt: number): number {
  const v = args && typeof args === "object" && !Array.isArray(args) ? args[name] : undefined;
  if (typeof v === "string" && /^\d+$/.test(v)) return Number(v);
  return typeof v === "number" && Number.isInteger(v) ? v : dflt;
}

function why(e: unknown): string {
  if (isHostError(e)) return `${e.code}: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}

// ---- pages

async function homePage(ctx: Ctx, after: string, extra: Extra = {}): Promise<View> {
  const page = await catalog.list(after ? { after, limit: 20 } : { limit: 20 });
  let n = 0;
  if (ctx.shopperId) n = cart.count(await cart.load(ctx));
  return views.home(page.products, page.next, n, extra);
}

async function productPage(productId: string, before = "", extra: Extra = {}): Promise<View> {
  if (!productId) return views.message("Which product? Go back to the shop.", "error");
  let p: Product;
  try {
    p = await catalog.get(productId);
  } catch (e) {
    if (isHostError(e, "not_found")) return views.message("This product is no longer for sale.", "error");
    throw e;
  }
  const [summary, page] = await Promise.all([
    reviews.summary(productId),
    reviews.list(before ? { productId, before, limit: 5 } : { productId, limit: 5 }),
  ]);
  return views.product(p, summary, page.reviews, page.next, extra);
}

async function cartPage(ctx: Ctx, extra: Extra = {}): Promise<View> {
  const lines = await cart.load(ctx);
  const ids = [...new Set(lines.map((l) => l.productId))];
  const products = new Map<string, Product>();
  await Promise.all(
    ids.map(async (id) => {
      try {
        products.set(id, await catalog.get(id));
      } catch (e) {
        if (!isHostError(e, "not_found")) throw e;
      }
    }),
  );
  const rows: views.CartRow[] = lines.map((line) => {
    const product = products.get(line.productId);
    return product ? { line, product } : { line };
  });
  return views.cart(rows, extra);
}

async function orderPage(orderId: string, extra: Extra & { payment?: PaymentRequest } = {}, known?: Order): Promise<View> {
  if (!orderId) return views.message("Which order? Open it from My orders.", "error");
  let o: Order;
  try {
    o = known ?? (await orders.get(orderId));
  } catch (e) {
    if (isHostError(e, "not_found")) return views.message("No such order.", "error");
    throw e;
  }
  const track = await logistics.track(o.id);
  return views.order(o, track.shipments, extra);
}

async function ordersPage(): Promise<View> {
  const page = await orders.list({ limit: 20 });
  return views.orders(page.orders);
}

async function page(name: string, args: JSONValue, ctx: Ctx): Promise<View | null> {
  switch (name) {
    case "home":
      return homePage(ctx, str(args, "after"));
    case "product":
      return productPage(str(args, "productId"));
    case "reviews":
      return productPage(str(args, "productId"), str(args, "before"));
    case "cart":
      return cartPage(ctx);
    case "order":
      return orderPage(str(args, "orderId"));
    case "orders":
      return ordersPage();
  }
  return null;
}

// ---- actions that change something

async function addToCart(args: JSONValue, ctx: Ctx): Promise<View> {
  const skuId = str(args, "skuId");
  const productId = str(args, "productId");
  const qty = int(args, "qty", 1);
  if (!skuId || !productId || qty < 1 || qty > cart.MAX_QTY) {
    return homePage(ctx, "", { error: "addToCart needs skuId, productId and a qty of 1-99." });
  }
  // Only SKUs the brand sells now; the cart never holds a price.
  let p: Product;
  try {
    p = await catalog.get(productId);
  } catch (e) {
    if (isHostError(e, "not_found")) return homePage(ctx, "", { error: "This product is no longer for sale." });
    throw e;
  }
  const sku = p.skus.find((s) => s.id === skuId);
  if (!sku) return productPage(productId, "", { error: "This variant is no longer for sale." });
  await cart.save(ctx, cart.add(await cart.load(ctx), skuId, productId, qty));
  return cartPage(ctx, { notice: `Added ${qty} × ${p.title} to your cart.` });
}

async function checkout(ctx: Ctx): Promise<View> {
  const lines = await cart.load(ctx);
  if (lines.length === 0) return cartPage(ctx, { error: "Your cart is empty." });
  let o: Order;
  try {
    // Only SKU ids and quantities: the host prices every line from the catalog.
    o = await orders.create({ lines: lines.map((l) => ({ skuId: l.skuId, qty: l.qty })) });
  } catch (e) {
    if (isHostError(e)) return cartPage(ctx, { error: `Could not check out: ${why(e)}` });
    throw e;
  }
  await cart.save(ctx, []);
  log.info("order created", { orderId: o.id, total: o.total, currency: o.currency });
  return orderPage(o.id, { notice: "Order placed. Pay to confirm it." }, o);
}

async function pay(args: JSONValue): Promise<View> {
  const orderId = str(args, "orderId");
  let req: PaymentRequest;
  try {
    req = await payments.request(orderId);
  } catch (e) {
    if (isHostError(e)) return orderPage(orderId, { error: `Could not start the payment: ${why(e)}` });
    throw e;
  }
  return orderPage(orderId, { payment: req });
}

async function ship(args: JSONValue): Promise<View> {
  // orders.get first: the shopper may ship only their own order from here
  // (logistics.ship alone reaches every order of the brand).
  const orderId = str(args, "orderId");
  let o: Order;
  try {
    o = await orders.get(orderId);
  } catch (e) {
    if (isHostError(e, "not_found") || isHostError(e, "invalid_args")) return views.message("No such order.", "error");
    throw e;
  }
  try {
    const s = await logistics.ship({ orderId: o.id, carrier: "simcarrier" });
    return orderPage(o.id, { notice: `Shipped with ${s.carrier}, tracking number ${s.trackingNumber}.` });
  } catch (e) {
    if (isHostError(e)) return orderPage(o.id, { error: `Could not ship: ${why(e)}` });
    throw e;
  }
}

async function requestRefund(args: JSONValue): Promise<View> {
  const orderId = str(args, "orderId");
  const lineNo = int(args, "lineNo", 0);
  let o: Order;
  try {
    o = await orders.get(orderId);
  } catch (e) {
    if (isHostError(e, "not_found") || isHostError(e, "invalid_args")) return views.message("No such order.", "error");
    throw e;
  }
  const line = o.lines[lineNo - 1];
  if (!line) return orderPage(o.id, { error: `Order ${o.id} has no line ${lineNo}.` }, o);
  try {
    // The shopper asks for one unit of the line back, at the price the host
    // charged; the brand's refund policy (window, maximum share) applies and
    // the brand decides. An app never refunds on its own: the shopper hears
    // of the decision in the refunded handler below.
    const after = await orders.requestRefund({ orderId: o.id, amount: line.unitPrice, reason: `missing item: ${line.title} (line ${lineNo})` });
    return orderPage(o.id, { notice: `Asked the brand for ${line.unitPrice} ${o.currency} back for one ${line.title}.` }, after);
  } catch (e) {
    if (isHostError(e)) return orderPage(o.id, { error: `Could not ask for a refund: ${why(e)}` }, o);
    throw e;
  }
}

// ---- chat: notices are best effort (a closed window or a used-up quota
// must not fail the event, which the host would retry).

async function notify(clientMessageId: string, msg: { text: string } | { card: { title: string; view: View; page: string; params: JSONValue } }): Promise<void> {
  try {
    await chat.send({ ...msg, clientMessageId });
  } catch (e) {
    if (!isHostError(e)) throw e;
    log.warn("chat.send refused", { code: e.code, message: e.message });
  }
}

/** Shipment statuses worth a message (in_transit is not). */
const shipNotice: Record<string, string> = {
  label_created: "is on its way",
  out_for_delivery: "is out for delivery",
  delivered: "was delivered",
  exception: "has a delivery problem; the carrier is on it",
};

export default defineApp({
  async render(name, params, ctx) {
    try {
      return (await page(name, params, ctx)) ?? views.message(`There is no page "${name}".`, "error");
    } catch (e) {
      if (e instanceof cart.NoShopper) return views.message("Sign in to shop.", "error");
      throw e;
    }
  },

  async action(name, args, ctx) {
    try {
      const nav = await page(name, args, ctx);
      if (nav) return nav;
      switch (name) {
        case "addToCart":
          return await addToCart(args, ctx);
        case "setQty": {
          const qty = int(args, "qty", -1);
          if (qty < 0 || qty > cart.MAX_QTY) return await cartPage(ctx, { error: "qty must be 0-99." });
          await cart.save(ctx, cart.setQty(await cart.load(ctx), str(args, "skuId"), qty));
          return await cartPage(ctx);
        }
        case "removeFromCart":
          await cart.save(ctx, cart.setQty(await cart.load(ctx), str(args, "skuId"), 0));
          return await cartPage(ctx);
        case "checkout":
          return await checkout(ctx);
        case "pay":
          return await pay(args);
        case "ship":
          return await ship(args);
        case "requestRefund":
          return await requestRefund(args);
      }
      return views.message(`Unknown action "${name}".`, "error");
    } catch (e) {
      if (e instanceof cart.NoShopper) return views.message("Sign in to shop.", "error");
      throw e;
    }
  },

  async orderPaid(ev) {
    const o = await orders.get(ev.orderId);
    await notify(`paid:${ev.id}`, {
      card: {
        title: `Paid: ${o.total} ${o.currency}`,
        view: ui.stack([ui.text("Thank you! Your order is paid; we will tell you when it ships."), ui.orderStatus(o.id)]),
        page: "order",
        params: { orderId: o.id },
      },
    });
  },

  async shipmentUpdated(ev) {
    const d = ev.detail;
    const what = d ? shipNotice[d.status] : undefined;
    if (!d || !what) return;
    await notify(`ship:${ev.id}`, { text: `Your order ${ev.orderId} ${what} (${d.carrier} ${d.trackingNumber}).` });
  },

  async refunded(ev) {
    const o = await orders.get(ev.orderId);
    const all = o.state === "refunded";
    await notify(`refund:${ev.id}`, {
      text: all
        ? `Order ${o.id} was refunded in full: ${o.refunded} ${o.currency}.`
        : `We refunded part of order ${o.id}: ${o.refunded} ${o.currency} back to you so far.`,
    });
  },

  async message(msg, ctx) {
    const text = (messageText(msg) ?? "").toLowerCase();
    if (/order|track|ship|where/.test(text)) {
      const last = (await orders.list({ limit: 1 })).orders[0];
      if (!last) {
        await notify(`re:${msg.id}`, { text: "You have no orders with us yet." });
        return;
      }
      const track = await logistics.track(last.id);
      const parcel = track.shipments[track.shipments.length - 1];
      await notify(`re:${msg.id}`, {
        text: `Your latest order ${last.id} is ${last.state}` + (parcel ? `; ${parcel.carrier} ${parcel.trackingNumber}: ${parcel.status}.` : "."),
      });
      return;
    }
    if (/cart|basket/.test(text) && ctx.shopperId) {
      const n = cart.count(await cart.load(ctx));
      await notify(`re:${msg.id}`, { text: `You have ${n} item${n === 1 ? "" : "s"} in your cart.` });
      return;
    }
    await notify(`re:${msg.id}`, {
      card: {
        title: "Open the shop",
        view: ui.text("Browse the shop, or ask me about your order."),
        page: "home",
        params: {},
      },
    });
  },
});
