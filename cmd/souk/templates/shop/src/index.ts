// {{name}}: a small souk shop. It lists the installing brand's products,
// creates an order when a shopper taps Buy (the host prices it from the
// catalog: an app never sets a price) and asks the host to show its payment
// sheet. souk build bundles this file and what it imports into one script.
import { catalog, defineApp, isHostError, log, orders, payments } from "@souk/sdk";
import { message, orderPlaced, shop } from "./views.js";

export default defineApp({
  async render(page, params, ctx) {
    const { products } = await catalog.list({ limit: 20 });
    log.info("render", { page, products: products.length });
    return shop(products, ctx.shopperId !== undefined);
  },

  async action(name, args) {
    if (name !== "buy") return message(`Unknown action ${name}.`);
    const skuId = args && typeof args === "object" && !Array.isArray(args) ? args["skuId"] : undefined;
    if (typeof skuId !== "string") return message("Which product?");
    try {
      const order = await orders.create({ lines: [{ skuId, qty: 1 }] });
      await payments.request(order.id);
      log.info("order created", { orderId: order.id, total: order.total });
      return orderPlaced(order);
    } catch (e) {
      if (isHostError(e, "insufficient_stock")) return message("Sorry, this one is sold out.");
      throw e;
    }
  },

  async orderPaid(event) {
    log.info("paid", { orderId: event.orderId });
  },
});
