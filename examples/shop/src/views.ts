// The shop's views. Every node the e2e test looks for has a stable id
// (README.md lists them); product and order data come from host APIs.
import {
  ui,
  type Order,
  type PaymentRequest,
  type Product,
  type RatingSummary,
  type Review,
  type Shipment,
  type View,
  type ViewNode,
} from "@souk/sdk";
import { total } from "./money";
import type { CartLine } from "./cart";

function options(o: Record<string, string>): string {
  const parts = Object.keys(o)
    .sort()
    .map((k) => `${k}: ${o[k]}`);
  return parts.length ? parts.join(", ") : "standard";
}

function notices(extra: { notice?: string; error?: string }): ViewNode[] {
  const out: ViewNode[] = [];
  if (extra.notice) out.push(ui.text(extra.notice, { id: "notice", style: "subtitle" }));
  if (extra.error) out.push(ui.text(extra.error, { id: "error", style: "subtitle" }));
  return out;
}

function nav(): ViewNode {
  return ui.row(
    [
      ui.button("Shop", "home", null, { id: "nav-home", style: "secondary" }),
      ui.button("Cart", "cart", null, { id: "nav-cart", style: "secondary" }),
      ui.button("My orders", "orders", null, { id: "nav-orders", style: "secondary" }),
    ],
    { gap: "small" },
  );
}

export function home(products: Product[], next: string | undefined, cartCount: number, extra: { notice?: string; error?: string } = {}): View {
  const cards = products.map((p) =>
    ui.productCard(p.id, { id: `p-${p.id}`, action: "product", args: { productId: p.id } }),
  );
  const body: ViewNode[] = [
    ui.text("Shop", { style: "title" }),
    ...notices(extra),
    ui.text(`Cart: ${cartCount} item${cartCount === 1 ? "" : "s"}`, { id: "cart-count", style: "muted" }),
    products.length ? ui.list(cards, { id: "catalog" }) : ui.text("Nothing for sale yet.", { id: "catalog-empty" }),
  ];
  if (next) body.push(ui.button("More products", "home", { after: next }, { id: "more" }));
  body.push(nav());
  return ui.stack(body, { id: "home", gap: "medium" });
}

export function product(
  p: Product,
  summary: RatingSummary,
  reviews: Review[],
  nextReviews: string | undefined,
  extra: { notice?: string; error?: string } = {},
): View {
  const skus = p.skus.map((s) =>
    ui.row(
      [
        ui.text(`${options(s.options)} — ${s.price} ${p.currency} (${s.available} left)`, { id: `sku-${s.id}` }),
        ui.button(s.available > 0 ? "Add to cart" : "Sold out", "addToCart", { skuId: s.id, productId: p.id, qty: 1 }, {
          id: `add-${s.id}`,
          style: "primary",
          disabled: s.available <= 0,
        }),
      ],
      { gap: "small" },
    ),
  );
  const rating = summary.count
    ? `${summary.mean} / 5 from ${summary.count} review${summary.count === 1 ? "" : "s"}`
    : "No reviews yet";
  const dist = (["5", "4", "3", "2", "1"] as const).map((r) => `${r}★ ${summary.distribution[r]}`).join("  ");
  const body: ViewNode[] = [
    ui.productCard(p.id, { id: "product-card" }),
    ui.text(p.title, { id: "product-title", style: "title" }),
    ...notices(extra),
    ...(p.description ? [ui.text(p.description, { id: "product-description" })] : []),
    ui.list(skus.length ? skus : [ui.text("No variants for sale.")], { id: "skus" }),
    ui.divider(),
    ui.text(rating, { id: "rating", style: "subtitle" }),
    ui.text(dist, { id: "rating-distribution", style: "caption" }),
    ui.list(reviews.map(reviewCard), { id: "reviews" }),
  ];
  if (nextReviews) {
    body.push(ui.button("More reviews", "reviews", { productId: p.id, before: nextReviews }, { id: "more-reviews" }));
  }
  body.push(nav());
  return ui.stack(body, { id: "product", gap: "medium" });
}

function reviewCard(r: Review): ViewNode {
  const children: ViewNode[] = [ui.text(r.body || "(no text)")];
  if (r.reply) children.push(ui.text(`Brand reply: ${r.reply.body}`, { style: "muted" }));
  return ui.card({ id: `review-${r.id}`, title: `${"★".repeat(r.rating)}${"☆".repeat(5 - r.rating)}` }, children);
}

export interface CartRow {
  line: CartLine;
  product?: Product;
}

export function cart(rows: CartRow[], extra: { notice?: string; error?: string } = {}): View {
  const body: ViewNode[] = [ui.text("Your cart", { style: "title" }), ...notices(extra)];
  if (rows.length === 0) {
    body.push(ui.text("Your cart is empty.", { id: "cart-empty" }), nav());
    return ui.stack(body, { id: "cart", gap: "medium" });
  }
  const priced: { price: string; qty: number }[] = [];
  let currency = "";
  const cards = rows.map(({ line, product }) => {
    const sku = product?.skus.find((s) => s.id === line.skuId);
    if (product && sku) {
      priced.push({ price: sku.price, qty: line.qty });
      currency = product.currency;
    }
    const title = product ? product.title : "No longer for sale";
    const subtitle = sku && product ? `${options(sku.options)} · ${sku.price} ${product.currency} × ${line.qty}` : `× ${line.qty}`;
    return ui.card({ id: `line-${line.skuId}`, title, subtitle }, [
      ui.text(String(line.qty), { id: `qty-${line.skuId}` }),
      ui.row(
        [
          ui.button("−", "setQty", { skuId: line.skuId, qty: line.qty - 1 }, { id: `dec-${line.skuId}` }),
          ui.button("+", "setQty", { skuId: line.skuId, qty: line.qty + 1 }, { id: `inc-${line.skuId}` }),
          ui.button("Remove", "removeFromCart", { skuId: line.skuId }, { id: `remove-${line.skuId}`, style: "danger" }),
        ],
        { gap: "small" },
      ),
    ]);
  });
  body.push(ui.list(cards, { id: "cart-lines" }));
  if (priced.length) {
    body.push(ui.text(`Estimated total: ${total(priced)} ${currency}`, { id: "cart-total", style: "subtitle" }));
  }
  body.push(
    ui.text("The host computes the final price from the catalog when you check out.", { style: "caption" }),
    ui.button("Check out", "checkout", null, { id: "checkout", style: "primary" }),
    nav(),
  );
  return ui.stack(body, { id: "cart", gap: "medium" });
}

const stateLabel: Record<string, string> = {
  pending_payment: "Waiting for payment",
  paid: "Paid",
  shipped: "Shipped",
  delivered: "Delivered",
  completed: "Completed",
  cancelled: "Cancelled",
  refund_requested: "Refund requested",
  refunded: "Refunded",
  disputed: "Disputed",
  resolved: "Dispute resolved",
};

/** Orders whose shopper can still ask the brand for money back for a missing item. */
const refundable = ["paid", "shipped", "delivered", "completed"];

export function order(
  o: Order,
  shipments: Shipment[],
  extra: { notice?: string; error?: string; payment?: PaymentRequest } = {},
): View {
  const body: ViewNode[] = [
    ui.text(`Order ${o.id}`, { style: "title" }),
    ui.orderStatus(o.id, { id: "order-status" }),
    ...notices(extra),
    ui.text(o.state, { id: "order-state", style: "caption" }),
    ui.text(stateLabel[o.state] ?? o.state, { style: "subtitle" }),
    ui.text(`Total ${o.total} ${o.currency}`, { id: "order-total" }),
  ];
  if (o.refunded !== "" && !/^0(\.0+)?$/.test(o.refunded)) {
    body.push(ui.text(`Refunded ${o.refunded} ${o.currency}`, { id: "order-refunded" }));
  }
  const canRefund = refundable.includes(o.state);
  body.push(
    ui.list(
      o.lines.map((l, i) =>
        ui.card({ id: `order-line-${i + 1}`, title: l.title, subtitle: `${options(l.options)} · ${l.unitPrice} × ${l.qty} = ${l.lineTotal} ${o.currency}` }, [
          ui.row(
            [
              ui.button("Product & reviews", "product", { productId: l.productId }, { id: `open-product-${i + 1}`, style: "secondary" }),
              ...(canRefund
                ? [ui.button(`Missing one? Ask for ${l.unitPrice} ${o.currency} back`, "requestRefund", { orderId: o.id, lineNo: i + 1 }, { id: `refund-${i + 1}`, style: "danger" })]
                : []),
            ],
            { gap: "small" },
          ),
        ]),
      ),
      { id: "order-lines" },
    ),
  );
  if (extra.payment) {
    const p = extra.payment;
    body.push(
      ui.card({ id: "payment", title: "Confirm in the payment sheet", subtitle: `${p.amount} ${p.currency}` }, [
        ui.text("Enter your payment PIN in souk's payment sheet. The shop never sees it and cannot pay for you.", { style: "caption" }),
        ui.text(p.requestId, { id: "payment-request", style: "caption" }),
        ui.text(p.status, { id: "payment-status", style: "caption" }),
      ]),
    );
  }
  if (o.state === "pending_payment") {
    body.push(ui.button(`Pay ${o.total} ${o.currency}`, "pay", { orderId: o.id }, { id: "pay", style: "primary" }));
  }
  if (o.state === "paid") {
    // The app may fulfil for the brand (permission "logistics"): the
    // simulated carrier then advances the parcel by itself.
    body.push(ui.button("Ship now with simcarrier", "ship", { orderId: o.id }, { id: "ship", style: "secondary" }));
  }
  if (shipments.length) {
    body.push(
      ui.list(
        shipments.map((s) =>
          ui.card({ id: `shipment-${s.id}`, title: `${s.carrier} ${s.trackingNumber}`, subtitle: s.status }, [
            ui.list(
              s.events.map((e) => ui.text(`${e.status}${e.location ? ` · ${e.location}` : ""}${e.description ? ` · ${e.description}` : ""}`, { style: "caption" })),
            ),
          ]),
        ),
        { id: "shipments" },
      ),
    );
  } else if (o.state !== "pending_payment" && o.state !== "cancelled") {
    body.push(ui.text("Not shipped yet.", { id: "shipments-none", style: "muted" }));
  }
  body.push(ui.button("Refresh", "order", { orderId: o.id }, { id: "refresh" }), nav());
  return ui.stack(body, { id: "order", gap: "medium" });
}

export function orders(list: Order[]): View {
  const body: ViewNode[] = [ui.text("My orders", { style: "title" })];
  if (list.length === 0) {
    body.push(ui.text("No orders yet.", { id: "orders-empty" }));
  } else {
    body.push(
      ui.list(
        list.map((o) =>
          ui.card({ id: `order-${o.id}`, title: `${o.total} ${o.currency}`, subtitle: stateLabel[o.state] ?? o.state }, [
            ui.button("Open", "order", { orderId: o.id }, { id: `open-${o.id}` }),
          ]),
        ),
        { id: "orders" },
      ),
    );
  }
  body.push(nav());
  return ui.stack(body, { id: "orders-page", gap: "medium" });
}

export function message(text: string, id = "message"): View {
  return ui.stack([ui.text(text, { id }), nav()], { id: "message-page" });
}
